// ProcessQueue: the messages of one assigned queue that were pulled but not yet consumed,
// by queue offset. It gives flow control its counts and the offset store its commit point:
// the smallest offset still in flight (or one past the largest pulled once all are done), so
// that a committed offset never skips a message whose listener call has not succeeded.
//
// A process queue is "dropped" when its queue is taken away (rebalance, offset moved,
// shutdown): pulls and consume results for it are then discarded. Thread-safe.
#ifndef ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_
#define ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "rocketmq/message_ext.h"

namespace rocketmq {
namespace consumer {

class ProcessQueue {
 public:
  // Adds pulled messages (those already present are ignored).
  void PutMessages(const std::vector<MessageExt>& messages);
  // Removes consumed messages and returns the offset to commit, or -1 when the queue held
  // nothing (Java's ProcessQueue.removeMessage).
  int64_t RemoveMessages(const std::vector<MessageExt>& messages);

  size_t message_count() const;
  size_t body_bytes() const;
  // Offsets of the first and last message held; (0, 0) when empty.
  std::pair<int64_t, int64_t> offset_span() const;

  bool dropped() const { return dropped_.load(); }
  void set_dropped() { dropped_ = true; }

 private:
  mutable std::mutex mu_;
  std::map<int64_t, MessageExt> messages_;
  size_t body_bytes_ = 0;
  int64_t max_offset_ = 0;
  std::atomic<bool> dropped_{false};
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_
