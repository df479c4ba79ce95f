#include "producer/in_flight_limiter.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace client
}  // namespace rocketmq
