#include "broker/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace rocketmq {
namespace broker {
namespace {

TEST(BrokerSchedulerTest, RunsPeriodicAndRequestedTasks) {
  Scheduler scheduler;
  std::mutex mutex;
  std::condition_variable changed;
  int periodic = 0;
  int requested = 0;
  scheduler.Schedule("periodic", std::chrono::milliseconds(0), std::chrono::milliseconds(10), [&] {
    std::lock_guard<std::mutex> lock(mutex);
    ++periodic;
    changed.notify_all();
  });
  const size_t soon = scheduler.Schedule("soon", std::chrono::hours(1), std::chrono::hours(1), [&] {
    std::lock_guard<std::mutex> lock(mutex);
    ++requested;
    changed.notify_all();
  });
  scheduler.Start();
  scheduler.RunSoon(soon);
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_TRUE(changed.wait_for(lock, std::chrono::seconds(5),
                               [&] { return periodic >= 3 && requested == 1; }));
  lock.unlock();
  scheduler.Shutdown();
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
