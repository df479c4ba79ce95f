#include "client/route_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

protocol::TopicRouteData TwoBrokerRoute() {
  protocol::TopicRouteData route;
  route.queue_datas = {{"broker-b", 4, 2, 6, 0}, {"broker-a", 4, 3, 6, 0}};
  route.broker_datas = {
      {"c", "broker-a", {{0, "10.0.0.1:10911"}, {1, "10.0.0.2:10911"}}, "", false},
      {"c", "broker-b", {{0, "10.0.0.3:10911"}}, "", false}};
  return route;
}

TEST(RouteCacheTest, PublishQueuesAreWritableQueuesByBrokerName) {
  auto info = BuildPublishInfo("T", TwoBrokerRoute());
  ASSERT_EQ(info->queues().size(), 5u);
  EXPECT_EQ(info->queues()[0], (MessageQueue{"T", "broker-a", 0}));
  EXPECT_EQ(info->queues()[2], (MessageQueue{"T", "broker-a", 2}));
  EXPECT_EQ(info->queues()[3], (MessageQueue{"T", "broker-b", 0}));
  EXPECT_FALSE(info->order_topic());
  EXPECT_EQ(info->queues()[4], (MessageQueue{"T", "broker-b", 1}));
  EXPECT_EQ(info->brokers(), (std::vector<std::string>{"broker-a", "broker-b"}));
  EXPECT_EQ(info->BrokerOf(4), 1u);
}

TEST(RouteCacheTest, ReadOnlyQueuesAndMasterlessBrokersAreSkipped) {
  auto route = TwoBrokerRoute();
  route.queue_datas[0].perm = 4;                // broker-b read only
  route.broker_datas[0].broker_addrs.erase(0);  // broker-a has only a slave
  EXPECT_FALSE(BuildPublishInfo("T", route)->ok());
}

TEST(RouteCacheTest, OrderTopicConfNamesTheQueues) {
  auto route = TwoBrokerRoute();
  route.order_topic_conf = "broker-b:2;broker-a:1";
  auto info = BuildPublishInfo("T", route);
  EXPECT_TRUE(info->order_topic());
  ASSERT_EQ(info->queues().size(), 3u);
  EXPECT_EQ(info->queues()[0], (MessageQueue{"T", "broker-b", 0}));
  EXPECT_EQ(info->queues()[2], (MessageQueue{"T", "broker-a", 0}));
}

TEST(RouteCacheTest, CachesRoutesAndBrokerAddresses) {
  RouteCache cache;
  EXPECT_EQ(cache.FindPublishInfo("T"), nullptr);
  EXPECT_TRUE(cache.Update("T", TwoBrokerRoute()));
  auto info = cache.FindPublishInfo("T");
  ASSERT_NE(info, nullptr);
  EXPECT_FALSE(cache.Update("T", TwoBrokerRoute())) << "identical route is not a change";
  EXPECT_EQ(cache.FindPublishInfo("T"), info) << "the round-robin position survives";
  EXPECT_EQ(cache.FindMasterAddress("broker-a"), "10.0.0.1:10911");
  EXPECT_FALSE(cache.FindMasterAddress("broker-x").has_value());
  EXPECT_EQ(cache.MasterAddresses(),
            (std::vector<std::string>{"10.0.0.1:10911", "10.0.0.3:10911"}));
  EXPECT_EQ(cache.BrokerAddresses(),
            (std::vector<std::string>{"10.0.0.1:10911", "10.0.0.2:10911", "10.0.0.3:10911"}));
  EXPECT_EQ(cache.FindSubscribeAddress("broker-a"), "10.0.0.1:10911");
  auto changed = TwoBrokerRoute();
  changed.queue_datas.pop_back();
  EXPECT_TRUE(cache.Update("T", changed));
  EXPECT_NE(cache.FindPublishInfo("T"), info);
  EXPECT_EQ(cache.Topics(), (std::vector<std::string>{"T"}));
}

TEST(RouteCacheTest, SubscribersFallBackToASlaveWhileTheMasterIsGone) {
  RouteCache cache;
  auto route = TwoBrokerRoute();
  route.broker_datas[0].broker_addrs = {{2, "10.0.0.4:10911"}, {1, "10.0.0.2:10911"}};
  cache.Update("T", route);
  EXPECT_FALSE(cache.FindMasterAddress("broker-a").has_value());
  EXPECT_EQ(cache.FindSubscribeAddress("broker-a"), "10.0.0.2:10911") << "the lowest slave id";
  EXPECT_FALSE(cache.FindSubscribeAddress("broker-x").has_value());
  EXPECT_EQ(cache.MasterAddresses(), (std::vector<std::string>{"10.0.0.3:10911"}));
  EXPECT_EQ(cache.BrokerAddresses(),
            (std::vector<std::string>{"10.0.0.2:10911", "10.0.0.3:10911", "10.0.0.4:10911"}));
  cache.Update("T", TwoBrokerRoute());
  EXPECT_EQ(cache.FindSubscribeAddress("broker-a"), "10.0.0.1:10911") << "back to the master";
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
