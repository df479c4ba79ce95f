#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {

std::vector<MessageQueue> AllocateByConfig::Allocate(
    const std::string& /*group*/, const std::string& /*consumer_id*/,
    const std::vector<MessageQueue>& /*all_queues*/,
    const std::vector<std::string>& /*all_consumer_ids*/) const {
  return queues_;
}

}  // namespace consumer
}  // namespace rocketmq
