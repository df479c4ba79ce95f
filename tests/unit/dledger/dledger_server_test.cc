// Three DLedgerServers in one process over real loopback sockets: the threaded path (ticker,
// RPC executors, client callbacks) that the single-threaded simulation does not exercise.
// Run under TSAN (preset tsan) to check its locking.
#include "dledger/dledger_server.h"
#include "support/free_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rocketmq {
namespace dledger {
namespace {

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

class DLedgerServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/rmq-dledger-server-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    std::string peers;
    for (int i = 0; i < 3; ++i) {
      peers += "n" + std::to_string(i) +
               "-127.0.0.1:" + std::to_string(testing::FreeLoopbackPort()) + ";";
    }
    for (int i = 0; i < 3; ++i) {
      DLedgerConfig config;
      config.group = "g";
      config.self_id = "n" + std::to_string(i);
      config.peers = peers;
      config.store_base_dir = dir_;
      config.data_file_size = 1 << 20;
      config.index_file_size = 1 << 16;
      config.heart_beat_time_interval_ms = 100;
      configs_.push_back(config);
      servers_.push_back(std::make_unique<DLedgerServer>(config));
      Status s = servers_.back()->Start();
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
  }
  void TearDown() override {
    for (auto& server : servers_) {
      if (server) server->Shutdown();
    }
    servers_.clear();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  int Leader() {
    for (size_t i = 0; i < servers_.size(); ++i) {
      if (servers_[i] && servers_[i]->member().role() == Role::kLeader) return static_cast<int>(i);
    }
    return -1;
  }

  std::string dir_;
  std::vector<DLedgerConfig> configs_;
  std::vector<std::unique_ptr<DLedgerServer>> servers_;
};

TEST_F(DLedgerServerTest, ConcurrentAppendsCommitAndSurviveALeaderStop) {
  ASSERT_TRUE(WaitFor([&] { return Leader() >= 0; }, std::chrono::seconds(10)));
  const int leader = Leader();
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  int ok = 0;
  // Four threads append at once: the member's lock, the push executor and the client
  // callbacks all run concurrently.
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const int32_t code = servers_[static_cast<size_t>(leader)]->member().Append(
            "w" + std::to_string(t) + "-" + std::to_string(i), [&](int32_t result, const Entry&) {
              std::lock_guard<std::mutex> lock(mu);
              ++done;
              if (result == code::kSuccess) ++ok;
              cv.notify_all();
            });
        if (code != code::kSuccess) {
          std::lock_guard<std::mutex> lock(mu);
          ++done;
          cv.notify_all();
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return done == 200; }));
    EXPECT_EQ(ok, 200);
  }
  std::printf("200 appends from 4 threads committed in %lld ms\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - started)
                                         .count()));
  const int64_t end = servers_[static_cast<size_t>(leader)]->store().end_index();
  EXPECT_EQ(end, 199);
  ASSERT_TRUE(WaitFor(
      [&] {
        for (auto& s : servers_) {
          if (s->store().committed_index() != end) return false;
        }
        return true;
      },
      std::chrono::seconds(5)));

  servers_[static_cast<size_t>(leader)]->Shutdown();
  servers_[static_cast<size_t>(leader)].reset();
  ASSERT_TRUE(WaitFor([&] { return Leader() >= 0; }, std::chrono::seconds(10)));
  const int next = Leader();
  std::atomic<int32_t> result{code::kUnknown};
  ASSERT_EQ(servers_[static_cast<size_t>(next)]->member().Append(
                "after", [&](int32_t code, const Entry&) { result = code; }),
            code::kSuccess);
  ASSERT_TRUE(WaitFor([&] { return result.load() != code::kUnknown; }, std::chrono::seconds(5)));
  EXPECT_EQ(result.load(), code::kSuccess);
  for (int64_t i = 0; i <= end; ++i) {
    EXPECT_TRUE(servers_[static_cast<size_t>(next)]->store().Get(i).ok()) << i;
  }
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
