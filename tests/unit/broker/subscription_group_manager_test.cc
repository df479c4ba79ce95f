#include "broker/subscription_group_manager.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace {

TEST(SubscriptionGroupManagerTest, AutoCreatesWithDefaults) {
  BrokerConfig config;
  SubscriptionGroupManager manager(config, "");
  EXPECT_TRUE(manager.Find("TOOLS_CONSUMER").has_value());
  EXPECT_FALSE(manager.Find("G1").has_value());
  auto g = manager.FindOrCreate("G1");
  ASSERT_TRUE(g.has_value());
  EXPECT_TRUE(g->consume_enable);
  EXPECT_EQ(g->retry_queue_nums, 1);
  EXPECT_EQ(g->retry_max_times, 16);
  EXPECT_TRUE(manager.Find("G1").has_value());
}

// A group created while its file cannot be written (a full disk, here a file where its
// folder should be) is written by the next periodic PersistIfUnsaved once that is possible.
TEST(SubscriptionGroupManagerTest, AGroupNotSavedIsSavedOnceTheDiskAllows) {
  auto dir = testing::TempDir::Create("rmq-sgm");
  ASSERT_TRUE(dir.ok());
  const std::string blocker = dir->File("config");
  { std::ofstream(blocker) << "in the way"; }
  BrokerConfig config;
  SubscriptionGroupManager manager(config, blocker);
  ASSERT_TRUE(manager.FindOrCreate("G1").has_value());
  EXPECT_TRUE(manager.PersistIfUnsaved().code() == ErrorCode::kIoError);
  ASSERT_EQ(std::remove(blocker.c_str()), 0);
  ASSERT_TRUE(manager.PersistIfUnsaved().ok());
  std::ifstream in(manager.file_path());
  std::stringstream saved;
  saved << in.rdbuf();
  EXPECT_NE(saved.str().find("\"G1\""), std::string::npos) << saved.str();
}

TEST(SubscriptionGroupManagerTest, NoAutoCreateWhenDisabled) {
  BrokerConfig config;
  config.auto_create_subscription_group = false;
  SubscriptionGroupManager manager(config, "");
  EXPECT_FALSE(manager.FindOrCreate("G1").has_value());
  EXPECT_TRUE(manager.FindOrCreate("TOOLS_CONSUMER").has_value());
}

// The cached look-ups keep the last group each thread asked for: every change of the table
// must reach them, and a second manager (another broker of the process) must not see the
// first's.
TEST(SubscriptionGroupManagerTest, CachedLookupsFollowChangesAndManagers) {
  BrokerConfig config;
  SubscriptionGroupManager manager(config, "");
  EXPECT_EQ(manager.FindCached("G1"), nullptr);
  auto created = manager.FindOrCreateCached("G1");
  ASSERT_NE(created, nullptr);
  EXPECT_TRUE(created->consume_enable);
  ASSERT_NE(manager.FindCached("G1"), nullptr);

  SubscriptionGroupConfig g;
  g.group_name = "G1";
  g.consume_enable = false;
  manager.Update(g);
  auto found = manager.FindOrCreateCached("G1");
  ASSERT_NE(found, nullptr);
  EXPECT_FALSE(found->consume_enable);

  SubscriptionGroupManager other(config, "");
  EXPECT_EQ(other.FindCached("G1"), nullptr);
  EXPECT_NE(manager.FindCached("G1"), nullptr);

  ASSERT_TRUE(manager.Delete("G1"));
  EXPECT_EQ(manager.FindCached("G1"), nullptr);

  ASSERT_TRUE(manager.Decode("{\"subscriptionGroupTable\":{\"G1\":{\"retryMaxTimes\":3}}}").ok());
  found = manager.FindCached("G1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->retry_max_times, 3);

  manager.set_auto_create(false);
  EXPECT_EQ(manager.FindOrCreateCached("G2"), nullptr);
}

TEST(SubscriptionGroupManagerTest, MistypedMemberIsAnErrorNamingIt) {
  BrokerConfig config;
  SubscriptionGroupManager manager(config, "");
  ASSERT_TRUE(manager
                  .Decode("{\"subscriptionGroupTable\":{\"G1\":{\"groupName\":\"G1\","
                          "\"retryMaxTimes\":3}}}")
                  .ok());
  EXPECT_EQ(manager.Find("G1")->retry_max_times, 3);
  Status bad = manager.Decode("{\"subscriptionGroupTable\":{\"G2\":{\"retryMaxTimes\":\"many\"}}}");
  EXPECT_EQ(bad.code(), ErrorCode::kCorruption);
  EXPECT_NE(bad.message().find("retryMaxTimes"), std::string::npos) << bad.message();
  EXPECT_FALSE(manager.Find("G2").has_value());
}

TEST(SubscriptionGroupManagerTest, PersistsAndReloads) {
  auto dir = testing::TempDir::Create("rmq-broker-groups");
  ASSERT_TRUE(dir.ok());
  BrokerConfig config;
  {
    SubscriptionGroupManager manager(config, dir->path());
    SubscriptionGroupConfig g;
    g.group_name = "G1";
    g.consume_enable = false;
    g.retry_max_times = 3;
    manager.Update(g);
    manager.FindOrCreate("G2");
    EXPECT_TRUE(manager.Delete("G2"));
  }
  SubscriptionGroupManager reloaded(config, dir->path());
  ASSERT_TRUE(reloaded.Load().ok());
  auto g = reloaded.Find("G1");
  ASSERT_TRUE(g.has_value());
  EXPECT_FALSE(g->consume_enable);
  EXPECT_EQ(g->retry_max_times, 3);
  EXPECT_FALSE(reloaded.Find("G2").has_value());
  EXPECT_EQ(reloaded.data_version().counter, 3);
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
