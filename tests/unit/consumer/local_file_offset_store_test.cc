#include "consumer/local_file_offset_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rocketmq {
namespace consumer {
namespace {

namespace fs = std::filesystem;

class LocalFileOffsetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rmq-offsets-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
  const MessageQueue q0_{"T", "broker-a", 0};
  const MessageQueue q1_{"T", "broker-a", 1};
};

TEST_F(LocalFileOffsetStoreTest, UsesJavasLayoutAndSurvivesARestart) {
  LocalFileOffsetStore store(dir_, "10.0.0.1@1", "G");
  EXPECT_EQ(store.path(), dir_ + "/10.0.0.1@1/G/offsets.json");
  ASSERT_TRUE(store.Load().ok());
  EXPECT_EQ(store.ReadFromStore(q0_).status().code(), ErrorCode::kNotFound);
  store.Update(q0_, 10, false);
  store.Update(q0_, 5, true);
  store.Update(q1_, 7, false);
  EXPECT_EQ(store.ReadFromMemory(q0_), 10);
  ASSERT_TRUE(store.Persist({q0_, q1_}, std::chrono::seconds(1)).ok());

  std::ifstream in(store.path());
  std::ostringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  EXPECT_EQ(text,
            "{\"offsetTable\":{{\"brokerName\":\"broker-a\",\"queueId\":0,\"topic\":\"T\"}:10,"
            "{\"brokerName\":\"broker-a\",\"queueId\":1,\"topic\":\"T\"}:7}}");

  LocalFileOffsetStore again(dir_, "10.0.0.1@1", "G");
  ASSERT_TRUE(again.Load().ok());
  EXPECT_EQ(again.ReadFromMemory(q0_), 10);
  auto stored = again.ReadFromStore(q1_);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, 7);
}

TEST_F(LocalFileOffsetStoreTest, FallsBackToTheBackup) {
  LocalFileOffsetStore store(dir_, "c", "G");
  store.Update(q0_, 1, false);
  ASSERT_TRUE(store.Persist({q0_}, std::chrono::seconds(1)).ok());
  store.Update(q0_, 2, false);
  ASSERT_TRUE(store.Persist({q0_}, std::chrono::seconds(1)).ok());
  // A torn main file: the previous version is used.
  std::ofstream(store.path(), std::ios::trunc) << "{\"offsetTable\":{{";
  LocalFileOffsetStore again(dir_, "c", "G");
  ASSERT_TRUE(again.Load().ok());
  EXPECT_EQ(again.ReadFromMemory(q0_), 1);
}

TEST_F(LocalFileOffsetStoreTest, RemovedQueuesAreNotPersisted) {
  LocalFileOffsetStore store(dir_, "c", "G");
  store.Update(q0_, 3, false);
  store.Remove(q0_);
  EXPECT_EQ(store.ReadFromMemory(q0_), -1);
  ASSERT_TRUE(store.Persist({q0_}, std::chrono::seconds(1)).ok());
  EXPECT_FALSE(fs::exists(store.path()));
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
