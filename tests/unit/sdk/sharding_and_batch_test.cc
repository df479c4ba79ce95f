#include <gtest/gtest.h>

#include "producer/batch_size.h"
#include "producer/sharding_key.h"
#include "protocol/batch_body.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace client {
namespace {

TEST(ShardingKeyTest, QueueIsJavaHashModuloQueueCount) {
  // "hello".hashCode() == 99162322 and "TagA".hashCode() == 2598919 in Java.
  EXPECT_EQ(QueueIndexForKey("hello", 8), 2u);
  EXPECT_EQ(QueueIndexForKey("TagA", 3), 1u);
}

TEST(ShardingKeyTest, SameKeySameQueueAndNeverOutOfRange) {
  for (size_t n : {1u, 3u, 8u, 16u}) {
    EXPECT_EQ(QueueIndexForKey("order-42", n), QueueIndexForKey("order-42", n));
    EXPECT_LT(QueueIndexForKey("polygenelubricants", n), n);
    for (int i = 0; i < 100; ++i) EXPECT_LT(QueueIndexForKey("k" + std::to_string(i), n), n);
  }
  // Java: abs(Integer.MIN_VALUE % 8) == 0.
  EXPECT_EQ(QueueIndexForKey("polygenelubricants", 8), 0u);
  EXPECT_EQ(QueueIndexForKey("hello", 7), 99162322u % 7);
}

TEST(SplitBatchTest, EntrySizeCountsTheUniqKeyToBeAdded) {
  Message msg("T", "12345");
  msg.set_property("A", "b");
  EXPECT_EQ(BatchEntrySize(msg), protocol::kBatchEntryOverhead + 5 + 4 + kUniqKeyPropertyBytes);
  msg.set_property("UNIQ_KEY", std::string(32, 'F'));
  EXPECT_EQ(BatchEntrySize(msg), protocol::kBatchEntryOverhead + 5 + 4 + kUniqKeyPropertyBytes);
}

TEST(SplitBatchTest, KeepsOrderAndRespectsTheLimit) {
  std::vector<Message> messages;
  for (int i = 0; i < 100; ++i)
    messages.emplace_back("T", std::string(100, static_cast<char>('a' + i % 26)));
  const size_t entry = BatchEntrySize(messages[0]);
  auto batches = SplitBatch(messages, entry * 10 + 5);
  ASSERT_EQ(batches.size(), 10u);
  size_t index = 0;
  for (const auto& batch : batches) {
    EXPECT_EQ(batch.size(), 10u);
    for (const auto& msg : batch) EXPECT_EQ(msg.body(), messages[index++].body());
  }
  EXPECT_TRUE(SplitBatch({}, 100).empty());
}

TEST(SplitBatchTest, OversizedMessageGoesAlone) {
  std::vector<Message> messages{Message("T", "a"), Message("T", std::string(1000, 'x')),
                                Message("T", "b")};
  auto batches = SplitBatch(messages, 200);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[1][0].body().size(), 1000u);
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
