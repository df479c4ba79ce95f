// TopicPublishInfo: the queues a producer may write to for one topic, from one route
// snapshot, and the round-robin position over them.
//
// The queue list never changes after construction; a route refresh builds a new object.
// The position is atomic so concurrent senders share it without a lock. It starts at a
// random place so that many producers do not all hit queue 0 first.
#ifndef ROCKETMQ_CLIENT_TOPIC_PUBLISH_INFO_H_
#define ROCKETMQ_CLIENT_TOPIC_PUBLISH_INFO_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rocketmq/message_queue.h"

namespace rocketmq {
namespace client {

class TopicPublishInfo {
 public:
  // `queues` are the writable queues in route order (by broker name, then queue id).
  // order_topic: the route named the queues explicitly (orderTopicConf).
  TopicPublishInfo(std::vector<MessageQueue> queues, bool order_topic);
  TopicPublishInfo(const TopicPublishInfo&) = delete;
  TopicPublishInfo& operator=(const TopicPublishInfo&) = delete;

  bool ok() const { return !queues_.empty(); }
  bool order_topic() const { return order_topic_; }
  const std::vector<MessageQueue>& queues() const { return queues_; }

  // Next position of the round robin (wraps; callers take it modulo a size).
  uint32_t NextIndex() { return index_.fetch_add(1, std::memory_order_relaxed); }

  // Precondition: ok(). The next queue in round-robin order.
  const MessageQueue& SelectOneQueue();
  // The next queue not on `avoid_broker` (a broker that just failed), or simply the next
  // one when every queue is on it.
  const MessageQueue& SelectOneQueue(const std::string& avoid_broker);

  // The brokers of the queues, each once, in route order; queues()[i] lives on
  // brokers()[BrokerOf(i)]. A topic has many queues (BenchmarkTest 1024) on few brokers:
  // what is known per broker is asked per broker, not per queue.
  const std::vector<std::string>& brokers() const { return brokers_; }
  // Index of `broker` in brokers(), brokers().size() if it serves none of the queues.
  size_t FindBroker(const std::string& broker) const;
  size_t BrokerOf(size_t queue) const { return broker_of_queue_[queue]; }
  // Position in queues() of the nth queue (modulo their count) of brokers()[broker].
  size_t NthQueueOf(size_t broker, uint32_t nth) const {
    const std::vector<size_t>& own = queues_of_broker_[broker];
    return own[nth % own.size()];
  }

 private:
  std::vector<MessageQueue> queues_;
  std::vector<std::string> brokers_;
  std::vector<size_t> broker_of_queue_;
  std::vector<std::vector<size_t>> queues_of_broker_;
  bool order_topic_;
  std::atomic<uint32_t> index_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_TOPIC_PUBLISH_INFO_H_
