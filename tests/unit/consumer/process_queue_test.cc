#include "consumer/process_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace rocketmq {
namespace consumer {
namespace {

MessageExt At(int64_t offset, size_t body = 10) {
  MessageExt m;
  m.set_queue_offset(offset);
  m.set_body(std::string(body, 'x'));
  return m;
}

TEST(ProcessQueueTest, CommitOffsetIsSmallestInFlightOrOnePastTheLast) {
  ProcessQueue pq;
  EXPECT_EQ(pq.RemoveMessages({At(0)}), -1);
  pq.AddInFlight({At(5), At(6), At(7)});
  EXPECT_EQ(pq.message_count(), 3u);
  EXPECT_EQ(pq.body_bytes(), 30u);
  // 6 done, 5 still in flight: the commit point stays at 5.
  EXPECT_EQ(pq.RemoveMessages({At(6)}), 5);
  EXPECT_EQ(pq.RemoveMessages({At(5)}), 7);
  EXPECT_EQ(pq.RemoveMessages({At(7)}), 8);
  EXPECT_EQ(pq.message_count(), 0u);
  EXPECT_EQ(pq.body_bytes(), 0u);
}

// Flow control's thresholds: more messages or more body bytes than allowed, orderly ones
// (put, taken) and concurrent ones (in flight) alike.
TEST(ProcessQueueTest, ExceedsCountsEveryHeldMessageAndByte) {
  ProcessQueue pq;
  EXPECT_FALSE(pq.Exceeds(0, 0));
  pq.AddInFlight({At(5), At(6)});
  EXPECT_TRUE(pq.Exceeds(1, 1000));
  EXPECT_FALSE(pq.Exceeds(2, 1000));
  EXPECT_TRUE(pq.Exceeds(2, 19));
  EXPECT_FALSE(pq.Exceeds(2, 20));
  pq.RemoveMessages({At(5)});
  EXPECT_FALSE(pq.Exceeds(1, 10));
  ProcessQueue orderly;
  orderly.PutMessages({At(1), At(2), At(3)});
  EXPECT_EQ(orderly.TakeMessages(2).size(), 2u);
  EXPECT_TRUE(orderly.Exceeds(2, 1000));
  EXPECT_FALSE(orderly.Exceeds(3, 30));
}

// Undecoded messages are added by offset and body size; one behind those held (not the
// usual pull order) still takes its place in the commit point.
TEST(ProcessQueueTest, AddsByOffsetAndSizeInAnyOrder) {
  ProcessQueue pq;
  pq.AddInFlight(std::vector<std::pair<int64_t, size_t>>{{5, 3}, {6, 4}});
  pq.AddInFlight(std::vector<std::pair<int64_t, size_t>>{{2, 5}, {6, 4}});
  EXPECT_EQ(pq.message_count(), 3u);
  EXPECT_EQ(pq.body_bytes(), 12u);
  EXPECT_EQ(pq.RemoveMessages({At(5)}), 2);
  EXPECT_EQ(pq.RemoveMessages({At(2)}), 6);
  EXPECT_EQ(pq.RemoveMessages({At(6)}), 7);
  EXPECT_EQ(pq.body_bytes(), 0u);
}

// Consumed out of order, with offsets the broker filtered out (gaps) and one pulled again
// after it was consumed: the commit point is the smallest still held throughout.
TEST(ProcessQueueTest, OutOfOrderRemovalsGapsAndRepulls) {
  ProcessQueue pq;
  pq.AddInFlight({At(10), At(11), At(12), At(13), At(20), At(21)});
  EXPECT_EQ(pq.RemoveMessages({At(11), At(12)}), 10);
  EXPECT_EQ(pq.message_count(), 4u);
  EXPECT_EQ(pq.RemoveMessages({At(21)}), 10);
  EXPECT_EQ(pq.offset_span(), std::make_pair(int64_t{10}, int64_t{20}));
  // Consumed already: removing again changes nothing.
  EXPECT_EQ(pq.RemoveMessages({At(12)}), 10);
  EXPECT_EQ(pq.message_count(), 3u);
  pq.AddInFlight({At(11)});
  EXPECT_EQ(pq.message_count(), 4u);
  EXPECT_EQ(pq.RemoveMessages({At(10)}), 11);
  EXPECT_EQ(pq.RemoveMessages({At(20)}), 11);
  EXPECT_EQ(pq.body_bytes(), 20u);
  EXPECT_EQ(pq.RemoveMessages({At(13), At(11)}), 22);
  EXPECT_EQ(pq.message_count(), 0u);
  EXPECT_EQ(pq.body_bytes(), 0u);
  EXPECT_EQ(pq.offset_span(), std::make_pair(int64_t{0}, int64_t{0}));
}

TEST(ProcessQueueTest, DuplicatesAreCountedOnce) {
  ProcessQueue pq;
  pq.AddInFlight({At(1, 4), At(1, 4), At(2, 6)});
  EXPECT_EQ(pq.message_count(), 2u);
  EXPECT_EQ(pq.body_bytes(), 10u);
  EXPECT_EQ(pq.offset_span(), std::make_pair(int64_t{1}, int64_t{2}));
  ProcessQueue orderly;
  orderly.PutMessages({At(1, 4), At(1, 4), At(2, 6)});
  EXPECT_EQ(orderly.message_count(), 2u);
  EXPECT_EQ(orderly.body_bytes(), 10u);
  EXPECT_EQ(orderly.offset_span(), std::make_pair(int64_t{1}, int64_t{2}));
  EXPECT_FALSE(pq.dropped());
  pq.set_dropped();
  EXPECT_TRUE(pq.dropped());
}

TEST(ProcessQueueTest, OrderlyTakeCommitAndRollback) {
  ProcessQueue pq;
  // The first put asks for a consume request; later ones do not while it runs.
  EXPECT_TRUE(pq.PutMessages({At(3), At(4), At(5)}));
  EXPECT_FALSE(pq.PutMessages({At(6)}));
  auto taken = pq.TakeMessages(2);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].queue_offset(), 3);
  EXPECT_EQ(taken[1].queue_offset(), 4);
  EXPECT_EQ(pq.message_count(), 4u);
  // A refused batch comes back first, with its redelivery count.
  taken[0].set_reconsume_times(1);
  pq.Rollback(taken);
  auto again = pq.TakeMessages(2);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].queue_offset(), 3);
  EXPECT_EQ(again[0].reconsume_times(), 1);
  EXPECT_EQ(pq.Commit(), 5);
  EXPECT_EQ(pq.Commit(), -1);
  EXPECT_EQ(pq.TakeMessages(10).size(), 2u);
  EXPECT_EQ(pq.Commit(), 7);
  // Nothing left: the request ends, and the next put dispatches a new one.
  EXPECT_TRUE(pq.TakeMessages(10).empty());
  EXPECT_EQ(pq.message_count(), 0u);
  EXPECT_EQ(pq.body_bytes(), 0u);
  EXPECT_TRUE(pq.PutMessages({At(7)}));
}

TEST(ProcessQueueTest, LockExpiresWithoutRenewal) {
  ProcessQueue pq;
  EXPECT_FALSE(pq.locked(1000));
  pq.set_locked(true, 1000);
  EXPECT_TRUE(pq.locked(1000 + 30000));
  EXPECT_FALSE(pq.locked(1000 + 30001));
  pq.set_locked(false, 2000);
  EXPECT_FALSE(pq.locked(2000));
}

TEST(ProcessQueueTest, ExpiredHeadIsTheRunOfOverdueCallsAtTheFront) {
  ProcessQueue pq;
  pq.AddInFlight({At(1), At(2), At(3), At(4)});
  // Nothing started: nothing can be overdue.
  EXPECT_TRUE(pq.ExpiredHead(10'000, 100, 16).empty());
  // The consume tasks' batches: the queue refers to them while their calls run.
  const std::vector<MessageExt> first{At(1, 3), At(2)};
  const std::vector<MessageExt> second{At(3)};
  const std::vector<MessageExt> third{At(4)};
  pq.MarkConsumeStarted(first, 1'000);
  pq.MarkConsumeStarted(second, 9'950);
  pq.MarkConsumeStarted(third, 1'000);
  // 1 and 2 are overdue; 3 is not, so 4 behind it is not looked at (as Java stops there).
  std::vector<MessageExt> expired = pq.ExpiredHead(10'000, 100, 16);
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].queue_offset(), 1);
  EXPECT_EQ(expired[0].body(), "xxx");  // a copy of the running call's message
  EXPECT_EQ(expired[1].queue_offset(), 2);
  EXPECT_EQ(pq.ExpiredHead(10'000, 100, 1).size(), 1u);
  // Exactly at the timeout is not over it.
  EXPECT_TRUE(pq.ExpiredHead(1'100, 100, 16).empty());
  // Once removed, a message is no longer overdue; the head moves on.
  EXPECT_EQ(pq.RemoveMessages(expired), 3);
  EXPECT_TRUE(pq.ExpiredHead(10'000, 100, 16).empty());
  EXPECT_EQ(pq.ExpiredHead(10'051, 100, 16).size(), 2u);
  // A call that returned (its message waits to be consumed again) is not overdue.
  pq.MarkConsumeEnded(second);
  EXPECT_TRUE(pq.ExpiredHead(20'000, 100, 16).empty());
  EXPECT_EQ(pq.message_count(), 2u);
}

TEST(ProcessQueueTest, ConsumeStartOfAMessageNotHeldIsIgnored) {
  ProcessQueue pq;
  const std::vector<MessageExt> batch{At(1)};
  pq.MarkConsumeStarted(batch, 0);
  pq.AddInFlight(batch);
  EXPECT_TRUE(pq.ExpiredHead(10'000, 100, 16).empty());
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
