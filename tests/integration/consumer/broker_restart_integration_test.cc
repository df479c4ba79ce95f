// A broker stopped and started again (on a new port) under running consumers, against the
// real namesrv and broker: each consumer finds the broker again through the nameserver's
// route and goes on from its committed offsets — nothing sent before or after the restart
// is lost, and what was committed before it is not delivered again.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "consumer/received_messages.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;
using testing::kConsumeWait;
using testing::ReceivedMessages;

constexpr char kTopic[] = "BrokerRestartIt";

class BrokerRestartIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  // Short route and heartbeat periods: the restarted broker's new address must be learnt.
  template <typename Config>
  Config Fast(Config config) const {
    config.namesrv_addr = cluster_->namesrv_addr();
    config.poll_name_server_interval_ms = 500;
    config.heartbeat_broker_interval_ms = 500;
    return config;
  }

  // Sends bodies prefix0..prefixN-1 with a fresh producer (it must find the broker too).
  std::set<std::string> Produce(const std::string& prefix, int count) {
    ProducerConfig config = Fast(ProducerConfig());
    config.group = "PG_BROKER_RESTART_IT";
    Producer producer(config);
    EXPECT_TRUE(producer.Start().ok());
    std::set<std::string> bodies;
    for (int i = 0; i < count; ++i) {
      const std::string body = prefix + std::to_string(i);
      // Right after a restart the route may still name the old address: retry, bounded.
      Status sent = Status::Internal("not sent");
      for (int attempt = 0; attempt < 50 && !sent.ok(); ++attempt) {
        auto result = producer.Send(Message(kTopic, body));
        sent = result.ok() ? Status::OK() : result.status();
        if (!sent.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      EXPECT_TRUE(sent.ok()) << sent.ToString();
      bodies.insert(body);
    }
    EXPECT_TRUE(producer.Shutdown().ok());
    // The sends auto-created the topic; the broker registers it with the nameserver on its own
    // thread, so a consumer's route lookup right after the last send can precede it.
    EXPECT_TRUE(cluster_->WaitForRoute(kTopic).ok());
    return bodies;
  }

  // Waits (bounded) until the broker holds `total` as the sum of `group`'s committed offsets
  // over the topic's queues.
  bool WaitForCommitted(const std::string& group, int64_t total) {
    const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
    while (std::chrono::steady_clock::now() < deadline) {
      int64_t sum = 0;
      for (int32_t queue_id = 0; queue_id < kQueues; ++queue_id) {
        protocol::QueryConsumerOffsetRequestHeader header;
        header.consumer_group = group;
        header.topic = kTopic;
        header.queue_id = queue_id;
        auto response = cluster_->Call(remoting::RemotingCommand::CreateRequest(
            protocol::RequestCode::kQueryConsumerOffset, header.Encode()));
        if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) continue;
        auto offset = protocol::OffsetResponseHeader::Decode(response->ext_fields());
        if (offset.ok()) sum += offset->offset;
      }
      if (sum == total) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // The queues a topic gets when a producer creates it (the producer's default).
  static constexpr int32_t kQueues = 4;
  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(BrokerRestartIntegrationTest, PushConsumerGoesOnAfterTheBrokerRestarts) {
  const auto before = Produce("before-", 50);
  ConsumerConfig config = Fast(ConsumerConfig());
  config.group = "CG_BROKER_RESTART_IT";
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 500;
  config.persist_consumer_offset_interval_ms = 200;
  ReceivedMessages received;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(before)) << received.distinct();
  // The consumed offsets must be on the broker before it goes down.
  ASSERT_TRUE(WaitForCommitted(config.group, static_cast<int64_t>(before.size())));

  ASSERT_TRUE(cluster_->RestartBroker().ok());
  const auto after = Produce("after-", 50);
  EXPECT_TRUE(received.WaitFor(after)) << received.distinct();
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  for (const auto& body : before) EXPECT_EQ(received.Count(body), 1) << body << " came again";
}

TEST_F(BrokerRestartIntegrationTest, PushConsumerLosesNothingWhenTheBrokerIsKilled) {
  const auto before = Produce("killed-before-", 50);
  ConsumerConfig config = Fast(ConsumerConfig());
  config.group = "CG_BROKER_KILL_IT";
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 500;
  config.persist_consumer_offset_interval_ms = 200;
  ReceivedMessages received;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(before)) << received.distinct();

  // SIGKILL: offsets the broker had not yet written out are lost with it, so messages
  // consumed before may come again — but nothing may be missing.
  ASSERT_TRUE(cluster_->KillAndRestartBroker().ok());
  const auto after = Produce("killed-after-", 50);
  EXPECT_TRUE(received.WaitFor(after)) << received.distinct();
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  RecordProperty("duplicates", received.duplicates());
}

TEST_F(BrokerRestartIntegrationTest, LitePullConsumerGoesOnAfterTheBrokerRestarts) {
  const auto before = Produce("lite-before-", 30);
  ConsumerConfig config = Fast(ConsumerConfig());
  config.group = "CG_BROKER_RESTART_IT_LITE";
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  LitePullConsumer consumer(config);
  ASSERT_TRUE(consumer.Start().ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok()) << queues.status().ToString();
  ASSERT_TRUE(consumer.Assign(*queues).ok());
  auto poll_until = [&](const std::set<std::string>& wanted) {
    std::set<std::string> seen;
    const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
    while (std::chrono::steady_clock::now() < deadline) {
      bool all = true;
      for (const auto& body : wanted) all = all && seen.count(body) != 0;
      if (all) break;
      auto batch = consumer.Poll(std::chrono::milliseconds(200));
      if (!batch.ok()) break;
      for (const auto& m : *batch) seen.insert(m.body());
    }
    return seen;
  };
  const auto first = poll_until(before);
  for (const auto& body : before) EXPECT_EQ(first.count(body), 1u) << body;
  ASSERT_TRUE(consumer.Commit().ok());

  ASSERT_TRUE(cluster_->RestartBroker().ok());
  const auto after = Produce("lite-after-", 30);
  const auto second = poll_until(after);
  for (const auto& body : after) EXPECT_EQ(second.count(body), 1u) << body;
  for (const auto& body : before) EXPECT_EQ(second.count(body), 0u) << body << " came again";
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

}  // namespace
}  // namespace rocketmq
