#include "producer/in_flight_limiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

TEST(InFlightLimiterTest, RefusesBeyondTheLimitUntilTheDeadline) {
  InFlightLimiter limiter(2);
  EXPECT_TRUE(limiter.Acquire(Clock::now()));
  EXPECT_TRUE(limiter.Acquire(Clock::now()));
  const auto begin = Clock::now();
  EXPECT_FALSE(limiter.Acquire(begin + milliseconds(30)));
  EXPECT_GE(Clock::now() - begin, milliseconds(30));
  EXPECT_EQ(limiter.in_flight(), 2u);
}

TEST(InFlightLimiterTest, AReleaseWakesAWaiter) {
  InFlightLimiter limiter(1);
  ASSERT_TRUE(limiter.Acquire(Clock::now()));
  std::thread releaser([&] { limiter.Release(); });
  EXPECT_TRUE(limiter.Acquire(Clock::now() + milliseconds(10000)));
  releaser.join();
  EXPECT_FALSE(limiter.WaitIdle(Clock::now()));
  limiter.Release();
  EXPECT_TRUE(limiter.WaitIdle(Clock::now()));
}

// A sender blocked by a full limit of 8 resumes once 2 (a quarter) are answered, not at
// the first answer: it is woken once per quarter window.
TEST(InFlightLimiterTest, ABlockedSenderResumesAtTheLowWatermark) {
  InFlightLimiter limiter(8);
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(limiter.Acquire(Clock::now()));
  std::future<bool> acquired = std::async(
      std::launch::async, [&] { return limiter.Acquire(Clock::now() + milliseconds(10000)); });
  const auto give_up = Clock::now() + milliseconds(10000);
  while (limiter.waiting() == 0 && Clock::now() < give_up) std::this_thread::yield();
  ASSERT_EQ(limiter.waiting(), 1u);
  limiter.Release();
  EXPECT_EQ(acquired.wait_for(milliseconds(100)), std::future_status::timeout);
  limiter.Release();
  ASSERT_EQ(acquired.wait_for(milliseconds(10000)), std::future_status::ready);
  EXPECT_TRUE(acquired.get());
  EXPECT_EQ(limiter.in_flight(), 7u);
}

// Senders and answerers on different threads, as in a producer: most slots are taken and
// released without the lock, senders often find the limit reached and wait. The bound
// always holds, no wakeup is lost (every sender gets its slots well before the deadline)
// and the count drains to zero.
TEST(InFlightLimiterTest, ConcurrentSendersAndAnswerersKeepTheBoundAndLoseNoWakeup) {
  constexpr size_t kLimit = 8;
  constexpr int kSenders = 2;
  constexpr int kSendsPerSender = 20000;
  InFlightLimiter limiter(kLimit);
  std::mutex mu;
  std::condition_variable queued;
  size_t in_flight = 0;  // acquired and not yet answered, under mu
  size_t most = 0;
  int answered = 0;
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kSenders; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kSendsPerSender; ++i) {
        if (!limiter.Acquire(Clock::now() + milliseconds(10000))) {
          ++refused;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        most = std::max(most, ++in_flight);
        queued.notify_one();
      }
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      std::unique_lock<std::mutex> lock(mu);
      while (answered + refused.load() < kSenders * kSendsPerSender) {
        if (!queued.wait_for(lock, milliseconds(10), [&] { return in_flight > 0; })) continue;
        --in_flight;
        ++answered;
        lock.unlock();
        limiter.Release();
        lock.lock();
      }
      queued.notify_all();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(answered, kSenders * kSendsPerSender);
  EXPECT_LE(most, kLimit);
  EXPECT_EQ(limiter.in_flight(), 0u);
  EXPECT_TRUE(limiter.WaitIdle(Clock::now()));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
