#include "consumer/subscription.h"

#include "protocol/java_string_hash.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace consumer {
namespace {

TEST(BuildSubscriptionTest, StarAndEmptyMeanEverything) {
  for (const std::string expression : {"*", "", " * "}) {
    auto sub = BuildSubscription("T", expression, 7);
    ASSERT_TRUE(sub.ok());
    EXPECT_EQ(sub->sub_string, "*");
    EXPECT_TRUE(sub->tags_set.empty());
    EXPECT_TRUE(sub->code_set.empty());
    EXPECT_EQ(sub->sub_version, 7);
    EXPECT_TRUE(MatchesTags(*sub, "anything"));
    EXPECT_TRUE(MatchesTags(*sub, ""));
  }
}

TEST(BuildSubscriptionTest, SplitsTrimsAndHashesTags) {
  auto sub = BuildSubscription("T", " TagA ||TagB||  ", 1);
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  EXPECT_EQ(sub->topic, "T");
  EXPECT_EQ(sub->sub_string, " TagA ||TagB||  ");
  EXPECT_EQ(sub->tags_set, (std::set<std::string>{"TagA", "TagB"}));
  EXPECT_EQ(sub->code_set, (std::set<int32_t>{protocol::JavaStringHash("TagA"),
                                              protocol::JavaStringHash("TagB")}));
  EXPECT_EQ(sub->expression_type, "TAG");
  EXPECT_TRUE(MatchesTags(*sub, "TagA"));
  EXPECT_TRUE(MatchesTags(*sub, "TagB"));
  EXPECT_FALSE(MatchesTags(*sub, "TagC"));
  EXPECT_FALSE(MatchesTags(*sub, ""));
}

TEST(BuildSubscriptionTest, ExpressionWithoutTagsIsRejected) {
  auto sub = BuildSubscription("T", "|| ||", 1);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.status().code(), ErrorCode::kInvalidArgument);
}

TEST(BuildSubscriptionTest, Sql92IsPassedThroughAndNotFilteredByTag) {
  auto sub = BuildSubscription("T", "a > 5 AND b = 'x || y'", 3, ExpressionType::kSql92);
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  EXPECT_EQ(sub->sub_string, "a > 5 AND b = 'x || y'");
  EXPECT_EQ(sub->expression_type, "SQL92");
  EXPECT_TRUE(sub->tags_set.empty());
  EXPECT_TRUE(sub->code_set.empty());
  EXPECT_EQ(sub->sub_version, 3);
  // The broker selected the messages; the client checks no tag.
  EXPECT_TRUE(MatchesTags(*sub, "AnyTag"));

  auto empty = BuildSubscription("T", "  ", 3, ExpressionType::kSql92);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
