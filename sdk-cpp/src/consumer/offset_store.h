// OffsetStore: a consumer group's progress per queue — the offset of the next message to
// consume. Clustering consumers keep it on the broker (RemoteOffsetStore); broadcasting
// consumers, each with its own progress, keep it in a local file.
//
// Updates go to memory; Persist writes them out (every persist_consumer_offset_interval_ms,
// when a queue is taken away, at shutdown). Thread-safe.
#ifndef ROCKETMQ_CONSUMER_OFFSET_STORE_H_
#define ROCKETMQ_CONSUMER_OFFSET_STORE_H_

#include <chrono>
#include <cstdint>
#include <vector>

#include "rocketmq/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace consumer {

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;

  // Records `offset` for `queue`; with `increase_only`, never moves it backwards.
  virtual void Update(const MessageQueue& queue, int64_t offset, bool increase_only) = 0;
  // The offset held in memory, or -1.
  virtual int64_t ReadFromMemory(const MessageQueue& queue) const = 0;
  // The persisted offset (also kept in memory); NotFound when the group has none for the
  // queue, another error when it could not be asked.
  virtual Result<int64_t> ReadFromStore(const MessageQueue& queue) = 0;
  // Writes the offsets held for `queues` out, within `timeout` overall.
  virtual Status Persist(const std::vector<MessageQueue>& queues,
                         std::chrono::milliseconds timeout) = 0;
  // Forgets the queue's offset in memory (the queue was taken away).
  virtual void Remove(const MessageQueue& queue) = 0;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_OFFSET_STORE_H_
