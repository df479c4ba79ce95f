// SQL92 filtering on the real broker program: what HEART_BEAT, CHECK_CLIENT_CONFIG and
// PULL_MESSAGE answer for good, bad and disabled selectors, a held pull woken by a
// matching message, the SDK's push consumer receiving only the matching messages, and the
// SDK's consumers refused at start (CHECK_CLIENT_CONFIG) with a bad or disabled selector.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <string>
#include <thread>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "consumer/received_messages.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
#include "protocol/message_properties.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/logging.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using remoting::RemotingCommand;
using testing::BrokerCluster;
namespace rc = protocol::ResponseCode;

constexpr char kTopic[] = "SqlFilterTopic";
constexpr char kGroup[] = "CG_SQL_IT";

std::string SubscriptionJson(const std::string& topic, const std::string& type,
                             const std::string& expression, int64_t version) {
  return "{\"classFilterMode\":false,\"codeSet\":[],\"expressionType\":\"" + type +
         "\",\"subString\":\"" + expression + "\",\"subVersion\":" + std::to_string(version) +
         ",\"tagsSet\":[],\"topic\":\"" + topic + "\"}";
}

RemotingCommand Heartbeat(const std::string& group, const std::string& expression,
                          int64_t version) {
  auto request = RemotingCommand::CreateRequest(protocol::RequestCode::kHeartBeat);
  request.set_body(
      "{\"clientID\":\"127.0.0.1@sql-it\",\"consumerDataSet\":[{\"consumeFromWhere\":"
      "\"CONSUME_FROM_FIRST_OFFSET\",\"consumeType\":\"CONSUME_PASSIVELY\",\"groupName\":\"" +
      group + "\",\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":[" +
      SubscriptionJson(kTopic, "SQL92", expression, version) +
      "],\"unitMode\":false}],\"producerDataSet\":[]}");
  return request;
}

RemotingCommand CheckClientConfig(const std::string& expression) {
  auto request = RemotingCommand::CreateRequest(protocol::RequestCode::kCheckClientConfig);
  request.set_body("{\"clientId\":\"127.0.0.1@sql-it\",\"group\":\"" + std::string(kGroup) +
                   "\",\"subscriptionData\":" + SubscriptionJson(kTopic, "SQL92", expression, 1) +
                   "}");
  return request;
}

// PULL_MESSAGE of queue 0 with (`in_request`) or without the subscription in the request.
RemotingCommand SqlPull(const std::string& expression, int64_t offset, bool in_request,
                        int64_t suspend_ms = 0) {
  protocol::PullMessageRequestHeader header;
  header.consumer_group = kGroup;
  header.topic = kTopic;
  header.queue_id = 0;
  header.queue_offset = offset;
  header.max_msg_nums = 32;
  header.sys_flag = (in_request ? 0x4 : 0) | (suspend_ms > 0 ? 0x2 : 0);
  header.suspend_timeout_millis = suspend_ms;
  header.subscription = expression;
  header.expression_type = "SQL92";
  header.sub_version = 1;
  return RemotingCommand::CreateRequest(protocol::RequestCode::kPullMessage, header.Encode());
}

std::string Remark(const RemotingCommand& response) { return response.remark().value_or(""); }

// SEND_MESSAGE_V2 of `body` to queue 0 of `topic`, with the given properties.
RemotingCommand SendWithProperties(const std::string& topic, const std::string& body,
                                   const protocol::MessageProperties& properties) {
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG_SQL_IT";
  header.topic = topic;
  header.queue_id = 0;
  header.born_timestamp = clock::WallMillis();
  header.properties = protocol::EncodeMessageProperties(properties);
  auto request =
      RemotingCommand::CreateRequest(protocol::RequestCode::kSendMessageV2, header.EncodeV2());
  request.set_body(body);
  return request;
}

class SqlFilterIntegrationTest : public ::testing::Test {
 protected:
  void StartCluster(std::vector<std::string> extra) {
    auto cluster = BrokerCluster::Start(std::move(extra));
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  // Sends `body` to queue 0 (the one the raw pulls read) with properties n and color.
  void Send(const std::string& body, int n, const std::string& color) {
    auto request = Message(kTopic, body);
    ASSERT_TRUE(producer_ != nullptr);
    request.set_property("n", std::to_string(n));
    request.set_property("color", color);
    auto sent =
        producer_->Send(request, [](const std::vector<MessageQueue>& queues, const Message&) {
          for (const auto& queue : queues) {
            if (queue.queue_id == 0) return queue;
          }
          return queues.front();
        });
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  }

  void StartProducer() {
    ProducerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = "PG_SQL_IT";
    producer_ = std::make_unique<Producer>(config);
    ASSERT_TRUE(producer_->Start().ok());
  }

  void TearDown() override {
    if (producer_) {
      EXPECT_TRUE(producer_->Shutdown().ok());
    }
  }

  // Bodies pulled from queue 0 of kTopic, from offset 0 to its end.
  std::set<std::string> PullBodies(const std::string& expression, bool in_request) {
    std::set<std::string> bodies;
    int64_t offset = 0;
    for (int round = 0; round < 100; ++round) {
      auto response = cluster_->Call(SqlPull(expression, offset, in_request));
      EXPECT_TRUE(response.ok()) << response.status().ToString();
      if (!response.ok()) break;
      if (response->code() == rc::kSuccess) {
        std::string storage;
        auto records = testing::PulledRecords(*response, &storage);
        EXPECT_TRUE(records.ok());
        if (!records.ok()) break;
        for (const auto& r : *records) bodies.insert(std::string(r.body));
      } else if (response->code() != rc::kPullRetryImmediately) {
        EXPECT_EQ(response->code(), rc::kPullNotFound) << Remark(*response);
        break;
      }
      auto header = protocol::PullMessageResponseHeader::Decode(response->ext_fields());
      EXPECT_TRUE(header.ok());
      if (!header.ok()) break;
      offset = header->next_begin_offset;
    }
    return bodies;
  }

  std::unique_ptr<BrokerCluster> cluster_;
  std::unique_ptr<Producer> producer_;
};

TEST_F(SqlFilterIntegrationTest, PullsReturnOnlyMatchingMessages) {
  StartCluster({"--enablePropertyFilter=true"});
  StartProducer();
  for (int i = 0; i < 20; ++i) Send("m" + std::to_string(i), i, i % 2 ? "red" : "blue");
  ASSERT_TRUE(cluster_->WaitForMaxOffset(kTopic, 0, 20).ok());

  const std::set<std::string> expected = {"m11", "m13", "m15", "m17", "m19"};
  EXPECT_EQ(PullBodies("n > 10 AND color = 'red'", true), expected);

  auto heartbeat = cluster_->Call(Heartbeat(kGroup, "n > 10 AND color = 'red'", 1));
  ASSERT_TRUE(heartbeat.ok());
  ASSERT_EQ(heartbeat->code(), rc::kSuccess) << Remark(*heartbeat);
  EXPECT_EQ(PullBodies("", false), expected);

  // A missing property is unknown, not a match.
  EXPECT_EQ(PullBodies("shape = 'round' OR n BETWEEN 3 AND 4", true),
            (std::set<std::string>{"m3", "m4"}));
  EXPECT_EQ(PullBodies("color IN ('green')", true), std::set<std::string>{});
}

TEST_F(SqlFilterIntegrationTest, BadExpressionsAreRefusedWithApacheCodes) {
  StartCluster({"--enablePropertyFilter=true"});
  StartProducer();
  Send("m0", 0, "red");
  ASSERT_TRUE(cluster_->WaitForMaxOffset(kTopic, 0, 1).ok());

  auto check = cluster_->Call(CheckClientConfig("n >"));
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->code(), rc::kSubscriptionParseFailed);
  EXPECT_NE(Remark(*check).find("Invalid MessageSelector"), std::string::npos) << Remark(*check);
  EXPECT_NE(Remark(*check).find("column 4"), std::string::npos) << Remark(*check);

  auto good_check = cluster_->Call(CheckClientConfig("n > 1"));
  ASSERT_TRUE(good_check.ok());
  EXPECT_EQ(good_check->code(), rc::kSuccess) << Remark(*good_check);

  auto heartbeat = cluster_->Call(Heartbeat(kGroup, "n = NULL", 1));
  ASSERT_TRUE(heartbeat.ok());
  EXPECT_EQ(heartbeat->code(), rc::kSubscriptionParseFailed);
  EXPECT_NE(Remark(*heartbeat).find(kTopic), std::string::npos) << Remark(*heartbeat);
  EXPECT_NE(Remark(*heartbeat).find("IS [NOT] NULL"), std::string::npos) << Remark(*heartbeat);

  // The group is registered, but its pulls find no filter data.
  auto pull = cluster_->Call(SqlPull("", 0, false));
  ASSERT_TRUE(pull.ok());
  EXPECT_EQ(pull->code(), rc::kFilterDataNotExist) << Remark(*pull);

  auto pull_with_bad = cluster_->Call(SqlPull("n >", 0, true));
  ASSERT_TRUE(pull_with_bad.ok());
  EXPECT_EQ(pull_with_bad->code(), rc::kSubscriptionParseFailed);
  EXPECT_EQ(Remark(*pull_with_bad), "parse the consumer's subscription failed");

  // A newer, valid heartbeat repairs it; a pull newer than the registration is told so.
  auto repaired = cluster_->Call(Heartbeat(kGroup, "n = 0", 2));
  ASSERT_TRUE(repaired.ok());
  EXPECT_EQ(repaired->code(), rc::kSuccess) << Remark(*repaired);
  EXPECT_EQ(PullBodies("", false), std::set<std::string>{"m0"});
  auto newer = SqlPull("", 0, false);
  auto header = protocol::PullMessageRequestHeader::Decode(newer.ext_fields());
  ASSERT_TRUE(header.ok());
  header->sub_version = 3;
  auto ahead = cluster_->Call(
      RemotingCommand::CreateRequest(protocol::RequestCode::kPullMessage, header->Encode()));
  ASSERT_TRUE(ahead.ok());
  EXPECT_TRUE(ahead->code() == rc::kFilterDataNotLatest ||
              ahead->code() == rc::kSubscriptionNotLatest)
      << ahead->code() << " " << Remark(*ahead);
}

TEST_F(SqlFilterIntegrationTest, DisabledByDefaultAsInApache) {
  StartCluster({});
  const std::string refusal = "The broker does not support consumer to filter message by SQL92";
  auto check = cluster_->Call(CheckClientConfig("n > 1"));
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->code(), rc::kSystemError);
  EXPECT_EQ(Remark(*check), refusal);

  auto heartbeat = cluster_->Call(Heartbeat(kGroup, "n > 1", 1));
  ASSERT_TRUE(heartbeat.ok());
  EXPECT_EQ(heartbeat->code(), rc::kSystemError);
  EXPECT_EQ(Remark(*heartbeat), refusal);

  StartProducer();
  Send("m0", 0, "red");
  for (bool in_request : {true, false}) {
    auto pull = cluster_->Call(SqlPull("n > 1", 0, in_request));
    ASSERT_TRUE(pull.ok());
    EXPECT_EQ(pull->code(), rc::kSystemError);
    EXPECT_EQ(Remark(*pull), refusal);
  }
}

// Retry messages of a group filtering kTopic by SQL92: filtered by that selector only with
// filterSupportRetry (found by their RETRY_TOPIC property), all redelivered without it.
TEST_F(SqlFilterIntegrationTest, RetryMessagesAreFilteredOnlyWithFilterSupportRetry) {
  for (bool support_retry : {true, false}) {
    SCOPED_TRACE(support_retry ? "filterSupportRetry=true" : "filterSupportRetry=false");
    StartCluster({"--enablePropertyFilter=true",
                  std::string("--filterSupportRetry=") + (support_retry ? "true" : "false")});
    auto heartbeat = cluster_->Call(Heartbeat(kGroup, "n > 5", 1));
    ASSERT_TRUE(heartbeat.ok());
    ASSERT_EQ(heartbeat->code(), rc::kSuccess) << Remark(*heartbeat);
    const std::string retry_topic = std::string("%RETRY%") + kGroup;
    for (int n : {1, 9}) {
      auto sent = cluster_->Call(SendWithProperties(
          retry_topic, "retry" + std::to_string(n),
          {{protocol::MessageConst::kPropertyRetryTopic, kTopic}, {"n", std::to_string(n)}}));
      ASSERT_TRUE(sent.ok());
      ASSERT_EQ(sent->code(), rc::kSuccess) << Remark(*sent);
    }
    ASSERT_TRUE(cluster_->WaitForMaxOffset(retry_topic, 0, 2).ok());
    auto pulled = cluster_->Pull(kGroup, retry_topic, 0, 0, "*");
    ASSERT_TRUE(pulled.ok());
    ASSERT_EQ(pulled->code(), rc::kSuccess) << Remark(*pulled);
    std::string storage;
    auto records = testing::PulledRecords(*pulled, &storage);
    ASSERT_TRUE(records.ok());
    std::set<std::string> bodies;
    for (const auto& r : *records) bodies.insert(std::string(r.body));
    const std::set<std::string> expected =
        support_retry ? std::set<std::string>{"retry9"} : std::set<std::string>{"retry1", "retry9"};
    EXPECT_EQ(bodies, expected);
    cluster_.reset();
  }
}

TEST_F(SqlFilterIntegrationTest, HeldPullWakesForAMatchingMessage) {
  StartCluster({"--enablePropertyFilter=true"});
  StartProducer();
  Send("m0", 0, "blue");
  ASSERT_TRUE(cluster_->WaitForMaxOffset(kTopic, 0, 1).ok());

  const auto start = std::chrono::steady_clock::now();
  std::promise<Result<RemotingCommand>> answered;
  auto future = answered.get_future();
  ASSERT_TRUE(
      cluster_->client()
          .InvokeAsync(cluster_->broker_addr(), SqlPull("color = 'red'", 1, true, 15000),
                       std::chrono::seconds(30),
                       [&answered](Result<RemotingCommand> r) { answered.set_value(std::move(r)); })
          .ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Send("m1", 1, "red");
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto response = future.get();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->code(), rc::kSuccess) << Remark(*response);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  std::string storage;
  auto records = testing::PulledRecords(*response, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "m1");
}

TEST_F(SqlFilterIntegrationTest, PushConsumerReceivesOnlyMatchingMessages) {
  StartCluster({"--enablePropertyFilter=true"});
  StartProducer();
  std::set<std::string> expected;
  for (int i = 0; i < 20; ++i) {
    Send("before" + std::to_string(i), i, i % 2 ? "red" : "blue");
    if (i % 2 && i > 10) expected.insert("before" + std::to_string(i));
  }

  ConsumerConfig config;
  config.namesrv_addr = cluster_->namesrv_addr();
  config.group = kGroup;
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 1000;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "n > 10 AND color = 'red'", ExpressionType::kSql92).ok());
  testing::ReceivedMessages received;
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  for (int i = 0; i < 20; ++i) {
    Send("after" + std::to_string(i), i, i % 2 ? "red" : "blue");
    if (i % 2 && i > 10) expected.insert("after" + std::to_string(i));
  }
  ASSERT_TRUE(received.WaitFor(expected)) << "received " << received.distinct();
  // Anything not matching would have come with the matching ones of its queue.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(received.distinct(), expected.size());
  ASSERT_TRUE(consumer.Shutdown().ok());
}

// The group's members as the broker knows them (GET_CONSUMER_LIST_BY_GROUP).
size_t GroupMembers(BrokerCluster& cluster, const std::string& group) {
  protocol::GetConsumerListByGroupRequestHeader header;
  header.consumer_group = group;
  auto response = cluster.Call(RemotingCommand::CreateRequest(
      protocol::RequestCode::kGetConsumerListByGroup, header.Encode()));
  if (!response.ok() || response->code() != rc::kSuccess) return 0;
  auto body = protocol::GetConsumerListByGroupResponseBody::Decode(response->body().Flatten());
  return body.ok() ? body->consumer_id_list.size() : 0;
}

// The SDK's consumers send CHECK_CLIENT_CONFIG at start, before their first heartbeat (as
// Java's do): a bad SQL92 expression fails Start with the expression and the broker's
// remark, and the broker never hears of the group.
TEST_F(SqlFilterIntegrationTest, ConsumersWithABadExpressionFailToStart) {
  StartCluster({"--enablePropertyFilter=true"});
  StartProducer();
  Send("m0", 0, "red");
  // Like Java's, a consumer checks with a broker its route names; with no route yet it has
  // none to ask.
  ASSERT_TRUE(cluster_->WaitForRoute(kTopic).ok());

  ConsumerConfig config;
  config.namesrv_addr = cluster_->namesrv_addr();
  config.group = "CG_SQL_BAD";
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "n >", ExpressionType::kSql92).ok());
  consumer.RegisterMessageListener(
      [](const std::vector<MessageExt>&) { return ConsumeStatus::kConsumeSuccess; });
  Status started = consumer.Start();
  ASSERT_EQ(started.code(), ErrorCode::kInvalidArgument) << started.ToString();
  EXPECT_NE(started.message().find("SQL92 expression \"n >\""), std::string::npos)
      << started.ToString();
  EXPECT_NE(
      started.message().find("Invalid MessageSelector: encountered the end of the expression"),
      std::string::npos)
      << started.ToString();
  EXPECT_NE(started.message().find("CG_SQL_BAD"), std::string::npos) << started.ToString();
  EXPECT_EQ(GroupMembers(*cluster_, "CG_SQL_BAD"), 0u);
  EXPECT_TRUE(consumer.Shutdown().ok());

  config.group = "CG_SQL_BAD_LITE";
  LitePullConsumer lite(config);
  ASSERT_TRUE(lite.Subscribe(kTopic, "color = ", ExpressionType::kSql92).ok());
  started = lite.Start();
  ASSERT_EQ(started.code(), ErrorCode::kInvalidArgument) << started.ToString();
  EXPECT_NE(started.message().find("\"color = \""), std::string::npos) << started.ToString();
  EXPECT_EQ(GroupMembers(*cluster_, "CG_SQL_BAD_LITE"), 0u);

  // A good expression passes the same check.
  config.group = "CG_SQL_GOOD_LITE";
  LitePullConsumer good(config);
  ASSERT_TRUE(good.Subscribe(kTopic, "color = 'red'", ExpressionType::kSql92).ok());
  started = good.Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  EXPECT_EQ(GroupMembers(*cluster_, "CG_SQL_GOOD_LITE"), 1u);
  EXPECT_TRUE(good.Shutdown().ok());
}

// Against a broker without enablePropertyFilter the same check fails Start with NotSupported.
TEST_F(SqlFilterIntegrationTest, ConsumersFailToStartWhereFilteringIsDisabled) {
  StartCluster({});
  StartProducer();
  Send("m0", 0, "red");
  ASSERT_TRUE(cluster_->WaitForRoute(kTopic).ok());
  ConsumerConfig config;
  config.namesrv_addr = cluster_->namesrv_addr();
  config.group = "CG_SQL_OFF";
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "n > 1", ExpressionType::kSql92).ok());
  consumer.RegisterMessageListener(
      [](const std::vector<MessageExt>&) { return ConsumeStatus::kConsumeSuccess; });
  Status started = consumer.Start();
  ASSERT_EQ(started.code(), ErrorCode::kNotSupported) << started.ToString();
  EXPECT_NE(started.message().find("does not support consumer to filter message by SQL92"),
            std::string::npos)
      << started.ToString();
}

}  // namespace
}  // namespace rocketmq
