// The SDK's push consumer against the real namesrv and broker programs (started on loopback
// by the broker tests' BrokerCluster): everything produced is consumed at least once, a
// restarted consumer resumes from its committed offset, tags filter, and RECONSUME_LATER
// brings a message back through the retry topic.
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "broker/broker_cluster.h"
#include "consumer/consumer_cluster_test.h"
#include "consumer/received_messages.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
using testing::BrokerCluster;
using testing::kConsumeWait;
using Received = testing::ReceivedMessages;

class PushConsumerIntegrationTest : public testing::ConsumerClusterTest {
 protected:
  PushConsumerIntegrationTest() : ConsumerClusterTest("PG_CONSUMER_IT") {}

  ConsumerConfig Config(const std::string& group) const {
    ConsumerConfig config = BaseConfig(group);
    config.consume_thread_count = 4;
    return config;
  }

  // Sends `count` messages with bodies prefix0..prefixN-1, returning the bodies.
  std::set<std::string> Produce(const std::string& topic, const std::string& prefix, int count,
                                const std::string& tags = "") {
    std::set<std::string> bodies;
    for (int i = 0; i < count; ++i) {
      const std::string body = prefix + std::to_string(i);
      auto sent = producer_->Send(Message(topic, tags, body));
      EXPECT_TRUE(sent.ok()) << sent.status().ToString();
      bodies.insert(body);
    }
    return bodies;
  }
};

TEST_F(PushConsumerIntegrationTest, ConsumesEverythingAndResumesFromCommittedOffset) {
  const std::string topic = "ConsumerItTopic";
  const auto first = Produce(topic, "first-", 200);

  Received received;
  {
    PushConsumer consumer(Config("CG_CONSUMER_IT"));
    ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
    consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
      for (const auto& m : messages) {
        EXPECT_EQ(m.topic(), topic);
        EXPECT_FALSE(m.msg_id().empty());
        EXPECT_GT(m.store_timestamp(), 0);
        received.Add(m);
      }
      return ConsumeStatus::kConsumeSuccess;
    });
    ASSERT_TRUE(consumer.Start().ok());
    ASSERT_TRUE(received.WaitFor(first)) << "received " << received.distinct() << " of 200";
    ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  }
  EXPECT_EQ(received.distinct(), first.size());
  RecordProperty("duplicates", received.duplicates());

  // Messages sent while no consumer runs are what the restarted group gets, and nothing it
  // committed before comes again.
  const auto second = Produce(topic, "second-", 50);
  Received resumed;
  PushConsumer consumer(Config("CG_CONSUMER_IT"));
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) resumed.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(resumed.WaitFor(second)) << "received " << resumed.distinct() << " of 50";
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  for (const auto& body : first) EXPECT_FALSE(resumed.Has(body)) << body << " came again";
}

TEST_F(PushConsumerIntegrationTest, GroupMembersShareTheQueues) {
  const std::string topic = "ConsumerItShared";
  // Creates the topic (with the template's queues) before either consumer rebalances.
  const auto before = Produce(topic, "before-", 40);

  Received received;
  std::atomic<int> by_first{0};
  std::atomic<int> by_second{0};
  auto make = [&](const std::string& instance, std::atomic<int>* mine) {
    ConsumerConfig config = Config("CG_CONSUMER_IT_SHARED");
    config.instance_name = instance;
    auto consumer = std::make_unique<PushConsumer>(config);
    EXPECT_TRUE(consumer->Subscribe(topic, "*").ok());
    consumer->RegisterMessageListener([&received, mine](const std::vector<MessageExt>& messages) {
      for (const auto& m : messages) received.Add(m);
      *mine += static_cast<int>(messages.size());
      return ConsumeStatus::kConsumeSuccess;
    });
    return consumer;
  };
  auto one = make("shared-one", &by_first);
  auto two = make("shared-two", &by_second);
  ASSERT_TRUE(one->Start().ok());
  ASSERT_TRUE(two->Start().ok());
  // Once both are members (NOTIFY_CONSUMER_IDS_CHANGED, or the 1 s rebalance of this test),
  // the queues, and so new messages, are split between them.
  const auto after = Produce(topic, "after-", 200);
  std::set<std::string> all = before;
  all.insert(after.begin(), after.end());
  EXPECT_TRUE(received.WaitFor(all)) << "received " << received.distinct() << " of 240";
  ASSERT_TRUE(one->Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_TRUE(two->Shutdown(std::chrono::seconds(5)).ok());
  EXPECT_GT(by_first.load(), 0);
  EXPECT_GT(by_second.load(), 0);
}

TEST_F(PushConsumerIntegrationTest, FiltersByTagAndRedeliversReconsumeLater) {
  const std::string topic = "ConsumerItTags";
  const auto a = Produce(topic, "a-", 20, "TagA");
  const auto b = Produce(topic, "b-", 20, "TagB");
  const auto c = Produce(topic, "c-", 20, "TagC");

  Received received;
  std::mutex mu;
  std::set<std::string> refused_once;
  PushConsumer consumer(Config("CG_CONSUMER_IT_TAGS"));
  ASSERT_TRUE(consumer.Subscribe(topic, "TagA || TagB").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) {
      {
        std::lock_guard<std::mutex> lock(mu);
        // Every TagB message is refused once (alternately by status and by throwing).
        if (m.tags() == "TagB" && refused_once.insert(m.body()).second) {
          if (refused_once.size() % 2 == 0) throw std::runtime_error("listener failure");
          return ConsumeStatus::kReconsumeLater;
        }
      }
      received.Add(m);
    }
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  std::set<std::string> wanted = a;
  wanted.insert(b.begin(), b.end());
  ASSERT_TRUE(received.WaitFor(wanted)) << "received " << received.distinct() << " of 40";
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  EXPECT_EQ(received.tags(), (std::set<std::string>{"TagA", "TagB"}));
  for (const auto& body : c) EXPECT_FALSE(received.Has(body));
  for (const auto& body : b) EXPECT_GE(received.ReconsumeTimes(body), 1) << body;
  for (const auto& body : a) EXPECT_EQ(received.ReconsumeTimes(body), 0) << body;
}

// A queue's pull header is encoded once and reused: a changed subscription must reach the
// pulls that follow (they carry it, and the broker filters by it).
TEST_F(PushConsumerIntegrationTest, ChangedSubscriptionReachesLaterPulls) {
  const std::string topic = "ConsumerItResubscribe";
  const auto a = Produce(topic, "a-", 10, "TagA");
  Received received;
  ConsumerConfig config = Config("CG_CONSUMER_IT_RESUBSCRIBE");
  // Pulls held with the old expression end soon (they would skip TagB messages).
  config.broker_suspend_max_time_ms = 1000;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(topic, "TagA").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(a)) << "received " << received.distinct() << " of 10";
  ASSERT_TRUE(consumer.Subscribe(topic, "TagB").ok());
  // A pull sent before the change still filters by TagA and passes over the TagB messages
  // of its range: send TagB messages until one arrives.
  const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
  bool arrived = false;
  for (int i = 0; !arrived && std::chrono::steady_clock::now() < deadline; ++i) {
    Produce(topic, "b" + std::to_string(i) + "-", 1, "TagB");
    arrived = received.WaitForTag("TagB", milliseconds(500));
  }
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  EXPECT_TRUE(arrived);
}

// consumeOnIoThread: the listener runs on the I/O thread that read the pull, and a refused
// message still comes back through the retry topic (sending it back waits for a broker's
// answer, which that thread would have to read: it must not happen there).
TEST_F(PushConsumerIntegrationTest, ConsumeOnIoThreadRunsListenerThereAndRedeliversRefused) {
  const std::string topic = "ConsumerItIoThread";
  const auto bodies = Produce(topic, "io-", 20);

  Received received;
  std::mutex mu;
  std::set<std::string> refused_once;
  std::set<std::string> listener_threads;
  ConsumerConfig config = Config("CG_CONSUMER_IT_IO");
  ASSERT_TRUE(config.Set("consumeOnIoThread", "true").ok());
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof(name));
    std::lock_guard<std::mutex> lock(mu);
    listener_threads.insert(name);
    for (const auto& m : messages) {
      if (refused_once.insert(m.body()).second) return ConsumeStatus::kReconsumeLater;
      received.Add(m);
    }
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(bodies)) << "received " << received.distinct() << " of 20";
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  for (const auto& body : bodies) EXPECT_GE(received.ReconsumeTimes(body), 1) << body;
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& name : listener_threads) EXPECT_EQ(name.rfind("rmq-cli-io", 0), 0u) << name;
}

// Listener calls that block get every consume thread: the batches of a pull, and pulls queued
// for the consume threads while one thread is on its way, must not wait behind one thread's
// call. The messages are in one queue, so that one pull brings them all. Each call returns
// only once all four consume threads are in one (or after kConsumeWait, and then the
// assertion fails).
TEST_F(PushConsumerIntegrationTest, BlockingListenerCallsOccupyEveryConsumeThread) {
  const std::string topic = "ConsumerItBlocking";
  std::set<std::string> bodies;
  for (int i = 0; i < 16; ++i) {
    const std::string body = "blocking-" + std::to_string(i);
    auto sent = producer_->SendOrderly(Message(topic, body), "one-queue");
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    bodies.insert(body);
  }

  Received received;
  std::mutex mu;
  std::condition_variable all_in;
  int in_call = 0;
  int most_in_call = 0;
  PushConsumer consumer(Config("CG_CONSUMER_IT_BLOCKING"));
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    std::unique_lock<std::mutex> lock(mu);
    most_in_call = std::max(most_in_call, ++in_call);
    all_in.notify_all();
    all_in.wait_for(lock, kConsumeWait, [&] { return most_in_call == 4; });
    --in_call;
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(bodies)) << "received " << received.distinct() << " of 16";
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(most_in_call, 4);
}

TEST_F(PushConsumerIntegrationTest, OrderlyListenerKeepsQueueOrder) {
  const std::string topic = "ConsumerItOrderly";
  constexpr int kMessages = 120;
  constexpr int kKeys = 4;
  for (int i = 0; i < kMessages; ++i) {
    const std::string key = "k" + std::to_string(i % kKeys);
    auto sent = producer_->SendOrderly(Message(topic, key + ":" + std::to_string(i)), key);
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  }

  std::mutex mu;
  std::condition_variable changed;
  std::map<std::string, std::vector<int>> consumed;  // key -> sequence numbers, in order
  std::set<int> refused;
  std::map<int, int> running_per_queue;
  bool overlapped = false;
  int total = 0;
  ConsumerConfig config = Config("CG_CONSUMER_IT_ORDERLY");
  config.suspend_current_queue_time_ms = 100;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterOrderlyListener([&](const std::vector<MessageExt>& messages) {
    const int queue_id = messages.front().queue_id();
    {
      std::lock_guard<std::mutex> lock(mu);
      if (++running_per_queue[queue_id] > 1) overlapped = true;
    }
    ConsumeOrderlyStatus status = ConsumeOrderlyStatus::kSuccess;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& m : messages) {
        const size_t colon = m.body().find(':');
        const int seq = std::stoi(m.body().substr(colon + 1));
        // Every tenth message is refused once: it must come again before its successors.
        if (seq % 10 == 3 && refused.insert(seq).second) {
          status = ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
          break;
        }
      }
      if (status == ConsumeOrderlyStatus::kSuccess) {
        for (const auto& m : messages) {
          const size_t colon = m.body().find(':');
          consumed[m.body().substr(0, colon)].push_back(std::stoi(m.body().substr(colon + 1)));
          ++total;
        }
      }
      --running_per_queue[queue_id];
      changed.notify_all();
    }
    return status;
  });
  ASSERT_TRUE(consumer.Start().ok());
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(changed.wait_for(lock, kConsumeWait, [&] { return total >= kMessages; }))
        << "consumed " << total << " of " << kMessages;
  }
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_FALSE(overlapped) << "two listener calls ran at once for one queue";
  EXPECT_EQ(total, kMessages);
  for (const auto& [key, seqs] : consumed) {
    std::vector<int> expected;
    for (int i = std::stoi(key.substr(1)); i < kMessages; i += kKeys) expected.push_back(i);
    EXPECT_EQ(seqs, expected) << "order of key " << key;
  }
  EXPECT_FALSE(refused.empty());
}

TEST_F(PushConsumerIntegrationTest, BroadcastingDeliversEverythingToEveryConsumer) {
  const std::string topic = "ConsumerItBroadcast";
  const auto bodies = Produce(topic, "bc-", 60);
  auto offsets_dir = testing::TempDir::Create("rmq-consumer-offsets");
  ASSERT_TRUE(offsets_dir.ok()) << offsets_dir.status().ToString();

  Received first;
  Received second;
  auto make = [&](const std::string& instance, Received* received) {
    ConsumerConfig config = Config("CG_CONSUMER_IT_BROADCAST");
    config.message_model = MessageModel::kBroadcasting;
    config.instance_name = instance;
    config.offset_store_dir = offsets_dir->path();
    auto consumer = std::make_unique<PushConsumer>(config);
    EXPECT_TRUE(consumer->Subscribe(topic, "*").ok());
    consumer->RegisterMessageListener([received](const std::vector<MessageExt>& messages) {
      for (const auto& m : messages) received->Add(m);
      return ConsumeStatus::kConsumeSuccess;
    });
    return consumer;
  };
  auto one = make("bc-one", &first);
  auto two = make("bc-two", &second);
  ASSERT_TRUE(one->Start().ok());
  ASSERT_TRUE(two->Start().ok());
  EXPECT_TRUE(first.WaitFor(bodies)) << "first received " << first.distinct() << " of 60";
  EXPECT_TRUE(second.WaitFor(bodies)) << "second received " << second.distinct() << " of 60";
  ASSERT_TRUE(one->Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_TRUE(two->Shutdown(std::chrono::seconds(5)).ok());

  // Each consumer kept its own progress in its own offsets file.
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(offsets_dir->path())) {
    if (entry.path().filename() == "offsets.json") ++files;
  }
  EXPECT_EQ(files, 2);
}

TEST_F(PushConsumerIntegrationTest, SuspendedConsumerHoldsMessagesUntilResumed) {
  const std::string topic = "ConsumerItSuspend";
  const auto first = Produce(topic, "first-", 10);
  Received received;
  PushConsumer consumer(Config("CG_CONSUMER_IT_SUSPEND"));
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(first)) << received.distinct();

  consumer.Suspend();
  const auto second = Produce(topic, "second-", 10);
  // Absence cannot be awaited: give pulls in flight (long polling) time to bring the new
  // messages, which must not reach the listener.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  for (const auto& body : second) EXPECT_FALSE(received.Has(body)) << body << " while suspended";
  consumer.Resume();
  EXPECT_TRUE(received.WaitFor(second)) << received.distinct();
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

TEST_F(PushConsumerIntegrationTest, TopicCreatedAfterStartIsConsumedOnceItExists) {
  const std::string topic = "ConsumerItLateTopic";
  Received received;
  ConsumerConfig config = Config("CG_CONSUMER_IT_LATE");
  // Longer than the wait below: the broker must learn of the consumer without the timer.
  config.heartbeat_broker_interval_ms = 120000;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  // No route yet: starting is not an error, rebalancing keeps looking for the topic.
  ASSERT_TRUE(consumer.Start().ok());
  const auto bodies = Produce(topic, "late-", 10);
  EXPECT_TRUE(received.WaitFor(bodies)) << received.distinct();
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

}  // namespace
}  // namespace rocketmq
