// Registrations, route lookups, expiry scans and connection closes racing on one route
// table: the table must stay consistent (every route it hands out names registered brokers
// only) and nothing may crash or deadlock. Meant for the tsan preset as well.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "namesrv/route_info_manager.h"

namespace rocketmq {
namespace namesrv {
namespace {

BrokerRegistration Broker(int group, int64_t id, ConnectionId connection) {
  BrokerRegistration r;
  r.cluster_name = "C";
  r.broker_name = "broker-" + std::to_string(group);
  r.broker_id = id;
  r.broker_addr = "10.0.0." + std::to_string(group) + ":" + std::to_string(10911 + id);
  r.data_version.counter = static_cast<int64_t>(connection);
  r.connection = connection;
  for (int t = 0; t < 8; ++t) {
    protocol::TopicConfig topic;
    topic.topic_name = "T" + std::to_string(t);
    r.topics.push_back(topic);
  }
  return r;
}

TEST(RouteInfoManagerConcurrencyTest, RacingWritersAndReadersKeepRoutesConsistent) {
  RouteInfoManager routes(RouteInfoManager::Options{50, false});
  std::atomic<bool> inconsistent{false};
  std::atomic<int64_t> now{0};
  constexpr int kRounds = 2000;

  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kRounds; ++i) {
        const ConnectionId connection = static_cast<ConnectionId>(w * kRounds + i + 1);
        routes.RegisterBroker(Broker(i % 4, i % 2, connection), now.fetch_add(1));
        if (i % 7 == 0) routes.OnConnectionClosed(connection);
        if (i % 11 == 0) {
          routes.UnregisterBroker("C", Broker(i % 4, 0, 0).broker_addr,
                                  Broker(i % 4, 0, 0).broker_name, 0);
        }
        if (i % 13 == 0) routes.WipeWritePermOfBroker("broker-" + std::to_string(i % 4));
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) {
      auto route = routes.PickupTopicRoute("T" + std::to_string(i % 8));
      if (!route.has_value()) continue;
      for (const auto& broker : route->broker_datas) {
        if (broker.broker_addrs.empty() || broker.cluster != "C") inconsistent = true;
      }
      if (route->queue_datas.empty()) inconsistent = true;
      routes.GetAllClusterInfo();
      routes.GetTopicsByCluster("C");
    }
  });
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds / 10; ++i) routes.ScanNotActiveBrokers(now.load());
  });
  for (auto& t : threads) t.join();
  EXPECT_FALSE(inconsistent.load());

  // Once everything is silent past its timeout, one scan empties the table.
  routes.ScanNotActiveBrokers(now.load() + 1000);
  EXPECT_EQ(routes.LiveBrokerCount(), 0u);
  EXPECT_TRUE(routes.GetAllClusterInfo().broker_addr_table.empty());
  EXPECT_TRUE(routes.GetAllTopicList().topic_list.empty());
}

}  // namespace
}  // namespace namesrv
}  // namespace rocketmq
