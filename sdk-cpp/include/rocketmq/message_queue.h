// MessageQueue: one queue of a topic on one broker — the unit of ordering and of load balancing.
#ifndef ROCKETMQ_MESSAGE_QUEUE_H_
#define ROCKETMQ_MESSAGE_QUEUE_H_

#include <functional>
#include <string>
#include <tuple>

#include "rocketmq/export.h"

namespace rocketmq {

struct RMQ_EXPORT MessageQueue {
  std::string topic;
  std::string broker_name;
  int queue_id = 0;

  // "MessageQueue [topic=T, brokerName=B, queueId=0]", as Java prints it.
  std::string ToString() const;

  // Ordered by topic, then broker name, then queue id: the order Java sorts queues in for
  // rebalancing, so allocations match Java's.
  bool operator<(const MessageQueue& o) const {
    return std::tie(topic, broker_name, queue_id) < std::tie(o.topic, o.broker_name, o.queue_id);
  }
  bool operator==(const MessageQueue& o) const {
    return queue_id == o.queue_id && topic == o.topic && broker_name == o.broker_name;
  }
  bool operator!=(const MessageQueue& o) const { return !(*this == o); }
};

}  // namespace rocketmq

template <>
struct std::hash<rocketmq::MessageQueue> {
  size_t operator()(const rocketmq::MessageQueue& mq) const noexcept {
    size_t h = std::hash<std::string>()(mq.topic);
    h = h * 31 + std::hash<std::string>()(mq.broker_name);
    return h * 31 + std::hash<int>()(mq.queue_id);
  }
};

#endif  // ROCKETMQ_MESSAGE_QUEUE_H_
