// PendingRequests: the requests sent and not yet answered, by opaque, with their deadlines.
//
// Whoever takes an entry out of the table (the response, the timeout sweep, the closing
// connection, shutdown) is the one that completes it, which is what makes every callback run
// exactly once. A sweeper thread sleeps until the earliest deadline and expires entries.
// Transport internals; used by CommandDispatcher.
#ifndef ROCKETMQ_REMOTING_PENDING_REQUESTS_H_
#define ROCKETMQ_REMOTING_PENDING_REQUESTS_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "remoting/remoting_command.h"
#include "remoting/response_callback.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Where a synchronous caller waits for its outcome.
class SyncWaiter {
 public:
  void Set(Result<RemotingCommand> result);
  // The outcome, or nullopt if none arrived before `deadline`.
  std::optional<Result<RemotingCommand>> WaitUntil(clock::Monotonic::time_point deadline);
  // Blocks until the outcome arrives; only after the entry has been taken by someone else.
  Result<RemotingCommand> Wait();

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::optional<Result<RemotingCommand>> result_;
};

struct PendingRequest {
  int32_t opaque = 0;
  int32_t code = 0;
  uint64_t connection_id = 0;
  std::string remote_address;
  clock::Monotonic::time_point deadline;
  int64_t timeout_ms = 0;
  // The request's header, for AfterResponse hooks; null when there are no hooks.
  std::shared_ptr<const RemotingCommand> request;
  // Exactly one of the two is set.
  std::shared_ptr<SyncWaiter> waiter;
  ResponseCallback callback;
};

class PendingRequests {
 public:
  // `complete` receives every entry taken by the sweeper, FailConnection or Close.
  using Completion = std::function<void(PendingRequest, Result<RemotingCommand>)>;

  PendingRequests(std::string name, Completion complete);
  // Closes (failing what is left with Cancelled) and joins the sweeper.
  ~PendingRequests();

  // IllegalState once closed; InvalidArgument if the opaque is already pending.
  Status Add(PendingRequest request);
  // The entry for a response: only if it was sent on `connection_id`.
  std::optional<PendingRequest> Take(int32_t opaque, uint64_t connection_id);
  // Completes every entry of a connection with `reason`.
  void FailConnection(uint64_t connection_id, const Status& reason);
  // Refuses new entries, completes every entry with `reason`, and stops the sweeper: when it
  // returns, no completion of the sweeper's is still running (unless called from one).
  void Close(const Status& reason);
  size_t size() const;

 private:
  void SweepLoop();
  void JoinSweeper();
  std::optional<PendingRequest> TakeLocked(int32_t opaque);

  const std::string name_;
  const Completion complete_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_map<int32_t, PendingRequest> entries_;
  std::set<std::pair<clock::Monotonic::time_point, int32_t>> deadlines_;
  bool closed_ = false;
  // When the sweeper will wake up next by itself.
  clock::Monotonic::time_point sweeper_wakes_at_ = clock::Monotonic::time_point::min();
  std::mutex join_mutex_;  // Close may run on several threads at once
  std::thread sweeper_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_PENDING_REQUESTS_H_
