#include "consumer/subscription.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace consumer {
namespace {

TEST(JavaStringHashCodeTest, MatchesJava) {
  EXPECT_EQ(JavaStringHashCode(""), 0);
  EXPECT_EQ(JavaStringHashCode("hello"), 99162322);
  EXPECT_EQ(JavaStringHashCode("TagA"), 2598919);
  // Overflows to Integer.MIN_VALUE in Java.
  EXPECT_EQ(JavaStringHashCode("polygenelubricants"), INT32_MIN);
  // U+4E2D is one UTF-16 unit; U+1F600 is the surrogate pair D83D DE00.
  EXPECT_EQ(JavaStringHashCode("\xE4\xB8\xAD"), 0x4E2D);
  EXPECT_EQ(JavaStringHashCode("\xF0\x9F\x98\x80"), 0xD83D * 31 + 0xDE00);
}

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
  EXPECT_EQ(sub->code_set,
            (std::set<int32_t>{JavaStringHashCode("TagA"), JavaStringHashCode("TagB")}));
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

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
