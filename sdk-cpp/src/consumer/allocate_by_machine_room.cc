#include <algorithm>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {

std::vector<MessageQueue> AllocateByMachineRoom::Allocate(
    const std::string& /*group*/, const std::string& consumer_id,
    const std::vector<MessageQueue>& all_queues,
    const std::vector<std::string>& all_consumer_ids) const {
  std::vector<MessageQueue> result;
  const auto found = std::find(all_consumer_ids.begin(), all_consumer_ids.end(), consumer_id);
  if (found == all_consumer_ids.end()) return result;
  const size_t index = static_cast<size_t>(found - all_consumer_ids.begin());
  std::vector<MessageQueue> in_rooms;
  for (const auto& queue : all_queues) {
    // Java's split("@") must give exactly two parts: "room@name".
    const size_t at = queue.broker_name.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == queue.broker_name.size() ||
        queue.broker_name.find('@', at + 1) != std::string::npos) {
      continue;
    }
    if (rooms_.count(queue.broker_name.substr(0, at)) != 0) in_rooms.push_back(queue);
  }
  const size_t consumers = all_consumer_ids.size();
  const size_t block = in_rooms.size() / consumers;
  const size_t remainder = in_rooms.size() % consumers;
  for (size_t i = block * index; i < block * index + block; ++i) result.push_back(in_rooms[i]);
  if (remainder > index) result.push_back(in_rooms[index + block * consumers]);
  return result;
}

}  // namespace consumer
}  // namespace rocketmq
