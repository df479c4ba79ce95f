#include "rocketmq/topic_names.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace {

TEST(TopicNamesTest, KindsFollowApachesRules) {
  EXPECT_TRUE(IsSystemTopic("TBW102"));
  EXPECT_TRUE(IsSystemTopic("SCHEDULE_TOPIC_XXXX"));
  EXPECT_TRUE(IsSystemTopic(kDefaultTraceTopic));
  EXPECT_TRUE(IsSystemTopic("rmq_sys_anything"));
  EXPECT_FALSE(IsSystemTopic("RMQ_SYS_anything"));
  EXPECT_FALSE(IsSystemTopic("orders"));

  EXPECT_TRUE(IsRetryTopic(RetryTopic("G1")));
  EXPECT_FALSE(IsRetryTopic("G1"));
  EXPECT_TRUE(IsDlqTopic(DlqTopic("G1")));
  EXPECT_FALSE(IsDlqTopic(RetryTopic("G1")));
  EXPECT_EQ(RetryTopic("G1"), "%RETRY%G1");
  EXPECT_EQ(DlqTopic("G1"), "%DLQ%G1");
}

TEST(TopicNamesTest, GroupOfRetryTopicIsEmptyForAnyOtherTopic) {
  EXPECT_EQ(GroupOfRetryTopic("%RETRY%orders-consumers"), "orders-consumers");
  EXPECT_EQ(GroupOfRetryTopic("%DLQ%orders-consumers"), "");
  EXPECT_EQ(GroupOfRetryTopic("orders"), "");
}

TEST(TopicNamesTest, ValidationNamesWhatIsWrong) {
  EXPECT_TRUE(ValidateTopicName("Topic_A-1%x|y").ok());
  Status empty = ValidateTopicName("");
  EXPECT_EQ(empty.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(empty.message().find("empty"), std::string::npos);
  EXPECT_NE(ValidateTopicName("a.b").message().find("illegal characters"), std::string::npos);
  EXPECT_NE(ValidateTopicName(std::string(128, 'a')).message().find("127"), std::string::npos);
  EXPECT_TRUE(ValidateTopicName(RetryTopic(std::string(200, 'g'))).ok());
}

}  // namespace
}  // namespace rocketmq
