#include "client/topic_publish_info.h"

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
    : queues_(std::move(queues)), order_topic_(order_topic), index_(RandomStart()) {}

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

int TopicPublishInfo::QueueCountOf(const std::string& broker) const {
  int count = 0;
  for (const auto& mq : queues_) count += mq.broker_name == broker ? 1 : 0;
  return count;
}

}  // namespace client
}  // namespace rocketmq
