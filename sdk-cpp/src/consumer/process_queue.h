// ProcessQueue: the messages of one assigned queue that were pulled but not yet consumed,
// by queue offset. It gives flow control its counts and the offset store its commit point:
// the smallest offset still in flight (or one past the largest pulled once all are done), so
// that a committed offset never skips a message whose listener call has not succeeded.
//
// A process queue is "dropped" when its queue is taken away (rebalance, offset moved,
// shutdown): pulls and consume results for it are then discarded.
//
// Orderly consumption moves messages out in offset order (TakeMessages), then either
// commits them all (Commit) or puts them back to be consumed again (Rollback); at most one
// consume request per queue runs at a time (the "consuming" flag PutMessages and
// TakeMessages maintain), and the broker lock of the queue is mirrored here. Thread-safe.
#ifndef ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_
#define ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "rocketmq/message_ext.h"

namespace rocketmq {
namespace consumer {

class ProcessQueue {
 public:
  // Orderly: adds pulled messages, copied (those already present are ignored). True when an
  // orderly consume request must be dispatched: messages wait and none is running.
  bool PutMessages(const std::vector<MessageExt>& messages);

  // Concurrent: adds pulled messages by offset and size only (those already present are
  // ignored); the consume tasks own the messages themselves.
  void AddInFlight(const std::vector<MessageExt>& messages);
  // The same by (queue offset, body size) of each message, for messages not decoded yet.
  void AddInFlight(const std::vector<std::pair<int64_t, size_t>>& offsets_and_sizes);
  // Concurrent: removes consumed messages and returns the offset to commit, or -1 when the
  // queue held nothing (Java's ProcessQueue.removeMessage).
  int64_t RemoveMessages(const std::vector<MessageExt>& messages);
  // Concurrent: a listener call for `messages` starts at `now_ms` (wall clock). Until
  // MarkConsumeEnded the queue refers to them (ExpiredHead copies them): the caller keeps
  // them alive and unchanged until then.
  void MarkConsumeStarted(const std::vector<MessageExt>& messages, int64_t now_ms);
  // Concurrent: the listener call for `messages` returned; the queue no longer refers to them.
  void MarkConsumeEnded(const std::vector<MessageExt>& messages);
  // Concurrent: the messages at the head of the queue (at most `max`, in offset order) whose
  // listener call started more than `timeout_ms` before `now_ms` and has not finished — they
  // hold back the queue's committed offset (Java's cleanExpiredMsg looks at the same ones).
  std::vector<MessageExt> ExpiredHead(int64_t now_ms, int64_t timeout_ms, size_t max) const;

  // Orderly: up to `max` messages in offset order, moved aside until Commit or Rollback.
  // Empty when nothing waits; the running consume request then ends.
  std::vector<MessageExt> TakeMessages(size_t max);
  // Orderly: forgets the taken messages; returns the offset to commit (-1: none taken).
  int64_t Commit();
  // Orderly: the taken messages (with their updated reconsume counts) wait again.
  void Rollback(const std::vector<MessageExt>& messages);

  // Messages pulled and not yet consumed, including those taken by orderly consumption.
  size_t message_count() const;
  size_t body_bytes() const;
  // Whether message_count() exceeds `max_messages` or body_bytes() `max_bytes` (flow
  // control, before each pull): one lock rather than two.
  bool Exceeds(size_t max_messages, size_t max_bytes) const;
  // Offsets of the first and last message held; (0, 0) when empty.
  std::pair<int64_t, int64_t> offset_span() const;

  bool dropped() const { return dropped_.load(); }
  void set_dropped() { dropped_ = true; }

  // The broker lock (orderly, clustering): held, and still fresh — locks are renewed every
  // 20 s and the broker lets them expire after 60 s; 30 s without renewal counts as lost.
  bool locked(int64_t now_ms) const {
    return locked_.load() && now_ms - last_lock_ms_.load() <= kLockMaxLiveMs;
  }
  void set_locked(bool locked, int64_t now_ms) {
    locked_ = locked;
    if (locked) last_lock_ms_ = now_ms;
  }

  // When the lock was last confirmed (monotonic ms).
  int64_t last_lock_ms() const { return last_lock_ms_.load(); }

  // Wall-clock ms of the last pull answered and of the last listener call started: what
  // admin tools show of a queue's activity.
  int64_t last_pull_ms() const { return last_pull_ms_.load(); }
  void set_last_pull_ms(int64_t ms) { last_pull_ms_ = ms; }
  int64_t last_consume_ms() const { return last_consume_ms_.load(); }
  void set_last_consume_ms(int64_t ms) { last_consume_ms_ = ms; }

  // Orderly: brackets each listener call, so that a queue is released only between calls.
  // BeginConsume is false (and marks nothing) once the queue is dropped: no call starts
  // after a release began.
  bool BeginConsume();
  void EndConsume();
  // Orderly release, after set_dropped(): waits up to `timeout` until no listener call
  // runs; true when none does (and then none will).
  bool WaitUntilNoConsume(std::chrono::milliseconds timeout);
  // Held by the orderly consume request running for this queue.
  std::mutex& order_mutex() { return order_mu_; }

 private:
  static constexpr int64_t kLockMaxLiveMs = 30000;

  // A concurrently consumed message the queue tracks without holding it.
  struct InFlight {
    int64_t offset = 0;
    size_t body_bytes = 0;
    int64_t started_ms = -1;              // -1: no listener call runs for it
    const MessageExt* message = nullptr;  // the consume task's, while its call runs
    bool removed = false;                 // consumed; dropped once no earlier one is held
  };
  // The held (not removed) entry at `offset`, or null.
  InFlight* FindInFlight(int64_t offset);

  mutable std::mutex mu_;
  // Orderly.
  std::map<int64_t, MessageExt> messages_;
  std::map<int64_t, MessageExt> taken_;
  // Concurrent, in queue offset order: pulls append at the end and consumption removes
  // mostly near the front, so a sorted deque whose ends are trimmed of removed entries
  // serves it without a tree node allocated and freed per message. Both ends are held
  // entries (or it is empty); removed ones wait in between until the front reaches them.
  std::deque<InFlight> in_flight_;
  size_t in_flight_count_ = 0;  // entries held
  bool consuming_ = false;
  size_t body_bytes_ = 0;
  int64_t max_offset_ = 0;
  std::atomic<bool> dropped_{false};
  std::atomic<bool> locked_{false};
  std::atomic<int64_t> last_lock_ms_{0};
  std::atomic<int64_t> last_pull_ms_{0};
  std::atomic<int64_t> last_consume_ms_{0};
  bool in_listener_ = false;
  std::condition_variable listener_done_;
  std::mutex order_mu_;
};

}  // namespace consumer
}  // namespace rocketmq

#endif  // ROCKETMQ_CONSUMER_PROCESS_QUEUE_H_
