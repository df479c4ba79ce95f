// Every allocation strategy against assignments printed by Apache RocketMQ 4.9.7's own Java
// strategies (AllocateMessageQueueAveragely, ...AveragelyByCircle, ...ConsistentHash,
// ...ByMachineRoom with consumeridcs {room1}) for the same sorted queues and consumer ids:
// topic T on brokers {broker-a, broker-b} (or {room1@broker-a, room2@broker-b,
// room1@broker-c} for the machine-room strategy) with Q queues each, and C consumers
// "10.0.0.<i>@<1000+i-1>".
#include <gtest/gtest.h>

#include <algorithm>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {
namespace {

struct JavaAllocation {
  const char* strategy;
  int brokers;
  int queues_per_broker;
  int consumers;
  int consumer_index;
  const char* expected;  // "broker:queueId,..." in Java's result order
};

const JavaAllocation kJavaAllocations[] = {
    {"avg", 2, 1, 1, 0, "broker-a:0,broker-b:0"},
    {"avg", 2, 1, 2, 0, "broker-a:0"},
    {"avg", 2, 1, 2, 1, "broker-b:0"},
    {"avg", 2, 1, 3, 0, "broker-a:0"},
    {"avg", 2, 1, 3, 1, "broker-b:0"},
    {"avg", 2, 1, 3, 2, ""},
    {"avg", 2, 1, 5, 0, "broker-a:0"},
    {"avg", 2, 1, 5, 1, "broker-b:0"},
    {"avg", 2, 1, 5, 2, ""},
    {"avg", 2, 1, 5, 3, ""},
    {"avg", 2, 1, 5, 4, ""},
    {"avg", 2, 3, 1, 0, "broker-a:0,broker-a:1,broker-a:2,broker-b:0,broker-b:1,broker-b:2"},
    {"avg", 2, 3, 2, 0, "broker-a:0,broker-a:1,broker-a:2"},
    {"avg", 2, 3, 2, 1, "broker-b:0,broker-b:1,broker-b:2"},
    {"avg", 2, 3, 3, 0, "broker-a:0,broker-a:1"},
    {"avg", 2, 3, 3, 1, "broker-a:2,broker-b:0"},
    {"avg", 2, 3, 3, 2, "broker-b:1,broker-b:2"},
    {"avg", 2, 3, 5, 0, "broker-a:0,broker-a:1"},
    {"avg", 2, 3, 5, 1, "broker-a:2"},
    {"avg", 2, 3, 5, 2, "broker-b:0"},
    {"avg", 2, 3, 5, 3, "broker-b:1"},
    {"avg", 2, 3, 5, 4, "broker-b:2"},
    {"avg", 2, 4, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-b:0,broker-b:1,broker-b:2,broker-b:3"},
    {"avg", 2, 4, 2, 0, "broker-a:0,broker-a:1,broker-a:2,broker-a:3"},
    {"avg", 2, 4, 2, 1, "broker-b:0,broker-b:1,broker-b:2,broker-b:3"},
    {"avg", 2, 4, 3, 0, "broker-a:0,broker-a:1,broker-a:2"},
    {"avg", 2, 4, 3, 1, "broker-a:3,broker-b:0,broker-b:1"},
    {"avg", 2, 4, 3, 2, "broker-b:2,broker-b:3"},
    {"avg", 2, 4, 5, 0, "broker-a:0,broker-a:1"},
    {"avg", 2, 4, 5, 1, "broker-a:2,broker-a:3"},
    {"avg", 2, 4, 5, 2, "broker-b:0,broker-b:1"},
    {"avg", 2, 4, 5, 3, "broker-b:2"},
    {"avg", 2, 4, 5, 4, "broker-b:3"},
    {"avg", 2, 8, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-a:4,broker-a:5,broker-a:6,broker-a:7,"
     "broker-b:0,broker-b:1,broker-b:2,broker-b:3,broker-b:4,broker-b:5,broker-b:6,broker-b:7"},
    {"avg", 2, 8, 2, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-a:4,broker-a:5,broker-a:6,broker-a:7"},
    {"avg", 2, 8, 2, 1,
     "broker-b:0,broker-b:1,broker-b:2,broker-b:3,broker-b:4,broker-b:5,broker-b:6,broker-b:7"},
    {"avg", 2, 8, 3, 0, "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-a:4,broker-a:5"},
    {"avg", 2, 8, 3, 1, "broker-a:6,broker-a:7,broker-b:0,broker-b:1,broker-b:2"},
    {"avg", 2, 8, 3, 2, "broker-b:3,broker-b:4,broker-b:5,broker-b:6,broker-b:7"},
    {"avg", 2, 8, 5, 0, "broker-a:0,broker-a:1,broker-a:2,broker-a:3"},
    {"avg", 2, 8, 5, 1, "broker-a:4,broker-a:5,broker-a:6"},
    {"avg", 2, 8, 5, 2, "broker-a:7,broker-b:0,broker-b:1"},
    {"avg", 2, 8, 5, 3, "broker-b:2,broker-b:3,broker-b:4"},
    {"avg", 2, 8, 5, 4, "broker-b:5,broker-b:6,broker-b:7"},
    {"circle", 2, 1, 1, 0, "broker-a:0,broker-b:0"},
    {"circle", 2, 1, 2, 0, "broker-a:0"},
    {"circle", 2, 1, 2, 1, "broker-b:0"},
    {"circle", 2, 1, 3, 0, "broker-a:0"},
    {"circle", 2, 1, 3, 1, "broker-b:0"},
    {"circle", 2, 1, 3, 2, ""},
    {"circle", 2, 1, 5, 0, "broker-a:0"},
    {"circle", 2, 1, 5, 1, "broker-b:0"},
    {"circle", 2, 1, 5, 2, ""},
    {"circle", 2, 1, 5, 3, ""},
    {"circle", 2, 1, 5, 4, ""},
    {"circle", 2, 3, 1, 0, "broker-a:0,broker-a:1,broker-a:2,broker-b:0,broker-b:1,broker-b:2"},
    {"circle", 2, 3, 2, 0, "broker-a:0,broker-a:2,broker-b:1"},
    {"circle", 2, 3, 2, 1, "broker-a:1,broker-b:0,broker-b:2"},
    {"circle", 2, 3, 3, 0, "broker-a:0,broker-b:0"},
    {"circle", 2, 3, 3, 1, "broker-a:1,broker-b:1"},
    {"circle", 2, 3, 3, 2, "broker-a:2,broker-b:2"},
    {"circle", 2, 3, 5, 0, "broker-a:0,broker-b:2"},
    {"circle", 2, 3, 5, 1, "broker-a:1"},
    {"circle", 2, 3, 5, 2, "broker-a:2"},
    {"circle", 2, 3, 5, 3, "broker-b:0"},
    {"circle", 2, 3, 5, 4, "broker-b:1"},
    {"circle", 2, 4, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-b:0,broker-b:1,broker-b:2,broker-b:3"},
    {"circle", 2, 4, 2, 0, "broker-a:0,broker-a:2,broker-b:0,broker-b:2"},
    {"circle", 2, 4, 2, 1, "broker-a:1,broker-a:3,broker-b:1,broker-b:3"},
    {"circle", 2, 4, 3, 0, "broker-a:0,broker-a:3,broker-b:2"},
    {"circle", 2, 4, 3, 1, "broker-a:1,broker-b:0,broker-b:3"},
    {"circle", 2, 4, 3, 2, "broker-a:2,broker-b:1"},
    {"circle", 2, 4, 5, 0, "broker-a:0,broker-b:1"},
    {"circle", 2, 4, 5, 1, "broker-a:1,broker-b:2"},
    {"circle", 2, 4, 5, 2, "broker-a:2,broker-b:3"},
    {"circle", 2, 4, 5, 3, "broker-a:3"},
    {"circle", 2, 4, 5, 4, "broker-b:0"},
    {"circle", 2, 8, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-a:4,broker-a:5,broker-a:6,broker-a:7,"
     "broker-b:0,broker-b:1,broker-b:2,broker-b:3,broker-b:4,broker-b:5,broker-b:6,broker-b:7"},
    {"circle", 2, 8, 2, 0,
     "broker-a:0,broker-a:2,broker-a:4,broker-a:6,broker-b:0,broker-b:2,broker-b:4,broker-b:6"},
    {"circle", 2, 8, 2, 1,
     "broker-a:1,broker-a:3,broker-a:5,broker-a:7,broker-b:1,broker-b:3,broker-b:5,broker-b:7"},
    {"circle", 2, 8, 3, 0, "broker-a:0,broker-a:3,broker-a:6,broker-b:1,broker-b:4,broker-b:7"},
    {"circle", 2, 8, 3, 1, "broker-a:1,broker-a:4,broker-a:7,broker-b:2,broker-b:5"},
    {"circle", 2, 8, 3, 2, "broker-a:2,broker-a:5,broker-b:0,broker-b:3,broker-b:6"},
    {"circle", 2, 8, 5, 0, "broker-a:0,broker-a:5,broker-b:2,broker-b:7"},
    {"circle", 2, 8, 5, 1, "broker-a:1,broker-a:6,broker-b:3"},
    {"circle", 2, 8, 5, 2, "broker-a:2,broker-a:7,broker-b:4"},
    {"circle", 2, 8, 5, 3, "broker-a:3,broker-b:0,broker-b:5"},
    {"circle", 2, 8, 5, 4, "broker-a:4,broker-b:1,broker-b:6"},
    {"hash", 2, 1, 1, 0, "broker-a:0,broker-b:0"},
    {"hash", 2, 1, 2, 0, ""},
    {"hash", 2, 1, 2, 1, "broker-a:0,broker-b:0"},
    {"hash", 2, 1, 3, 0, ""},
    {"hash", 2, 1, 3, 1, "broker-a:0,broker-b:0"},
    {"hash", 2, 1, 3, 2, ""},
    {"hash", 2, 1, 5, 0, ""},
    {"hash", 2, 1, 5, 1, "broker-a:0"},
    {"hash", 2, 1, 5, 2, ""},
    {"hash", 2, 1, 5, 3, "broker-b:0"},
    {"hash", 2, 1, 5, 4, ""},
    {"hash", 2, 3, 1, 0, "broker-a:0,broker-a:1,broker-a:2,broker-b:0,broker-b:1,broker-b:2"},
    {"hash", 2, 3, 2, 0, "broker-a:1,broker-b:1"},
    {"hash", 2, 3, 2, 1, "broker-a:0,broker-a:2,broker-b:0,broker-b:2"},
    {"hash", 2, 3, 3, 0, "broker-a:1,broker-b:1"},
    {"hash", 2, 3, 3, 1, "broker-a:0,broker-a:2,broker-b:0"},
    {"hash", 2, 3, 3, 2, "broker-b:2"},
    {"hash", 2, 3, 5, 0, "broker-a:1,broker-b:1"},
    {"hash", 2, 3, 5, 1, "broker-a:0,broker-a:2"},
    {"hash", 2, 3, 5, 2, ""},
    {"hash", 2, 3, 5, 3, "broker-b:0,broker-b:2"},
    {"hash", 2, 3, 5, 4, ""},
    {"hash", 2, 4, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-b:0,broker-b:1,broker-b:2,broker-b:3"},
    {"hash", 2, 4, 2, 0, "broker-a:1,broker-a:3,broker-b:1"},
    {"hash", 2, 4, 2, 1, "broker-a:0,broker-a:2,broker-b:0,broker-b:2,broker-b:3"},
    {"hash", 2, 4, 3, 0, "broker-a:1,broker-a:3,broker-b:1"},
    {"hash", 2, 4, 3, 1, "broker-a:0,broker-a:2,broker-b:0,broker-b:3"},
    {"hash", 2, 4, 3, 2, "broker-b:2"},
    {"hash", 2, 4, 5, 0, "broker-a:1,broker-b:1"},
    {"hash", 2, 4, 5, 1, "broker-a:0,broker-a:2,broker-b:3"},
    {"hash", 2, 4, 5, 2, ""},
    {"hash", 2, 4, 5, 3, "broker-a:3,broker-b:0,broker-b:2"},
    {"hash", 2, 4, 5, 4, ""},
    {"hash", 2, 8, 1, 0,
     "broker-a:0,broker-a:1,broker-a:2,broker-a:3,broker-a:4,broker-a:5,broker-a:6,broker-a:7,"
     "broker-b:0,broker-b:1,broker-b:2,broker-b:3,broker-b:4,broker-b:5,broker-b:6,broker-b:7"},
    {"hash", 2, 8, 2, 0,
     "broker-a:1,broker-a:3,broker-a:4,broker-a:5,broker-a:6,broker-b:1,broker-b:7"},
    {"hash", 2, 8, 2, 1,
     "broker-a:0,broker-a:2,broker-a:7,broker-b:0,broker-b:2,broker-b:3,broker-b:4,broker-b:5,"
     "broker-b:6"},
    {"hash", 2, 8, 3, 0, "broker-a:1,broker-a:3,broker-a:4,broker-a:6,broker-b:1"},
    {"hash", 2, 8, 3, 1,
     "broker-a:0,broker-a:2,broker-b:0,broker-b:3,broker-b:4,broker-b:5,broker-b:6"},
    {"hash", 2, 8, 3, 2, "broker-a:5,broker-a:7,broker-b:2,broker-b:7"},
    {"hash", 2, 8, 5, 0, "broker-a:1,broker-a:4,broker-a:6,broker-b:1"},
    {"hash", 2, 8, 5, 1, "broker-a:0,broker-a:2,broker-b:3,broker-b:4,broker-b:6"},
    {"hash", 2, 8, 5, 2, "broker-b:7"},
    {"hash", 2, 8, 5, 3, "broker-a:3,broker-a:7,broker-b:0,broker-b:2"},
    {"hash", 2, 8, 5, 4, "broker-a:5,broker-b:5"},
    {"room", 3, 1, 1, 0, "room1@broker-a:0,room1@broker-c:0"},
    {"room", 3, 1, 2, 0, "room1@broker-a:0"},
    {"room", 3, 1, 2, 1, "room1@broker-c:0"},
    {"room", 3, 1, 3, 0, "room1@broker-a:0"},
    {"room", 3, 1, 3, 1, "room1@broker-c:0"},
    {"room", 3, 1, 3, 2, ""},
    {"room", 3, 1, 5, 0, "room1@broker-a:0"},
    {"room", 3, 1, 5, 1, "room1@broker-c:0"},
    {"room", 3, 1, 5, 2, ""},
    {"room", 3, 1, 5, 3, ""},
    {"room", 3, 1, 5, 4, ""},
    {"room", 3, 3, 1, 0,
     "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-c:0,room1@broker-c:1,room1@"
     "broker-c:2"},
    {"room", 3, 3, 2, 0, "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2"},
    {"room", 3, 3, 2, 1, "room1@broker-c:0,room1@broker-c:1,room1@broker-c:2"},
    {"room", 3, 3, 3, 0, "room1@broker-a:0,room1@broker-a:1"},
    {"room", 3, 3, 3, 1, "room1@broker-a:2,room1@broker-c:0"},
    {"room", 3, 3, 3, 2, "room1@broker-c:1,room1@broker-c:2"},
    {"room", 3, 3, 5, 0, "room1@broker-a:0,room1@broker-c:2"},
    {"room", 3, 3, 5, 1, "room1@broker-a:1"},
    {"room", 3, 3, 5, 2, "room1@broker-a:2"},
    {"room", 3, 3, 5, 3, "room1@broker-c:0"},
    {"room", 3, 3, 5, 4, "room1@broker-c:1"},
    {"room", 3, 4, 1, 0,
     "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-a:3,room1@broker-c:0,room1@"
     "broker-c:1,room1@broker-c:2,room1@broker-c:3"},
    {"room", 3, 4, 2, 0, "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-a:3"},
    {"room", 3, 4, 2, 1, "room1@broker-c:0,room1@broker-c:1,room1@broker-c:2,room1@broker-c:3"},
    {"room", 3, 4, 3, 0, "room1@broker-a:0,room1@broker-a:1,room1@broker-c:2"},
    {"room", 3, 4, 3, 1, "room1@broker-a:2,room1@broker-a:3,room1@broker-c:3"},
    {"room", 3, 4, 3, 2, "room1@broker-c:0,room1@broker-c:1"},
    {"room", 3, 4, 5, 0, "room1@broker-a:0,room1@broker-c:1"},
    {"room", 3, 4, 5, 1, "room1@broker-a:1,room1@broker-c:2"},
    {"room", 3, 4, 5, 2, "room1@broker-a:2,room1@broker-c:3"},
    {"room", 3, 4, 5, 3, "room1@broker-a:3"},
    {"room", 3, 4, 5, 4, "room1@broker-c:0"},
    {"room", 3, 8, 1, 0,
     "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-a:3,room1@broker-a:4,room1@"
     "broker-a:5,room1@broker-a:6,room1@broker-a:7,room1@broker-c:0,room1@broker-c:1,room1@broker-"
     "c:2,room1@broker-c:3,room1@broker-c:4,room1@broker-c:5,room1@broker-c:6,room1@broker-c:7"},
    {"room", 3, 8, 2, 0,
     "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-a:3,room1@broker-a:4,room1@"
     "broker-a:5,room1@broker-a:6,room1@broker-a:7"},
    {"room", 3, 8, 2, 1,
     "room1@broker-c:0,room1@broker-c:1,room1@broker-c:2,room1@broker-c:3,room1@broker-c:4,room1@"
     "broker-c:5,room1@broker-c:6,room1@broker-c:7"},
    {"room", 3, 8, 3, 0,
     "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-a:3,room1@broker-a:4,room1@"
     "broker-c:7"},
    {"room", 3, 8, 3, 1,
     "room1@broker-a:5,room1@broker-a:6,room1@broker-a:7,room1@broker-c:0,room1@broker-c:1"},
    {"room", 3, 8, 3, 2,
     "room1@broker-c:2,room1@broker-c:3,room1@broker-c:4,room1@broker-c:5,room1@broker-c:6"},
    {"room", 3, 8, 5, 0, "room1@broker-a:0,room1@broker-a:1,room1@broker-a:2,room1@broker-c:7"},
    {"room", 3, 8, 5, 1, "room1@broker-a:3,room1@broker-a:4,room1@broker-a:5"},
    {"room", 3, 8, 5, 2, "room1@broker-a:6,room1@broker-a:7,room1@broker-c:0"},
    {"room", 3, 8, 5, 3, "room1@broker-c:1,room1@broker-c:2,room1@broker-c:3"},
    {"room", 3, 8, 5, 4, "room1@broker-c:4,room1@broker-c:5,room1@broker-c:6"},
};

std::string Render(const std::vector<MessageQueue>& queues) {
  std::string out;
  for (const auto& q : queues) {
    if (!out.empty()) out += ",";
    out += q.broker_name + ":" + std::to_string(q.queue_id);
  }
  return out;
}

TEST(AllocateStrategiesTest, MatchJavaResults) {
  const AllocateAveragely averagely;
  const AllocateAveragelyByCircle circle;
  const AllocateConsistentHash hash;
  const AllocateByMachineRoom room({"room1"});
  for (const auto& row : kJavaAllocations) {
    const std::vector<std::string> brokers =
        row.brokers == 2
            ? std::vector<std::string>{"broker-a", "broker-b"}
            : std::vector<std::string>{"room1@broker-a", "room1@broker-c", "room2@broker-b"};
    std::vector<MessageQueue> queues;
    for (const auto& b : brokers) {
      for (int i = 0; i < row.queues_per_broker; ++i) queues.push_back(MessageQueue{"T", b, i});
    }
    std::sort(queues.begin(), queues.end());
    std::vector<std::string> ids;
    for (int i = 0; i < row.consumers; ++i) {
      ids.push_back("10.0.0." + std::to_string(i + 1) + "@" + std::to_string(1000 + i));
    }
    std::sort(ids.begin(), ids.end());
    const std::string kind = row.strategy;
    const AllocateStrategy* strategy = &room;
    if (kind == "avg") strategy = &averagely;
    if (kind == "circle") strategy = &circle;
    if (kind == "hash") strategy = &hash;
    EXPECT_EQ(Render(strategy->Allocate("G", ids[row.consumer_index], queues, ids)), row.expected)
        << kind << ": " << row.queues_per_broker << " queues per broker, " << row.consumers
        << " consumers, consumer " << row.consumer_index;
  }
}

TEST(AllocateStrategiesTest, ByConfigReturnsTheConfiguredQueues) {
  const std::vector<MessageQueue> configured = {{"T", "b", 3}, {"T", "a", 1}};
  AllocateByConfig strategy(configured);
  EXPECT_EQ(strategy.Allocate("G", "anyone", {{"T", "a", 0}}, {"someone"}), configured);
}

TEST(AllocateStrategiesTest, UnknownConsumerGetsNothing) {
  const std::vector<MessageQueue> queues = {{"T", "room1@a", 0}, {"T", "room1@a", 1}};
  EXPECT_TRUE(AllocateAveragelyByCircle().Allocate("G", "x", queues, {"y"}).empty());
  EXPECT_TRUE(AllocateConsistentHash().Allocate("G", "x", queues, {"y"}).empty());
  EXPECT_TRUE(AllocateByMachineRoom({"room1"}).Allocate("G", "x", queues, {"y"}).empty());
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
