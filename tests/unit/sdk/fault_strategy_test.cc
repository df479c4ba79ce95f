#include "client/fault_strategy.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

std::vector<MessageQueue> TwoBrokers() {
  std::vector<MessageQueue> queues;
  for (const char* broker : {"broker-a", "broker-b"}) {
    for (int q = 0; q < 4; ++q) queues.push_back({"T", broker, q});
  }
  return queues;
}

struct FakeClock {
  int64_t now = 1000000;
  MillisClock fn() {
    return [this] { return now; };
  }
};

TEST(LatencyFaultToleranceTest, QuarantineExpires) {
  FakeClock clock;
  LatencyFaultTolerance lft(clock.fn());
  EXPECT_TRUE(lft.IsAvailable("a"));
  lft.UpdateFaultItem("a", 3000, 60000);
  EXPECT_FALSE(lft.IsAvailable("a"));
  clock.now += 59999;
  EXPECT_FALSE(lft.IsAvailable("a"));
  clock.now += 1;
  EXPECT_TRUE(lft.IsAvailable("a"));
}

// The per-send calls of a healthy producer take no lock and read no clock; once a broker is
// quarantined, a fast answer from it still ends the quarantine, and with it those costs.
TEST(LatencyFaultToleranceTest, HealthySendsRecordNothing) {
  int clock_reads = 0;
  LatencyFaultTolerance lft([&clock_reads] {
    ++clock_reads;
    return int64_t{1000000};
  });
  lft.UpdateFaultItem("a", 10, 0);
  EXPECT_TRUE(lft.IsAvailable("a"));
  EXPECT_EQ(clock_reads, 0);
  EXPECT_FALSE(lft.PickOneAtLeast().has_value());
  lft.UpdateFaultItem("a", 3000, 60000);
  EXPECT_FALSE(lft.IsAvailable("a"));
  lft.UpdateFaultItem("a", 10, 0);
  const int reads_before = clock_reads;
  EXPECT_TRUE(lft.IsAvailable("a"));
  EXPECT_EQ(clock_reads, reads_before);
  EXPECT_FALSE(lft.PickOneAtLeast().has_value());
}

TEST(LatencyFaultToleranceTest, PickOneAtLeastPrefersTheBetterHalf) {
  FakeClock clock;
  LatencyFaultTolerance lft(clock.fn());
  EXPECT_FALSE(lft.PickOneAtLeast().has_value());
  lft.UpdateFaultItem("slow", 5000, 600000);
  EXPECT_EQ(lft.PickOneAtLeast(), "slow");
  lft.UpdateFaultItem("fast", 600, 30000);
  lft.UpdateFaultItem("medium", 2000, 120000);
  lft.UpdateFaultItem("worst", 9000, 600000);
  std::set<std::string> picked;
  for (int i = 0; i < 10; ++i) picked.insert(*lft.PickOneAtLeast());
  EXPECT_EQ(picked, (std::set<std::string>{"fast", "medium"}));
}

TEST(FaultStrategyTest, NotAvailableDurationSteps) {
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(0), 0);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(549), 0);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(550), 30000);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(1000), 60000);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(2999), 120000);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(3000), 180000);
  EXPECT_EQ(FaultStrategy::ComputeNotAvailableDuration(30000), 600000);
}

TEST(FaultStrategyTest, RoundRobinsOverAllQueuesWhenHealthy) {
  FaultStrategy strategy(true);
  TopicPublishInfo info(TwoBrokers(), false);
  std::map<MessageQueue, int> hits;
  for (int i = 0; i < 80; ++i) hits[strategy.SelectOneQueue(info, "")]++;
  ASSERT_EQ(hits.size(), 8u);
  for (const auto& [mq, count] : hits) EXPECT_EQ(count, 10) << mq.ToString();
}

TEST(FaultStrategyTest, IsolatedBrokerIsAvoidedUntilItsQuarantineEnds) {
  FakeClock clock;
  FaultStrategy strategy(true, clock.fn());
  TopicPublishInfo info(TwoBrokers(), false);
  strategy.UpdateFaultItem("broker-a", 3000, /*isolation=*/true);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(strategy.SelectOneQueue(info, "").broker_name, "broker-b");
  clock.now += 600000;
  std::set<std::string> brokers;
  for (int i = 0; i < 8; ++i) brokers.insert(strategy.SelectOneQueue(info, "").broker_name);
  EXPECT_EQ(brokers.size(), 2u);
}

TEST(FaultStrategyTest, FastAnswersCostNothing) {
  FaultStrategy strategy(true);
  TopicPublishInfo info(TwoBrokers(), false);
  strategy.UpdateFaultItem("broker-a", 20, false);
  std::set<std::string> brokers;
  for (int i = 0; i < 8; ++i) brokers.insert(strategy.SelectOneQueue(info, "").broker_name);
  EXPECT_EQ(brokers.size(), 2u);
}

TEST(FaultStrategyTest, RetryAvoidsTheBrokerThatJustFailed) {
  FaultStrategy strategy(true);
  TopicPublishInfo info(TwoBrokers(), false);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(strategy.SelectOneQueue(info, "broker-a").broker_name, "broker-b");
  }
  FaultStrategy disabled(false);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(disabled.SelectOneQueue(info, "broker-b").broker_name, "broker-a");
  }
}

TEST(FaultStrategyTest, AllBrokersQuarantinedStillYieldsAQueue) {
  FaultStrategy strategy(true);
  TopicPublishInfo info(TwoBrokers(), false);
  strategy.UpdateFaultItem("broker-a", 700, false);
  strategy.UpdateFaultItem("broker-b", 30000, true);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(strategy.SelectOneQueue(info, "").broker_name, "broker-a")
        << "the least bad broker is used when all are marked";
  }
}

TEST(FaultStrategyTest, SingleBrokerTopicKeepsWorking) {
  FaultStrategy strategy(true);
  TopicPublishInfo info({{"T", "only", 0}, {"T", "only", 1}}, false);
  strategy.UpdateFaultItem("only", 30000, true);
  EXPECT_EQ(strategy.SelectOneQueue(info, "only").broker_name, "only");
}

// A topic's many queues live on few brokers: while one is quarantined a send asks about each
// broker once (a clock read each), not about each of its queues (BenchmarkTest has 1024).
TEST(FaultStrategyTest, QuarantineIsAskedPerBrokerNotPerQueue) {
  int clock_reads = 0;
  FaultStrategy strategy(true, [&clock_reads] {
    ++clock_reads;
    return int64_t{1000000};
  });
  std::vector<MessageQueue> queues;
  for (const char* broker : {"broker-a", "broker-b"}) {
    for (int q = 0; q < 1024; ++q) queues.push_back({"T", broker, q});
  }
  TopicPublishInfo info(std::move(queues), false);
  strategy.UpdateFaultItem("broker-a", 3000, /*isolation=*/true);
  clock_reads = 0;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(strategy.SelectOneQueue(info, "").broker_name, "broker-b");
  EXPECT_LE(clock_reads, 10 * 2);
  strategy.UpdateFaultItem("broker-b", 3000, /*isolation=*/true);
  clock_reads = 0;
  std::set<int> queue_ids;
  for (int i = 0; i < 10; ++i) queue_ids.insert(strategy.SelectOneQueue(info, "").queue_id);
  EXPECT_LE(clock_reads, 10 * 3) << "two availability questions and the pick, per send";
  EXPECT_EQ(queue_ids.size(), 10u) << "the least bad broker's queues still take turns";
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
