#include "broker/broker_bodies.h"

#include <gtest/gtest.h>

#include "broker/scheduler.h"

namespace rocketmq {
namespace broker {
namespace {

TEST(BrokerBodiesTest, LockBatchRequestRoundTrip) {
  auto request = LockBatchRequest::Decode(
      "{\"clientId\":\"c1\",\"consumerGroup\":\"G\",\"mqSet\":[{\"brokerName\":\"b\","
      "\"queueId\":3,\"topic\":\"T\"}],\"onlyThisBroker\":true}");
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->client_id, "c1");
  EXPECT_TRUE(request->only_this_broker);
  ASSERT_EQ(request->mq_set.size(), 1u);
  EXPECT_EQ(request->mq_set.begin()->queue_id, 3);
  EXPECT_EQ(EncodeLockBatchResponse(request->mq_set),
            "{\"lockOKMQSet\":[{\"brokerName\":\"b\",\"queueId\":3,\"topic\":\"T\"}]}");
  EXPECT_FALSE(LockBatchRequest::Decode("{\"clientId\":\"c1\"}").ok());
  EXPECT_FALSE(LockBatchRequest::Decode(
                   "{\"clientId\":\"c\",\"consumerGroup\":\"G\",\"mqSet\":[{\"topic\":\"T\"}]}")
                   .ok());
  EXPECT_FALSE(LockBatchRequest::Decode("[1,2").ok());
}

TEST(BrokerBodiesTest, StatsUseMessageQueueObjectKeys) {
  std::map<MessageQueue, OffsetWrapper> stats;
  stats[MessageQueue{"T", "b", 0}] = OffsetWrapper{10, 4, 1700000000000};
  EXPECT_EQ(EncodeConsumeStats(stats, 0.0),
            "{\"consumeTps\":0.0,\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":"
            "\"T\"}:{\"brokerOffset\":10,\"consumerOffset\":4,\"lastTimestamp\":1700000000000}}}");
  std::map<MessageQueue, TopicOffset> topic;
  topic[MessageQueue{"T", "b", 1}] = TopicOffset{0, 7, 5};
  EXPECT_EQ(EncodeTopicStatsTable(topic),
            "{\"offsetTable\":{{\"brokerName\":\"b\",\"queueId\":1,\"topic\":\"T\"}:"
            "{\"lastUpdateTimestamp\":5,\"maxOffset\":7,\"minOffset\":0}}}");
  EXPECT_EQ(EncodeConsumerIdList({"a", "b"}), "{\"consumerIdList\":[\"a\",\"b\"]}");
}

TEST(BrokerSchedulerTest, RunsPeriodicAndRequestedTasks) {
  Scheduler scheduler;
  std::mutex mutex;
  std::condition_variable changed;
  int periodic = 0;
  int requested = 0;
  scheduler.Schedule("periodic", std::chrono::milliseconds(0), std::chrono::milliseconds(10), [&] {
    std::lock_guard<std::mutex> lock(mutex);
    ++periodic;
    changed.notify_all();
  });
  const size_t soon = scheduler.Schedule("soon", std::chrono::hours(1), std::chrono::hours(1), [&] {
    std::lock_guard<std::mutex> lock(mutex);
    ++requested;
    changed.notify_all();
  });
  scheduler.Start();
  scheduler.RunSoon(soon);
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_TRUE(changed.wait_for(lock, std::chrono::seconds(5),
                               [&] { return periodic >= 3 && requested == 1; }));
  lock.unlock();
  scheduler.Shutdown();
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
