#include "broker/topic_config_manager.h"

#include <gtest/gtest.h>

#include "broker/topic_validator.h"
#include "protocol/json_reader.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace {

BrokerConfig TestConfig() {
  BrokerConfig config;
  config.broker_name = "broker-a";
  config.broker_cluster_name = "C1";
  return config;
}

TEST(TopicConfigManagerTest, SystemTopicsExistAtStart) {
  BrokerConfig config = TestConfig();
  TopicConfigManager manager(config, "");
  auto tbw = manager.Find("TBW102");
  ASSERT_TRUE(tbw.has_value());
  EXPECT_EQ(tbw->perm, 7);
  EXPECT_EQ(tbw->write_queue_nums, 8);
  EXPECT_TRUE(manager.Find("SELF_TEST_TOPIC").has_value());
  EXPECT_TRUE(manager.Find("SCHEDULE_TOPIC_XXXX").has_value());
  EXPECT_EQ(manager.Find("SCHEDULE_TOPIC_XXXX")->read_queue_nums, 18);
  EXPECT_TRUE(manager.Find("broker-a").has_value());
  EXPECT_TRUE(manager.Find("C1").has_value());
  EXPECT_TRUE(manager.Find("C1_REPLY_TOPIC").has_value());
  EXPECT_TRUE(manager.Find("OFFSET_MOVED_EVENT").has_value());
}

TEST(TopicConfigManagerTest, NoTbw102WithoutAutoCreate) {
  BrokerConfig config = TestConfig();
  config.auto_create_topic_enable = false;
  TopicConfigManager manager(config, "");
  EXPECT_FALSE(manager.Find("TBW102").has_value());
  EXPECT_FALSE(manager.CreateTopicInSendMessageMethod("T1", "TBW102", 4, 0).has_value());
}

TEST(TopicConfigManagerTest, AutoCreateInheritsFromTemplate) {
  BrokerConfig config = TestConfig();
  TopicConfigManager manager(config, "");
  int changes = 0;
  manager.SetChangeListener([&] { ++changes; });
  const protocol::DataVersion before = manager.data_version();
  bool created = false;
  auto t = manager.CreateTopicInSendMessageMethod("T1", "TBW102", 4, 0, &created);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(created);
  EXPECT_EQ(t->read_queue_nums, 4);
  EXPECT_EQ(t->write_queue_nums, 4);
  EXPECT_EQ(t->perm, 6);
  EXPECT_EQ(changes, 1);
  EXPECT_EQ(manager.data_version().counter, before.counter + 1);
  // More queues than the template has are capped at the template's.
  auto big = manager.CreateTopicInSendMessageMethod("T2", "TBW102", 100, 0);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->write_queue_nums, 8);
  // An existing topic is returned unchanged.
  auto again = manager.CreateTopicInSendMessageMethod("T1", "TBW102", 8, 0, &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again->write_queue_nums, 4);
  // A template without INHERIT creates nothing.
  EXPECT_FALSE(manager.CreateTopicInSendMessageMethod("T3", "SELF_TEST_TOPIC", 4, 0).has_value());
  EXPECT_FALSE(manager.CreateTopicInSendMessageMethod("T3", "NoSuchTemplate", 4, 0).has_value());
}

// FindCached keeps the last topic each thread asked for: every change of the table must
// reach it, and a second manager (another broker of the process) must not see the first's.
TEST(TopicConfigManagerTest, FindCachedFollowsChangesAndManagers) {
  BrokerConfig config = TestConfig();
  TopicConfigManager manager(config, "");
  EXPECT_EQ(manager.FindCached("T1"), nullptr);
  protocol::TopicConfig t1;
  t1.topic_name = "T1";
  t1.write_queue_nums = 4;
  ASSERT_TRUE(manager.UpdateTopicConfig(t1).ok());
  auto found = manager.FindCached("T1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->write_queue_nums, 4);

  t1.write_queue_nums = 2;
  ASSERT_TRUE(manager.UpdateTopicConfig(t1).ok());
  found = manager.FindCached("T1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->write_queue_nums, 2);

  TopicConfigManager other(config, "");
  EXPECT_EQ(other.FindCached("T1"), nullptr);
  EXPECT_NE(manager.FindCached("T1"), nullptr);

  ASSERT_TRUE(manager.DeleteTopic("T1"));
  EXPECT_EQ(manager.FindCached("T1"), nullptr);

  ASSERT_TRUE(manager.CreateTopicInSendMessageMethod("T2", "TBW102", 4, 0).has_value());
  EXPECT_NE(manager.FindCached("T2"), nullptr);
  protocol::TopicConfigSerializeWrapper master;
  master.data_version.counter = 99;
  ASSERT_TRUE(manager.SyncFromMaster(master).ok());
  EXPECT_EQ(manager.FindCached("T2"), nullptr);
}

TEST(TopicConfigManagerTest, PersistsAndReloadsApacheFormat) {
  auto dir = testing::TempDir::Create("rmq-broker-topics");
  ASSERT_TRUE(dir.ok());
  BrokerConfig config = TestConfig();
  {
    TopicConfigManager manager(config, dir->path());
    protocol::TopicConfig t;
    t.topic_name = "Orders";
    t.read_queue_nums = 2;
    t.write_queue_nums = 3;
    t.order = true;
    ASSERT_TRUE(manager.UpdateTopicConfig(t).ok());
    ASSERT_TRUE(manager.DeleteTopic("BenchmarkTest"));
    EXPECT_FALSE(manager.DeleteTopic("NoSuchTopic"));
  }
  auto text = testing::ReadFile(dir->File("topics.json"));
  ASSERT_TRUE(text.ok());
  auto root = protocol::ParseJson(*text, "topics.json");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ((*root)["topicConfigTable"]["Orders"]["writeQueueNums"].asInt(), 3);
  EXPECT_EQ((*root)["topicConfigTable"]["Orders"]["topicFilterType"].asString(), "SINGLE_TAG");
  EXPECT_TRUE((*root)["dataVersion"]["counter"].isIntegral());

  TopicConfigManager reloaded(config, dir->path());
  ASSERT_TRUE(reloaded.Load().ok());
  auto t = reloaded.Find("Orders");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->read_queue_nums, 2);
  EXPECT_TRUE(t->order);
  EXPECT_TRUE(reloaded.IsOrderTopic("Orders"));
  EXPECT_EQ(reloaded.data_version().counter, 2);
}

TEST(TopicConfigManagerTest, LoadsApacheWrittenFileAndFallsBackToBackup) {
  auto dir = testing::TempDir::Create("rmq-broker-topics");
  ASSERT_TRUE(dir.ok());
  const std::string apache =
      "{\n\t\"dataVersion\":{\n\t\t\"counter\":7,\n\t\t\"timestamp\":1700000000000\n\t},\n"
      "\t\"topicConfigTable\":{\n\t\t\"TopicTest\":{\n\t\t\t\"order\":false,\n\t\t\t\"perm\":6,\n"
      "\t\t\t\"readQueueNums\":4,\n\t\t\t\"topicFilterType\":\"SINGLE_TAG\",\n"
      "\t\t\t\"topicName\":\"TopicTest\",\n\t\t\t\"topicSysFlag\":0,\n"
      "\t\t\t\"writeQueueNums\":4\n\t\t}\n\t}\n}";
  ASSERT_TRUE(testing::WriteFile(dir->File("topics.json.bak"), apache).ok());
  ASSERT_TRUE(testing::WriteFile(dir->File("topics.json"), "{\"topicConfigTable\":{").ok());
  BrokerConfig config = TestConfig();
  TopicConfigManager manager(config, dir->path());
  ASSERT_TRUE(manager.Load().ok());
  auto t = manager.Find("TopicTest");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->write_queue_nums, 4);
  EXPECT_EQ(manager.data_version().counter, 7);
}

TEST(TopicConfigManagerTest, CorruptFileWithoutBackupIsAnError) {
  auto dir = testing::TempDir::Create("rmq-broker-topics");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(testing::WriteFile(dir->File("topics.json"), "not json").ok());
  BrokerConfig config = TestConfig();
  TopicConfigManager manager(config, dir->path());
  Status s = manager.Load();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("topics.json"), std::string::npos) << s.message();
}

TEST(TopicValidatorTest, NamesAndReservedTopics) {
  EXPECT_TRUE(topic::Validate("Topic_A-1%|x").ok());
  EXPECT_FALSE(topic::Validate("").ok());
  EXPECT_FALSE(topic::Validate("bad topic").ok());
  EXPECT_FALSE(topic::Validate(std::string(128, 'a')).ok());
  EXPECT_TRUE(topic::Validate(std::string(127, 'a')).ok());
  EXPECT_TRUE(topic::Validate("%RETRY%" + std::string(120, 'g')).ok());
  EXPECT_TRUE(topic::IsNotAllowedSendTopic("SCHEDULE_TOPIC_XXXX"));
  EXPECT_TRUE(topic::IsNotAllowedSendTopic("RMQ_SYS_TRANS_HALF_TOPIC"));
  EXPECT_FALSE(topic::IsNotAllowedSendTopic("TopicTest"));
  // Names and prefixes match whole: neither a prefix of a name nor a name one longer.
  EXPECT_FALSE(topic::IsNotAllowedSendTopic("SCHEDULE_TOPIC_XXX"));
  EXPECT_FALSE(topic::IsNotAllowedSendTopic("SCHEDULE_TOPIC_XXXXX"));
  EXPECT_TRUE(topic::IsSystemTopic("rmq_sys_anything"));
  EXPECT_TRUE(topic::IsSystemTopic("TBW102"));
  EXPECT_FALSE(topic::IsSystemTopic("rmq_sys"));
  EXPECT_TRUE(topic::IsRetryTopic(topic::RetryTopic("G1")));
  EXPECT_FALSE(topic::IsRetryTopic("%RETRY"));
  EXPECT_TRUE(topic::IsDlqTopic("%DLQ%"));
  EXPECT_FALSE(topic::IsDlqTopic("DLQ%G1"));
  EXPECT_EQ(topic::DlqTopic("G1"), "%DLQ%G1");
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
