#include <algorithm>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {

std::vector<MessageQueue> AllocateAveragelyByCircle::Allocate(
    const std::string& /*group*/, const std::string& consumer_id,
    const std::vector<MessageQueue>& all_queues,
    const std::vector<std::string>& all_consumer_ids) const {
  std::vector<MessageQueue> result;
  const auto found = std::find(all_consumer_ids.begin(), all_consumer_ids.end(), consumer_id);
  if (found == all_consumer_ids.end()) return result;
  const size_t index = static_cast<size_t>(found - all_consumer_ids.begin());
  for (size_t i = index; i < all_queues.size(); i += all_consumer_ids.size()) {
    result.push_back(all_queues[i]);
  }
  return result;
}

}  // namespace consumer
}  // namespace rocketmq
