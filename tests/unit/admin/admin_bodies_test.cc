#include "admin/admin_bodies.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace admin {
namespace {

TEST(AdminBodiesTest, BrokerStatsDataReadsFastjsonOutput) {
  // What Apache 4.9.7's broker answers VIEW_BROKER_STATS_DATA with (fastjson, sorted keys).
  auto data = DecodeBrokerStatsData(R"({"statsDay":{"avgpt":0.0,"sum":0,"tps":0.0},)"
                                    R"("statsHour":{"avgpt":1.5,"sum":120,"tps":0.03},)"
                                    R"("statsMinute":{"avgpt":2.0,"sum":"12","tps":0.2}})");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->minute.sum, 12);
  EXPECT_DOUBLE_EQ(data->minute.tps, 0.2);
  EXPECT_EQ(data->hour.sum, 120);
  EXPECT_DOUBLE_EQ(data->hour.avgpt, 1.5);
  EXPECT_EQ(data->Sum24Hours(), 120);  // the day's sum is 0: the hour's counts
  EXPECT_FALSE(DecodeBrokerStatsData("[1]").ok());
  EXPECT_FALSE(DecodeBrokerStatsData(R"({"statsMinute":{"sum":"x"}})").ok());
  EXPECT_FALSE(DecodeBrokerStatsData("{").ok());
}

TEST(AdminBodiesTest, ClusterInfoKeepsBrokersAndClusters) {
  protocol::ClusterInfo wire;
  protocol::BrokerData broker;
  broker.cluster = "DefaultCluster";
  broker.broker_name = "broker-a";
  broker.broker_addrs = {{0, "127.0.0.1:10911"}, {1, "127.0.0.1:10921"}};
  wire.broker_addr_table["broker-a"] = broker;
  wire.cluster_addr_table["DefaultCluster"] = {"broker-a"};

  ClusterInfo info = ToPublic(wire);
  ASSERT_EQ(info.brokers.count("broker-a"), 1u);
  EXPECT_EQ(info.brokers["broker-a"].MasterAddr(), "127.0.0.1:10911");
  EXPECT_EQ(info.brokers["broker-a"].addrs.size(), 2u);
  EXPECT_EQ(info.clusters["DefaultCluster"], std::vector<std::string>{"broker-a"});
}

TEST(AdminBodiesTest, ConsumeStatsAreFilteredByTopicAndSorted) {
  protocol::ConsumeStats stats;
  stats.offset_table[{"T", "b", 1}] = {10, 4, 0, std::nullopt};
  stats.offset_table[{"T", "a", 0}] = {5, 5, 0, std::nullopt};
  stats.offset_table[{"Other", "a", 0}] = {7, 0, 0, std::nullopt};
  stats.consume_tps = 1.5;

  ConsumeProgress progress;
  AddConsumeStats(stats, "T", &progress);
  ASSERT_EQ(progress.queues.size(), 2u);
  EXPECT_EQ(progress.queues[0].queue.broker_name, "a");
  EXPECT_EQ(progress.queues[1].Lag(), 6);
  EXPECT_EQ(progress.TotalLag(), 6);
  EXPECT_DOUBLE_EQ(progress.consume_tps, 1.5);

  ConsumeProgress all;
  AddConsumeStats(stats, "", &all);
  EXPECT_EQ(all.queues.size(), 3u);
  EXPECT_EQ(all.TotalLag(), 13);
}

TEST(AdminBodiesTest, SubscriptionGroupUsesJavaFieldNames) {
  SubscriptionGroupSettings settings;
  settings.group_name = "CG";
  settings.retry_max_times = 3;
  const std::string json = EncodeSubscriptionGroup(settings);
  EXPECT_NE(json.find("\"groupName\":\"CG\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"retryMaxTimes\":3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"consumeBroadcastEnable\":true"), std::string::npos) << json;
}

TEST(AdminBodiesTest, PropertiesRoundTrip) {
  const std::map<std::string, std::string> config = {{"brokerName", "broker-a"},
                                                     {"flushDiskType", "ASYNC_FLUSH"}};
  auto decoded = DecodeProperties(EncodeProperties(config));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, config);
}

TEST(AdminBodiesTest, ConsumerConnectionsAreSortedByClientId) {
  protocol::ConsumerConnection wire;
  wire.connection_set = {{"z@1", "127.0.0.1:2", "CPP", 1}, {"a@1", "127.0.0.1:1", "JAVA", 2}};
  protocol::SubscriptionData sub;
  sub.topic = "T";
  sub.sub_string = "TagA || TagB";
  wire.subscription_table["T"] = sub;
  wire.message_model = "CLUSTERING";
  ConsumerConnections out = ToPublic(wire);
  ASSERT_EQ(out.connections.size(), 2u);
  EXPECT_EQ(out.connections[0].client_id, "a@1");
  EXPECT_EQ(out.subscriptions["T"], "TagA || TagB");
  EXPECT_EQ(out.message_model, "CLUSTERING");
}

}  // namespace
}  // namespace admin
}  // namespace rocketmq
