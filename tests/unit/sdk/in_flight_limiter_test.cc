#include "producer/in_flight_limiter.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

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

}  // namespace
}  // namespace client
}  // namespace rocketmq
