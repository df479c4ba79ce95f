#include "consumer/process_queue.h"

#include <gtest/gtest.h>

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
  pq.PutMessages({At(5), At(6), At(7)});
  EXPECT_EQ(pq.message_count(), 3u);
  EXPECT_EQ(pq.body_bytes(), 30u);
  // 6 done, 5 still in flight: the commit point stays at 5.
  EXPECT_EQ(pq.RemoveMessages({At(6)}), 5);
  EXPECT_EQ(pq.RemoveMessages({At(5)}), 7);
  EXPECT_EQ(pq.RemoveMessages({At(7)}), 8);
  EXPECT_EQ(pq.message_count(), 0u);
  EXPECT_EQ(pq.body_bytes(), 0u);
}

TEST(ProcessQueueTest, DuplicatesAreCountedOnce) {
  ProcessQueue pq;
  pq.PutMessages({At(1, 4), At(1, 4), At(2, 6)});
  EXPECT_EQ(pq.message_count(), 2u);
  EXPECT_EQ(pq.body_bytes(), 10u);
  EXPECT_EQ(pq.offset_span(), std::make_pair(int64_t{1}, int64_t{2}));
  EXPECT_FALSE(pq.dropped());
  pq.set_dropped();
  EXPECT_TRUE(pq.dropped());
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
