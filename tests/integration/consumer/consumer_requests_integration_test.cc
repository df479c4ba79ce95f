// Requests brokers send to a running push consumer (Java's ClientRemotingProcessor), against
// the real namesrv and broker: GET_CONSUMER_RUNNING_INFO as mqadmin consumerStatus sends it
// (through the broker), and GET_CONSUMER_STATUS_FROM_CLIENT, CONSUME_MESSAGE_DIRECTLY and
// RESET_CONSUMER_CLIENT_OFFSET from a stand-in broker the consumer is connected to (our
// broker does not relay those yet).
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "consumer/push_consumer_impl.h"
#include "consumer/received_messages.h"
#include "protocol/client_headers.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_list_body.h"
#include "protocol/consumer_running_info.h"
#include "protocol/consumer_status_body.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "remoting/remoting_server.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

using remoting::RemotingCommand;
using testing::BrokerCluster;
using testing::kConsumeWait;
using testing::ReceivedMessages;
namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

constexpr char kTopic[] = "ConsumerRequestsIt";
constexpr char kGroup[] = "CG_CONSUMER_REQUESTS_IT";
constexpr int kMessages = 20;
constexpr std::chrono::milliseconds kTimeout(5000);

class ConsumerRequestsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);

    ProducerConfig producer_config;
    producer_config.namesrv_addr = cluster_->namesrv_addr();
    producer_config.group = "PG_CONSUMER_REQUESTS_IT";
    Producer producer(producer_config);
    ASSERT_TRUE(producer.Start().ok());
    for (int i = 0; i < kMessages; ++i) {
      const std::string body = "m-" + std::to_string(i);
      ASSERT_TRUE(producer.Send(Message(kTopic, body)).ok());
      bodies_.insert(body);
    }
    ASSERT_TRUE(producer.Shutdown().ok());

    ConsumerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = kGroup;
    config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    config.rebalance_interval_ms = 1000;
    config.consume_thread_count = 2;
    consumer_ = std::make_shared<consumer::PushConsumerImpl>(config);
    ASSERT_TRUE(consumer_->Subscribe(kTopic, "*").ok());
    consumer_->RegisterMessageListener([this](const std::vector<MessageExt>& messages) {
      for (const auto& m : messages) {
        if (m.body() == "throw") throw std::runtime_error("listener failure");
        received_.Add(m);
        if (m.body() == "refuse") return ConsumeStatus::kReconsumeLater;
      }
      return ConsumeStatus::kConsumeSuccess;
    });
    ASSERT_TRUE(consumer_->Start().ok());
    ASSERT_TRUE(received_.WaitFor(bodies_)) << received_.distinct();
  }

  void TearDown() override {
    if (consumer_) {
      EXPECT_TRUE(consumer_->Shutdown(kTimeout).ok());
    }
    if (stand_in_) stand_in_->Shutdown();
  }

  // The consumer's view of itself, through the broker as mqadmin asks for it.
  Result<protocol::ConsumerRunningInfo> RunningInfoThroughBroker(const std::string& group) {
    protocol::GetConsumerRunningInfoRequestHeader header;
    header.consumer_group = group;
    header.client_id = consumer_->instance()->client_id();
    auto response = cluster_->Call(
        RemotingCommand::CreateRequest(RequestCode::kGetConsumerRunningInfo, header.Encode()));
    if (!response.ok()) return response.status();
    if (response->code() != ResponseCode::kSuccess) {
      return Status::BrokerError(remoting::DescribeResponse(*response));
    }
    return protocol::ConsumerRunningInfo::Decode(response->body().Flatten());
  }

  // Sum of the committed offsets of the topic's queues in the consumer's running info.
  static int64_t CommittedOf(const protocol::ConsumerRunningInfo& info) {
    int64_t sum = 0;
    for (const auto& [mq, pq] : info.mq_table) {
      if (mq.topic == kTopic) sum += pq.commit_offset;
    }
    return sum;
  }

  // A server on loopback the consumer's client connects to, standing in for a broker that
  // relays admin requests to the consumer over that connection.
  std::shared_ptr<remoting::Connection> ConnectStandIn() {
    remoting::RemotingServerOptions options;
    options.host = "127.0.0.1";
    stand_in_ = std::make_unique<remoting::RemotingServer>(options);
    stand_in_->RegisterProcessor(
        RequestCode::kHeartBeat,
        [](const std::shared_ptr<remoting::Connection>&, RemotingCommand&) {
          return RemotingCommand::CreateResponse(ResponseCode::kSuccess);
        });
    EXPECT_TRUE(stand_in_->Start().ok());
    const std::string address = "127.0.0.1:" + std::to_string(stand_in_->port());
    auto hello = consumer_->instance()->remoting().InvokeSync(
        address, RemotingCommand::CreateRequest(RequestCode::kHeartBeat), kTimeout);
    EXPECT_TRUE(hello.ok()) << hello.status().ToString();
    auto connections = stand_in_->Connections();
    EXPECT_EQ(connections.size(), 1u);
    return connections.empty() ? nullptr : connections.front();
  }

  Result<RemotingCommand> AskConsumer(const std::shared_ptr<remoting::Connection>& connection,
                                      RemotingCommand request) {
    return stand_in_->InvokeSync(connection, std::move(request), kTimeout);
  }

  std::unique_ptr<BrokerCluster> cluster_;
  std::set<std::string> bodies_;
  ReceivedMessages received_;
  std::shared_ptr<consumer::PushConsumerImpl> consumer_;
  std::unique_ptr<remoting::RemotingServer> stand_in_;
};

TEST_F(ConsumerRequestsIntegrationTest, RunningInfoThroughTheBrokerAsMqadminAsks) {
  // Offsets reach the consumer's memory just after each listener call: wait for all of them.
  Result<protocol::ConsumerRunningInfo> info = Status::Timeout("no running info");
  const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
  while (std::chrono::steady_clock::now() < deadline) {
    info = RunningInfoThroughBroker(kGroup);
    if (info.ok() && CommittedOf(*info) == kMessages) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(CommittedOf(*info), kMessages);
  EXPECT_EQ(info->properties.at(protocol::kPropConsumeType), "CONSUME_PASSIVELY");
  EXPECT_EQ(info->properties.at(protocol::kPropConsumeOrderly), "false");
  EXPECT_EQ(info->properties.at("consumerGroup"), kGroup);
  EXPECT_EQ(info->properties.at("messageModel"), "CLUSTERING");
  EXPECT_GT(std::stoll(info->properties.at(protocol::kPropConsumerStartTimestamp)), 0);
  std::set<std::string> topics;
  for (const auto& subscription : info->subscription_set) topics.insert(subscription.topic);
  EXPECT_EQ(topics, (std::set<std::string>{kTopic, std::string("%RETRY%") + kGroup}));
  ASSERT_EQ(info->status_table.count(kTopic), 1u);
  EXPECT_GT(info->status_table.at(kTopic).consume_ok_tps, 0.0);
  EXPECT_GT(info->status_table.at(kTopic).pull_tps, 0.0);
  EXPECT_EQ(info->status_table.at(kTopic).consume_failed_msgs, 0);
  for (const auto& [mq, pq] : info->mq_table) {
    EXPECT_FALSE(pq.dropped) << mq.topic << " " << mq.queue_id;
    EXPECT_EQ(pq.cached_msg_count, 0);
  }

  // A group that has no consumer in that client: Java's error.
  auto unknown = RunningInfoThroughBroker("CG_NOBODY");
  EXPECT_FALSE(unknown.ok());
}

TEST_F(ConsumerRequestsIntegrationTest, StatusConsumeDirectlyAndResetFromAStandInBroker) {
  auto connection = ConnectStandIn();
  ASSERT_NE(connection, nullptr);

  // GET_CONSUMER_STATUS_FROM_CLIENT: the committed offsets of the topic's queues.
  protocol::GetConsumerStatusRequestHeader status_header;
  status_header.topic = kTopic;
  status_header.group = kGroup;
  int64_t committed = -1;
  const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
  while (committed != kMessages && std::chrono::steady_clock::now() < deadline) {
    auto status = AskConsumer(
        connection, RemotingCommand::CreateRequest(RequestCode::kGetConsumerStatusFromClient,
                                                   status_header.Encode()));
    ASSERT_TRUE(status.ok()) << status.status().ToString();
    ASSERT_EQ(status->code(), ResponseCode::kSuccess);
    auto body = protocol::GetConsumerStatusBody::Decode(status->body().Flatten());
    ASSERT_TRUE(body.ok()) << body.status().ToString();
    committed = 0;
    for (const auto& [mq, offset] : body->message_queue_table) {
      EXPECT_EQ(mq.topic, kTopic);
      committed += offset;
    }
    if (committed != kMessages) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(committed, kMessages);

  // CONSUME_MESSAGE_DIRECTLY: the listener's verdict on a message sent in the request.
  auto consume_directly = [&](const std::string& body) -> protocol::ConsumeMessageDirectlyResult {
    protocol::MessageRecord record;
    record.topic = kTopic;
    record.body = body;
    std::string properties;
    protocol::AppendProperty(
        &properties, protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx, "direct-" + body);
    record.properties = properties;
    auto encoded = protocol::EncodeMessageRecordToString(record);
    EXPECT_TRUE(encoded.ok()) << encoded.status().ToString();
    protocol::ConsumeMessageDirectlyResultRequestHeader header;
    header.consumer_group = kGroup;
    header.client_id = consumer_->instance()->client_id();
    header.msg_id = "direct-" + body;
    header.broker_name = "broker-it";
    auto request =
        RemotingCommand::CreateRequest(RequestCode::kConsumeMessageDirectly, header.Encode());
    request.set_body(encoded.ok() ? *encoded : std::string());
    auto response = AskConsumer(connection, std::move(request));
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return {};
    EXPECT_EQ(response->code(), ResponseCode::kSuccess) << remoting::DescribeResponse(*response);
    auto result = protocol::ConsumeMessageDirectlyResult::Decode(response->body().Flatten());
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : protocol::ConsumeMessageDirectlyResult{};
  };
  auto accepted = consume_directly("direct");
  EXPECT_EQ(accepted.consume_result, protocol::kConsumeResultSuccess);
  EXPECT_FALSE(accepted.order);
  EXPECT_TRUE(received_.Has("direct"));
  EXPECT_EQ(consume_directly("refuse").consume_result, protocol::kConsumeResultLater);
  auto thrown = consume_directly("throw");
  EXPECT_EQ(thrown.consume_result, protocol::kConsumeResultThrowException);
  EXPECT_EQ(thrown.remark.value_or(""), "listener failure");

  // RESET_CONSUMER_CLIENT_OFFSET to 0 on every queue: everything comes again.
  auto info = RunningInfoThroughBroker(kGroup);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  protocol::ResetOffsetBody reset_body;
  for (const auto& [mq, pq] : info->mq_table) {
    if (mq.topic == kTopic) reset_body.offset_table[mq] = 0;
  }
  ASSERT_FALSE(reset_body.offset_table.empty());
  protocol::ResetOffsetRequestHeader reset_header;
  reset_header.topic = kTopic;
  reset_header.group = kGroup;
  reset_header.timestamp = 0;
  reset_header.is_force = true;
  auto reset = RemotingCommand::CreateRequest(RequestCode::kResetConsumerClientOffset,
                                              reset_header.Encode());
  reset.set_body(reset_body.Encode());
  auto reset_response = AskConsumer(connection, std::move(reset));
  ASSERT_TRUE(reset_response.ok()) << reset_response.status().ToString();
  EXPECT_EQ(reset_response->code(), ResponseCode::kSuccess)
      << remoting::DescribeResponse(*reset_response);
  const auto again_deadline = std::chrono::steady_clock::now() + kConsumeWait;
  bool all_twice = false;
  while (!all_twice && std::chrono::steady_clock::now() < again_deadline) {
    all_twice = true;
    for (const auto& body : bodies_) all_twice = all_twice && received_.Count(body) >= 2;
    if (!all_twice) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(all_twice) << "not every message came again after the reset";
}

TEST_F(ConsumerRequestsIntegrationTest, LitePullRunningInfoThroughTheBroker) {
  ConsumerConfig config;
  config.namesrv_addr = cluster_->namesrv_addr();
  config.group = "CG_CONSUMER_REQUESTS_IT_LITE";
  LitePullConsumer lite(config);
  ASSERT_TRUE(lite.Subscribe(kTopic, "*").ok());
  ASSERT_TRUE(lite.Start().ok());
  // The broker knows the consumer once its heartbeat arrived.
  std::vector<std::string> ids;
  const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
  while (ids.empty() && std::chrono::steady_clock::now() < deadline) {
    protocol::ConsumerGroupRequestHeader header;
    header.consumer_group = config.group;
    auto response = cluster_->Call(
        RemotingCommand::CreateRequest(RequestCode::kGetConsumerListByGroup, header.Encode()));
    if (response.ok() && response->code() == ResponseCode::kSuccess) {
      auto body = protocol::GetConsumerListByGroupResponseBody::Decode(response->body().Flatten());
      if (body.ok()) ids = body->consumer_id_list;
    }
    if (ids.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(ids.size(), 1u);

  protocol::GetConsumerRunningInfoRequestHeader header;
  header.consumer_group = config.group;
  header.client_id = ids.front();
  auto response = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerRunningInfo, header.Encode()));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->code(), ResponseCode::kSuccess) << remoting::DescribeResponse(*response);
  auto info = protocol::ConsumerRunningInfo::Decode(response->body().Flatten());
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->properties.at(protocol::kPropConsumeType), "CONSUME_ACTIVELY");
  EXPECT_EQ(info->properties.at("consumerGroup"), config.group);
  ASSERT_EQ(info->subscription_set.size(), 1u);
  EXPECT_EQ(info->subscription_set.front().topic, kTopic);
  ASSERT_TRUE(lite.Shutdown(kTimeout).ok());
}

}  // namespace
}  // namespace rocketmq
