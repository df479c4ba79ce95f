// AckPoint: the one place where a stored message is acknowledged to its producer.
//
// The appender hands every appended request here with the CommitLog offset its bytes end
// at. A request is acknowledged once every condition it waits for has reached that offset:
// "flushed" (SYNC_FLUSH with WAIT=true), advanced by the flusher, and "replicated"
// (SYNC_MASTER with WAIT=true), advanced by the HA service with the furthest offset a
// slave acknowledged. Both share syncFlushTimeout, as Apache 4.9's GroupCommitRequest
// does; a request past it is answered FLUSH_DISK_TIMEOUT when the disk was late and
// FLUSH_SLAVE_TIMEOUT when the slave was (the slave wins when both were, as in Apache's
// handleDiskFlushAndHA).
//
// Requests arrive in CommitLog order and both watermarks only grow, so completion walks a
// queue from its head and stops at the first request no watermark has reached.
// Callbacks run on the thread that advanced the watermark (or expired the request),
// never under the AckPoint's lock, each run of them inside the AckScope if one is set.
#ifndef ROCKETMQ_STORE_ACK_POINT_H_
#define ROCKETMQ_STORE_ACK_POINT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "common/clock.h"
#include "store/put_message_result.h"

namespace rocketmq {
namespace store {

// Wraps a run of acknowledgements: calls `acknowledge`, which runs them, on its thread. The
// broker uses it to send the replies of one batch of puts together.
using AckScope = std::function<void(const std::function<void()>& acknowledge)>;

class AckPoint {
 public:
  // What a request waits for before it is acknowledged.
  struct Conditions {
    bool flushed = false;
    bool replicated = false;
    bool any() const { return flushed || replicated; }
  };

  // `timeout`: how long a request may wait for its conditions (syncFlushTimeout).
  explicit AckPoint(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  // Acknowledges `result` once every condition in `wait_for` reached `end_offset` (now if
  // none is asked for or all already have).
  void Submit(int64_t end_offset, Conditions wait_for, PutMessageResult result,
              PutCallback callback);

  // The CommitLog is durable up to `offset`: completes the requests that wait for nothing
  // else before it.
  void OnFlushed(int64_t offset);
  // A slave holds the CommitLog up to `offset` (Apache's push2SlaveMaxOffset).
  void OnReplicated(int64_t offset);
  // Answers requests waiting longer than the timeout with kFlushDiskTimeout or
  // kFlushSlaveTimeout, whichever condition is missing.
  void ExpireOverdue();
  // Answers every waiting request with `status` / `error` (flush failure, shutdown).
  void FailAll(PutMessageStatus status, const Status& error);

  // Set before any request is submitted.
  void SetScope(AckScope scope) { scope_ = std::move(scope); }
  // Runs `acknowledge` (which submits or completes requests) inside the scope.
  void RunInScope(const std::function<void()>& acknowledge) const;

  bool HasWaiters() const;
  // Whether a waiting request still needs the log flushed further (the flusher's cue: a
  // request only waiting for its slave needs no flush).
  bool NeedsFlush() const;
  // When the oldest waiter times out (Monotonic::time_point::max() if none).
  clock::Monotonic::time_point NextDeadline() const;

 private:
  struct Waiter {
    int64_t end_offset;
    Conditions wait_for;
    clock::Monotonic::time_point deadline;
    PutMessageResult result;
    PutCallback callback;
  };
  void Run(std::vector<Waiter>* done) const;
  bool Satisfied(const Waiter& w) const;
  // Moves the waiters whose conditions hold to `done`. With mu_ held.
  void CollectSatisfied(std::vector<Waiter>* done);
  // With mu_ held: the oldest waiter leaves the queue (moved out).
  Waiter PopFront();
  // With mu_ held: drops the moved-out slots before head_ once they are most of the vector.
  void Compact();
  bool Empty() const { return head_ == waiters_.size(); }

  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  // The waiting requests, oldest first: waiters_[head_, size()). A vector whose head moves
  // (compacted now and then) rather than a deque: a deque holds three of these ~150-byte
  // waiters per 512-byte block, a malloc and a free every three requests, and a
  // SYNC_MASTER's report completes them one erase at a time (~340 instructions a request
  // in CollectSatisfied alone).
  std::vector<Waiter> waiters_;
  size_t head_ = 0;
  int64_t flushed_ = 0;
  int64_t replicated_ = 0;
  // The furthest end a request waiting for the flush asked for.
  int64_t flush_wanted_ = 0;
  AckScope scope_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_ACK_POINT_H_
