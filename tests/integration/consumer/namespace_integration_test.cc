// Consumers with a namespace (ClientConfig::name_space), against the real namesrv and broker:
// on the wire their topics and group are "<namespace>%<name>" (Java's NamespaceUtil), while
// the application sees and names them without it — in subscriptions, assigned queues, and
// the messages it receives, retried ones included.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "broker/broker_cluster.h"
#include "consumer/received_messages.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
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

constexpr char kNamespace[] = "tenant1";
constexpr char kTopic[] = "NamespaceItTopic";

class NamespaceIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Test brokers run with one-second delay levels: retries come back quickly.
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
    ProducerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.name_space = kNamespace;
    config.group = "PG_NAMESPACE_IT";
    Producer producer(config);
    ASSERT_TRUE(producer.Start().ok());
    for (int i = 0; i < 20; ++i) {
      const std::string body = "ns-" + std::to_string(i);
      auto sent = producer.Send(Message(kTopic, body));
      ASSERT_TRUE(sent.ok()) << sent.status().ToString();
      bodies_.insert(body);
    }
    ASSERT_TRUE(producer.Shutdown().ok());
    // The sends auto-created the topic; the broker registers it with the nameserver on its own
    // thread, so a consumer's route lookup right after the last send can precede it.
    ASSERT_TRUE(cluster_->WaitForRoute(std::string(kNamespace) + "%" + kTopic).ok());
  }

  ConsumerConfig Config(const std::string& group) const {
    ConsumerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.name_space = kNamespace;
    config.group = group;
    config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    config.rebalance_interval_ms = 1000;
    return config;
  }

  // The client ids the broker lists for `group` (as named on the wire).
  std::vector<std::string> Members(const std::string& group) {
    protocol::ConsumerGroupRequestHeader header;
    header.consumer_group = group;
    auto response = cluster_->Call(remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kGetConsumerListByGroup, header.Encode()));
    if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) return {};
    auto body = protocol::GetConsumerListByGroupResponseBody::Decode(response->body().Flatten());
    return body.ok() ? body->consumer_id_list : std::vector<std::string>{};
  }

  std::unique_ptr<BrokerCluster> cluster_;
  std::set<std::string> bodies_;
};

TEST_F(NamespaceIntegrationTest, PushConsumerSeesItsOwnNamesAndTheBrokerTheWrappedOnes) {
  ReceivedMessages received;
  std::mutex mu;
  std::set<std::string> topics_seen;
  std::set<std::string> refused;
  PushConsumer consumer(Config("CG_NAMESPACE_IT"));
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) {
      std::lock_guard<std::mutex> lock(mu);
      topics_seen.insert(m.topic());
      // One message goes through the retry topic and must come back under its own name.
      if (m.body() == "ns-7" && refused.insert(m.body()).second) {
        return ConsumeStatus::kReconsumeLater;
      }
    }
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(bodies_)) << received.distinct();
  EXPECT_EQ(received.ReconsumeTimes("ns-7"), 1);
  EXPECT_EQ(Members(std::string(kNamespace) + "%CG_NAMESPACE_IT").size(), 1u);
  EXPECT_TRUE(Members("CG_NAMESPACE_IT").empty());
  EXPECT_EQ(consumer.Unsubscribe("NotSubscribed").code(), ErrorCode::kNotFound);
  EXPECT_TRUE(consumer.Unsubscribe(kTopic).ok());
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(topics_seen, std::set<std::string>{kTopic});
}

TEST_F(NamespaceIntegrationTest, LitePullConsumerAssignsAndPollsByTheApplicationsNames) {
  LitePullConsumer consumer(Config("CG_NAMESPACE_IT_LITE"));
  ASSERT_TRUE(consumer.Start().ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok()) << queues.status().ToString();
  ASSERT_FALSE(queues->empty());
  for (const auto& queue : *queues) EXPECT_EQ(queue.topic, kTopic);
  ASSERT_TRUE(consumer.Assign(*queues).ok());
  std::set<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
  while (seen.size() < bodies_.size() && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer.Poll(std::chrono::milliseconds(200));
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    for (const auto& m : *batch) {
      EXPECT_EQ(m.topic(), kTopic);
      seen.insert(m.body());
    }
  }
  EXPECT_EQ(seen, bodies_);
  EXPECT_TRUE(consumer.Seek(queues->front(), 0).ok());
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

}  // namespace
}  // namespace rocketmq
