#include <algorithm>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {

std::vector<MessageQueue> AllocateAveragely::Allocate(
    const std::string& /*group*/, const std::string& consumer_id,
    const std::vector<MessageQueue>& all_queues,
    const std::vector<std::string>& all_consumer_ids) const {
  std::vector<MessageQueue> result;
  const auto found = std::find(all_consumer_ids.begin(), all_consumer_ids.end(), consumer_id);
  if (found == all_consumer_ids.end() || all_queues.empty()) return result;
  const int64_t index = found - all_consumer_ids.begin();
  const int64_t queues = static_cast<int64_t>(all_queues.size());
  const int64_t consumers = static_cast<int64_t>(all_consumer_ids.size());
  const int64_t mod = queues % consumers;
  int64_t average = queues / consumers;
  if (queues <= consumers) {
    average = 1;
  } else if (mod > 0 && index < mod) {
    average = queues / consumers + 1;
  }
  const int64_t start = (mod > 0 && index < mod) ? index * average : index * average + mod;
  const int64_t range = std::min(average, queues - start);
  for (int64_t i = 0; i < range; ++i) result.push_back(all_queues[(start + i) % queues]);
  return result;
}

Result<std::unique_ptr<AllocateStrategy>> MakeAllocateStrategy(const std::string& name) {
  if (name == "AVG") return std::unique_ptr<AllocateStrategy>(new AllocateAveragely());
  if (name == "AVG_BY_CIRCLE") {
    return std::unique_ptr<AllocateStrategy>(new AllocateAveragelyByCircle());
  }
  if (name == "CONSISTENT_HASH") {
    return std::unique_ptr<AllocateStrategy>(new AllocateConsistentHash());
  }
  return Status::InvalidArgument("unknown allocate strategy '" + name +
                                 "' (AVG, AVG_BY_CIRCLE or CONSISTENT_HASH)");
}

}  // namespace consumer
}  // namespace rocketmq
