// AckPoint: the one place where a stored message is acknowledged to its producer.
//
// The appender hands every appended request here with the CommitLog offset its bytes end
// at. A request is acknowledged once every condition it waits for has reached that offset;
// today the only condition is "flushed" (SYNC_FLUSH with WAIT=true). Replication to a
// slave (SYNC_MASTER) becomes a second watermark advanced by the HA service: requests
// then complete when the smaller of the two passes their end, and nothing else in the
// store changes.
//
// Requests arrive in CommitLog order, so completion walks a queue from its head.
// Callbacks run on the thread that advanced the watermark (or expired the request),
// never under the AckPoint's lock, each run of them inside the AckScope if one is set.
#ifndef ROCKETMQ_STORE_ACK_POINT_H_
#define ROCKETMQ_STORE_ACK_POINT_H_

#include <chrono>
#include <cstdint>
#include <deque>
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
  // `timeout`: how long a request may wait for its conditions (syncFlushTimeout) before it
  // is answered with kFlushDiskTimeout.
  explicit AckPoint(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  // Acknowledges `result` now if `wait_for_flush` is false, else once flushed past
  // `end_offset`.
  void Submit(int64_t end_offset, bool wait_for_flush, PutMessageResult result,
              PutCallback callback);

  // The CommitLog is durable up to `offset`: completes the requests ending at or before it.
  void OnFlushed(int64_t offset);
  // Answers requests waiting longer than the timeout with kFlushDiskTimeout.
  void ExpireOverdue();
  // Answers every waiting request with `status` / `error` (flush failure, shutdown).
  void FailAll(PutMessageStatus status, const Status& error);

  // Set before any request is submitted.
  void SetScope(AckScope scope) { scope_ = std::move(scope); }
  // Runs `acknowledge` (which submits or completes requests) inside the scope.
  void RunInScope(const std::function<void()>& acknowledge) const;

  bool HasWaiters() const;
  // When the oldest waiter times out (Monotonic::time_point::max() if none).
  clock::Monotonic::time_point NextDeadline() const;

 private:
  struct Waiter {
    int64_t end_offset;
    clock::Monotonic::time_point deadline;
    PutMessageResult result;
    PutCallback callback;
  };
  void Run(std::vector<Waiter>* done) const;

  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  std::deque<Waiter> waiters_;
  int64_t flushed_ = 0;
  AckScope scope_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_ACK_POINT_H_
