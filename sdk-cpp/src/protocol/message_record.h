// MessageRecord: one message in Apache RocketMQ's CommitLog format (protocol.md §6.1),
// which is also how PULL_MESSAGE, QUERY_MESSAGE, VIEW_MESSAGE_BY_ID and
// CHECK_TRANSACTION_STATE carry messages on the wire.
//
//   TOTALSIZE 4 | MAGICCODE 4 | BODYCRC 4 | QUEUEID 4 | FLAG 4 | QUEUEOFFSET 8 |
//   PHYSICALOFFSET 8 | SYSFLAG 4 | BORNTIMESTAMP 8 | BORNHOST 8/20 | STORETIMESTAMP 8 |
//   STOREHOST 8/20 | RECONSUMETIMES 4 | PREPAREDTXOFFSET 8 | BODYLEN 4 + BODY |
//   TOPICLEN 1 (V1) or 2 (V2) + TOPIC | PROPERTIESLEN 2 + PROPERTIES        (big-endian)
//
// The encoder is built for the store's append path: it writes straight into caller memory
// (a mapped file region or a scratch buffer) and SetAppendFields() patches the three values
// only known under the append lock (queue offset, physical offset, store timestamp) in an
// already encoded record. Decoding is zero-copy: the views of a decoded record point into
// the decoded buffer, so that buffer must outlive them.
#ifndef ROCKETMQ_PROTOCOL_MESSAGE_RECORD_H_
#define ROCKETMQ_PROTOCOL_MESSAGE_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/host_address.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// MAGICCODE values. V1 has a 1-byte topic length (every 4.x/5.x broker); V2 a 2-byte one
// (dev brokers, only for topics longer than 127 bytes; 4.9.8 readers reject it).
constexpr int32_t kMessageMagicCodeV1 = static_cast<int32_t>(0xDAA320A7u);
constexpr int32_t kMessageMagicCodeV2 = static_cast<int32_t>(0xDAA320ABu);
// The end-of-file filler: [int32 bytes to the end of the file][int32 kBlankMagicCode].
constexpr int32_t kBlankMagicCode = static_cast<int32_t>(0xCBD43194u);
constexpr size_t kBlankRecordLength = 8;

// Longest topic a V1 record can hold; longer topics are written as V2.
constexpr size_t kMaxTopicLengthV1 = 127;
constexpr size_t kMaxTopicLengthV2 = 32767;

// Byte positions of the fixed fields; everything from the born host on shifts by 12 for
// each IPv6 host.
namespace record_layout {
constexpr size_t kTotalSize = 0;
constexpr size_t kMagicCode = 4;
constexpr size_t kBodyCrc = 8;
constexpr size_t kQueueId = 12;
constexpr size_t kFlag = 16;
constexpr size_t kQueueOffset = 20;
constexpr size_t kPhysicalOffset = 28;
constexpr size_t kSysFlag = 36;
constexpr size_t kBornTimestamp = 40;
constexpr size_t kBornHost = 48;
// Smallest possible record: IPv4 hosts, empty body, empty topic and properties.
constexpr size_t kMinRecordLength = 91;
}  // namespace record_layout

struct MessageRecord {
  // Filled by decoding; ignored by encoding, which computes both.
  int32_t total_size = 0;
  int32_t magic_code = kMessageMagicCodeV1;

  // CRC of the body as stored: MaskedCrc32(body) from protocol/crc32.h. Written verbatim.
  int32_t body_crc = 0;
  int32_t queue_id = 0;
  int32_t flag = 0;  // the user's flag
  int64_t queue_offset = 0;
  int64_t physical_offset = 0;
  // MessageSysFlag bits. On encode the two IPv6 host bits are taken from born_host.ipv6 and
  // store_host.ipv6, whatever this field says.
  int32_t sys_flag = 0;
  int64_t born_timestamp = 0;
  HostAddress born_host;
  int64_t store_timestamp = 0;
  HostAddress store_host;
  int32_t reconsume_times = 0;
  int64_t prepared_transaction_offset = 0;
  std::string_view body;
  std::string_view topic;
  std::string_view properties;  // encoded (protocol/message_properties.h)
};

// Size the record will have once encoded (no validation; see EncodeMessageRecord).
size_t EncodedMessageRecordSize(const MessageRecord& record);

// Writes `record` to dst[0, capacity) and returns the bytes written. Fails with
// InvalidArgument, writing nothing, if the topic is empty or longer than kMaxTopicLengthV2,
// the properties are longer than 32767 bytes, the record would exceed 2 GiB, or it does not
// fit in `capacity`. `written`, when set, receives the record as written: what decoding dst
// would give, its views into dst.
Result<size_t> EncodeMessageRecord(const MessageRecord& record, char* dst, size_t capacity,
                                   MessageRecord* written = nullptr);
// The same into a new string, for code off the hot path (tests, CHECK_TRANSACTION_STATE).
Result<std::string> EncodeMessageRecordToString(const MessageRecord& record);

// Sets QUEUEOFFSET, PHYSICALOFFSET and STORETIMESTAMP of an encoded record in place. The
// record must be complete (its SYSFLAG locates the store timestamp).
void SetAppendFields(char* record, int64_t queue_offset, int64_t physical_offset,
                     int64_t store_timestamp);

// Writes the 8-byte end-of-file filler; `remaining` is the number of bytes from this
// position to the end of the file. Precondition: 8 writable bytes at dst.
void EncodeBlankRecord(char* dst, int32_t remaining);

// What the bytes at a CommitLog position hold, from their first 8 bytes.
enum class RecordKind {
  kMessage,    // a message record (V1 or V2 magic) with a plausible total size
  kBlank,      // the end-of-file filler: continue at the next file
  kEndOfData,  // zeros, a bad magic or fewer than 8 bytes: nothing was written here
};
RecordKind ClassifyRecord(std::string_view data);

// Decodes the record at the start of `data` (data may continue past it). Corruption errors
// name the field that is truncated or inconsistent; a body CRC mismatch is only checked
// when verify_body_crc is set. Never reads outside `data`.
Result<MessageRecord> DecodeMessageRecord(std::string_view data, bool verify_body_crc = false);

// The same checks, filling only what dispatching a stored record to its queue and index
// needs: sizes, queue id, both offsets, sys flag, store timestamp, prepared transaction
// offset, body, topic and properties. The other fields are left as they were. Into caller
// memory: a dispatcher decodes every replicated record, and the record is not copied out.
Status DecodeMessageRecordForDispatch(std::string_view data, MessageRecord* record);

// Decodes back-to-back records filling all of `data` (a pull or query response body).
Result<std::vector<MessageRecord>> DecodeMessageRecords(std::string_view data,
                                                        bool verify_body_crc = false);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_MESSAGE_RECORD_H_
