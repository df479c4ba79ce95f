#include "broker/pull_request_hold_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "broker/subscription_data.h"
#include "common/clock.h"
#include "filter/parser.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace broker {
namespace {

using std::chrono::milliseconds;

// Records woken requests by their pull offset.
class Woken {
 public:
  void Add(const HeldPullRequest& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    offsets_.push_back(r.pull_from_offset);
    changed_.notify_all();
  }
  bool WaitFor(size_t n, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return offsets_.size() >= n; });
  }
  std::vector<int64_t> offsets() {
    std::lock_guard<std::mutex> lock(mutex_);
    return offsets_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<int64_t> offsets_;
};

HeldPull Held(int64_t offset, int64_t timeout_ms, const std::string& tags = "*") {
  auto r = std::make_shared<HeldPullRequest>();
  r->suspend_timestamp = clock::MonotonicMillis();
  r->timeout_millis = timeout_ms;
  r->pull_from_offset = offset;
  r->subscription = SubscriptionFromTagExpression("T", tags, 1);
  return r;
}

TEST(PullRequestHoldServiceTest, ArrivalWakesSql92RequestsOnlyForSelectedMessages) {
  Woken woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  HeldPull held = Held(5, 60000);
  auto selector = filter::ParseSelector("color = 'red'");
  ASSERT_TRUE(selector.ok());
  held->selector = *selector;
  service.SuspendPullRequest("T", 0, std::move(held));

  service.NotifyMessageArriving("T", 0, 6, 0,
                                protocol::EncodeMessageProperties({{"color", "blue"}}));
  EXPECT_EQ(service.held_count(), 1u);
  service.NotifyMessageArriving("T", 0, 7, 0,
                                protocol::EncodeMessageProperties({{"color", "red"}}));
  ASSERT_TRUE(woken.WaitFor(1, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 0u);
  service.Shutdown();
}

TEST(PullRequestHoldServiceTest, ArrivalWakesMatchingRequestsOnly) {
  Woken woken;
  std::atomic<int64_t> max_offset{0};
  PullRequestHoldService service(
      true, [&](const std::string&, int32_t) { return max_offset.load(); },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  service.SuspendPullRequest("T", 0, Held(5, 60000));
  service.SuspendPullRequest("T", 0, Held(5, 60000, "TagA"));
  service.SuspendPullRequest("T", 1, Held(5, 60000));
  EXPECT_EQ(service.held_count(), 3u);

  // Not beyond the requested offset: nothing wakes.
  service.NotifyMessageArriving("T", 0, 5, 0);
  EXPECT_EQ(service.held_count(), 3u);
  // Beyond it, with a tag the second request does not want.
  service.NotifyMessageArriving("T", 0, 6, protocol::JavaStringHash("TagB"));
  ASSERT_TRUE(woken.WaitFor(1, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 2u);
  service.NotifyMessageArriving("T", 0, 7, protocol::JavaStringHash("TagA"));
  ASSERT_TRUE(woken.WaitFor(2, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 1u);
  service.Shutdown();
  // Shutdown answers what is still held.
  EXPECT_EQ(woken.offsets().size(), 3u);
  EXPECT_EQ(service.held_count(), 0u);
}

// A message dispatched after the pull read the store but before its request was held found
// nothing to wake: the request is woken as it is parked, not by the queue's next message.
// A queue whose requests all left keeps its place in the table: the queue's next request is
// held and woken there, and the other queues' requests are not touched.
TEST(PullRequestHoldServiceTest, AQueueEmptiedHoldsItsNextRequests) {
  Woken woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  const std::string topic = "a-topic-name-longer-than-sso";
  service.SuspendPullRequest(topic, 0, Held(1, 60000));
  service.NotifyMessageArriving(topic, 0, 2, std::nullopt);
  ASSERT_TRUE(woken.WaitFor(1, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 0u);

  service.SuspendPullRequest(topic, 0, Held(2, 60000));
  service.SuspendPullRequest(topic, 1, Held(10, 60000));
  EXPECT_EQ(service.held_count(), 2u);
  service.NotifyMessageArriving(topic, 0, 3, std::nullopt);
  ASSERT_TRUE(woken.WaitFor(2, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 1u);
  service.NotifyMessageArriving(topic, 1, 11, std::nullopt);
  ASSERT_TRUE(woken.WaitFor(3, milliseconds(1000)));
  EXPECT_EQ(service.held_count(), 0u);
  EXPECT_EQ(woken.offsets(), (std::vector<int64_t>{1, 2, 10}));
  service.Shutdown();
  EXPECT_EQ(woken.offsets().size(), 3u);
}

TEST(PullRequestHoldServiceTest, MessageArrivedBeforeParkingWakesAtOnce) {
  Woken woken;
  std::atomic<int64_t> max_offset{5};
  PullRequestHoldService service(
      true, [&](const std::string&, int32_t) { return max_offset.load(); },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  HeldPull caught_up = Held(5, 60000);
  caught_up->max_offset_seen = 5;
  service.SuspendPullRequest("T", 0, std::move(caught_up));
  EXPECT_EQ(service.held_count(), 1u);

  // The store read saw 5; a message arrived (6) before this request was parked.
  max_offset = 6;
  service.NotifyMessageArriving("T", 1, 6, 0);  // another queue: no effect here
  HeldPull raced = Held(5, 60000);
  raced->max_offset_seen = 5;
  service.SuspendPullRequest("T", 0, std::move(raced));
  // Woken synchronously, with the one held before (the same queue and offset).
  EXPECT_EQ(woken.offsets().size(), 2u);
  EXPECT_EQ(service.held_count(), 0u);
  service.Shutdown();
}

// A wakeup runs inside the arrival notice (the broker re-runs the pull there) and may park a
// request again that sees a newer message at once: that nested notice wakes its request, and
// the outer notice still wakes the rest of what it collected (its list, kept per thread for
// its capacity, is not reused underneath it).
TEST(PullRequestHoldServiceTest, AWakeupThatParksAgainInsideTheNoticeLosesNothing) {
  Woken woken;
  std::atomic<int64_t> max_offset{3};
  PullRequestHoldService* holder = nullptr;
  PullRequestHoldService service(
      true, [&](const std::string&, int32_t) { return max_offset.load(); },
      [&](HeldPull r) {
        woken.Add(*r);
        if (r->pull_from_offset != 1) return;
        max_offset = 8;
        HeldPull again = Held(7, 60000);
        again->max_offset_seen = 7;
        holder->SuspendPullRequest("T", 0, std::move(again));
      });
  holder = &service;
  service.Start();
  service.SuspendPullRequest("T", 0, Held(1, 60000));
  service.SuspendPullRequest("T", 0, Held(2, 60000));
  service.NotifyMessageArriving("T", 0, 3, std::nullopt);
  EXPECT_EQ(woken.offsets(), (std::vector<int64_t>{1, 7, 2}));
  EXPECT_EQ(service.held_count(), 0u);
  service.Shutdown();
}

// The wakeup skips the store's in-memory check only for a request whose first read is the
// message whose arrival woke it.
TEST(PullRequestHoldServiceTest, ArrivalTellsWhetherTheRequestReadsTheArrivedMessage) {
  std::vector<std::pair<int64_t, bool>> woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.emplace_back(r->pull_from_offset, r->reads_arrived_message); });
  service.Start();
  service.SuspendPullRequest("T", 0, Held(4, 60000));
  service.SuspendPullRequest("T", 1, Held(4, 60000));
  service.NotifyMessageArriving("T", 0, 5, std::nullopt);
  service.NotifyMessageArriving("T", 1, 7, std::nullopt);
  service.SuspendPullRequest("T", 2, Held(9, 60000));
  service.Shutdown();
  EXPECT_EQ(woken, (std::vector<std::pair<int64_t, bool>>{{4, true}, {4, false}, {9, false}}));
}

TEST(PullRequestHoldServiceTest, ExpiredRequestsWakeAtTheirDeadline) {
  Woken woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  const auto start = clock::Monotonic::now();
  service.SuspendPullRequest("T", 0, Held(1, 200));
  ASSERT_TRUE(woken.WaitFor(1, milliseconds(3000)));
  const auto waited = clock::Monotonic::now() - start;
  EXPECT_GE(waited, milliseconds(190));
  EXPECT_LT(waited, milliseconds(2000));
  service.Shutdown();
}

TEST(PullRequestHoldServiceTest, EarlierDeadlineWakesTheSleepingHolder) {
  // The holder thread sleeps until the periodic check (5 s) or the nearest deadline, and is
  // woken by a suspend only when that suspend's deadline comes first.
  Woken woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  service.SuspendPullRequest("T", 0, Held(1, 60000));
  // Not a condition to wait for: only gives the holder thread time to go to sleep, so that
  // the next suspend usually finds it sleeping.
  std::this_thread::sleep_for(milliseconds(20));
  const auto start = clock::Monotonic::now();
  service.SuspendPullRequest("T", 0, Held(2, 200));
  ASSERT_TRUE(woken.WaitFor(1, milliseconds(3000)));
  const auto waited = clock::Monotonic::now() - start;
  EXPECT_GE(waited, milliseconds(190));
  EXPECT_LT(waited, milliseconds(2000));
  EXPECT_EQ(woken.offsets(), std::vector<int64_t>{2});
  EXPECT_EQ(service.held_count(), 1u);
  service.Shutdown();
}

TEST(PullRequestHoldServiceTest, SuspendAfterShutdownWakesAtOnce) {
  Woken woken;
  PullRequestHoldService service(
      true, [](const std::string&, int32_t) { return int64_t{0}; },
      [&](HeldPull r) { woken.Add(*r); });
  service.Start();
  service.Shutdown();
  service.SuspendPullRequest("T", 0, Held(1, 60000));
  EXPECT_EQ(woken.offsets().size(), 1u);
}

}  // namespace
}  // namespace broker
}  // namespace rocketmq
