// Messages a listener never accepts end in the group's dead-letter queue (%DLQ%<group>)
// after max_reconsume_times redeliveries, against the real namesrv and broker: through the
// broker's retry topic for a concurrent listener, through local suspend-and-retry for an
// orderly one. The DLQ is then read back with plain pulls.
#include <gtest/gtest.h>

#include <chrono>
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
#include "protocol/message_properties.h"
#include "protocol/response_code.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;
using testing::kConsumeWait;
using testing::ReceivedMessages;

// One message of the DLQ as pulled back.
struct DeadLetter {
  std::string body;
  std::string topic;
  protocol::MessageProperties properties;
  int32_t reconsume_times = 0;
};

class DeadLetterIntegrationTest : public testing::ConsumerClusterTest {
 protected:
  DeadLetterIntegrationTest() : ConsumerClusterTest("PG_DLQ_IT") {}

  ConsumerConfig Config(const std::string& group) const {
    ConsumerConfig config = BaseConfig(group);
    config.consume_thread_count = 2;
    config.max_reconsume_times = 2;
    config.suspend_current_queue_time_ms = 100;
    return config;
  }

  // Pulls the group's DLQ (one queue) until it holds `count` messages, bounded in time.
  std::vector<DeadLetter> ReadDeadLetters(const std::string& group, size_t count) {
    std::vector<DeadLetter> letters;
    const auto deadline = std::chrono::steady_clock::now() + kConsumeWait;
    int64_t offset = 0;
    while (letters.size() < count && std::chrono::steady_clock::now() < deadline) {
      auto response = cluster_->Pull("CG_DLQ_READER", "%DLQ%" + group, 0, offset);
      if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) {
        // Not created yet, or nothing new: the broker answers at once without long polling.
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      std::string storage;
      auto records = testing::PulledRecords(*response, &storage);
      if (!records.ok()) {
        ADD_FAILURE() << records.status().ToString();
        break;
      }
      for (const auto& record : *records) {
        DeadLetter letter;
        letter.body = std::string(record.body);
        letter.topic = std::string(record.topic);
        letter.properties = protocol::DecodeMessageProperties(record.properties);
        letter.reconsume_times = record.reconsume_times;
        letters.push_back(std::move(letter));
        offset = record.queue_offset + 1;
      }
    }
    return letters;
  }
};

TEST_F(DeadLetterIntegrationTest, ConcurrentListenerThatAlwaysFailsSendsToTheDlq) {
  const std::string topic = "DlqItConcurrent";
  const std::string group = "CG_DLQ_IT_CONCURRENT";
  std::map<std::string, std::string> ids;  // body -> offset msg id
  for (int i = 0; i < 3; ++i) {
    const std::string body = "doomed-" + std::to_string(i);
    auto sent = producer_->Send(Message(topic, "TagD", body));
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    ids[body] = sent->offset_message_id;
  }

  std::mutex mu;
  std::map<std::string, std::set<int>> reconsume_times;  // body -> counts seen
  ReceivedMessages received;
  PushConsumer consumer(Config(group));
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) {
      {
        std::lock_guard<std::mutex> lock(mu);
        reconsume_times[m.body()].insert(m.reconsume_times());
      }
      received.Add(m);
    }
    return ConsumeStatus::kReconsumeLater;
  });
  ASSERT_TRUE(consumer.Start().ok());

  const auto letters = ReadDeadLetters(group, ids.size());
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_EQ(letters.size(), ids.size());
  for (const auto& letter : letters) {
    ASSERT_EQ(ids.count(letter.body), 1u) << letter.body;
    EXPECT_EQ(letter.topic, "%DLQ%" + group);
    EXPECT_EQ(letter.properties.at(protocol::MessageConst::kPropertyRetryTopic), topic);
    EXPECT_EQ(letter.properties.at(protocol::MessageConst::kPropertyOriginMessageId),
              ids[letter.body]);
    EXPECT_EQ(letter.properties.at(protocol::MessageConst::kPropertyTags), "TagD");
    // The first delivery and max_reconsume_times redeliveries, each refused.
    EXPECT_EQ(received.Count(letter.body), 3) << letter.body;
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(reconsume_times[letter.body], (std::set<int>{0, 1, 2})) << letter.body;
  }
}

TEST_F(DeadLetterIntegrationTest, OrderlyListenerThatAlwaysSuspendsSendsToTheDlqAndMovesOn) {
  const std::string topic = "DlqItOrderly";
  const std::string group = "CG_DLQ_IT_ORDERLY";
  // One sharding key: every message in one queue, the poisoned one first.
  for (const std::string body : {"poison", "after-1", "after-2"}) {
    auto sent = producer_->SendOrderly(Message(topic, body), "one-key");
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  }

  std::mutex mu;
  std::vector<std::string> order;  // bodies in delivery order
  std::set<int> poison_reconsume_times;
  ReceivedMessages received;
  PushConsumer consumer(Config(group));
  ASSERT_TRUE(consumer.Subscribe(topic, "*").ok());
  consumer.RegisterOrderlyListener([&](const std::vector<MessageExt>& messages) {
    ConsumeOrderlyStatus status = ConsumeOrderlyStatus::kSuccess;
    for (const auto& m : messages) {
      {
        std::lock_guard<std::mutex> lock(mu);
        order.push_back(m.body());
        if (m.body() == "poison") {
          poison_reconsume_times.insert(m.reconsume_times());
          status = ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
        }
      }
      received.Add(m);
    }
    return status;
  });
  ASSERT_TRUE(consumer.Start().ok());

  const auto letters = ReadDeadLetters(group, 1);
  ASSERT_TRUE(received.WaitFor({"after-1", "after-2"}));
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].body, "poison");
  EXPECT_EQ(letters[0].properties.at(protocol::MessageConst::kPropertyRetryTopic), topic);
  std::lock_guard<std::mutex> lock(mu);
  // Three deliveries (reconsume counts 0, 1, 2), all before the messages behind it.
  EXPECT_EQ(poison_reconsume_times, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(order, (std::vector<std::string>{"poison", "poison", "poison", "after-1", "after-2"}));
}

}  // namespace
}  // namespace rocketmq
