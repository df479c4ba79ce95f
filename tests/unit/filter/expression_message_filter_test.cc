#include "filter/expression_message_filter.h"

#include <gtest/gtest.h>

#include <string>

#include "filter/parser.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace filter {
namespace {

std::string Record(const protocol::MessageProperties& properties) {
  const std::string encoded = protocol::EncodeMessageProperties(properties);
  protocol::MessageRecord record;
  record.topic = "T";
  record.body = "body";
  record.properties = encoded;
  auto bytes = protocol::EncodeMessageRecordToString(record);
  EXPECT_TRUE(bytes.ok());
  return *bytes;
}

std::shared_ptr<const Expression> Compile(const char* selector) {
  auto compiled = ParseSelector(selector);
  EXPECT_TRUE(compiled.ok()) << compiled.status().message();
  return *compiled;
}

TEST(ExpressionMessageFilterTest, TagSubscriptionsFilterByCodeOnly) {
  PullFilterSpec spec;
  spec.tags_codes = {7};
  ExpressionMessageFilter filter(spec);
  EXPECT_TRUE(filter.IsMatchedByConsumeQueue(7));
  EXPECT_FALSE(filter.IsMatchedByConsumeQueue(8));
  EXPECT_TRUE(filter.IsMatchedByCommitLog(Record({{"a", "1"}})));

  ExpressionMessageFilter all{PullFilterSpec()};
  EXPECT_TRUE(all.IsMatchedByConsumeQueue(12345));
}

TEST(ExpressionMessageFilterTest, SqlSubscriptionsEvaluateUserAndSystemProperties) {
  PullFilterSpec spec;
  spec.tags_codes = {7};
  spec.selector = Compile("a > 5 AND TAGS = 'TagA'");
  ExpressionMessageFilter filter(spec);
  EXPECT_TRUE(filter.IsMatchedByConsumeQueue(8));
  EXPECT_TRUE(filter.IsMatchedByCommitLog(Record({{"a", "6"}, {"TAGS", "TagA"}})));
  EXPECT_FALSE(filter.IsMatchedByCommitLog(Record({{"a", "5"}, {"TAGS", "TagA"}})));
  EXPECT_FALSE(filter.IsMatchedByCommitLog(Record({{"a", "6"}})));
  // A value that does not convert fails the evaluation: not selected.
  EXPECT_FALSE(filter.IsMatchedByCommitLog(Record({{"a", "x"}, {"TAGS", "TagA"}})));
  EXPECT_FALSE(filter.IsMatchedByCommitLog(std::string("not a record")));
}

TEST(ExpressionMessageFilterTest, RetryMessagesUseTheSelectorOfTheirOriginalTopic) {
  ConsumerFilterManager manager;
  ASSERT_TRUE(manager.Register("T", "G", "a = 1", 1).ok());
  PullFilterSpec spec;
  spec.retry_filters = &manager;
  spec.retry_group = "G";
  ExpressionMessageFilter filter(spec);
  const char* kRetryTopic = protocol::MessageConst::kPropertyRetryTopic;
  EXPECT_TRUE(filter.IsMatchedByConsumeQueue(1));
  EXPECT_TRUE(filter.IsMatchedByCommitLog(Record({{kRetryTopic, "T"}, {"a", "1"}})));
  EXPECT_FALSE(filter.IsMatchedByCommitLog(Record({{kRetryTopic, "T"}, {"a", "2"}})));
  // Topics the group does not filter by SQL92, and messages without an original topic,
  // pass.
  EXPECT_TRUE(filter.IsMatchedByCommitLog(Record({{kRetryTopic, "U"}, {"a", "2"}})));
  EXPECT_TRUE(filter.IsMatchedByCommitLog(Record({{"a", "2"}})));
}

}  // namespace
}  // namespace filter
}  // namespace rocketmq
