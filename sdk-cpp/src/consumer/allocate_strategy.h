// Allocation strategies: which of a topic's queues one consumer of a group takes, given
// every queue and every consumer id of the group. Every consumer computes its share
// independently from the same sorted inputs, so the strategies must be deterministic and
// give exactly the results of Java's AllocateMessageQueueStrategy implementations, or a mixed
// C++/Java group would leave queues unconsumed or consume them twice.
#ifndef ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_
#define ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace consumer {

class AllocateStrategy {
 public:
  virtual ~AllocateStrategy() = default;
  // Java's strategy name (what admin tools show).
  virtual std::string name() const = 0;
  // `all_queues` and `all_consumer_ids` sorted; empty when `consumer_id` is not among them.
  virtual std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const = 0;
};

// Java's AllocateMessageQueueAveragely: contiguous ranges, the first (queues % consumers)
// consumers taking one queue more.
class AllocateAveragely : public AllocateStrategy {
 public:
  std::string name() const override { return "AVG"; }
  std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const override;
};

// Java's AllocateMessageQueueAveragelyByCircle: queue i goes to consumer i % consumers.
class AllocateAveragelyByCircle : public AllocateStrategy {
 public:
  std::string name() const override { return "AVG_BY_CIRCLE"; }
  std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const override;
};

// Java's AllocateMessageQueueConsistentHash: consumers on an MD5 hash ring with
// `virtual_nodes` points each ("<id>-<n>"); a queue goes to the first point at or after the
// hash of its Java toString(). Fewer queues move when consumers come and go.
class AllocateConsistentHash : public AllocateStrategy {
 public:
  explicit AllocateConsistentHash(int virtual_nodes = 10) : virtual_nodes_(virtual_nodes) {}
  std::string name() const override { return "CONSISTENT_HASH"; }
  std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const override;

 private:
  int virtual_nodes_;
};

// Java's AllocateMessageQueueByConfig: always the configured queues, whoever asks.
class AllocateByConfig : public AllocateStrategy {
 public:
  explicit AllocateByConfig(std::vector<MessageQueue> queues) : queues_(std::move(queues)) {}
  std::string name() const override { return "CONFIG"; }
  std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const override;

 private:
  std::vector<MessageQueue> queues_;
};

// Java's AllocateMessageQueueByMachineRoom: only queues of brokers named "<room>@<name>" with
// <room> among `consumer_rooms`, shared in contiguous blocks, the remainder one each.
class AllocateByMachineRoom : public AllocateStrategy {
 public:
  explicit AllocateByMachineRoom(std::set<std::string> consumer_rooms)
      : rooms_(std::move(consumer_rooms)) {}
  std::string name() const override { return "MACHINE_ROOM"; }
  std::vector<MessageQueue> Allocate(
      const std::string& group, const std::string& consumer_id,
      const std::vector<MessageQueue>& all_queues,
      const std::vector<std::string>& all_consumer_ids) const override;

 private:
  std::set<std::string> rooms_;
};

// The strategy named `name` ("AVG", "AVG_BY_CIRCLE" or "CONSISTENT_HASH"; the others need
// parameters); InvalidArgument for any other name.
Result<std::unique_ptr<AllocateStrategy>> MakeAllocateStrategy(const std::string& name);

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_
