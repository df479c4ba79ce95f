// rmq-cluster: one command gives a working cluster (every broker registered when it says
// ready), Ctrl-C stops it cleanly and removes its temporary stores.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <map>

#include "rocketmq/admin.h"
#include "support/child_process.h"

namespace rocketmq {
namespace {

using testing::ChildProcess;

// The text after `key` on the line holding it, up to the first space, ';' or newline.
std::string ValueAfter(const std::string& text, const std::string& key) {
  const size_t at = text.find(key);
  if (at == std::string::npos) return "";
  const size_t begin = at + key.size();
  return text.substr(begin, text.find_first_of(" ;,\n", begin) - begin);
}

TEST(RmqClusterTest, StartsBrokersAndStopsOnCtrlC) {
  auto cluster = ChildProcess::Spawn(RMQ_CLUSTER_BIN, {"--brokers", "2", "--namesrv-port", "0"});
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ready = (*cluster)->WaitForOutput("ready: NAMESRV_ADDR=", ChildProcess::Stream::kStdout,
                                         std::chrono::seconds(30));
  ASSERT_TRUE(ready.ok()) << ready.status().ToString() << "\n" << (*cluster)->StderrText();
  const std::string out = (*cluster)->StdoutText();
  const std::string namesrv = ValueAfter(out, "NAMESRV_ADDR=");
  const std::string store = ValueAfter(out, "store     ");
  ASSERT_FALSE(namesrv.empty()) << out;
  ASSERT_FALSE(store.empty()) << out;
  EXPECT_EQ(::access(store.c_str(), F_OK), 0) << store;

  AdminConfig config;
  config.namesrv_addr = namesrv;
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  auto info = admin.GetClusterInfo();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->brokers.size(), 2u);
  EXPECT_EQ(info->clusters.count("DefaultCluster"), 1u);
  ASSERT_TRUE(admin.Shutdown().ok());

  (*cluster)->Signal(SIGINT);
  auto exit = (*cluster)->WaitForExit(std::chrono::seconds(30));
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(*exit, 0) << (*cluster)->StderrText();
  EXPECT_NE(::access(store.c_str(), F_OK), 0) << store << " was not removed";
}

// --slaves: each master gets its slaves (brokerId 1..N) under its name, and they replicate.
TEST(RmqClusterTest, StartsSlavesThatReplicateTheirMaster) {
  auto cluster = ChildProcess::Spawn(RMQ_CLUSTER_BIN, {"--slaves", "1", "--namesrv-port", "0"});
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ready = (*cluster)->WaitForOutput("ready: NAMESRV_ADDR=", ChildProcess::Stream::kStdout,
                                         std::chrono::seconds(30));
  ASSERT_TRUE(ready.ok()) << ready.status().ToString() << "\n" << (*cluster)->StderrText();
  const std::string out = (*cluster)->StdoutText();
  EXPECT_NE(out.find("broker-0-s1"), std::string::npos) << out;

  AdminConfig config;
  config.namesrv_addr = ValueAfter(out, "NAMESRV_ADDR=");
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  auto info = admin.GetClusterInfo();
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_EQ(info->brokers.count("broker-0"), 1u);
  const auto& addrs = info->brokers.at("broker-0").addrs;
  ASSERT_EQ(addrs.size(), 2u) << out;
  ASSERT_EQ(addrs.count(1), 1u);
  // The master counts its slave's link (learnt from the nameserver, not configured).
  bool linked = false;
  for (int i = 0; i < 100 && !linked; ++i) {
    auto stats = admin.GetBrokerRuntimeStats(addrs.at(0));
    linked = stats.ok() && stats->count("haSlaveCount") && stats->at("haSlaveCount") == "1";
    if (!linked) ::usleep(100 * 1000);
  }
  EXPECT_TRUE(linked);
  ASSERT_TRUE(admin.Shutdown().ok());

  (*cluster)->Signal(SIGINT);
  auto exit = (*cluster)->WaitForExit(std::chrono::seconds(30));
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(*exit, 0) << (*cluster)->StderrText();
}

// --dledger: each broker name is a DLedger group; its members register once the group
// elected a master, which reports itself the leader.
TEST(RmqClusterTest, StartsADLedgerGroupThatElectsItsMaster) {
  auto cluster = ChildProcess::Spawn(RMQ_CLUSTER_BIN, {"--dledger", "3", "--namesrv-port", "0"});
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto ready = (*cluster)->WaitForOutput("ready: NAMESRV_ADDR=", ChildProcess::Stream::kStdout,
                                         std::chrono::seconds(30));
  ASSERT_TRUE(ready.ok()) << ready.status().ToString() << "\n" << (*cluster)->StderrText();
  const std::string out = (*cluster)->StdoutText();
  EXPECT_NE(out.find("broker-0-n2"), std::string::npos) << out;

  AdminConfig config;
  config.namesrv_addr = ValueAfter(out, "NAMESRV_ADDR=");
  Admin admin(config);
  ASSERT_TRUE(admin.Start().ok());
  std::map<int64_t, std::string> addrs;
  for (int i = 0; i < 150 && !(addrs.size() == 3 && addrs.count(0)); ++i) {
    auto info = admin.GetClusterInfo();
    if (info.ok() && info->brokers.count("broker-0")) addrs = info->brokers.at("broker-0").addrs;
    if (!(addrs.size() == 3 && addrs.count(0))) ::usleep(100 * 1000);
  }
  ASSERT_EQ(addrs.size(), 3u) << out;
  ASSERT_EQ(addrs.count(0), 1u);
  auto stats = admin.GetBrokerRuntimeStats(addrs.at(0));
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->at("dLedgerRole"), "LEADER");
  EXPECT_EQ(stats->at("dLedgerGroup"), "broker-0");
  ASSERT_TRUE(admin.Shutdown().ok());

  (*cluster)->Signal(SIGINT);
  auto exit = (*cluster)->WaitForExit(std::chrono::seconds(30));
  ASSERT_TRUE(exit.ok()) << exit.status().ToString();
  EXPECT_EQ(*exit, 0) << (*cluster)->StderrText();
}

TEST(RmqClusterTest, UsageErrorsExitWithTwo) {
  auto cluster = ChildProcess::Spawn(RMQ_CLUSTER_BIN, {"--brokers", "zero"});
  ASSERT_TRUE(cluster.ok());
  auto exit = (*cluster)->WaitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(exit.ok());
  EXPECT_EQ(*exit, 2);
  EXPECT_NE((*cluster)->StderrText().find("--brokers"), std::string::npos);

  auto both = ChildProcess::Spawn(RMQ_CLUSTER_BIN, {"--slaves", "1", "--dledger", "3"});
  ASSERT_TRUE(both.ok());
  exit = (*both)->WaitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(exit.ok());
  EXPECT_EQ(*exit, 2);
  EXPECT_NE((*both)->StderrText().find("exclude each other"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
