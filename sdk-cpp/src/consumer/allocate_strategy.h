// Allocation strategies: which of a topic's queues one consumer of a group takes, given
// every queue and every consumer id of the group. Every consumer computes its share
// independently from the same sorted inputs, so the strategies must be deterministic and
// give exactly the results of Java's AllocateMessageQueueStrategy implementations, or a mixed
// C++/Java group would leave queues unconsumed or consume them twice.
#ifndef ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_
#define ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_

#include <memory>
#include <string>
#include <vector>

#include "rocketmq/message_queue.h"

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

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_ALLOCATE_STRATEGY_H_
