#include "broker/consumer_offset_manager.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace {

TEST(ConsumerOffsetManagerTest, CommitAndQuery) {
  ConsumerOffsetManager manager("");
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 0), -1);
  manager.CommitOffset("G1", "T1", 0, 12);
  manager.CommitOffset("G1", "T1", 1, 40);
  manager.CommitOffset("G2", "T1", 0, 3);
  manager.CommitOffset("G1", "T2", 0, 5);
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 0), 12);
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 1), 40);
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 2), -1);
  EXPECT_EQ(manager.QueryOffsets("G1", "T1").size(), 2u);
  EXPECT_EQ(manager.TopicsOfGroup("G1"), (std::set<std::string>{"T1", "T2"}));
  EXPECT_EQ(manager.GroupsOfTopic("T1"), (std::set<std::string>{"G1", "G2"}));
  manager.RemoveGroup("G1");
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 0), -1);
  EXPECT_EQ(manager.QueryOffset("G2", "T1", 0), 3);
  manager.RemoveTopic("T1");
  EXPECT_EQ(manager.QueryOffset("G2", "T1", 0), -1);
}

// A consumer's last pull, sent before its shutdown committed the final offset but run after
// it, must not move the group back; pulls of other connections, and pulls after any other
// writer (a reset), still set the offset, lower or not.
TEST(ConsumerOffsetManagerTest, AStalePullCommitNeverUndoesItsConnectionsLaterUpdate) {
  ConsumerOffsetManager manager("");
  manager.CommitOffsetFromPull("G", "T", 0, 32, /*connection=*/7);
  manager.CommitOffset("G", "T", 0, 50, /*explicit_from=*/7);
  manager.CommitOffsetFromPull("G", "T", 0, 32, 7);
  EXPECT_EQ(manager.QueryOffset("G", "T", 0), 50);
  manager.CommitOffsetFromPull("G", "T", 0, 60, 7);
  EXPECT_EQ(manager.QueryOffset("G", "T", 0), 60);
  // That pull ended the explicit write's protection: pulls carry what the client holds.
  manager.CommitOffsetFromPull("G", "T", 0, 55, 7);
  EXPECT_EQ(manager.QueryOffset("G", "T", 0), 55);

  manager.CommitOffset("G", "T", 1, 50, 7);
  manager.CommitOffsetFromPull("G", "T", 1, 20, /*another connection*/ 8);
  EXPECT_EQ(manager.QueryOffset("G", "T", 1), 20);

  manager.CommitOffset("G", "T", 2, 50, 7);
  manager.CommitOffset("G", "T", 2, 10);  // a reset by an administrator
  manager.CommitOffsetFromPull("G", "T", 2, 5, 7);
  EXPECT_EQ(manager.QueryOffset("G", "T", 2), 5);
}

TEST(ConsumerOffsetManagerTest, ReadsApacheBareNumericKeys) {
  ConsumerOffsetManager manager("");
  ASSERT_TRUE(
      manager.Decode("{\"offsetTable\":{\"T1@G1\":{0:12,1:40},\"%RETRY%G1@G1\":{0:0}}}").ok());
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 1), 40);
  EXPECT_EQ(manager.QueryOffset("G1", "%RETRY%G1", 0), 0);
  Status bad = manager.Decode("{\"offsetTable\":{\"T1@G1\":{\"x\":1}}}");
  EXPECT_FALSE(bad.ok());
  // A failed decode leaves the table as it was.
  EXPECT_EQ(manager.QueryOffset("G1", "T1", 1), 40);
}

TEST(ConsumerOffsetManagerTest, WritesApacheBareNumericKeys) {
  ConsumerOffsetManager manager("");
  ASSERT_TRUE(manager.Decode("{\"offsetTable\":{\"T1@G1\":{\"0\":12,\"1\":40}}}").ok());
  EXPECT_EQ(manager.Encode(), "{\"offsetTable\":{\"T1@G1\":{0:12,1:40}}}");
}

TEST(ConsumerOffsetManagerTest, PersistsAndReloads) {
  auto dir = testing::TempDir::Create("rmq-broker-offsets");
  ASSERT_TRUE(dir.ok());
  {
    ConsumerOffsetManager manager(dir->path());
    manager.CommitOffset("G1", "T1", 3, 99);
    ASSERT_TRUE(manager.Persist().ok());
  }
  ConsumerOffsetManager reloaded(dir->path());
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.QueryOffset("G1", "T1", 3), 99);
}

TEST(ConsumerOffsetManagerTest, MissingFileIsAFreshStore) {
  auto dir = testing::TempDir::Create("rmq-broker-offsets");
  ASSERT_TRUE(dir.ok());
  ConsumerOffsetManager manager(dir->path());
  EXPECT_TRUE(manager.Load().ok());
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
