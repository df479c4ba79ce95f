#include "client/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace rocketmq {
namespace client {
namespace {

using std::chrono::milliseconds;

// Counts runs and lets the test wait for a number of them, bounded in time.
class RunCounter {
 public:
  void Hit() {
    std::lock_guard<std::mutex> lock(mu_);
    ++count_;
    cv_.notify_all();
  }
  bool WaitFor(int n, milliseconds timeout = milliseconds(5000)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
};

TEST(SchedulerTest, RunsOneShotAndPeriodicTasksInDueOrder) {
  Scheduler scheduler("test-timer");
  ASSERT_TRUE(scheduler.Start().ok());
  std::mutex mu;
  std::vector<int> order;
  RunCounter done;
  scheduler.Schedule(milliseconds(30), [&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(2);
    done.Hit();
  });
  scheduler.Schedule(milliseconds(0), [&] {
    std::lock_guard<std::mutex> lock(mu);
    order.push_back(1);
    done.Hit();
  });
  ASSERT_TRUE(done.WaitFor(2));
  EXPECT_EQ(order, (std::vector<int>{1, 2}));

  RunCounter periodic;
  auto id = scheduler.Schedule(
      milliseconds(0), [&] { periodic.Hit(); }, milliseconds(1));
  ASSERT_TRUE(periodic.WaitFor(3));
  scheduler.Cancel(id);
  scheduler.Shutdown();
  const int after = periodic.count();
  EXPECT_EQ(scheduler.Schedule(milliseconds(0), [&] { periodic.Hit(); }), 0u);
  EXPECT_EQ(periodic.count(), after);
}

TEST(SchedulerTest, ShutdownDropsFutureTasksPromptly) {
  Scheduler scheduler("test-timer");
  ASSERT_TRUE(scheduler.Start().ok());
  std::atomic<bool> ran{false};
  scheduler.Schedule(milliseconds(3600 * 1000), [&] { ran = true; });
  const auto begin = std::chrono::steady_clock::now();
  scheduler.Shutdown();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, milliseconds(1000));
  EXPECT_FALSE(ran);
}

TEST(SchedulerTest, CancelFromInsideAPeriodicTaskStopsIt) {
  Scheduler scheduler("test-timer");
  ASSERT_TRUE(scheduler.Start().ok());
  RunCounter runs;
  std::atomic<Scheduler::TaskId> id{0};
  std::mutex mu;
  std::unique_lock<std::mutex> hold(mu);
  id = scheduler.Schedule(
      milliseconds(0),
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        scheduler.Cancel(id);
        runs.Hit();
      },
      milliseconds(1));
  hold.unlock();
  ASSERT_TRUE(runs.WaitFor(1));
  EXPECT_FALSE(runs.WaitFor(2, milliseconds(50)));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
