#include "filter/consumer_filter_manager.h"

#include <gtest/gtest.h>

#include "filter/selector_cache.h"

namespace rocketmq {
namespace filter {
namespace {

TEST(ConsumerFilterManagerTest, RegistersCompiledSelectorsPerTopicAndGroup) {
  ConsumerFilterManager manager;
  ASSERT_TRUE(manager.Register("T", "G", "a > 1", 100).ok());
  auto data = manager.Get("T", "G");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->expression, "a > 1");
  EXPECT_EQ(data->client_version, 100);
  ASSERT_NE(data->selector, nullptr);
  EXPECT_EQ(manager.Get("T", "other"), nullptr);
  EXPECT_EQ(manager.Get("other", "G"), nullptr);
}

TEST(ConsumerFilterManagerTest, FollowsApacheVersionRules) {
  ConsumerFilterManager manager;
  ASSERT_TRUE(manager.Register("T", "G", "a > 1", 100).ok());
  // Older or equal versions change nothing.
  ASSERT_TRUE(manager.Register("T", "G", "b > 1", 100).ok());
  EXPECT_EQ(manager.Get("T", "G")->expression, "a > 1");
  // The same expression, newer: only the version moves, the compiled tree is kept.
  auto before = manager.Get("T", "G")->selector;
  ASSERT_TRUE(manager.Register("T", "G", "a > 1", 200).ok());
  EXPECT_EQ(manager.Get("T", "G")->client_version, 200);
  EXPECT_EQ(manager.Get("T", "G")->selector, before);
  // A newer, different expression replaces it.
  ASSERT_TRUE(manager.Register("T", "G", "b > 1", 300).ok());
  EXPECT_EQ(manager.Get("T", "G")->expression, "b > 1");
  // A newer expression that does not compile removes it.
  Status bad = manager.Register("T", "G", "b >", 400);
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(manager.Get("T", "G"), nullptr);
}

TEST(ConsumerFilterManagerTest, ReportsCompileErrorsEvenWhenTheVersionIsOld) {
  ConsumerFilterManager manager;
  ASSERT_TRUE(manager.Register("T", "G", "a > 1", 100).ok());
  EXPECT_FALSE(manager.Register("T", "G", "a >", 50).ok());
  EXPECT_NE(manager.Get("T", "G"), nullptr);
}

TEST(ConsumerFilterManagerTest, UnregisterGroupForgetsOnlyThatGroup) {
  ConsumerFilterManager manager;
  ASSERT_TRUE(manager.Register("T1", "G", "a > 1", 1).ok());
  ASSERT_TRUE(manager.Register("T2", "G", "a > 1", 1).ok());
  ASSERT_TRUE(manager.Register("T1", "H", "a > 1", 1).ok());
  manager.UnregisterGroup("G");
  EXPECT_EQ(manager.Get("T1", "G"), nullptr);
  EXPECT_EQ(manager.Get("T2", "G"), nullptr);
  EXPECT_NE(manager.Get("T1", "H"), nullptr);
}

TEST(SelectorCacheTest, CachesResultsAndFailuresWithinItsBound) {
  SelectorCache cache(2);
  auto first = cache.Compile("a = 1");
  ASSERT_TRUE(first.ok());
  auto again = cache.Compile("a = 1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_FALSE(cache.Compile("a =").ok());
  EXPECT_FALSE(cache.Compile("a =").ok());
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.Compile("b = 1").ok());
  EXPECT_LE(cache.size(), 2u);
}

}  // namespace
}  // namespace filter
}  // namespace rocketmq
