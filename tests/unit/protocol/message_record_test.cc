#include "protocol/message_record.h"

#include <gtest/gtest.h>

#include <string>

#include "protocol/crc32.h"
#include "protocol/message_sysflag.h"
#include "test_util.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;
using testing::FromHex;

// A record laid out by hand from protocol.md §6.1: topic "T1", body "hello", TAGS=TagA,
// queue 3, queue offset 17, physical offset 1234, born 10.0.0.5:54321, stored by
// 10.0.0.1:10911.
const std::string kGoldenV4 = FromHex(
    "0000006C | DAA320A7 | 3610A686 | 00000003 | 00000007"
    "| 0000000000000011 | 00000000000004D2 | 00000000"
    "| 0000018BCFE56800 | 0A000005 0000D431"
    "| 0000018BCFE5687B | 0A000001 00002A9F"
    "| 00000000 | 0000000000000000"
    "| 00000005 68656C6C6F | 02 5431 | 000A 54414753 01 54616741 02");

MessageRecord GoldenRecord() {
  MessageRecord r;
  r.body_crc = MaskedCrc32("hello");
  r.queue_id = 3;
  r.flag = 7;
  r.queue_offset = 17;
  r.physical_offset = 1234;
  r.born_timestamp = 1700000000000;
  r.born_host = HostAddress::V4(0x0A000005, 54321);
  r.store_timestamp = 1700000000123;
  r.store_host = HostAddress::V4(0x0A000001, 10911);
  r.body = "hello";
  r.topic = "T1";
  r.properties = "TAGS\x01TagA\x02";
  return r;
}

TEST(MessageRecordTest, EncodesGoldenBytes) {
  const MessageRecord r = GoldenRecord();
  EXPECT_EQ(EncodedMessageRecordSize(r), 108u);
  Result<std::string> encoded = EncodeMessageRecordToString(r);
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  EXPECT_EQ(*encoded, kGoldenV4);
}

TEST(MessageRecordTest, DecodesGoldenBytes) {
  Result<MessageRecord> r = DecodeMessageRecord(kGoldenV4, /*verify_body_crc=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total_size, 108);
  EXPECT_EQ(r->magic_code, kMessageMagicCodeV1);
  EXPECT_EQ(r->queue_id, 3);
  EXPECT_EQ(r->flag, 7);
  EXPECT_EQ(r->queue_offset, 17);
  EXPECT_EQ(r->physical_offset, 1234);
  EXPECT_EQ(r->sys_flag, 0);
  EXPECT_EQ(r->born_timestamp, 1700000000000);
  EXPECT_EQ(r->born_host.ToString(), "10.0.0.5:54321");
  EXPECT_EQ(r->store_timestamp, 1700000000123);
  EXPECT_EQ(r->store_host.ToString(), "10.0.0.1:10911");
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->topic, "T1");
  EXPECT_EQ(r->properties, "TAGS\x01TagA\x02"s);
}

TEST(MessageRecordTest, EncodeReportsTheRecordAsDecodingWouldGiveIt) {
  MessageRecord r = GoldenRecord();
  r.born_host = *HostAddress::Parse("[2001:db8::5]:54321");
  std::string dst(EncodedMessageRecordSize(r), '\0');
  MessageRecord written;
  ASSERT_TRUE(EncodeMessageRecord(r, dst.data(), dst.size(), &written).ok());
  Result<MessageRecord> decoded = DecodeMessageRecord(dst);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(written.total_size, decoded->total_size);
  EXPECT_EQ(written.magic_code, decoded->magic_code);
  EXPECT_EQ(written.sys_flag, decoded->sys_flag);
  EXPECT_EQ(written.born_host.ToString(), decoded->born_host.ToString());
  EXPECT_EQ(written.store_timestamp, decoded->store_timestamp);
  // The views point into dst, as decoding's do, not into the record encoded.
  EXPECT_EQ(written.body.data(), decoded->body.data());
  EXPECT_EQ(written.topic.data(), decoded->topic.data());
  EXPECT_EQ(written.properties.data(), decoded->properties.data());
  EXPECT_EQ(written.properties, r.properties);
}

TEST(MessageRecordTest, Ipv6HostsWidenTheRecordAndSetSysFlagBits) {
  MessageRecord r = GoldenRecord();
  r.born_host = *HostAddress::Parse("[2001:db8::5]:54321");
  r.store_host = *HostAddress::Parse("[::1]:10911");
  r.sys_flag = MessageSysFlag::kTransactionPreparedType;
  Result<std::string> encoded = EncodeMessageRecordToString(r);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->size(), 108u + 24u);
  Result<MessageRecord> back = DecodeMessageRecord(*encoded, true);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->sys_flag, MessageSysFlag::kTransactionPreparedType |
                                MessageSysFlag::kBornHostV6Flag |
                                MessageSysFlag::kStoreHostAddressV6Flag);
  EXPECT_EQ(back->born_host, r.born_host);
  EXPECT_EQ(back->store_host.ToString(), "[::1]:10911");
  EXPECT_EQ(back->store_timestamp, r.store_timestamp);
  EXPECT_EQ(back->body, "hello");
  EXPECT_EQ(back->topic, "T1");
}

TEST(MessageRecordTest, SetAppendFieldsPatchesInPlace) {
  for (bool v6 : {false, true}) {
    MessageRecord r = GoldenRecord();
    if (v6) r.born_host = *HostAddress::Parse("[fe80::1]:1");
    std::string buf(EncodedMessageRecordSize(r), '\0');
    ASSERT_TRUE(EncodeMessageRecord(r, buf.data(), buf.size()).ok());
    SetAppendFields(buf.data(), 99, 1LL << 40, 1800000000000);
    Result<MessageRecord> back = DecodeMessageRecord(buf);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->queue_offset, 99);
    EXPECT_EQ(back->physical_offset, 1LL << 40);
    EXPECT_EQ(back->store_timestamp, 1800000000000);
    EXPECT_EQ(back->born_timestamp, r.born_timestamp);
  }
}

TEST(MessageRecordTest, LongTopicsUseVersion2Magic) {
  MessageRecord r = GoldenRecord();
  const std::string topic(200, 't');
  r.topic = topic;
  Result<std::string> encoded = EncodeMessageRecordToString(r);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->size(), 108u - 2 + 200 + 1);
  Result<MessageRecord> back = DecodeMessageRecord(*encoded);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->magic_code, kMessageMagicCodeV2);
  EXPECT_EQ(back->topic, topic);
}

TEST(MessageRecordTest, EncodeRejectsBadInput) {
  MessageRecord r = GoldenRecord();
  char small[50];
  EXPECT_EQ(EncodeMessageRecord(r, small, sizeof small).status().code(),
            ErrorCode::kInvalidArgument);
  r.topic = "";
  EXPECT_EQ(EncodeMessageRecordToString(r).status().code(), ErrorCode::kInvalidArgument);
  r = GoldenRecord();
  const std::string props(40000, 'p');
  r.properties = props;
  EXPECT_EQ(EncodeMessageRecordToString(r).status().code(), ErrorCode::kInvalidArgument);
}

TEST(MessageRecordTest, DecodesManyBackToBack) {
  std::string body;
  for (int i = 0; i < 5; ++i) {
    MessageRecord r = GoldenRecord();
    r.queue_offset = i;
    body += *EncodeMessageRecordToString(r);
  }
  Result<std::vector<MessageRecord>> records = DecodeMessageRecords(body);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 5u);
  EXPECT_EQ((*records)[4].queue_offset, 4);
  EXPECT_TRUE(DecodeMessageRecords("")->empty());
  // A truncated last record is an error naming its index.
  Result<std::vector<MessageRecord>> cut = DecodeMessageRecords(body.substr(0, body.size() - 1));
  EXPECT_EQ(cut.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(cut.status().message().find("record 4 at byte 432"), std::string::npos)
      << cut.status().ToString();
}

TEST(MessageRecordTest, EveryTruncationIsACleanError) {
  for (size_t n = 0; n < kGoldenV4.size(); ++n) {
    Result<MessageRecord> r = DecodeMessageRecord(std::string_view(kGoldenV4).substr(0, n));
    EXPECT_EQ(r.status().code(), ErrorCode::kCorruption) << "length " << n;
  }
}

TEST(MessageRecordTest, InconsistentLengthsAreCleanErrors) {
  auto with = [](size_t pos, std::string_view bytes) {
    std::string copy = kGoldenV4;
    copy.replace(pos, bytes.size(), bytes);
    return DecodeMessageRecord(copy);
  };
  // body length larger than the record, negative, topic length too large, props too long
  EXPECT_EQ(with(84, FromHex("00001000")).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(with(84, FromHex("FFFFFFFF")).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(with(93, FromHex("7F")).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(with(96, FromHex("000B")).status().code(), ErrorCode::kCorruption);
  // fields end before the total size
  EXPECT_EQ(with(96, FromHex("0009")).status().code(), ErrorCode::kCorruption);
  // total size below the minimum, or beyond the data
  EXPECT_EQ(with(0, FromHex("00000010")).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(with(0, FromHex("7FFFFFFF")).status().code(), ErrorCode::kCorruption);
  // IPv6 flag on an IPv4-sized record
  Result<MessageRecord> v6 = with(36, FromHex("00000030"));
  EXPECT_EQ(v6.status().code(), ErrorCode::kCorruption);
  // bad magic
  EXPECT_EQ(with(4, FromHex("12345678")).status().code(), ErrorCode::kCorruption);
  // body CRC checked only on request
  std::string bad_crc = kGoldenV4;
  bad_crc[11] ^= 1;
  EXPECT_TRUE(DecodeMessageRecord(bad_crc).ok());
  EXPECT_EQ(DecodeMessageRecord(bad_crc, true).status().code(), ErrorCode::kCorruption);
}

TEST(MessageRecordTest, DispatchDecodeFillsWhatDispatchingNeeds) {
  MessageRecord r = GoldenRecord();
  r.born_host = *HostAddress::Parse("[2001:db8::5]:54321");
  r.prepared_transaction_offset = 4321;
  for (const MessageRecord& source : {GoldenRecord(), r}) {
    Result<std::string> encoded = EncodeMessageRecordToString(source);
    ASSERT_TRUE(encoded.ok());
    Result<MessageRecord> full = DecodeMessageRecord(*encoded);
    ASSERT_TRUE(full.ok());
    MessageRecord light;
    ASSERT_TRUE(DecodeMessageRecordForDispatch(*encoded, &light).ok());
    EXPECT_EQ(light.total_size, full->total_size);
    EXPECT_EQ(light.magic_code, full->magic_code);
    EXPECT_EQ(light.queue_id, full->queue_id);
    EXPECT_EQ(light.queue_offset, full->queue_offset);
    EXPECT_EQ(light.physical_offset, full->physical_offset);
    EXPECT_EQ(light.sys_flag, full->sys_flag);
    EXPECT_EQ(light.store_timestamp, full->store_timestamp);
    EXPECT_EQ(light.prepared_transaction_offset, full->prepared_transaction_offset);
    EXPECT_EQ(light.body, full->body);
    EXPECT_EQ(light.topic, full->topic);
    EXPECT_EQ(light.properties, full->properties);
  }
}

TEST(MessageRecordTest, DispatchDecodeRefusesWhatTheFullDecodeRefuses) {
  MessageRecord ignored;
  for (size_t n = 0; n < kGoldenV4.size(); ++n) {
    EXPECT_EQ(
        DecodeMessageRecordForDispatch(std::string_view(kGoldenV4).substr(0, n), &ignored).code(),
        ErrorCode::kCorruption)
        << "length " << n;
  }
  // fields that end before the total size, and an IPv6 born host flag on an IPv4 record
  for (const auto& [pos, bytes] : {std::pair<size_t, std::string>{96, FromHex("0009")},
                                   std::pair<size_t, std::string>{36, FromHex("00000010")}}) {
    std::string copy = kGoldenV4;
    copy.replace(pos, bytes.size(), bytes);
    EXPECT_EQ(DecodeMessageRecordForDispatch(copy, &ignored).code(), ErrorCode::kCorruption);
  }
}

TEST(MessageRecordTest, BlankRecordAndClassification) {
  char blank[8];
  EncodeBlankRecord(blank, 4096);
  EXPECT_EQ(std::string(blank, 8), FromHex("00001000 CBD43194"));
  EXPECT_EQ(ClassifyRecord(std::string_view(blank, 8)), RecordKind::kBlank);
  EXPECT_EQ(ClassifyRecord(kGoldenV4), RecordKind::kMessage);
  EXPECT_EQ(ClassifyRecord(std::string(16, '\0')), RecordKind::kEndOfData);
  EXPECT_EQ(ClassifyRecord("abc"), RecordKind::kEndOfData);
  Result<MessageRecord> r = DecodeMessageRecord(std::string_view(blank, 8));
  EXPECT_EQ(r.status().code(), ErrorCode::kCorruption);
  EXPECT_NE(r.status().message().find("blank"), std::string::npos);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
