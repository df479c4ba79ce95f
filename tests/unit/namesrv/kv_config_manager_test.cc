#include "namesrv/kv_config_manager.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace rocketmq {
namespace namesrv {
namespace {

class KvConfigManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = rocketmq::testing::TempDir::Create("rmq-kv-test");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_.emplace(std::move(*dir));
    path_ = dir_->File("nested/dir/kvConfig.json");
  }
  std::optional<rocketmq::testing::TempDir> dir_;
  std::string path_;
};

TEST_F(KvConfigManagerTest, PutGetDeleteByNamespace) {
  KvConfigManager kv(path_);
  ASSERT_TRUE(kv.Load().ok());
  EXPECT_FALSE(kv.Get("NS", "k").has_value());
  EXPECT_FALSE(kv.GetNamespace("NS").has_value());
  ASSERT_TRUE(kv.Put("NS", "k", "v1").ok());
  ASSERT_TRUE(kv.Put("NS", "k", "v2").ok());
  ASSERT_TRUE(kv.Put("NS", "other", "x").ok());
  ASSERT_TRUE(kv.Put("NS2", "k", "y").ok());
  EXPECT_EQ(kv.Get("NS", "k"), "v2");
  EXPECT_EQ(kv.GetNamespace("NS"), (KvConfigManager::Table{{"k", "v2"}, {"other", "x"}}));
  ASSERT_TRUE(kv.Delete("NS", "k").ok());
  ASSERT_TRUE(kv.Delete("NS", "missing").ok());
  ASSERT_TRUE(kv.Delete("NOPE", "missing").ok());
  EXPECT_FALSE(kv.Get("NS", "k").has_value());
  EXPECT_EQ(kv.Get("NS2", "k"), "y");
}

TEST_F(KvConfigManagerTest, SurvivesRestartInApacheFormat) {
  {
    KvConfigManager kv(path_);
    ASSERT_TRUE(kv.Load().ok());
    ASSERT_TRUE(kv.Put(kNamespaceOrderTopicConfig, "OrderTopic", "broker-a:4;broker-b:4").ok());
    ASSERT_TRUE(kv.Put("NS", "k", "v").ok());
    ASSERT_TRUE(kv.Delete("NS", "k").ok());
  }
  auto text = rocketmq::testing::ReadFile(path_);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find(R"("configTable")"), std::string::npos) << *text;
  EXPECT_NE(text->find(R"("OrderTopic":"broker-a:4;broker-b:4")"), std::string::npos) << *text;

  KvConfigManager reloaded(path_);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.Get(kNamespaceOrderTopicConfig, "OrderTopic"), "broker-a:4;broker-b:4");
  EXPECT_FALSE(reloaded.Get("NS", "k").has_value());
}

TEST_F(KvConfigManagerTest, LoadsFileWrittenByApache) {
  const std::string path = dir_->File("apache.json");
  ASSERT_TRUE(rocketmq::testing::WriteFile(
                  path,
                  "{\n\t\"configTable\":{\n\t\t\"ORDER_TOPIC_CONFIG\":{\n\t\t\t\"T\":"
                  "\"broker-a:8\"\n\t\t}\n\t}\n}")
                  .ok());
  KvConfigManager kv(path);
  ASSERT_TRUE(kv.Load().ok());
  EXPECT_EQ(kv.Get(kNamespaceOrderTopicConfig, "T"), "broker-a:8");
}

TEST_F(KvConfigManagerTest, MalformedFileIsAClearError) {
  const std::string path = dir_->File("bad.json");
  for (const char* content :
       {"{not json", "[]", R"({"configTable":{"NS":5}})", R"({"configTable":{"NS":{"k":1}}})"}) {
    ASSERT_TRUE(rocketmq::testing::WriteFile(path, content).ok());
    KvConfigManager kv(path);
    Status s = kv.Load();
    EXPECT_EQ(s.code(), ErrorCode::kCorruption) << content;
    EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  }
}

TEST_F(KvConfigManagerTest, UnwritablePathKeepsChangeButReportsIt) {
  const std::string blocker = dir_->File("file");
  ASSERT_TRUE(rocketmq::testing::WriteFile(blocker, "x").ok());
  KvConfigManager kv(blocker + "/kvConfig.json");
  Status s = kv.Load();
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_NE(s.message().find(blocker), std::string::npos) << s.message();
  s = kv.Put("NS", "k", "v");
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_NE(s.message().find("not persisted"), std::string::npos) << s.message();
  EXPECT_EQ(kv.Get("NS", "k"), "v");
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
