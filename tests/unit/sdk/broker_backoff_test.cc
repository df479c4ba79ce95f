#include "client/broker_backoff.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace client {
namespace {

constexpr char kAddr[] = "127.0.0.1:10911";

class BrokerBackoffTest : public ::testing::Test {
 protected:
  int64_t now_ = 1000;
  BrokerBackoff backoff_{[this] { return now_; }};
};

TEST_F(BrokerBackoffTest, AnUnknownBrokerMayBeTriedAtOnce) {
  EXPECT_EQ(backoff_.WaitMs(kAddr), 0);
  EXPECT_EQ(backoff_.failures(kAddr), 0);
}

TEST_F(BrokerBackoffTest, EachFailureDoublesThePauseUpToTheMaximumLessAtMostAQuarter) {
  int64_t full = BrokerBackoff::kFirstPauseMs;
  for (int i = 1; i <= 8; ++i) {
    backoff_.OnTransportFailure(kAddr);
    const int64_t wait = backoff_.WaitMs(kAddr);
    EXPECT_LE(wait, full) << "failure " << i;
    EXPECT_GE(wait, full - full / 4) << "failure " << i;
    EXPECT_EQ(backoff_.failures(kAddr), i);
    full = std::min(full * 2, BrokerBackoff::kMaxPauseMs);
  }
  EXPECT_LE(backoff_.WaitMs(kAddr), BrokerBackoff::kMaxPauseMs);
}

TEST_F(BrokerBackoffTest, ThePauseEndsWithTimeOrWithAnAnswer) {
  backoff_.OnTransportFailure(kAddr);
  ASSERT_GT(backoff_.WaitMs(kAddr), 0);
  now_ += BrokerBackoff::kFirstPauseMs;
  EXPECT_EQ(backoff_.WaitMs(kAddr), 0);

  backoff_.OnTransportFailure(kAddr);
  ASSERT_GT(backoff_.WaitMs(kAddr), 0);
  backoff_.OnAnswer(kAddr);
  EXPECT_EQ(backoff_.WaitMs(kAddr), 0);
  EXPECT_EQ(backoff_.failures(kAddr), 0);
}

TEST_F(BrokerBackoffTest, AddressesPauseIndependently) {
  backoff_.OnTransportFailure(kAddr);
  EXPECT_EQ(backoff_.WaitMs("127.0.0.1:10912"), 0);
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
