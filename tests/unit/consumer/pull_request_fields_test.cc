#include "consumer/pull_request_fields.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "protocol/request_code.h"
#include "remoting/binary_header.h"
#include "remoting/json_header.h"
#include "remoting/remoting_command.h"

namespace rocketmq {
namespace consumer {
namespace {

using protocol::PullMessageRequestHeader;

PullMessageRequestHeader Subscribed() {
  PullMessageRequestHeader header;
  header.consumer_group = "a-consumer-group-longer-than-short-strings";
  header.topic = "TopicTest";
  header.queue_id = 3;
  header.max_msg_nums = 32;
  header.suspend_timeout_millis = 15000;
  header.subscription = "TagA || TagB";
  header.sub_version = 1765000000123;
  header.expression_type = "TAG";
  header.broker_name = "broker-a";
  return header;
}

using AppendHeader = void (*)(const remoting::RemotingCommand&, std::string*);

// The header the transport writes for a pull carrying `fields`: ROCKETMQ (binary) by
// default, or JSON (remoting::AppendJsonHeader).
std::string Frame(remoting::RemotingCommand pull,
                  AppendHeader append = remoting::AppendBinaryHeader) {
  pull.set_opaque(7);
  std::string frame;
  append(pull, &frame);
  return frame;
}

// A pull's header written from the bytes, and from the map of the same header with those
// values, must be the same bytes.
void ExpectSameAsEncoded(PullMessageRequestHeader header, int64_t queue_offset,
                         int64_t commit_offset, int32_t sys_flag) {
  const PullRequestFields fields(header);
  header.queue_offset = queue_offset;
  header.commit_offset = commit_offset;
  header.sys_flag = sys_flag;
  const std::string bytes = fields.Bytes(queue_offset, commit_offset, sys_flag);
  auto from_bytes = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kPullMessage);
  from_bytes.set_binary_ext_fields(bytes);
  const auto from_map = remoting::RemotingCommand::CreateRequest(
      protocol::RequestCode::kPullMessage, header.Encode());
  EXPECT_EQ(Frame(from_bytes), Frame(from_map));
  // With JSON headers configured (serializeType=JSON), the map is decoded from the bytes.
  EXPECT_EQ(Frame(from_bytes, remoting::AppendJsonHeader),
            Frame(from_map, remoting::AppendJsonHeader));
  auto decoded = protocol::DecodeBinaryExtFields(bytes.data(), bytes.size());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, header.Encode());
}

TEST(PullRequestFieldsTest, TheSameBytesAsTheEncodedHeader) {
  ExpectSameAsEncoded(Subscribed(), 0, 0, 0);
  ExpectSameAsEncoded(Subscribed(), 123456, 123000, 7);
  ExpectSameAsEncoded(Subscribed(), std::numeric_limits<int64_t>::max(),
                      std::numeric_limits<int64_t>::min(), std::numeric_limits<int32_t>::min());
}

TEST(PullRequestFieldsTest, WithoutTheOptionalFields) {
  PullMessageRequestHeader header = Subscribed();
  header.subscription.reset();
  header.expression_type.reset();
  header.broker_name.reset();
  ExpectSameAsEncoded(header, 42, 41, 3);
}

TEST(PullRequestFieldsTest, ValuesOfAnyLengthFromOneEncoding) {
  const PullRequestFields fields(Subscribed());
  const std::string longer = fields.Bytes(1234567890123, 1234567890000, 15);
  const std::string shorter = fields.Bytes(1, 0, 2);
  EXPECT_EQ(longer.size(), shorter.size() + 12 + 12 + 1);
  auto decoded = protocol::DecodeBinaryExtFields(shorter.data(), shorter.size());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->find(PullMessageRequestHeader::kQueueOffsetField)->second, "1");
  EXPECT_EQ(decoded->find(PullMessageRequestHeader::kCommitOffsetField)->second, "0");
  EXPECT_EQ(decoded->find(PullMessageRequestHeader::kSysFlagField)->second, "2");
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
