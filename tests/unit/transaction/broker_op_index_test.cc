#include <gtest/gtest.h>

#include "broker/transaction/op_index.h"
#include "broker/transaction/op_message.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

TEST(OpIndex, HalfMessagesWithAnOpMessageAreDone) {
  OpIndex index;
  EXPECT_FALSE(index.IsDone(0));
  index.Add(0, {3});
  index.Add(1, {0, 7});
  EXPECT_TRUE(index.IsDone(0));
  EXPECT_TRUE(index.IsDone(3));
  EXPECT_TRUE(index.IsDone(7));
  EXPECT_FALSE(index.IsDone(1));
  EXPECT_FALSE(index.IsDone(4));
  EXPECT_EQ(index.done_count(), 3u);
  EXPECT_EQ(index.op_count(), 2u);
}

TEST(OpIndex, OpOffsetAdvancesOverConsecutiveOpsBehindTheHalfOffset) {
  OpIndex index;
  index.Add(10, {1});
  index.Add(11, {2});
  index.Add(12, {9});  // a half message the scan has not reached
  index.Add(13, {3});
  EXPECT_EQ(index.AdvanceOpOffset(10, 5), 12);
  EXPECT_EQ(index.AdvanceOpOffset(10, 10), 14);
  EXPECT_EQ(index.AdvanceOpOffset(10, 0), 10);
  // A gap (an op offset never seen) stops it.
  EXPECT_EQ(index.AdvanceOpOffset(8, 100), 8);
}

TEST(OpIndex, UnreadableOpMessagesDoNotBlockTheOpOffset) {
  OpIndex index;
  index.Add(0, {1});
  index.Add(1, {});
  index.Add(2, {2});
  EXPECT_EQ(index.AdvanceOpOffset(0, 5), 3);
}

TEST(OpIndex, PruneForgetsWhatTheStoreExpired) {
  OpIndex index;
  index.Add(0, {1});
  index.Add(1, {5});
  index.Add(2, {6});
  index.Prune(/*min_op_offset=*/1, /*min_half_offset=*/5);
  EXPECT_FALSE(index.IsDone(1));
  EXPECT_TRUE(index.IsDone(5));
  EXPECT_TRUE(index.IsDone(6));
  EXPECT_EQ(index.op_count(), 2u);
  EXPECT_EQ(index.AdvanceOpOffset(1, 10), 3);
}

TEST(OpMessage, BodiesOf49AndDevBrokersParse) {
  EXPECT_EQ(ParseOpBody("42"), (std::vector<int64_t>{42}));
  EXPECT_EQ(ParseOpBody("1,2,17,"), (std::vector<int64_t>{1, 2, 17}));
  EXPECT_EQ(ParseOpBody(""), (std::vector<int64_t>{}));
  EXPECT_EQ(ParseOpBody("x,3,-4,5y,"), (std::vector<int64_t>{3}));
}

TEST(OpMessage, RecordIsApachesRemoveTagMessage) {
  const protocol::HostAddress broker = protocol::HostAddress::V4(0x7F000001, 10911);
  auto encoded = BuildOpMessage(123, broker, "UNIQ1", 1700000000000);
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  auto record = protocol::DecodeMessageRecord(*encoded, true);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->topic, "RMQ_SYS_TRANS_OP_HALF_TOPIC");
  EXPECT_EQ(record->queue_id, 0);
  EXPECT_EQ(record->body, "123");
  EXPECT_EQ(record->sys_flag, 0);
  EXPECT_EQ(record->born_timestamp, 1700000000000);
  EXPECT_EQ(record->born_host.port, 10911);
  EXPECT_EQ(record->store_host.port, 10911);
  auto props = protocol::DecodeMessageProperties(record->properties);
  EXPECT_EQ(props["TAGS"], "d");
  EXPECT_EQ(props["WAIT"], "true");
  EXPECT_EQ(props["UNIQ_KEY"], "UNIQ1");
}

}  // namespace
}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
