#include "consumer/pull_target.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace consumer {
namespace {

protocol::TopicRouteData Route(std::map<int64_t, std::string> addrs) {
  protocol::TopicRouteData route;
  protocol::BrokerData other;
  other.broker_name = "other";
  other.broker_addrs = {{0, "10.0.0.9:10911"}};
  route.broker_datas.push_back(other);
  protocol::BrokerData broker;
  broker.broker_name = "b";
  broker.broker_addrs = std::move(addrs);
  route.broker_datas.push_back(broker);
  return route;
}

TEST(PullTargetTest, TheSuggestedBrokerWhenRegistered) {
  const auto route = Route({{0, "m:1"}, {1, "s1:1"}, {2, "s2:1"}});
  EXPECT_EQ(FindPullTarget(route, "b", 0), (PullTarget{"m:1", false}));
  EXPECT_EQ(FindPullTarget(route, "b", 1), (PullTarget{"s1:1", true}));
  EXPECT_EQ(FindPullTarget(route, "b", 2), (PullTarget{"s2:1", true}));
}

TEST(PullTargetTest, AnUnknownSlaveFallsToTheNextIdThenToTheLowest) {
  EXPECT_EQ(FindPullTarget(Route({{0, "m:1"}, {2, "s2:1"}}), "b", 1), (PullTarget{"s2:1", true}));
  EXPECT_EQ(FindPullTarget(Route({{0, "m:1"}, {1, "s1:1"}}), "b", 5), (PullTarget{"m:1", false}));
}

TEST(PullTargetTest, WithoutItsMasterAQueueIsPulledFromASlave) {
  EXPECT_EQ(FindPullTarget(Route({{1, "s1:1"}, {3, "s3:1"}}), "b", 0), (PullTarget{"s1:1", true}));
}

TEST(PullTargetTest, NothingForABrokerNameTheRouteDoesNotHave) {
  EXPECT_FALSE(FindPullTarget(Route({{0, "m:1"}}), "missing", 0).has_value());
  EXPECT_FALSE(FindPullTarget(Route({}), "b", 0).has_value());
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
