#include "protocol/decoded_message.h"

#include <gtest/gtest.h>

#include <string>

#include "protocol/compression.h"
#include "protocol/crc32.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;

std::string Record(std::string_view body, std::string_view properties, int32_t sys_flag,
                   int64_t physical_offset) {
  MessageRecord r;
  r.topic = "T1";
  r.queue_id = 1;
  r.queue_offset = 7;
  r.physical_offset = physical_offset;
  r.sys_flag = sys_flag;
  r.body = body;
  r.body_crc = MaskedCrc32(body);
  r.properties = properties;
  r.born_host = HostAddress::V4(0x0A000005, 50000);
  r.store_host = HostAddress::V4(0x0A000001, 10911);
  return *EncodeMessageRecordToString(r);
}

TEST(DecodedMessageTest, PullBodyWithUniqKeyAndCompressedBody) {
  const std::string big(10000, 'z');
  const CompressedBody packed = *MaybeCompressBody(big, 0);
  ASSERT_TRUE(packed.compressed);
  const std::string props =
      "TAGS\x01TagA\x02UNIQ_KEY\x01"
      "C0A8010A30391B6D3586075BCD150001\x02"s;
  const std::string body = Record("hello", "TAGS\x01TagB\x02"s, 0, 1234) +
                           Record(packed.body, props, packed.sys_flag, 5678);
  Result<std::vector<DecodedMessage>> messages = DecodeMessages(body, {true, true, 1 << 20});
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 2u);
  const DecodedMessage& first = (*messages)[0];
  EXPECT_EQ(first.body, "hello");
  EXPECT_EQ(first.offset_msg_id, "0A00000100002A9F00000000000004D2");
  EXPECT_EQ(first.msg_id(), first.offset_msg_id);  // no UNIQ_KEY
  EXPECT_EQ(first.property("TAGS"), "TagB");
  EXPECT_EQ(first.property("KEYS"), "");
  EXPECT_EQ(first.queue_offset, 7);
  const DecodedMessage& second = (*messages)[1];
  EXPECT_EQ(second.body, big);
  EXPECT_EQ(second.sys_flag, 0);
  EXPECT_EQ(second.msg_id(), "C0A8010A30391B6D3586075BCD150001");
  EXPECT_EQ(second.commit_log_offset, 5678);
  EXPECT_EQ(second.store_size, static_cast<int32_t>(Record(packed.body, props, 0, 0).size()));
}

TEST(DecodedMessageTest, Failures) {
  const std::string bomb = *ZlibCompress(std::string(1 << 20, 'a'));
  const std::string record =
      Record(bomb, "", MessageSysFlag::kCompressedFlag | MessageSysFlag::kCompressionZlib, 1);
  Result<std::vector<DecodedMessage>> limited = DecodeMessages(record, {false, true, 1000});
  EXPECT_EQ(limited.status().code(), ErrorCode::kResourceExhausted);
  EXPECT_NE(limited.status().message().find("of topic T1"), std::string::npos);
  Result<std::vector<DecodedMessage>> raw = DecodeMessages(record, {false, false, 1000});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ((*raw)[0].body, bomb);
  EXPECT_TRUE(MessageSysFlag::IsCompressed((*raw)[0].sys_flag));
  EXPECT_EQ(DecodeMessages(record.substr(1)).status().code(), ErrorCode::kCorruption);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
