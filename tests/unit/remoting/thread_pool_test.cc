#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "test_support.h"

namespace rocketmq {
namespace {

using remoting::testing::Counter;
using remoting::testing::Gate;

TEST(ThreadPoolTest, RunsEveryTaskAcceptedEvenAcrossShutdown) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool("test", 3);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(pool.Submit([&] { ++ran; }).ok());
    pool.Shutdown();
    EXPECT_EQ(ran.load(), 1000);
    EXPECT_EQ(pool.Submit([] {}).code(), ErrorCode::kIllegalState);
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST(ThreadPoolTest, BoundedQueueRefusesWithBusy) {
  ThreadPool pool("bounded", 1, 2);
  Gate gate;
  Counter started;
  ASSERT_TRUE(pool.Submit([&] {
                    started.Add();
                    gate.Wait();
                  })
                  .ok());
  ASSERT_TRUE(started.WaitFor(1));
  EXPECT_TRUE(pool.Submit([] {}).ok());
  EXPECT_TRUE(pool.Submit([] {}).ok());
  Status refused = pool.Submit([] {});
  EXPECT_EQ(refused.code(), ErrorCode::kBusy);
  EXPECT_NE(refused.message().find("bounded"), std::string::npos);
  EXPECT_EQ(pool.queued(), 2u);
  gate.Open();
  pool.Shutdown();
  EXPECT_EQ(pool.queued(), 0u);
}

TEST(ThreadPoolTest, ThrowingTaskDoesNotKillTheWorker) {
  ThreadPool pool("throwing", 1);
  Counter ran;
  ASSERT_TRUE(pool.Submit([] { throw std::runtime_error("task failed"); }).ok());
  ASSERT_TRUE(pool.Submit([&] { ran.Add(); }).ok());
  EXPECT_TRUE(ran.WaitFor(1));
  EXPECT_FALSE(pool.InPoolThread());
}

// Waits (bounded) until every worker of `pool` waits for a task.
bool AllIdle(const ThreadPool& pool) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pool.idle_threads() < pool.thread_count()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(ThreadPoolTest, TheWorkerIdleLastTakesTheNextTask) {
  ThreadPool pool("lifo", 8);
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(AllIdle(pool));
    Counter ran;
    ASSERT_TRUE(pool.Submit([&] {
                      ran_on.insert(std::this_thread::get_id());
                      ran.Add();
                    })
                    .ok());
    ASSERT_TRUE(ran.WaitFor(1));
  }
  // A shared condition variable wakes the worker idle longest: all 8 in turn.
  EXPECT_EQ(ran_on.size(), 1u);
}

TEST(ThreadPoolTest, ShutdownWakesIdleWorkers) {
  ThreadPool pool("idle", 4);
  ASSERT_TRUE(AllIdle(pool));
  pool.Shutdown();
  EXPECT_EQ(pool.idle_threads(), 0u);
}

}  // namespace
}  // namespace rocketmq
