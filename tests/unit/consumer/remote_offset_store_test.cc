#include "consumer/remote_offset_store.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace rocketmq {
namespace consumer {
namespace {

// Offsets held in memory, by queue: queues that differ only in topic, broker or id are
// kept apart, and an increase-only update never moves one back.
TEST(RemoteOffsetStoreTest, KeepsEachQueuesOffsetApart) {
  RemoteOffsetStore store("G", nullptr,
                          [](const std::string&) { return std::optional<std::string>(); });
  const MessageQueue a{"T", "broker-a", 0};
  const MessageQueue other_id{"T", "broker-a", 1};
  const MessageQueue other_broker{"T", "broker-b", 0};
  const MessageQueue other_topic{"U", "broker-a", 0};
  EXPECT_EQ(store.ReadFromMemory(a), -1);
  store.Update(a, 10, true);
  store.Update(other_id, 20, true);
  store.Update(other_broker, 30, true);
  store.Update(other_topic, 40, true);
  EXPECT_EQ(store.ReadFromMemory(a), 10);
  EXPECT_EQ(store.ReadFromMemory(other_id), 20);
  EXPECT_EQ(store.ReadFromMemory(other_broker), 30);
  EXPECT_EQ(store.ReadFromMemory(other_topic), 40);
  store.Update(a, 5, true);
  EXPECT_EQ(store.ReadFromMemory(a), 10);
  store.Update(a, 5, false);
  EXPECT_EQ(store.ReadFromMemory(a), 5);
  store.Remove(other_broker);
  EXPECT_EQ(store.ReadFromMemory(other_broker), -1);
  EXPECT_EQ(store.ReadFromMemory(other_topic), 40);
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
