#include "namesrv/route_info_manager.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace namesrv {
namespace {

constexpr int64_t kNow = 1700000000000;

protocol::TopicConfig Topic(const std::string& name, int32_t queues = 4,
                            int32_t perm = protocol::PermName::kPermRead |
                                           protocol::PermName::kPermWrite,
                            int32_t sys_flag = 0) {
  protocol::TopicConfig t;
  t.topic_name = name;
  t.read_queue_nums = queues;
  t.write_queue_nums = queues;
  t.perm = perm;
  t.topic_sys_flag = sys_flag;
  return t;
}

BrokerRegistration Broker(const std::string& name, int64_t id, const std::string& addr,
                          std::vector<protocol::TopicConfig> topics, int64_t counter = 1,
                          const std::string& cluster = "DefaultCluster") {
  BrokerRegistration r;
  r.cluster_name = cluster;
  r.broker_name = name;
  r.broker_id = id;
  r.broker_addr = addr;
  r.ha_server_addr = addr + "-ha";
  r.data_version.counter = counter;
  r.data_version.timestamp = 1000 + counter;
  r.topics = std::move(topics);
  r.filter_server_list = std::vector<std::string>{};
  return r;
}

class RouteInfoManagerTest : public ::testing::Test {
 protected:
  RouteInfoManager routes_{RouteInfoManager::Options{120000, false}};
};

TEST_F(RouteInfoManagerTest, RegisteredMasterServesItsTopics) {
  routes_.RegisterBroker(Broker("broker-a", 0, "10.0.0.1:10911", {Topic("T1"), Topic("T2", 8)}),
                         kNow);
  auto route = routes_.PickupTopicRoute("T2");
  ASSERT_TRUE(route.has_value());
  ASSERT_EQ(route->queue_datas.size(), 1u);
  EXPECT_EQ(route->queue_datas[0].broker_name, "broker-a");
  EXPECT_EQ(route->queue_datas[0].write_queue_nums, 8);
  EXPECT_EQ(route->queue_datas[0].perm, 6);
  ASSERT_EQ(route->broker_datas.size(), 1u);
  EXPECT_EQ(route->broker_datas[0].cluster, "DefaultCluster");
  EXPECT_EQ(route->broker_datas[0].broker_addrs.at(0), "10.0.0.1:10911");
  EXPECT_FALSE(routes_.PickupTopicRoute("Unknown").has_value());
  EXPECT_EQ(routes_.GetAllTopicList().topic_list, (std::set<std::string>{"T1", "T2"}));
}

TEST_F(RouteInfoManagerTest, SlaveJoinsGroupWithoutChangingQueuesAndLearnsMaster) {
  routes_.RegisterBroker(Broker("broker-a", 0, "10.0.0.1:10911", {Topic("T1")}), kNow);
  auto result = routes_.RegisterBroker(
      Broker("broker-a", 1, "10.0.0.2:10911", {Topic("T1", 16), Topic("SlaveOnly")}), kNow);
  EXPECT_EQ(result.master_addr, "10.0.0.1:10911");
  EXPECT_EQ(result.ha_server_addr, "10.0.0.1:10911-ha");
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->queue_datas[0].write_queue_nums, 4);
  EXPECT_EQ(route->broker_datas[0].broker_addrs.size(), 2u);
  EXPECT_FALSE(routes_.PickupTopicRoute("SlaveOnly").has_value());
}

TEST_F(RouteInfoManagerTest, TopicsReappliedOnlyWhenDataVersionChanges) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1", 4)}, 1), kNow);
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1", 8)}, 1), kNow);
  EXPECT_EQ(routes_.PickupTopicRoute("T1")->queue_datas[0].write_queue_nums, 4);
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1", 8)}, 2), kNow);
  EXPECT_EQ(routes_.PickupTopicRoute("T1")->queue_datas[0].write_queue_nums, 8);

  protocol::DataVersion v2;
  v2.counter = 2;
  v2.timestamp = 1002;
  protocol::DataVersion v3 = v2;
  v3.Next(1003);
  EXPECT_FALSE(routes_.IsBrokerTopicConfigChanged("DefaultCluster", "a:1", v2));
  EXPECT_TRUE(routes_.IsBrokerTopicConfigChanged("DefaultCluster", "a:1", v3));
  EXPECT_TRUE(routes_.IsBrokerTopicConfigChanged("DefaultCluster", "b:1", v2));
  EXPECT_EQ(routes_.QueryBrokerTopicConfig("DefaultCluster", "a:1"), v2);
}

TEST_F(RouteInfoManagerTest, DeletedTopicComesBackWithNextRegistration) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}, 1), kNow);
  routes_.DeleteTopic("T1");
  EXPECT_FALSE(routes_.PickupTopicRoute("T1").has_value());
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}, 1), kNow);
  EXPECT_TRUE(routes_.PickupTopicRoute("T1").has_value());
}

TEST_F(RouteInfoManagerTest, DeleteTopicInOneClusterKeepsOtherClusters) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}, 1, "C1"), kNow);
  routes_.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T1")}, 1, "C2"), kNow);
  routes_.DeleteTopic("T1", "C1");
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  ASSERT_EQ(route->queue_datas.size(), 1u);
  EXPECT_EQ(route->queue_datas[0].broker_name, "broker-b");
  routes_.DeleteTopic("T1", "NoSuchCluster");
  routes_.DeleteTopic("T1", "C2");
  EXPECT_FALSE(routes_.PickupTopicRoute("T1").has_value());
}

TEST_F(RouteInfoManagerTest, UnregisteringMasterRemovesWritableMasterAtOnce) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}), kNow);
  routes_.RegisterBroker(Broker("broker-a", 1, "a:2", {Topic("T1")}), kNow);
  routes_.UnregisterBroker("DefaultCluster", "a:1", "broker-a", 0);
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->broker_datas[0].broker_addrs.count(protocol::kMasterBrokerId), 0u);
  EXPECT_EQ(route->broker_datas[0].broker_addrs.at(1), "a:2");

  routes_.UnregisterBroker("DefaultCluster", "a:2", "broker-a", 1);
  EXPECT_FALSE(routes_.PickupTopicRoute("T1").has_value());
  EXPECT_TRUE(routes_.GetAllClusterInfo().cluster_addr_table.empty());
  EXPECT_TRUE(routes_.GetAllClusterInfo().broker_addr_table.empty());
  EXPECT_EQ(routes_.LiveBrokerCount(), 0u);
}

TEST_F(RouteInfoManagerTest, SlavePromotedToMasterReplacesItsOldId) {
  routes_.RegisterBroker(Broker("broker-a", 1, "a:2", {Topic("T1")}), kNow);
  routes_.RegisterBroker(Broker("broker-a", 0, "a:2", {Topic("T1")}, 2), kNow);
  auto info = routes_.GetAllClusterInfo();
  const auto& addrs = info.broker_addr_table.at("broker-a").broker_addrs;
  ASSERT_EQ(addrs.size(), 1u);
  EXPECT_EQ(addrs.at(0), "a:2");
  EXPECT_TRUE(routes_.PickupTopicRoute("T1").has_value());
}

TEST_F(RouteInfoManagerTest, ScanDropsSilentBrokersAndReturnsTheirConnections) {
  auto a = Broker("broker-a", 0, "a:1", {Topic("T1")});
  a.connection = 7;
  auto b = Broker("broker-b", 0, "b:1", {Topic("T1"), Topic("T2")});
  b.connection = 8;
  routes_.RegisterBroker(a, kNow);
  routes_.RegisterBroker(b, kNow + 60000);

  EXPECT_TRUE(routes_.ScanNotActiveBrokers(kNow + 120000).empty());
  auto closed = routes_.ScanNotActiveBrokers(kNow + 120001);
  EXPECT_EQ(closed, std::vector<ConnectionId>{7});
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  ASSERT_EQ(route->queue_datas.size(), 1u);
  EXPECT_EQ(route->queue_datas[0].broker_name, "broker-b");

  // A heartbeat keeps a broker alive without re-registering.
  routes_.UpdateBrokerInfoUpdateTimestamp("DefaultCluster", "b:1", kNow + 170000);
  EXPECT_TRUE(routes_.ScanNotActiveBrokers(kNow + 190000).empty());
  EXPECT_EQ(routes_.ScanNotActiveBrokers(kNow + 290001), std::vector<ConnectionId>{8});
  EXPECT_FALSE(routes_.PickupTopicRoute("T2").has_value());
  EXPECT_EQ(routes_.LiveBrokerCount(), 0u);
}

TEST_F(RouteInfoManagerTest, BrokerOwnHeartbeatTimeoutWins) {
  auto a = Broker("broker-a", 0, "a:1", {Topic("T1")});
  a.heartbeat_timeout_ms = 1000;
  routes_.RegisterBroker(a, kNow);
  EXPECT_TRUE(routes_.ScanNotActiveBrokers(kNow + 1000).empty());
  routes_.ScanNotActiveBrokers(kNow + 1001);
  EXPECT_FALSE(routes_.PickupTopicRoute("T1").has_value());
}

TEST_F(RouteInfoManagerTest, ClosedConnectionDropsItsBrokerOnly) {
  auto master = Broker("broker-a", 0, "a:1", {Topic("T1")});
  master.connection = 11;
  auto slave = Broker("broker-a", 1, "a:2", {Topic("T1")});
  slave.connection = 12;
  routes_.RegisterBroker(master, kNow);
  routes_.RegisterBroker(slave, kNow);
  routes_.OnConnectionClosed(99);
  EXPECT_EQ(routes_.LiveBrokerCount(), 2u);
  routes_.OnConnectionClosed(11);
  EXPECT_EQ(routes_.LiveBrokerCount(), 1u);
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->broker_datas[0].broker_addrs.count(protocol::kMasterBrokerId), 0u);
  // The slave no longer learns a master address.
  EXPECT_TRUE(routes_.RegisterBroker(slave, kNow).master_addr.empty());
}

TEST_F(RouteInfoManagerTest, WipeAndAddWritePermission) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1"), Topic("T2")}), kNow);
  routes_.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T1")}), kNow);
  EXPECT_EQ(routes_.WipeWritePermOfBroker("broker-a"), 2);
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  for (const auto& q : route->queue_datas) {
    EXPECT_EQ(q.perm, q.broker_name == "broker-a"
                          ? protocol::PermName::kPermRead
                          : protocol::PermName::kPermRead | protocol::PermName::kPermWrite);
  }
  EXPECT_EQ(routes_.WipeWritePermOfBroker("no-such-broker"), 0);
  EXPECT_EQ(routes_.AddWritePermOfBroker("broker-a"), 2);
  EXPECT_EQ(routes_.PickupTopicRoute("T2")->queue_datas[0].perm,
            protocol::PermName::kPermRead | protocol::PermName::kPermWrite);
}

TEST_F(RouteInfoManagerTest, ClusterInfoAndTopicLists) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}, 1, "C1"), kNow);
  routes_.RegisterBroker(Broker("broker-b", 0, "b:1", {Topic("T2")}, 1, "C2"), kNow);
  routes_.RegisterBroker(
      Broker("broker-c", 0, "c:1",
             {Topic("U", 4, 6, kTopicSysFlagUnit), Topic("US", 4, 6, kTopicSysFlagUnitSub),
              Topic("UUS", 4, 6, kTopicSysFlagUnit | kTopicSysFlagUnitSub)},
             1, "C2"),
      kNow);
  auto info = routes_.GetAllClusterInfo();
  EXPECT_EQ(info.cluster_addr_table.at("C2"), (std::set<std::string>{"broker-b", "broker-c"}));
  EXPECT_EQ(info.broker_addr_table.at("broker-a").broker_addrs.at(0), "a:1");

  EXPECT_EQ(routes_.GetTopicsByCluster("C1").topic_list, std::set<std::string>{"T1"});
  EXPECT_TRUE(routes_.GetTopicsByCluster("nope").topic_list.empty());
  auto system = routes_.GetSystemTopicList();
  EXPECT_EQ(system.topic_list,
            (std::set<std::string>{"C1", "C2", "broker-a", "broker-b", "broker-c"}));
  EXPECT_EQ(system.broker_addr, "a:1");
  EXPECT_EQ(routes_.GetUnitTopics().topic_list, (std::set<std::string>{"U", "UUS"}));
  EXPECT_EQ(routes_.GetHasUnitSubTopicList().topic_list, (std::set<std::string>{"US", "UUS"}));
  EXPECT_EQ(routes_.GetHasUnitSubUnUnitTopicList().topic_list, std::set<std::string>{"US"});
}

TEST_F(RouteInfoManagerTest, FilterServersAppearInRoutes) {
  auto a = Broker("broker-a", 0, "a:1", {Topic("T1")});
  a.filter_server_list = std::vector<std::string>{"f:1"};
  routes_.RegisterBroker(a, kNow);
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->filter_server_table.at("a:1"), std::vector<std::string>{"f:1"});
  a.filter_server_list = std::vector<std::string>{};
  routes_.RegisterBroker(a, kNow);
  EXPECT_TRUE(routes_.PickupTopicRoute("T1")->filter_server_table.empty());
}

TEST(RouteInfoManagerOptionsTest, DeleteTopicWithBrokerRegistration) {
  RouteInfoManager routes(RouteInfoManager::Options{120000, true});
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1"), Topic("T2")}, 1), kNow);
  routes.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}, 2), kNow);
  EXPECT_TRUE(routes.PickupTopicRoute("T1").has_value());
  EXPECT_FALSE(routes.PickupTopicRoute("T2").has_value());
}

TEST_F(RouteInfoManagerTest, RegisterTopicOnlyOnKnownGroups) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}), kNow);
  protocol::QueueData known;
  known.broker_name = "broker-a";
  known.read_queue_nums = known.write_queue_nums = 2;
  known.perm = 6;
  protocol::QueueData unknown = known;
  unknown.broker_name = "broker-x";
  EXPECT_EQ(routes_.RegisterTopic("NEW", {known, unknown}), 1);
  auto route = routes_.PickupTopicRoute("NEW");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->queue_datas.size(), 1u);
}

TEST_F(RouteInfoManagerTest, ActingMasterGroupLosesWritePermWithItsMaster) {
  auto master = Broker("broker-a", 0, "a:1", {Topic("T1")});
  master.enable_acting_master = true;
  auto slave = Broker("broker-a", 1, "a:2", {Topic("T1")});
  slave.enable_acting_master = true;
  routes_.RegisterBroker(master, kNow);
  routes_.RegisterBroker(slave, kNow);
  routes_.UnregisterBroker("DefaultCluster", "a:1", "broker-a", 0);
  auto route = routes_.PickupTopicRoute("T1");
  ASSERT_TRUE(route.has_value());
  EXPECT_EQ(route->queue_datas[0].perm, protocol::PermName::kPermRead);
  EXPECT_TRUE(route->broker_datas[0].enable_acting_master);
}

TEST_F(RouteInfoManagerTest, MemberGroup) {
  routes_.RegisterBroker(Broker("broker-a", 0, "a:1", {Topic("T1")}), kNow);
  routes_.RegisterBroker(Broker("broker-a", 2, "a:3", {Topic("T1")}), kNow);
  auto group = routes_.GetBrokerMemberGroup("DefaultCluster", "broker-a");
  EXPECT_EQ(group.broker_addrs.size(), 2u);
  EXPECT_TRUE(routes_.GetBrokerMemberGroup("DefaultCluster", "x").broker_addrs.empty());
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
