#include "broker/transaction/op_index.h"

#include <algorithm>

namespace rocketmq {
namespace broker {
namespace transaction {

void OpIndex::Add(int64_t op_queue_offset, const std::vector<int64_t>& half_offsets) {
  std::vector<int64_t>& entry = ops_[op_queue_offset];
  for (int64_t half : half_offsets) {
    entry.push_back(half);
    done_.insert(half);
  }
}

int64_t OpIndex::AdvanceOpOffset(int64_t op_offset, int64_t half_consume_offset) const {
  int64_t offset = op_offset;
  for (auto it = ops_.find(offset); it != ops_.end() && it->first == offset; ++it, ++offset) {
    const bool behind = std::all_of(it->second.begin(), it->second.end(),
                                    [&](int64_t half) { return half < half_consume_offset; });
    if (!behind) break;
  }
  return offset;
}

void OpIndex::Prune(int64_t min_op_offset, int64_t min_half_offset) {
  ops_.erase(ops_.begin(), ops_.lower_bound(min_op_offset));
  for (auto it = done_.begin(); it != done_.end();) {
    it = *it < min_half_offset ? done_.erase(it) : std::next(it);
  }
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
