#include "client/validators.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace client {
namespace {

TEST(ValidatorsTest, TopicNames) {
  EXPECT_TRUE(CheckTopic("Topic_A-1%x|y").ok());
  EXPECT_FALSE(CheckTopic("").ok());
  EXPECT_FALSE(CheckTopic("   ").ok());
  EXPECT_FALSE(CheckTopic("a b").ok());
  EXPECT_FALSE(CheckTopic("a.b").ok());
  EXPECT_TRUE(CheckTopic(std::string(127, 'a')).ok());
  Status too_long = CheckTopic(std::string(128, 'a'));
  EXPECT_EQ(too_long.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(too_long.message().find("127"), std::string::npos);
}

TEST(ValidatorsTest, GroupNames) {
  EXPECT_TRUE(CheckGroup("PG").ok());
  EXPECT_TRUE(CheckGroup(std::string(255, 'g')).ok());
  EXPECT_FALSE(CheckGroup(std::string(256, 'g')).ok());
  EXPECT_FALSE(CheckGroup("g/h").ok());
}

TEST(ValidatorsTest, Messages) {
  EXPECT_TRUE(CheckMessage(Message("T", "x"), 10).ok());
  EXPECT_FALSE(CheckMessage(Message("T", ""), 10).ok());
  Status big = CheckMessage(Message("T", std::string(11, 'x')), 10);
  EXPECT_FALSE(big.ok());
  EXPECT_NE(big.message().find("maxMessageSize"), std::string::npos);
  EXPECT_FALSE(CheckMessage(Message("SCHEDULE_TOPIC_XXXX", "x"), 10).ok());
  EXPECT_FALSE(CheckMessage(Message("RMQ_SYS_TRANS_HALF_TOPIC", "x"), 10).ok());
  Message bad_prop("T", "x");
  bad_prop.set_property("k", std::string("a\x01") + "b");
  EXPECT_FALSE(CheckMessage(bad_prop, 10).ok());
  Message bad_name("T", "x");
  bad_name.set_property(std::string("k\x02"), "v");
  EXPECT_FALSE(CheckMessage(bad_name, 10).ok());
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
