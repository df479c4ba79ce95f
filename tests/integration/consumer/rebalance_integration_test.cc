// Push consumers joining and leaving a group while messages flow, against the real namesrv
// and broker: nothing is lost (at least once, duplicates counted and reported), and an
// orderly group keeps each queue's order when a second member takes half of the queues.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "consumer/consumer_cluster_test.h"
#include "consumer/received_messages.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;
using testing::kConsumeWait;
using testing::ReceivedMessages;

// Sends `count` messages from its own thread, a little apart so that group changes happen
// while messages still arrive. `make` builds message i; sends that fail are counted.
class PacedProducer {
 public:
  PacedProducer(Producer* producer, int count,
                std::function<Result<SendResult>(Producer*, int)> send)
      : thread_([this, producer, count, send = std::move(send)] {
          for (int i = 0; i < count && !stop_; ++i) {
            if (!send(producer, i).ok()) ++failures_;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
          }
        }) {}
  ~PacedProducer() {
    stop_ = true;
    Join();
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int failures() const { return failures_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> failures_{0};
  std::thread thread_;
};

class RebalanceIntegrationTest : public testing::ConsumerClusterTest {
 protected:
  RebalanceIntegrationTest() : ConsumerClusterTest("PG_REBALANCE_IT") {}

  ConsumerConfig Config(const std::string& group, const std::string& instance) const {
    ConsumerConfig config = BaseConfig(group);
    config.instance_name = instance;
    config.persist_consumer_offset_interval_ms = 1000;
    config.consume_thread_count = 4;
    return config;
  }
};

TEST_F(RebalanceIntegrationTest, NothingLostWhileThreeConsumersJoinAndLeave) {
  const std::string topic = "RebalanceItAtLeastOnce";
  const std::string group = "CG_REBALANCE_IT";
  constexpr int kMessages = 1500;
  // Creates the topic before the first consumer looks for its route.
  ASSERT_TRUE(producer_->Send(Message(topic, "warm-up")).ok());

  ReceivedMessages received;
  std::atomic<int> by_consumer[3] = {{0}, {0}, {0}};
  auto make = [&](int index) {
    auto consumer =
        std::make_unique<PushConsumer>(Config(group, "join-leave-" + std::to_string(index)));
    EXPECT_TRUE(consumer->Subscribe(topic, "*").ok());
    consumer->RegisterMessageListener(
        [&received, &by_consumer, index](const std::vector<MessageExt>& messages) {
          for (const auto& m : messages) received.Add(m);
          by_consumer[index] += static_cast<int>(messages.size());
          return ConsumeStatus::kConsumeSuccess;
        });
    return consumer;
  };

  std::set<std::string> bodies = {"warm-up"};
  for (int i = 0; i < kMessages; ++i) bodies.insert("m-" + std::to_string(i));
  auto first = make(0);
  ASSERT_TRUE(first->Start().ok());
  PacedProducer sender(producer_.get(), kMessages, [&](Producer* producer, int i) {
    return producer->Send(Message(topic, "m-" + std::to_string(i)));
  });

  // Membership changes at fixed fractions of the stream: two joins, then two departures
  // (clean shutdowns, which commit offsets and leave the group), the last member finishing.
  auto second = make(1);
  auto third = make(2);
  ASSERT_TRUE(received.WaitForDistinct(kMessages / 5)) << received.distinct();
  ASSERT_TRUE(second->Start().ok());
  ASSERT_TRUE(received.WaitForDistinct(2 * kMessages / 5)) << received.distinct();
  ASSERT_TRUE(third->Start().ok());
  ASSERT_TRUE(received.WaitForDistinct(3 * kMessages / 5)) << received.distinct();
  ASSERT_TRUE(first->Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_TRUE(received.WaitForDistinct(4 * kMessages / 5)) << received.distinct();
  ASSERT_TRUE(second->Shutdown(std::chrono::seconds(5)).ok());

  sender.Join();
  EXPECT_EQ(sender.failures(), 0);
  EXPECT_TRUE(received.WaitFor(bodies))
      << "received " << received.distinct() << " of " << bodies.size();
  ASSERT_TRUE(third->Shutdown(std::chrono::seconds(5)).ok());

  EXPECT_EQ(received.distinct(), bodies.size());
  EXPECT_GT(by_consumer[0].load(), 0);
  EXPECT_GT(by_consumer[1].load(), 0);
  EXPECT_GT(by_consumer[2].load(), 0);
  std::cout << "[ at-least-once ] " << bodies.size() << " messages, " << received.duplicates()
            << " duplicate deliveries; by consumer: " << by_consumer[0] << " / " << by_consumer[1]
            << " / " << by_consumer[2] << std::endl;
  RecordProperty("duplicates", received.duplicates());
}

// Per sharding key, the sequence numbers delivered so far, in delivery order, across every
// member of the group; and whether two members ever ran one queue's listener at once.
class OrderLog {
 public:
  explicit OrderLog(int keys) : keys_(keys) {}

  // Called at the start and end of every listener call with the queue it consumes.
  void Enter(int queue_id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (++running_[queue_id] > 1) overlapped_ = true;
  }
  void Leave(int queue_id) {
    std::lock_guard<std::mutex> lock(mu_);
    --running_[queue_id];
  }

  // Records message `seq` (sent in order, seq % keys the key); false when an earlier message
  // of its key has not been delivered yet, i.e. the order broke.
  bool Deliver(int seq) {
    std::lock_guard<std::mutex> lock(mu_);
    const int key = seq % keys_;
    bool in_order = true;
    if (delivered_.insert(seq).second) {
      // Key k's messages are k, k + keys, k + 2 * keys, ...
      auto next = next_.emplace(key, key).first;
      in_order = seq == next->second;
      if (in_order) next->second = seq + keys_;
    } else {
      ++duplicates_;
    }
    ++total_;
    changed_.notify_all();
    return in_order;
  }

  bool WaitForDistinct(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kConsumeWait, [&] { return delivered_.size() >= count; });
  }
  size_t distinct() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delivered_.size();
  }
  int duplicates() const {
    std::lock_guard<std::mutex> lock(mu_);
    return duplicates_;
  }
  bool overlapped() const {
    std::lock_guard<std::mutex> lock(mu_);
    return overlapped_;
  }

 private:
  const int keys_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::map<int, int> next_;  // key -> the next sequence number it expects
  std::set<int> delivered_;
  std::map<int, int> running_;
  bool overlapped_ = false;
  int duplicates_ = 0;
  int total_ = 0;
};

TEST_F(RebalanceIntegrationTest, OrderlyGroupKeepsQueueOrderWhenASecondMemberJoins) {
  const std::string topic = "RebalanceItOrderly";
  const std::string group = "CG_REBALANCE_IT_ORDERLY";
  constexpr int kMessages = 1200;
  constexpr int kKeys = 8;
  ASSERT_TRUE(producer_->Send(Message(topic, "warm-up")).ok());

  OrderLog log(kKeys);
  std::atomic<int> out_of_order{0};
  std::atomic<int> by_consumer[2] = {{0}, {0}};
  auto make = [&](int index) {
    ConsumerConfig config = Config(group, "orderly-" + std::to_string(index));
    config.suspend_current_queue_time_ms = 100;
    auto consumer = std::make_unique<PushConsumer>(config);
    EXPECT_TRUE(consumer->Subscribe(topic, "*").ok());
    consumer->RegisterOrderlyListener([&, index](const std::vector<MessageExt>& messages) {
      const int queue_id = messages.front().queue_id();
      log.Enter(queue_id);
      for (const auto& m : messages) {
        if (m.body() == "warm-up") continue;
        if (!log.Deliver(std::stoi(m.body()))) ++out_of_order;
      }
      by_consumer[index] += static_cast<int>(messages.size());
      log.Leave(queue_id);
      return ConsumeOrderlyStatus::kSuccess;
    });
    return consumer;
  };

  auto first = make(0);
  ASSERT_TRUE(first->Start().ok());
  PacedProducer sender(producer_.get(), kMessages, [&](Producer* producer, int i) {
    return producer->SendOrderly(Message(topic, std::to_string(i)),
                                 "key-" + std::to_string(i % kKeys));
  });
  ASSERT_TRUE(log.WaitForDistinct(kMessages / 4)) << log.distinct();
  auto second = make(1);
  ASSERT_TRUE(second->Start().ok());

  sender.Join();
  EXPECT_EQ(sender.failures(), 0);
  EXPECT_TRUE(log.WaitForDistinct(kMessages))
      << "consumed " << log.distinct() << " of " << kMessages;
  ASSERT_TRUE(second->Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_TRUE(first->Shutdown(std::chrono::seconds(5)).ok());

  EXPECT_EQ(out_of_order.load(), 0) << "a message came before an earlier one of its key";
  EXPECT_FALSE(log.overlapped()) << "two members consumed one queue at the same time";
  EXPECT_GT(by_consumer[0].load(), 0);
  EXPECT_GT(by_consumer[1].load(), 0) << "the second member never got a queue";
  std::cout << "[ orderly rebalance ] " << kMessages << " messages, " << log.duplicates()
            << " duplicate deliveries; by consumer: " << by_consumer[0] << " / " << by_consumer[1]
            << std::endl;
  RecordProperty("duplicates", log.duplicates());
}

}  // namespace
}  // namespace rocketmq
