#include "producer/batch_size.h"
#include "rocketmq/producer.h"

namespace rocketmq {

std::vector<std::vector<Message>> SplitBatch(const std::vector<Message>& messages,
                                             size_t max_batch_bytes) {
  std::vector<std::vector<Message>> batches;
  size_t current_bytes = 0;
  for (const auto& message : messages) {
    const size_t size = client::BatchEntrySize(message);
    // A message too large on its own still gets a batch of its own, where sending it
    // reports the size problem for that message alone.
    if (batches.empty() || current_bytes + size > max_batch_bytes) {
      batches.emplace_back();
      current_bytes = 0;
    }
    batches.back().push_back(message);
    current_bytes += size;
  }
  return batches;
}

}  // namespace rocketmq
