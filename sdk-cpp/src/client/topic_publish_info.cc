#include "client/topic_publish_info.h"

#include <algorithm>
#include <random>

namespace rocketmq {
namespace client {
namespace {

uint32_t RandomStart() {
  static thread_local std::minstd_rand rng{std::random_device{}()};
  return static_cast<uint32_t>(rng());
}

}  // namespace

TopicPublishInfo::TopicPublishInfo(std::vector<MessageQueue> queues, bool order_topic)
    : queues_(std::move(queues)), order_topic_(order_topic), index_(RandomStart()) {
  broker_of_queue_.reserve(queues_.size());
  for (size_t i = 0; i < queues_.size(); ++i) {
    const std::string& name = queues_[i].broker_name;
    // Queues come grouped by broker: the last one seen is the usual match.
    size_t broker =
        brokers_.empty() || brokers_.back() != name ? FindBroker(name) : brokers_.size() - 1;
    if (broker == brokers_.size()) {
      brokers_.push_back(name);
      queues_of_broker_.emplace_back();
    }
    broker_of_queue_.push_back(broker);
    queues_of_broker_[broker].push_back(i);
  }
}

const MessageQueue& TopicPublishInfo::SelectOneQueue() {
  return queues_[NextIndex() % queues_.size()];
}

const MessageQueue& TopicPublishInfo::SelectOneQueue(const std::string& avoid_broker) {
  if (avoid_broker.empty()) return SelectOneQueue();
  for (size_t i = 0; i < queues_.size(); ++i) {
    const MessageQueue& mq = queues_[NextIndex() % queues_.size()];
    if (mq.broker_name != avoid_broker) return mq;
  }
  return SelectOneQueue();
}

size_t TopicPublishInfo::FindBroker(const std::string& broker) const {
  return static_cast<size_t>(std::find(brokers_.begin(), brokers_.end(), broker) -
                             brokers_.begin());
}

}  // namespace client
}  // namespace rocketmq
