// The admin API against the real namesrv and broker programs: topics, messages, consumer
// progress, groups, broker data and KV configuration, as mqadmin would see them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "broker/broker_cluster.h"
#include "rocketmq/admin.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;

// Polls `condition` every 100 ms for at most `limit`.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return condition();
}

class AdminIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
    AdminConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    admin_ = std::make_unique<Admin>(config);
    ASSERT_TRUE(admin_->Start().ok());
    auto info = admin_->GetClusterInfo();
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    ASSERT_EQ(info->clusters.size(), 1u);
    cluster_name_ = info->clusters.begin()->first;
  }

  void TearDown() override {
    if (admin_) {
      EXPECT_TRUE(admin_->Shutdown().ok());
    }
  }

  // Creates `topic` on the cluster and waits until the nameserver routes it.
  void CreateTopic(const std::string& topic, int32_t queues) {
    TopicSettings settings;
    settings.topic = topic;
    settings.read_queue_nums = queues;
    settings.write_queue_nums = queues;
    ASSERT_TRUE(admin_->CreateOrUpdateTopicInCluster(cluster_name_, settings).ok());
    ASSERT_TRUE(WaitFor([&] { return admin_->GetTopicRoute(topic).ok(); }));
  }

  std::unique_ptr<BrokerCluster> cluster_;
  std::unique_ptr<Admin> admin_;
  std::string cluster_name_;
};

TEST_F(AdminIntegrationTest, ClusterAndBrokerInfo) {
  auto info = admin_->GetClusterInfo();
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->brokers.size(), 1u);
  const BrokerInfo& broker = info->brokers.begin()->second;
  EXPECT_EQ(broker.MasterAddr(), cluster_->broker_addr());
  EXPECT_EQ(broker.cluster, cluster_name_);

  auto masters = admin_->GetClusterMasters(cluster_name_);
  ASSERT_TRUE(masters.ok()) << masters.status().ToString();
  EXPECT_EQ(*masters, std::vector<std::string>{cluster_->broker_addr()});
  EXPECT_EQ(admin_->GetClusterMasters("NoSuchCluster").status().code(), ErrorCode::kNotFound);

  auto stats = admin_->GetBrokerRuntimeStats(cluster_->broker_addr());
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_FALSE(stats->empty());
  auto config = admin_->GetBrokerConfig(cluster_->broker_addr());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->count("brokerName"), 1u);
}

TEST_F(AdminIntegrationTest, CallsFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (admin_->GetClusterInfo().ok() && admin_->ListTopics().ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST_F(AdminIntegrationTest, TopicLifecycle) {
  const std::string topic = "AdminItTopic";
  CreateTopic(topic, 4);
  auto topics = admin_->ListTopics();
  ASSERT_TRUE(topics.ok());
  EXPECT_NE(std::find(topics->begin(), topics->end(), topic), topics->end());
  auto of_cluster = admin_->ListTopicsOfCluster(cluster_name_);
  ASSERT_TRUE(of_cluster.ok()) << of_cluster.status().ToString();
  EXPECT_NE(std::find(of_cluster->begin(), of_cluster->end(), topic), of_cluster->end());

  auto route = admin_->GetTopicRoute(topic);
  ASSERT_TRUE(route.ok());
  ASSERT_EQ(route->queues.size(), 1u);
  EXPECT_EQ(route->queues[0].write_queue_nums, 4);
  EXPECT_EQ(route->queues[0].perm, 6);

  auto status = admin_->GetTopicStatus(topic);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  ASSERT_EQ(status->size(), 4u);
  EXPECT_EQ((*status)[3].queue.queue_id, 3);
  EXPECT_EQ((*status)[0].max_offset, 0);

  ASSERT_TRUE(admin_->DeleteTopic(cluster_name_, topic).ok());
  EXPECT_EQ(admin_->GetTopicRoute(topic).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(admin_->GetTopicStatus("NoSuchTopic").status().code(), ErrorCode::kNotFound);
}

TEST_F(AdminIntegrationTest, MessagesProgressAndReset) {
  const std::string topic = "AdminItMessages";
  CreateTopic(topic, 2);
  ProducerConfig producer_config;
  producer_config.namesrv_addr = cluster_->namesrv_addr();
  producer_config.group = "PG_ADMIN_IT";
  Producer producer(producer_config);
  ASSERT_TRUE(producer.Start().ok());
  auto queues = producer.FetchPublishQueues(topic);
  ASSERT_TRUE(queues.ok());
  const MessageQueue queue = queues->front();
  std::vector<SendResult> sent;
  for (int i = 0; i < 3; ++i) {
    Message message(topic, "TagA", "body-" + std::to_string(i));
    message.set_key("key-" + std::to_string(i));
    auto result = producer.Send(message, queue);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    sent.push_back(*result);
  }

  // Status: the queue holds three messages.
  ASSERT_TRUE(WaitFor([&] {
    auto status = admin_->GetTopicStatus(topic);
    if (!status.ok()) return false;
    for (const auto& q : *status) {
      if (q.queue == queue) return q.max_offset == 3;
    }
    return false;
  }));

  // By key (the index is written a moment after the message).
  std::vector<MessageExt> by_key;
  ASSERT_TRUE(WaitFor([&] {
    auto found = admin_->QueryMessagesByKey(topic, "key-1");
    if (found.ok()) by_key = *found;
    return found.ok() && !by_key.empty();
  }));
  ASSERT_EQ(by_key.size(), 1u);
  EXPECT_EQ(by_key[0].body(), "body-1");
  EXPECT_EQ(by_key[0].queue_offset(), 1);

  // By the producer's id, by the broker's offset id, by queue offset.
  auto by_id = admin_->ViewMessage(topic, sent[2].message_id);
  ASSERT_TRUE(by_id.ok()) << by_id.status().ToString();
  EXPECT_EQ(by_id->body(), "body-2");
  auto by_offset_id = admin_->ViewMessage("", sent[0].offset_message_id);
  ASSERT_TRUE(by_offset_id.ok()) << by_offset_id.status().ToString();
  EXPECT_EQ(by_offset_id->body(), "body-0");
  auto by_offset = admin_->ViewMessageByOffset(queue, 1);
  ASSERT_TRUE(by_offset.ok()) << by_offset.status().ToString();
  EXPECT_EQ(by_offset->body(), "body-1");
  EXPECT_EQ(admin_->ViewMessageByOffset(queue, 7).status().code(), ErrorCode::kNotFound);
  auto pulled = admin_->PullMessages(queue, 0, 32);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->size(), 3u);
  EXPECT_EQ((*pulled)[2].body(), "body-2");
  auto past_end = admin_->PullMessages(queue, 3, 32);
  ASSERT_TRUE(past_end.ok()) << past_end.status().ToString();
  EXPECT_TRUE(past_end->empty());
  EXPECT_EQ(admin_->ViewMessage(topic, "00000000000000000000000000000000").status().code(),
            ErrorCode::kNotFound);

  // A consumer reads everything and commits: lag 0, and the group shows one member.
  const std::string group = "CG_ADMIN_IT";
  ConsumerConfig consumer_config;
  consumer_config.namesrv_addr = cluster_->namesrv_addr();
  consumer_config.group = group;
  consumer_config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  LitePullConsumer consumer(consumer_config, false);
  ASSERT_TRUE(consumer.Subscribe(topic).ok());
  ASSERT_TRUE(consumer.Start().ok());
  size_t received = 0;
  ASSERT_TRUE(WaitFor([&] {
    auto polled = consumer.Poll(std::chrono::milliseconds(200));
    if (polled.ok()) received += polled->size();
    return received >= 3;
  }));
  ASSERT_TRUE(consumer.Commit().ok());
  ASSERT_TRUE(WaitFor([&] {
    auto progress = admin_->GetConsumeProgress(group, topic);
    return progress.ok() && progress->TotalLag() == 0 && !progress->queues.empty();
  }));
  auto groups = admin_->GetTopicConsumerGroups(topic);
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  EXPECT_NE(std::find(groups->begin(), groups->end(), group), groups->end());
  auto connections = admin_->GetConsumerConnections(group);
  ASSERT_TRUE(connections.ok()) << connections.status().ToString();
  ASSERT_EQ(connections->connections.size(), 1u);
  EXPECT_EQ(connections->subscriptions.count(topic), 1u);
  auto running = admin_->GetConsumerRunningInfo(group, connections->connections[0].client_id);
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  EXPECT_FALSE(running->properties.empty());
  EXPECT_EQ(running->subscriptions.count(topic), 1u);
  auto producers = admin_->GetProducerConnections("PG_ADMIN_IT", topic);
  ASSERT_TRUE(producers.ok()) << producers.status().ToString();
  EXPECT_EQ(producers->size(), 1u);
  ASSERT_TRUE(consumer.Shutdown().ok());
  ASSERT_TRUE(producer.Shutdown().ok());

  // Back to the beginning: the whole queue is lag again.
  auto reset = admin_->ResetOffsetByTime(group, topic, 0);
  ASSERT_TRUE(reset.ok()) << reset.status().ToString();
  EXPECT_EQ(reset->at(queue), 0);
  auto progress = admin_->GetConsumeProgress(group, topic);
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  EXPECT_EQ(progress->TotalLag(), 3);

  EXPECT_EQ(admin_->GetConsumeProgress("CG_NOBODY").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(admin_->GetConsumerConnections("CG_NOBODY").status().code(), ErrorCode::kNotFound);
}

TEST_F(AdminIntegrationTest, GroupsAndKvConfig) {
  SubscriptionGroupSettings group;
  group.group_name = "CG_ADMIN_GROUP";
  group.retry_max_times = 3;
  ASSERT_TRUE(admin_->CreateOrUpdateSubscriptionGroupInCluster(cluster_name_, group).ok());
  ASSERT_TRUE(admin_->DeleteSubscriptionGroupInCluster(cluster_name_, "CG_ADMIN_GROUP").ok());

  ASSERT_TRUE(admin_->PutKvConfig("ADMIN_IT", "k", "v").ok());
  auto value = admin_->GetKvConfig("ADMIN_IT", "k");
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ(*value, "v");
  auto list = admin_->GetKvList("ADMIN_IT");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->at("k"), "v");
  ASSERT_TRUE(admin_->DeleteKvConfig("ADMIN_IT", "k").ok());
  EXPECT_EQ(admin_->GetKvConfig("ADMIN_IT", "k").status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace rocketmq
