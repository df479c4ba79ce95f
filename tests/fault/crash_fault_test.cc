// Processes that die or restart under load: a broker killed with SIGKILL under SYNC_FLUSH
// sends, a broker restarted under a live SDK producer, a nameserver killed and restarted
// under one. Each test states what was lost, and asserts it.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "fault_support.h"
#include "protocol/response_code.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace {

namespace ResponseCode = protocol::ResponseCode;
using std::chrono::milliseconds;
using testing::BrokerCluster;

// Waits (bounded) for `done`, polling.
template <typename Predicate>
bool WaitFor(Predicate done, milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  while (!deadline.Expired()) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return done();
}

// The sends of a test and what became of them.
class Ledger {
 public:
  void Record(const std::string& body, bool acknowledged) {
    std::lock_guard<std::mutex> lock(mu_);
    (acknowledged ? acknowledged_ : failed_).insert(body);
  }
  size_t acknowledged() const {
    std::lock_guard<std::mutex> lock(mu_);
    return acknowledged_.size();
  }
  size_t failed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return failed_.size();
  }
  testing::LossReport Compare(const std::vector<std::string>& stored) const {
    std::lock_guard<std::mutex> lock(mu_);
    return testing::CompareStored(acknowledged_, failed_, stored);
  }

 private:
  mutable std::mutex mu_;
  std::set<std::string> acknowledged_;
  std::set<std::string> failed_;
};

// SIGKILL under SYNC_FLUSH load: every acknowledged message is read back byte for byte after
// recovery. Lost: only sends that were never acknowledged (at most one in flight per
// sender). Duplicated: nothing, since these raw sends are never retried.
TEST(CrashFaultTest, KillUnderSyncFlushLoadLosesNoAcknowledgedMessage) {
  auto started = BrokerCluster::Start({"--flushDiskType=SYNC_FLUSH"});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  BrokerCluster& cluster = **started;
  ASSERT_EQ(cluster.Send("KillTopic", "create")->code(), ResponseCode::kSuccess);

  constexpr int kSenders = 4;
  Ledger ledger;
  std::atomic<bool> stop{false};
  std::atomic<int> next{0};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      while (!stop.load()) {
        const std::string body = testing::NoisyBody("kill", next.fetch_add(1), 2048);
        auto response = cluster.Send("KillTopic", body, "", s);
        ledger.Record(body, response.ok() && response->code() == ResponseCode::kSuccess);
      }
    });
  }
  ASSERT_TRUE(WaitFor([&] { return ledger.acknowledged() >= 400; }, milliseconds(20000)));
  cluster.broker().Signal(SIGKILL);
  // Senders see the connection go; each stops after its next attempt.
  ASSERT_TRUE(cluster.broker().WaitForExit(milliseconds(10000)).ok());
  stop = true;
  for (auto& t : senders) t.join();

  const Status restarted = cluster.KillAndRestartBroker();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  auto stored = testing::PullAllBodies(&cluster, "KillTopic", kSenders);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  stored->erase(std::remove(stored->begin(), stored->end(), "create"), stored->end());
  const testing::LossReport report = ledger.Compare(*stored);
  ::testing::Test::RecordProperty("loss", report.ToString());
  EXPECT_GE(report.acknowledged, 400u);
  EXPECT_EQ(report.lost, 0u) << report.ToString();
  EXPECT_EQ(report.duplicated, 0u) << report.ToString();
  EXPECT_EQ(report.unknown, 0u) << report.ToString();
  EXPECT_LE(report.stored_unacknowledged, static_cast<size_t>(kSenders)) << report.ToString();
  // The recovered broker takes sends again.
  EXPECT_EQ(cluster.Send("KillTopic", "after")->code(), ResponseCode::kSuccess);
}

// A broker restarted (SIGTERM, then started on its port again) under a producer sending
// all the while: sends fail only while it is down, each within its timeout, and succeed
// again soon after it is back. Lost: only failed sends. Duplicated: at most one copy per
// retry of a send whose first attempt was stored but not answered.
TEST(CrashFaultTest, BrokerRestartUnderALiveProducer) {
  auto started = BrokerCluster::Start();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  BrokerCluster& cluster = **started;

  ProducerConfig config;
  config.namesrv_addr = cluster.namesrv_addr();
  config.group = "PG_FAULT_RESTART";
  config.send_timeout_ms = 1000;
  Producer producer(config);
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return producer.Send(Message("LiveTopic", "create")).ok(); },
                      milliseconds(10000)));

  Ledger ledger;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> slowest_failure_ms{0};
  std::thread sender([&] {
    for (int i = 0; !stop.load(); ++i) {
      const std::string body = testing::NoisyBody("live", i, 256);
      const auto start = clock::Monotonic::now();
      auto result = producer.Send(Message("LiveTopic", body));
      const bool ok = result.ok() && result->status == SendStatus::kSendOk;
      if (!ok) {
        const int64_t took =
            std::chrono::duration_cast<milliseconds>(clock::Monotonic::now() - start).count();
        if (took > slowest_failure_ms.load()) slowest_failure_ms = took;
        // A client paces itself after a failure; this one has nothing better to do.
        std::this_thread::sleep_for(milliseconds(20));
      }
      ledger.Record(body, ok);
    }
  });
  ASSERT_TRUE(WaitFor([&] { return ledger.acknowledged() >= 100; }, milliseconds(10000)));
  const Status restarted = cluster.RestartBroker(/*same_port=*/true);
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  const size_t at_restart = ledger.acknowledged();
  const bool resumed =
      WaitFor([&] { return ledger.acknowledged() >= at_restart + 100; }, milliseconds(15000));
  stop = true;
  sender.join();
  EXPECT_TRUE(resumed) << "sends did not resume after the restart";
  EXPECT_TRUE(producer.Shutdown().ok());
  // Each failed send gave up within its timeout (plus scheduling slack), never hung.
  EXPECT_LT(slowest_failure_ms.load(), config.send_timeout_ms + 1000);

  auto stored = testing::PullAllBodies(&cluster, "LiveTopic", 4);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  stored->erase(std::remove(stored->begin(), stored->end(), "create"), stored->end());
  const testing::LossReport report = ledger.Compare(*stored);
  ::testing::Test::RecordProperty("loss", report.ToString());
  EXPECT_EQ(report.lost, 0u) << report.ToString();
  EXPECT_EQ(report.unknown, 0u) << report.ToString();
  EXPECT_LE(report.duplicated,
            static_cast<size_t>(config.retry_times_when_send_failed) * (ledger.failed() + 1))
      << report.ToString();
}

// The nameserver killed under a live producer: sends go on from the cached route without a
// single failure; the restarted nameserver learns the broker again within seconds, so a new
// producer finds the topic. Lost: nothing.
TEST(CrashFaultTest, NameserverRestartUnderALiveProducerLosesNothing) {
  auto started = BrokerCluster::Start();
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  BrokerCluster& cluster = **started;

  ProducerConfig config;
  config.namesrv_addr = cluster.namesrv_addr();
  config.group = "PG_FAULT_NAMESRV";
  config.poll_name_server_interval_ms = 200;  // route refreshes meet the dead nameserver
  Producer producer(config);
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(WaitFor([&] { return producer.Send(Message("NsTopic", "create")).ok(); },
                      milliseconds(10000)));

  Ledger ledger;
  std::atomic<bool> stop{false};
  std::thread sender([&] {
    for (int i = 0; !stop.load(); ++i) {
      const std::string body = testing::NoisyBody("ns", i, 256);
      auto result = producer.Send(Message("NsTopic", body));
      ledger.Record(body, result.ok() && result->status == SendStatus::kSendOk);
    }
  });
  ASSERT_TRUE(WaitFor([&] { return ledger.acknowledged() >= 50; }, milliseconds(10000)));
  const Status restarted = cluster.KillAndRestartNamesrv();
  const size_t at_restart = ledger.acknowledged();
  EXPECT_TRUE(
      WaitFor([&] { return ledger.acknowledged() >= at_restart + 50; }, milliseconds(10000)));
  stop = true;
  sender.join();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  EXPECT_EQ(ledger.failed(), 0u);

  // A producer that starts now knows nothing but the new nameserver.
  ProducerConfig fresh_config = config;
  fresh_config.group = "PG_FAULT_NAMESRV_2";
  Producer fresh(fresh_config);
  ASSERT_TRUE(fresh.Start().ok());
  EXPECT_TRUE(
      WaitFor([&] { return fresh.Send(Message("NsTopic", "fresh")).ok(); }, milliseconds(10000)));
  EXPECT_TRUE(fresh.Shutdown().ok());
  EXPECT_TRUE(producer.Shutdown().ok());

  auto stored = testing::PullAllBodies(&cluster, "NsTopic", 4);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  stored->erase(std::remove(stored->begin(), stored->end(), "create"), stored->end());
  stored->erase(std::remove(stored->begin(), stored->end(), "fresh"), stored->end());
  const testing::LossReport report = ledger.Compare(*stored);
  EXPECT_EQ(report.lost, 0u) << report.ToString();
  EXPECT_EQ(report.duplicated, 0u) << report.ToString();
  EXPECT_EQ(report.unknown, 0u) << report.ToString();
}

}  // namespace
}  // namespace rocketmq
