// AllocateAveragely against assignments computed by Java's AllocateMessageQueueAveragely for
// the same sorted queues and consumer ids.
#include <gtest/gtest.h>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {
namespace {

std::vector<MessageQueue> Queues(int count) {
  std::vector<MessageQueue> queues;
  for (int i = 0; i < count; ++i) queues.push_back(MessageQueue{"T", "broker-a", i});
  return queues;
}

std::vector<std::string> Ids(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back("10.0.0.1@" + std::to_string(i));
  return ids;
}

std::vector<int> AssignedIds(const std::vector<MessageQueue>& queues) {
  std::vector<int> ids;
  for (const auto& q : queues) ids.push_back(q.queue_id);
  return ids;
}

struct Case {
  int queues;
  int consumers;
  std::vector<std::vector<int>> expected;  // per consumer index
};

TEST(AllocateAveragelyTest, MatchesJavaTables) {
  const std::vector<Case> cases = {
      {4, 1, {{0, 1, 2, 3}}},
      {4, 2, {{0, 1}, {2, 3}}},
      {8, 3, {{0, 1, 2}, {3, 4, 5}, {6, 7}}},
      {5, 3, {{0, 1}, {2, 3}, {4}}},
      {3, 5, {{0}, {1}, {2}, {}, {}}},
      {4, 4, {{0}, {1}, {2}, {3}}},
      {16, 5, {{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}, {13, 14, 15}}},
  };
  AllocateAveragely strategy;
  for (const auto& c : cases) {
    const auto ids = Ids(c.consumers);
    for (int i = 0; i < c.consumers; ++i) {
      EXPECT_EQ(AssignedIds(strategy.Allocate("G", ids[i], Queues(c.queues), ids)), c.expected[i])
          << c.queues << " queues, " << c.consumers << " consumers, consumer " << i;
    }
  }
}

TEST(AllocateAveragelyTest, UnknownConsumerOrNoQueuesGetsNothing) {
  AllocateAveragely strategy;
  EXPECT_TRUE(strategy.Allocate("G", "stranger", Queues(4), Ids(2)).empty());
  EXPECT_TRUE(strategy.Allocate("G", Ids(2)[0], {}, Ids(2)).empty());
}

TEST(AllocateAveragelyTest, EveryQueueTakenExactlyOnce) {
  AllocateAveragely strategy;
  for (int queues = 1; queues <= 20; ++queues) {
    for (int consumers = 1; consumers <= 7; ++consumers) {
      std::vector<int> taken(queues, 0);
      const auto ids = Ids(consumers);
      for (const auto& id : ids) {
        for (const auto& q : strategy.Allocate("G", id, Queues(queues), ids)) ++taken[q.queue_id];
      }
      for (int q = 0; q < queues; ++q) EXPECT_EQ(taken[q], 1) << queues << "/" << consumers;
    }
  }
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
