// BrokerStats: Apache's StatsItem windows and StoreStatsService rates, driven with explicit
// sample times.
#include "broker/broker_stats.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace rocketmq {
namespace broker {
namespace {

TEST(BrokerStatsTest, MinuteWindowReportsSumRateAndAveragePerIncrement) {
  BrokerStats stats("C");
  const BrokerStats::PutItems items = stats.TopicPut("T");
  stats.OnStored(items, 4, 400);  // one request of 4 messages
  stats.OnStored(items, 2, 200);
  // The first sample stands for everything since a synthetic one 10 s earlier.
  stats.SampleItems(StatsItem::kMinute, 100000);
  auto nums = stats.View("TOPIC_PUT_NUMS", "T");
  ASSERT_TRUE(nums.has_value());
  EXPECT_EQ(nums->minute.sum, 6);
  EXPECT_DOUBLE_EQ(nums->minute.tps, 0.6);
  EXPECT_DOUBLE_EQ(nums->minute.avgpt, 3.0);
  EXPECT_EQ(nums->hour.sum, 0);  // not sampled yet

  stats.OnStored(items, 10, 1000);
  stats.SampleItems(StatsItem::kMinute, 110000);
  nums = stats.View("TOPIC_PUT_NUMS", "T");
  EXPECT_EQ(nums->minute.sum, 16);
  EXPECT_DOUBLE_EQ(nums->minute.tps, 0.8);
  EXPECT_EQ(stats.View("TOPIC_PUT_SIZE", "T")->minute.sum, 1600);
  EXPECT_EQ(stats.View("BROKER_PUT_NUMS", "C")->minute.sum, 16);
  // Seven samples are kept: older ones leave the window.
  for (int i = 2; i <= 7; ++i) stats.SampleItems(StatsItem::kMinute, 100000 + i * 10000);
  EXPECT_EQ(stats.View("TOPIC_PUT_NUMS", "T")->minute.sum, 0);

  BrokerStatsData data;
  data.minute = nums->minute;
  EXPECT_EQ(data.Encode(),
            "{\"statsDay\":{\"avgpt\":0.0,\"sum\":0,\"tps\":0.0},\"statsHour\":{\"avgpt\":0.0,"
            "\"sum\":0,\"tps\":0.0},\"statsMinute\":{\"avgpt\":5.333333333333333,\"sum\":16,"
            "\"tps\":0.8}}");
}

TEST(BrokerStatsTest, PullsCountByTopicAndGroup) {
  BrokerStats stats("C");
  stats.OnPulled("T", "G", 3, 300);
  stats.OnPulled("T", "G", 0, 0);
  EXPECT_FALSE(stats.View("GROUP_GET_NUMS", "T@Other").has_value());
  EXPECT_FALSE(stats.View("NO_SUCH_STATS", "T@G").has_value());
  stats.SampleItems(StatsItem::kMinute, 10000);
  EXPECT_EQ(stats.View("GROUP_GET_NUMS", "T@G")->minute.sum, 3);
  EXPECT_EQ(stats.View("GROUP_GET_SIZE", "T@G")->minute.sum, 300);
  EXPECT_EQ(stats.View("BROKER_GET_NUMS", "C")->minute.sum, 3);
}

TEST(BrokerStatsTest, RuntimeRatesCoverWhatIsSampled) {
  BrokerStats stats("C");
  std::map<std::string, std::string> table;
  stats.AddRuntimeInfo(&table);
  EXPECT_EQ(table["putTps"], "0.0 0.0 0.0");
  EXPECT_EQ(table["putMessageTimesTotal"], "1");  // Apache's divisor, never 0

  stats.SampleRates(0);
  stats.OnStored(stats.TopicPut("T"), 20, 2000);
  stats.OnPulled("T", "G", 5, 500);
  stats.OnPulled("T", "G", 0, 0);
  stats.SampleRates(2000);
  table.clear();
  stats.AddRuntimeInfo(&table);
  EXPECT_EQ(table["putTps"], "10.0 10.0 10.0");
  EXPECT_EQ(table["getTransferedTps"], "2.5 2.5 2.5");
  EXPECT_EQ(table["getTransferredTps"], "2.5 2.5 2.5");
  EXPECT_EQ(table["getFoundTps"], "0.5 0.5 0.5");
  EXPECT_EQ(table["getMissTps"], "0.5 0.5 0.5");
  EXPECT_EQ(table["getTotalTps"], "1.0 1.0 1.0");
  EXPECT_EQ(table["putMessageTimesTotal"], "20");
  EXPECT_EQ(table["putMessageSizeTotal"], "2000");
  EXPECT_EQ(table["putMessageAverageSize"], "100.0");
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
