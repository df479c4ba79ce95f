#include "protocol/message_record.h"

#include <cstdio>
#include <cstring>
#include <limits>

#include "protocol/big_endian.h"
#include "protocol/crc32.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace protocol {
namespace {

namespace be = big_endian;

size_t HostLength(bool ipv6) { return ipv6 ? 20 : 8; }

size_t TopicLengthFieldSize(size_t topic_length) {
  return topic_length <= kMaxTopicLengthV1 ? 1 : 2;
}

char* PutHost(char* p, const HostAddress& host) {
  std::memcpy(p, host.ip.data(), host.address_length());
  p += host.address_length();
  be::Store32(p, static_cast<uint32_t>(host.port));
  return p + 4;
}

// Bounds-checked sequential reads over one record; the first failure sticks and names the
// field that did not fit.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool Need(size_t n, const char* field) {
    if (failed_field_ != nullptr) return false;
    if (data_.size() - pos_ < n) {
      failed_field_ = field;
      failed_need_ = n;
      return false;
    }
    return true;
  }
  int32_t I32(const char* field) {
    if (!Need(4, field)) return 0;
    const auto v = static_cast<int32_t>(be::Load32(data_.data() + pos_));
    pos_ += 4;
    return v;
  }
  int64_t I64(const char* field) {
    if (!Need(8, field)) return 0;
    const auto v = static_cast<int64_t>(be::Load64(data_.data() + pos_));
    pos_ += 8;
    return v;
  }
  uint32_t U16(const char* field) {
    if (!Need(2, field)) return 0;
    const uint32_t v = be::Load16(data_.data() + pos_);
    pos_ += 2;
    return v;
  }
  uint32_t U8(const char* field) {
    if (!Need(1, field)) return 0;
    return static_cast<uint8_t>(data_[pos_++]);
  }
  std::string_view Bytes(size_t n, const char* field) {
    if (!Need(n, field)) return {};
    const std::string_view v = data_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  HostAddress Host(bool ipv6, const char* field) {
    HostAddress host;
    host.ipv6 = ipv6;
    if (!Need(HostLength(ipv6), field)) return host;
    std::memcpy(host.ip.data(), data_.data() + pos_, host.address_length());
    pos_ += host.address_length();
    host.port = I32(field);
    return host;
  }

  size_t pos() const { return pos_; }
  bool failed() const { return failed_field_ != nullptr; }
  // The first field that did not fit; formatted only when asked, as records are decoded on
  // the store's append and dispatch paths.
  std::string error() const {
    if (failed_field_ == nullptr) return "";
    return std::string(failed_field_) + " needs " + std::to_string(failed_need_) +
           " bytes at offset " + std::to_string(pos_) + " but the record has only " +
           std::to_string(data_.size() - pos_) + " left";
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  const char* failed_field_ = nullptr;
  size_t failed_need_ = 0;
};

}  // namespace

size_t EncodedMessageRecordSize(const MessageRecord& record) {
  return 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + HostLength(record.born_host.ipv6) + 8 +
         HostLength(record.store_host.ipv6) + 4 + 8 + 4 + record.body.size() +
         TopicLengthFieldSize(record.topic.size()) + record.topic.size() + 2 +
         record.properties.size();
}

Result<size_t> EncodeMessageRecord(const MessageRecord& record, char* dst, size_t capacity,
                                   MessageRecord* written) {
  if (record.topic.empty()) {
    return Status::InvalidArgument("cannot encode a message record without a topic");
  }
  if (record.topic.size() > kMaxTopicLengthV2) {
    return Status::InvalidArgument("cannot encode a message record: topic is " +
                                   std::to_string(record.topic.size()) + " bytes, more than " +
                                   std::to_string(kMaxTopicLengthV2));
  }
  if (record.properties.size() > 32767) {
    return Status::InvalidArgument("cannot encode a message record: properties are " +
                                   std::to_string(record.properties.size()) +
                                   " bytes, more than 32767");
  }
  const size_t size = EncodedMessageRecordSize(record);
  if (size > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::InvalidArgument("cannot encode a message record of " + std::to_string(size) +
                                   " bytes: larger than 2 GiB");
  }
  if (size > capacity) {
    return Status::InvalidArgument("cannot encode a message record of " + std::to_string(size) +
                                   " bytes into " + std::to_string(capacity) + " bytes");
  }

  int32_t sys_flag = record.sys_flag &
                     ~(MessageSysFlag::kBornHostV6Flag | MessageSysFlag::kStoreHostAddressV6Flag);
  if (record.born_host.ipv6) sys_flag |= MessageSysFlag::kBornHostV6Flag;
  if (record.store_host.ipv6) sys_flag |= MessageSysFlag::kStoreHostAddressV6Flag;
  const bool v1 = record.topic.size() <= kMaxTopicLengthV1;

  char* p = dst;
  be::Store32(p, static_cast<uint32_t>(size));
  be::Store32(p + 4, static_cast<uint32_t>(v1 ? kMessageMagicCodeV1 : kMessageMagicCodeV2));
  be::Store32(p + 8, static_cast<uint32_t>(record.body_crc));
  be::Store32(p + 12, static_cast<uint32_t>(record.queue_id));
  be::Store32(p + 16, static_cast<uint32_t>(record.flag));
  be::Store64(p + 20, static_cast<uint64_t>(record.queue_offset));
  be::Store64(p + 28, static_cast<uint64_t>(record.physical_offset));
  be::Store32(p + 36, static_cast<uint32_t>(sys_flag));
  be::Store64(p + 40, static_cast<uint64_t>(record.born_timestamp));
  p = PutHost(p + record_layout::kBornHost, record.born_host);
  be::Store64(p, static_cast<uint64_t>(record.store_timestamp));
  p = PutHost(p + 8, record.store_host);
  be::Store32(p, static_cast<uint32_t>(record.reconsume_times));
  be::Store64(p + 4, static_cast<uint64_t>(record.prepared_transaction_offset));
  p += 12;
  be::Store32(p, static_cast<uint32_t>(record.body.size()));
  p += 4;
  if (!record.body.empty()) std::memcpy(p, record.body.data(), record.body.size());
  const char* body = p;
  p += record.body.size();
  if (v1) {
    *p++ = static_cast<char>(record.topic.size());
  } else {
    be::Store16(p, static_cast<uint16_t>(record.topic.size()));
    p += 2;
  }
  std::memcpy(p, record.topic.data(), record.topic.size());
  const char* topic = p;
  p += record.topic.size();
  be::Store16(p, static_cast<uint16_t>(record.properties.size()));
  p += 2;
  if (!record.properties.empty()) {
    std::memcpy(p, record.properties.data(), record.properties.size());
  }
  if (written != nullptr) {
    *written = record;
    written->total_size = static_cast<int32_t>(size);
    written->magic_code = v1 ? kMessageMagicCodeV1 : kMessageMagicCodeV2;
    written->sys_flag = sys_flag;
    written->body = std::string_view(body, record.body.size());
    written->topic = std::string_view(topic, record.topic.size());
    written->properties = std::string_view(p, record.properties.size());
  }
  return size;
}

Result<std::string> EncodeMessageRecordToString(const MessageRecord& record) {
  std::string out(EncodedMessageRecordSize(record), '\0');
  Result<size_t> written = EncodeMessageRecord(record, out.data(), out.size());
  if (!written.ok()) return written.status();
  return out;
}

void SetAppendFields(char* record, int64_t queue_offset, int64_t physical_offset,
                     int64_t store_timestamp) {
  be::Store64(record + record_layout::kQueueOffset, static_cast<uint64_t>(queue_offset));
  be::Store64(record + record_layout::kPhysicalOffset, static_cast<uint64_t>(physical_offset));
  const auto sys_flag = static_cast<int32_t>(be::Load32(record + record_layout::kSysFlag));
  const size_t store_timestamp_pos =
      record_layout::kBornHost + HostLength(MessageSysFlag::IsBornHostV6(sys_flag));
  be::Store64(record + store_timestamp_pos, static_cast<uint64_t>(store_timestamp));
}

void EncodeBlankRecord(char* dst, int32_t remaining) {
  be::Store32(dst, static_cast<uint32_t>(remaining));
  be::Store32(dst + 4, static_cast<uint32_t>(kBlankMagicCode));
}

RecordKind ClassifyRecord(std::string_view data) {
  if (data.size() < 8) return RecordKind::kEndOfData;
  const auto total_size = static_cast<int32_t>(be::Load32(data.data()));
  const auto magic = static_cast<int32_t>(be::Load32(data.data() + 4));
  if (magic == kBlankMagicCode) return RecordKind::kBlank;
  if ((magic == kMessageMagicCodeV1 || magic == kMessageMagicCodeV2) &&
      total_size >= static_cast<int32_t>(record_layout::kMinRecordLength)) {
    return RecordKind::kMessage;
  }
  return RecordKind::kEndOfData;
}

namespace {

// What a decode fills: DecodeMessageRecordForDispatch skips the fields only readers of the
// message look at.
enum class Fields { kAll, kDispatch };

Status DecodeRecord(std::string_view data, Fields fields, bool verify_body_crc, MessageRecord* r) {
  if (data.size() < 8) {
    return Status::Corruption("message record truncated: " + std::to_string(data.size()) +
                              " bytes, not even a size and magic code");
  }
  r->total_size = static_cast<int32_t>(be::Load32(data.data()));
  r->magic_code = static_cast<int32_t>(be::Load32(data.data() + 4));
  if (r->magic_code != kMessageMagicCodeV1 && r->magic_code != kMessageMagicCodeV2) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08X", static_cast<uint32_t>(r->magic_code));
    return Status::Corruption(std::string("message record has magic code ") + hex +
                              (r->magic_code == kBlankMagicCode ? " (the end-of-file blank)" : "") +
                              ", not a message magic code");
  }
  if (r->total_size < static_cast<int32_t>(record_layout::kMinRecordLength)) {
    return Status::Corruption("message record total size " + std::to_string(r->total_size) +
                              " is below the minimum of " +
                              std::to_string(record_layout::kMinRecordLength));
  }
  if (static_cast<size_t>(r->total_size) > data.size()) {
    return Status::Corruption("message record truncated: total size " +
                              std::to_string(r->total_size) + " but only " +
                              std::to_string(data.size()) + " bytes available");
  }

  const bool all = fields == Fields::kAll;
  Reader in(data.substr(0, static_cast<size_t>(r->total_size)));
  in.Bytes(8, "size and magic");
  if (all) {
    r->body_crc = in.I32("BODYCRC");
  } else {
    in.Bytes(4, "BODYCRC");
  }
  r->queue_id = in.I32("QUEUEID");
  if (all) {
    r->flag = in.I32("FLAG");
  } else {
    in.Bytes(4, "FLAG");
  }
  r->queue_offset = in.I64("QUEUEOFFSET");
  r->physical_offset = in.I64("PHYSICALOFFSET");
  r->sys_flag = in.I32("SYSFLAG");
  const bool born_v6 = MessageSysFlag::IsBornHostV6(r->sys_flag);
  const bool store_v6 = MessageSysFlag::IsStoreHostV6(r->sys_flag);
  if (all) {
    r->born_timestamp = in.I64("BORNTIMESTAMP");
    r->born_host = in.Host(born_v6, "BORNHOST");
  } else {
    in.Bytes(8 + HostLength(born_v6), "BORNTIMESTAMP and BORNHOST");
  }
  r->store_timestamp = in.I64("STORETIMESTAMP");
  if (all) {
    r->store_host = in.Host(store_v6, "STOREHOSTADDRESS");
    r->reconsume_times = in.I32("RECONSUMETIMES");
  } else {
    in.Bytes(HostLength(store_v6) + 4, "STOREHOSTADDRESS and RECONSUMETIMES");
  }
  r->prepared_transaction_offset = in.I64("PREPARED TRANSACTION OFFSET");
  const int32_t body_length = in.I32("BODYLEN");
  if (!in.failed() && body_length < 0) {
    return Status::Corruption("message record has negative BODYLEN " + std::to_string(body_length));
  }
  r->body = in.Bytes(static_cast<size_t>(body_length), "BODY");
  const uint32_t topic_length =
      r->magic_code == kMessageMagicCodeV1 ? in.U8("TOPICLEN") : in.U16("TOPICLEN");
  r->topic = in.Bytes(topic_length, "TOPIC");
  const uint32_t properties_length = in.U16("PROPERTIESLEN");
  r->properties = in.Bytes(properties_length, "PROPERTIES");
  if (in.failed()) {
    return Status::Corruption("message record of total size " + std::to_string(r->total_size) +
                              " is inconsistent: " + in.error());
  }
  if (in.pos() != static_cast<size_t>(r->total_size)) {
    return Status::Corruption("message record total size " + std::to_string(r->total_size) +
                              " disagrees with its fields, which end at byte " +
                              std::to_string(in.pos()));
  }
  if (verify_body_crc) {
    const int32_t crc = MaskedCrc32(r->body);
    if (crc != r->body_crc) {
      return Status::Corruption("message record body CRC " + std::to_string(r->body_crc) +
                                " does not match the body's CRC " + std::to_string(crc));
    }
  }
  return Status::OK();
}

}  // namespace

Result<MessageRecord> DecodeMessageRecord(std::string_view data, bool verify_body_crc) {
  MessageRecord r;
  RMQ_RETURN_IF_ERROR(DecodeRecord(data, Fields::kAll, verify_body_crc, &r));
  return r;
}

Status DecodeMessageRecordForDispatch(std::string_view data, MessageRecord* record) {
  return DecodeRecord(data, Fields::kDispatch, false, record);
}

Result<std::vector<MessageRecord>> DecodeMessageRecords(std::string_view data,
                                                        bool verify_body_crc) {
  std::vector<MessageRecord> records;
  size_t pos = 0;
  while (pos < data.size()) {
    Result<MessageRecord> record = DecodeMessageRecord(data.substr(pos), verify_body_crc);
    if (!record.ok()) {
      return record.status().WithContext("record " + std::to_string(records.size()) + " at byte " +
                                         std::to_string(pos));
    }
    pos += static_cast<size_t>(record->total_size);
    records.push_back(*record);
  }
  return records;
}

}  // namespace protocol
}  // namespace rocketmq
