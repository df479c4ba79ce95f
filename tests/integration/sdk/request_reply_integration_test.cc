// Request-reply through the real namesrv and broker programs (BrokerCluster, loopback,
// ephemeral ports): a push consumer answers requests with CreateReplyMessage; the round trip
// in its three forms, a request nobody answers (Timeout), a reply whose requester is gone
// (the broker answers SYSTEM_ERROR but stores it), many requests in flight at once, and a
// broker with storeReplyMessageEnable=false, which pushes replies without storing them.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
using testing::BrokerCluster;
namespace mc = protocol::MessageConst;

constexpr char kTopic[] = "RequestReplyTopic";
constexpr char kSilentTopic[] = "RequestNobodyAnswers";
// The first request waits for the replier's rebalance.
constexpr milliseconds kFirstRequestTimeout(20000);
constexpr milliseconds kRequestTimeout(5000);

class RequestReplyIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start(broker_args_);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);

    ProducerConfig replier_config;
    replier_config.namesrv_addr = cluster_->namesrv_addr();
    replier_config.group = "PG_REPLIER";
    replier_ = std::make_unique<Producer>(replier_config);
    ASSERT_TRUE(replier_->Start().ok());
    // Creates both topics through the template, so that the consumer finds a route.
    for (const char* topic : {kTopic, kSilentTopic}) {
      auto created = replier_->Send(Message(topic, "create"));
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }

    ConsumerConfig consumer_config;
    consumer_config.namesrv_addr = cluster_->namesrv_addr();
    consumer_config.group = "CG_REPLIER";
    consumer_config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    consumer_config.rebalance_interval_ms = 1000;
    consumer_ = std::make_unique<PushConsumer>(consumer_config);
    ASSERT_TRUE(consumer_->Subscribe(kTopic).ok());
    consumer_->RegisterMessageListener([this](const std::vector<MessageExt>& messages) {
      for (const MessageExt& m : messages) {
        if (!m.has_property(mc::kPropertyCorrelationId)) continue;  // the topic's first message
        auto reply = CreateReplyMessage(m, "reply:" + m.body());
        if (!reply.ok()) {
          ADD_FAILURE() << reply.status().ToString();
          continue;
        }
        auto sent = replier_->Send(*reply);
        if (!sent.ok()) ADD_FAILURE() << sent.status().ToString();
        replies_sent_.fetch_add(1);
      }
      return ConsumeStatus::kConsumeSuccess;
    });
    ASSERT_TRUE(consumer_->Start().ok());

    ProducerConfig requester_config;
    requester_config.namesrv_addr = cluster_->namesrv_addr();
    requester_config.group = "PG_REQUESTER";
    requester_ = std::make_unique<Producer>(requester_config);
    ASSERT_TRUE(requester_->Start().ok());
  }

  // The replier side first: a reply still being sent when the test is done (its requester
  // got it, but the broker answers the replier only after the requester acknowledged the
  // push) must find the requester still connected.
  void TearDown() override {
    if (consumer_) consumer_->Shutdown();
    if (replier_) replier_->Shutdown();
    if (requester_) requester_->Shutdown();
  }

  // The highest offset of the reply topic's queue (0 while it holds nothing).
  int64_t ReplyTopicMaxOffset() {
    protocol::GetMaxOffsetRequestHeader header;
    header.topic = "DefaultCluster_REPLY_TOPIC";
    header.queue_id = 0;
    auto response = cluster_->Call(remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kGetMaxOffset, header.Encode()));
    if (!response.ok()) return -1;
    auto answer = protocol::OffsetResponseHeader::Decode(response->ext_fields());
    return answer.ok() ? answer->offset : -1;
  }

  std::vector<std::string> broker_args_;
  std::unique_ptr<BrokerCluster> cluster_;
  std::unique_ptr<Producer> replier_;
  std::unique_ptr<PushConsumer> consumer_;
  std::unique_ptr<Producer> requester_;
  std::atomic<int> replies_sent_{0};
};

TEST_F(RequestReplyIntegrationTest, RoundTripSyncCallbackAndFuture) {
  auto reply = requester_->Request(Message(kTopic, "ping"), kFirstRequestTimeout);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->body(), "reply:ping");
  EXPECT_EQ(reply->topic(), "DefaultCluster_REPLY_TOPIC");
  EXPECT_EQ(reply->property(mc::kPropertyMessageType), "reply");
  EXPECT_EQ(reply->property(mc::kPropertyMessageTtl), std::to_string(kFirstRequestTimeout.count()));
  EXPECT_EQ(reply->property(mc::kPropertyCorrelationId).size(), 36u);
  EXPECT_FALSE(reply->property(mc::kPropertyPushReplyTime).empty());
  EXPECT_FALSE(reply->property(mc::kPropertyReplyMessageArriveTime).empty());

  std::promise<Result<MessageExt>> called;
  ASSERT_TRUE(requester_
                  ->RequestAsync(Message(kTopic, "async"), kRequestTimeout,
                                 [&](const Result<MessageExt>& r) { called.set_value(r); })
                  .ok());
  auto async_reply = called.get_future();
  ASSERT_EQ(async_reply.wait_for(kRequestTimeout + milliseconds(2000)), std::future_status::ready);
  auto got = async_reply.get();
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->body(), "reply:async");

  auto future = requester_->RequestAsync(Message(kTopic, "future"), kRequestTimeout);
  ASSERT_EQ(future.wait_for(kRequestTimeout + milliseconds(2000)), std::future_status::ready);
  auto from_future = future.get();
  ASSERT_TRUE(from_future.ok()) << from_future.status().ToString();
  EXPECT_EQ(from_future->body(), "reply:future");
}

TEST_F(RequestReplyIntegrationTest, ARequestNobodyAnswersTimesOut) {
  const auto begin = std::chrono::steady_clock::now();
  auto reply = requester_->Request(Message(kSilentTopic, "hello?"), milliseconds(500));
  const auto took = std::chrono::steady_clock::now() - begin;
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), ErrorCode::kTimeout) << reply.status().ToString();
  EXPECT_NE(reply.status().message().find("no reply"), std::string::npos)
      << reply.status().ToString();
  EXPECT_GE(took, milliseconds(500));
  EXPECT_LT(took, milliseconds(3000));

  auto future = requester_->RequestAsync(Message(kSilentTopic, "anyone?"), milliseconds(300));
  ASSERT_EQ(future.wait_for(milliseconds(5000)), std::future_status::ready);
  EXPECT_EQ(future.get().status().code(), ErrorCode::kTimeout);

  EXPECT_EQ(requester_->Request(Message(kSilentTopic, "x"), milliseconds(0)).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(RequestReplyIntegrationTest, AReplyWhoseRequesterIsGoneIsRefusedButStored) {
  Message request(kTopic, "orphan");
  request.set_property(mc::kPropertyCluster, "DefaultCluster");
  request.set_property(mc::kPropertyCorrelationId, "00000000-0000-4000-8000-000000000000");
  request.set_property(mc::kPropertyMessageReplyToClient, "127.0.0.1@gone");
  auto reply = CreateReplyMessage(request, "nobody listens");
  ASSERT_TRUE(reply.ok());
  auto sent = replier_->Send(*reply);
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.status().code(), ErrorCode::kBrokerError) << sent.status().ToString();
  EXPECT_NE(sent.status().message().find("channel of <127.0.0.1@gone> not found"),
            std::string::npos)
      << sent.status().ToString();
  // Stored all the same (once per attempt: the producer retries SYSTEM_ERROR, as Java does).
  EXPECT_TRUE(cluster_->WaitForMaxOffset("DefaultCluster_REPLY_TOPIC", 0, 1).ok());
  // The broker still serves requests.
  auto ok = requester_->Request(Message(kTopic, "still there"), kFirstRequestTimeout);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->body(), "reply:still there");
}

TEST_F(RequestReplyIntegrationTest, ManyConcurrentRequestsEachGetTheirOwnReply) {
  auto first = requester_->Request(Message(kTopic, "warm"), kFirstRequestTimeout);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  constexpr int kRequests = 200;
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  int matched = 0;
  std::vector<std::string> errors;
  for (int i = 0; i < kRequests; ++i) {
    const std::string body = "r" + std::to_string(i);
    Status started = requester_->RequestAsync(Message(kTopic, body), milliseconds(15000),
                                              [&, body](const Result<MessageExt>& r) {
                                                std::lock_guard<std::mutex> lock(mu);
                                                if (!r.ok()) {
                                                  errors.push_back(r.status().ToString());
                                                } else if (r->body() == "reply:" + body) {
                                                  ++matched;
                                                }
                                                ++done;
                                                cv.notify_all();
                                              });
    ASSERT_TRUE(started.ok()) << started.ToString();
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return done == kRequests; }))
      << done << " of " << kRequests << " completed";
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(matched, kRequests);
}

// storeReplyMessageEnable=false: replies are only pushed, never stored.
class RequestReplyWithoutStoreTest : public RequestReplyIntegrationTest {
 protected:
  RequestReplyWithoutStoreTest() { broker_args_ = {"--storeReplyMessageEnable=false"}; }
};

TEST_F(RequestReplyWithoutStoreTest, RepliesArePushedButNotStored) {
  auto reply = requester_->Request(Message(kTopic, "ping"), kFirstRequestTimeout);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->body(), "reply:ping");

  Message request(kTopic, "orphan");
  request.set_property(mc::kPropertyCluster, "DefaultCluster");
  request.set_property(mc::kPropertyCorrelationId, "00000000-0000-4000-8000-000000000001");
  request.set_property(mc::kPropertyMessageReplyToClient, "127.0.0.1@gone");
  auto orphan = CreateReplyMessage(request, "nobody listens");
  ASSERT_TRUE(orphan.ok());
  auto sent = replier_->Send(*orphan);
  EXPECT_EQ(sent.status().code(), ErrorCode::kBrokerError) << sent.status().ToString();
  EXPECT_EQ(ReplyTopicMaxOffset(), 0);
}

}  // namespace
}  // namespace rocketmq
