// OpIndex: which half messages are finished, from the op messages (protocol.md §8.7).
//
// Apache's check pulls op messages in windows and matches them against the half queue on
// every scan; END_TRANSACTION does not look at them at all, so a half message can be
// committed twice (by the producer and by its answer to a check-back). This index holds
// every op message the store keeps, loaded at start-up and extended by each commit or
// rollback, so both END_TRANSACTION and the check service can ask "is this half message
// finished?" in O(1).
//
// It also reproduces Apache's op-queue consume offset (AdvanceOpOffset), so that a store
// handed back to an Apache broker resumes where ours stopped. Not thread-safe: the
// TransactionalMessageService guards it.
#ifndef ROCKETMQ_BROKER_TRANSACTION_OP_INDEX_H_
#define ROCKETMQ_BROKER_TRANSACTION_OP_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <unordered_set>
#include <vector>

namespace rocketmq {
namespace broker {
namespace transaction {

class OpIndex {
 public:
  // The op message at `op_queue_offset` finishes the half messages at `half_offsets`
  // (empty for an op message that could not be read: it still counts for AdvanceOpOffset).
  void Add(int64_t op_queue_offset, const std::vector<int64_t>& half_offsets);

  bool IsDone(int64_t half_queue_offset) const { return done_.count(half_queue_offset) > 0; }

  // Apache's op consume offset after a scan that stopped at `half_consume_offset`: from
  // `op_offset` on, skips every consecutive op message whose half messages all lie below
  // `half_consume_offset` (they will never be looked at again).
  int64_t AdvanceOpOffset(int64_t op_offset, int64_t half_consume_offset) const;

  // Forgets op messages below `min_op_offset` and half messages below `min_half_offset`
  // (the store expired them), bounding the memory to what the store still holds.
  void Prune(int64_t min_op_offset, int64_t min_half_offset);

  size_t done_count() const { return done_.size(); }
  size_t op_count() const { return ops_.size(); }

 private:
  std::map<int64_t, std::vector<int64_t>> ops_;
  std::unordered_set<int64_t> done_;
};

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_OP_INDEX_H_
