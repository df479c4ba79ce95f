#include "rocketmq/message.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "client/message_access.h"
#include "protocol/message_properties.h"
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

// A received message: its properties as a record carries them, decoded on the first read.
Message Received(const std::map<std::string, std::string>& properties) {
  Message message("T", "body");
  internal::MessageAccess::SetEncodedProperties(&message,
                                                protocol::EncodeMessageProperties(properties));
  return message;
}

TEST(MessageTest, EncodedPropertiesReadAsTheirMap) {
  const std::map<std::string, std::string> sent = {{"TAGS", "TagA"}, {"UNIQ_KEY", "ID"}};
  const Message message = Received(sent);
  EXPECT_TRUE(message.has_property("UNIQ_KEY"));
  EXPECT_FALSE(message.has_property("KEYS"));
  EXPECT_EQ(message.tags(), "TagA");
  EXPECT_EQ(message.properties(), sent);
}

TEST(MessageTest, PropertiesSetBeforeTheFirstReadReplaceEncodedOnes) {
  Message message = Received({{"TAGS", "TagA"}, {"MIN_OFFSET", "99"}});
  message.set_property("MIN_OFFSET", "3");
  message.set_property("CONSUME_START_TIME", "1700000000000");
  // What an encoding cannot hold goes through the map: an empty value, separators.
  Message with_empty = message;
  with_empty.set_property("EMPTY", "");
  Message with_separator = message;
  with_separator.set_property("ODD", "a\x01b");
  const std::map<std::string, std::string> want = {
      {"TAGS", "TagA"}, {"MIN_OFFSET", "3"}, {"CONSUME_START_TIME", "1700000000000"}};
  EXPECT_EQ(message.properties(), want);
  EXPECT_TRUE(with_empty.has_property("EMPTY"));
  EXPECT_EQ(with_empty.properties().size(), 4u);
  EXPECT_EQ(with_separator.property("ODD"), "a\x01b");

  Message cleared = Received({{"TAGS", "TagA"}, {"KEYS", "k"}});
  cleared.clear_property("KEYS");
  EXPECT_EQ(cleared.properties(), (std::map<std::string, std::string>{{"TAGS", "TagA"}}));
}

TEST(MessageTest, CopiesAndMovesKeepEncodedProperties) {
  const std::map<std::string, std::string> sent = {{"TAGS", "TagA"}, {"KEYS", "k1 k2"}};
  const Message encoded = Received(sent);
  const Message copy = encoded;
  Message assigned;
  assigned = encoded;
  Message moved_from = Received(sent);
  const Message moved = std::move(moved_from);
  EXPECT_EQ(copy.properties(), sent);
  EXPECT_EQ(assigned.properties(), sent);
  EXPECT_EQ(moved.properties(), sent);
  EXPECT_EQ(encoded.properties(), sent);
  // A copy of a decoded message copies the map.
  const Message decoded_copy = encoded;
  EXPECT_EQ(decoded_copy.keys(), (std::vector<std::string>{"k1", "k2"}));

  Message replaced = Received(sent);
  replaced.set_properties({{"A", "1"}});
  EXPECT_EQ(replaced.properties(), (std::map<std::string, std::string>{{"A", "1"}}));
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
