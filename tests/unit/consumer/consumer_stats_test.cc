#include "consumer/consumer_stats.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace consumer {
namespace {

TEST(ConsumerStatsTest, RatesSinceTheOldestSampleAndAverageTimes) {
  ConsumerStats stats;
  stats.Sample(0);
  stats.RecordPull("T", 10, 32);
  stats.RecordPull("T", 30, 8);
  stats.RecordConsume("T", 4, 10, 0);
  stats.RecordConsume("T", 2, 0, 5);
  stats.RecordPull("Other", 100, 1);
  const protocol::ConsumeStatus status = stats.Status("T", 10'000);
  EXPECT_DOUBLE_EQ(status.pull_rt, 20.0);
  EXPECT_DOUBLE_EQ(status.pull_tps, 4.0);  // 40 messages in 10 s
  EXPECT_DOUBLE_EQ(status.consume_rt, 3.0);
  EXPECT_DOUBLE_EQ(status.consume_ok_tps, 1.0);
  EXPECT_DOUBLE_EQ(status.consume_failed_tps, 0.5);
  EXPECT_EQ(status.consume_failed_msgs, 5);
}

TEST(ConsumerStatsTest, OnlyTheLastMinuteCountsForRates) {
  ConsumerStats stats;
  stats.Sample(0);
  stats.RecordConsume("T", 1, 600, 0);
  stats.Sample(30'000);
  stats.Sample(60'000);
  stats.RecordConsume("T", 1, 120, 6);
  stats.Sample(90'000);
  // The sample at 30 s is the newest at least a minute old: 120 ok in the 60 s since.
  const protocol::ConsumeStatus status = stats.Status("T", 90'000);
  EXPECT_DOUBLE_EQ(status.consume_ok_tps, 2.0);
  EXPECT_DOUBLE_EQ(status.consume_failed_tps, 0.1);
  EXPECT_EQ(status.consume_failed_msgs, 6);
}

TEST(ConsumerStatsTest, AnUnknownTopicOrNoTimeGivesZeros) {
  ConsumerStats stats;
  EXPECT_EQ(stats.Status("T", 5), protocol::ConsumeStatus{});
  stats.RecordConsume("T", 1, 1, 0);
  EXPECT_DOUBLE_EQ(stats.Status("T", 5).consume_ok_tps, 0.0);  // no sample: no elapsed time
  EXPECT_DOUBLE_EQ(stats.Status("T", 5).consume_rt, 1.0);
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
