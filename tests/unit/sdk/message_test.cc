#include "rocketmq/message.h"

#include <gtest/gtest.h>

#include "rocketmq/message_queue.h"
#include "rocketmq/send_result.h"

namespace rocketmq {
namespace {

TEST(MessageTest, TagsKeysAndDelayAreProperties) {
  Message msg("T", "TagA", "body");
  EXPECT_EQ(msg.tags(), "TagA");
  EXPECT_EQ(msg.property("TAGS"), "TagA");
  msg.set_keys({"k1", "", "k2"});
  EXPECT_EQ(msg.property("KEYS"), "k1 k2");
  EXPECT_EQ(msg.keys(), (std::vector<std::string>{"k1", "k2"}));
  msg.set_delay_level(3);
  EXPECT_EQ(msg.property("DELAY"), "3");
  EXPECT_EQ(msg.delay_level(), 3);
  msg.set_delay_level(0);
  EXPECT_FALSE(msg.has_property("DELAY"));
  EXPECT_EQ(msg.delay_level(), 0);
}

TEST(MessageTest, WaitStoreOkDefaultsToTrue) {
  Message msg("T", "b");
  EXPECT_TRUE(msg.wait_store_ok());
  msg.set_wait_store_ok(false);
  EXPECT_FALSE(msg.wait_store_ok());
  EXPECT_EQ(msg.property("WAIT"), "false");
}

TEST(MessageTest, MalformedDelayMeansNone) {
  Message msg("T", "b");
  msg.set_property("DELAY", "x1");
  EXPECT_EQ(msg.delay_level(), 0);
}

TEST(MessageTest, BodyMayHoldNulBytes) {
  Message msg("T", std::string("a\0b", 3));
  EXPECT_EQ(msg.body().size(), 3u);
}

TEST(MessageQueueTest, PrintsLikeJava) {
  MessageQueue mq{"T", "broker-a", 2};
  EXPECT_EQ(mq.ToString(), "MessageQueue [topic=T, brokerName=broker-a, queueId=2]");
  EXPECT_LT(mq, (MessageQueue{"T", "broker-b", 0}));
  EXPECT_EQ(std::hash<MessageQueue>()(mq),
            std::hash<MessageQueue>()(MessageQueue{"T", "broker-a", 2}));
}

TEST(SendResultTest, StatusNames) {
  EXPECT_STREQ(SendStatusName(SendStatus::kSendOk), "SEND_OK");
  EXPECT_STREQ(SendStatusName(SendStatus::kFlushDiskTimeout), "FLUSH_DISK_TIMEOUT");
  EXPECT_STREQ(SendStatusName(SendStatus::kFlushSlaveTimeout), "FLUSH_SLAVE_TIMEOUT");
  EXPECT_STREQ(SendStatusName(SendStatus::kSlaveNotAvailable), "SLAVE_NOT_AVAILABLE");
}

}  // namespace
}  // namespace rocketmq
