// The SDK's lite pull consumer (assign mode) against the real namesrv and broker programs:
// Poll returns everything, Commit makes a new consumer of the group resume after it, and
// Seek rewinds a queue.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <string>

#include "broker/broker_cluster.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;

constexpr auto kWait = std::chrono::seconds(30);

class LitePullConsumerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  ConsumerConfig Config() const {
    ConsumerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = "CG_LITE_IT";
    config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    return config;
  }

  std::set<std::string> Produce(const std::string& prefix, int count,
                                const std::string& tags = "") {
    ProducerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = "PG_LITE_IT";
    Producer producer(config);
    EXPECT_TRUE(producer.Start().ok());
    std::set<std::string> bodies;
    for (int i = 0; i < count; ++i) {
      auto sent = producer.Send(Message(kTopic, tags, prefix + std::to_string(i)));
      EXPECT_TRUE(sent.ok()) << sent.status().ToString();
      bodies.insert(prefix + std::to_string(i));
    }
    EXPECT_TRUE(producer.Shutdown().ok());
    // The sends auto-created the topic; the broker registers it with the nameserver on its own
    // thread, so a consumer's route lookup right after the last send can precede it.
    EXPECT_TRUE(cluster_->WaitForRoute(kTopic).ok());
    return bodies;
  }

  // Polls until every body of `expected` came (bounded); returns everything polled.
  static std::vector<MessageExt> PollAll(LitePullConsumer& consumer,
                                         const std::set<std::string>& expected) {
    std::vector<MessageExt> polled;
    std::set<std::string> seen;
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (std::chrono::steady_clock::now() < deadline) {
      bool all = true;
      for (const auto& body : expected) all = all && seen.count(body) != 0;
      if (all) break;
      auto batch = consumer.Poll(std::chrono::milliseconds(500));
      EXPECT_TRUE(batch.ok()) << batch.status().ToString();
      if (!batch.ok()) break;
      for (auto& m : *batch) {
        seen.insert(m.body());
        polled.push_back(std::move(m));
      }
    }
    return polled;
  }

  static constexpr char kTopic[] = "LitePullItTopic";
  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(LitePullConsumerIntegrationTest, CommitAsyncIsPersistedAndAnsweredOnce) {
  const auto first = Produce("async-first-", 30);
  {
    LitePullConsumer consumer(Config(), /*auto_commit=*/false);
    ASSERT_TRUE(consumer.Start().ok());
    auto queues = consumer.FetchMessageQueues(kTopic);
    ASSERT_TRUE(queues.ok()) << queues.status().ToString();
    ASSERT_TRUE(consumer.Assign(*queues).ok());
    PollAll(consumer, first);

    std::promise<Status> committed;
    std::atomic<int> calls{0};
    ASSERT_TRUE(consumer
                    .CommitAsync([&](const Status& s) {
                      if (calls.fetch_add(1) == 0) committed.set_value(s);
                    })
                    .ok());
    auto outcome = committed.get_future();
    ASSERT_EQ(outcome.wait_for(kWait), std::future_status::ready);
    EXPECT_TRUE(outcome.get().ok());

    // A commit still waiting when Shutdown comes is answered by Shutdown, exactly once.
    std::atomic<int> last_calls{0};
    ASSERT_TRUE(consumer.CommitAsync([&](const Status&) { last_calls.fetch_add(1); }).ok());
    ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
    EXPECT_EQ(last_calls.load(), 1);
    EXPECT_EQ(calls.load(), 1);
    EXPECT_FALSE(consumer.CommitAsync([&](const Status&) { last_calls.fetch_add(1); }).ok());
    EXPECT_EQ(last_calls.load(), 1);
  }

  const auto second = Produce("async-second-", 10);
  LitePullConsumer consumer(Config());
  ASSERT_TRUE(consumer.Start().ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  ASSERT_TRUE(consumer.Assign(*queues).ok());
  for (const auto& m : PollAll(consumer, second)) {
    EXPECT_EQ(first.count(m.body()), 0u) << m.body() << " came again after CommitAsync";
  }
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

TEST_F(LitePullConsumerIntegrationTest, PollCommitResumeAndSeek) {
  const auto first = Produce("first-", 60);
  {
    LitePullConsumer consumer(Config(), /*auto_commit=*/false);
    ASSERT_TRUE(consumer.Start().ok());
    auto queues = consumer.FetchMessageQueues(kTopic);
    ASSERT_TRUE(queues.ok()) << queues.status().ToString();
    ASSERT_FALSE(queues->empty());
    ASSERT_TRUE(consumer.Assign(*queues).ok());
    auto polled = PollAll(consumer, first);
    std::set<std::string> bodies;
    std::map<int, int64_t> last_offset;
    for (const auto& m : polled) {
      bodies.insert(m.body());
      // Within a queue, Poll returns messages in offset order.
      auto [it, inserted] = last_offset.emplace(m.queue_id(), m.queue_offset());
      if (!inserted) {
        EXPECT_GT(m.queue_offset(), it->second);
        it->second = m.queue_offset();
      }
    }
    EXPECT_EQ(bodies, first);
    ASSERT_TRUE(consumer.Commit().ok());

    // Seek rewinds one queue: its first message comes again.
    const MessageQueue rewound = queues->front();
    ASSERT_TRUE(consumer.Seek(rewound, 0).ok());
    bool again = false;
    const auto deadline = std::chrono::steady_clock::now() + kWait;
    while (!again && std::chrono::steady_clock::now() < deadline) {
      auto batch = consumer.Poll(std::chrono::milliseconds(500));
      ASSERT_TRUE(batch.ok());
      for (const auto& m : *batch) {
        again = again || (m.queue_id() == rewound.queue_id && m.queue_offset() == 0);
      }
    }
    EXPECT_TRUE(again);
    // Without auto-commit, the rewind is not recorded: Shutdown persists the committed offsets.
    ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  }

  const auto second = Produce("second-", 20);
  LitePullConsumer consumer(Config());
  ASSERT_TRUE(consumer.Start().ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok());
  ASSERT_TRUE(consumer.Assign(*queues).ok());
  for (const auto& m : PollAll(consumer, second)) {
    EXPECT_EQ(first.count(m.body()), 0u) << m.body() << " came again after a commit";
  }
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

TEST_F(LitePullConsumerIntegrationTest, SubscribedConsumersShareTheTopic) {
  const auto bodies = Produce("sub-", 80);
  auto make = [&](const std::string& instance) {
    ConsumerConfig config = Config();
    config.group = "CG_LITE_IT_SUB";
    config.instance_name = instance;
    config.rebalance_interval_ms = 500;
    auto consumer = std::make_unique<LitePullConsumer>(config);
    EXPECT_TRUE(consumer->Subscribe(kTopic, "*").ok());
    EXPECT_EQ(consumer->Assign({}).code(), ErrorCode::kIllegalState);
    return consumer;
  };
  auto one = make("lite-one");
  auto two = make("lite-two");
  ASSERT_TRUE(one->Start().ok());
  ASSERT_TRUE(two->Start().ok());
  // Whichever queues rebalancing gives each, together they see everything.
  std::set<std::string> seen;
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (seen.size() < bodies.size() && std::chrono::steady_clock::now() < deadline) {
    for (auto* consumer : {one.get(), two.get()}) {
      auto batch = consumer->Poll(std::chrono::milliseconds(200));
      ASSERT_TRUE(batch.ok()) << batch.status().ToString();
      for (const auto& m : *batch) {
        seen.insert(m.body());
      }
    }
  }
  EXPECT_EQ(seen, bodies);
  ASSERT_TRUE(one->Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_TRUE(two->Shutdown(std::chrono::seconds(5)).ok());
}

// Pull headers are written as binary bytes; a JSON-header client sends them as JSON.
TEST_F(LitePullConsumerIntegrationTest, PullsWithJsonHeaders) {
  const auto bodies = Produce("json-", 20);
  ConsumerConfig config = Config();
  config.group = "CG_LITE_IT_JSON";
  config.serialize_type = "JSON";
  LitePullConsumer consumer(config);
  ASSERT_TRUE(consumer.Start().ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok()) << queues.status().ToString();
  ASSERT_TRUE(consumer.Assign(*queues).ok());
  std::set<std::string> seen;
  for (const auto& m : PollAll(consumer, bodies)) seen.insert(m.body());
  EXPECT_EQ(seen, bodies);
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

// Each queue's pull header is encoded once; subscribing again must change what the next
// pulls ask the broker for (the broker filters by the pull's subscription).
TEST_F(LitePullConsumerIntegrationTest, ResubscribingChangesWhatLaterPullsAskFor) {
  const auto tag_a = Produce("tag-a-", 10, "TagA");
  const auto tag_b = Produce("tag-b-", 10, "TagB");
  ConsumerConfig config = Config();
  config.group = "CG_LITE_IT_RESUB";
  LitePullConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "TagA").ok());
  ASSERT_TRUE(consumer.Start().ok());
  for (const auto& m : PollAll(consumer, tag_a)) {
    EXPECT_EQ(tag_b.count(m.body()), 0u) << m.body() << " came while subscribed to TagA";
  }

  // The TagA pulls went past the TagB messages: a seek back asks for them again.
  ASSERT_TRUE(consumer.Subscribe(kTopic, "TagB").ok());
  auto queues = consumer.FetchMessageQueues(kTopic);
  ASSERT_TRUE(queues.ok()) << queues.status().ToString();
  for (const auto& queue : *queues) {
    ASSERT_TRUE(consumer.Seek(queue, 0).ok()) << queue.ToString();
  }
  std::set<std::string> seen;
  for (const auto& m : PollAll(consumer, tag_b)) seen.insert(m.body());
  for (const auto& body : tag_b) EXPECT_EQ(seen.count(body), 1u) << body;
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

}  // namespace
}  // namespace rocketmq
