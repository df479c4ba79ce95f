// Dispatcher: follows the CommitLog in order and turns every record into a DispatchRequest
// for the ConsumeQueues, the index and the store's listener (Apache's ReputMessageService).
//
// At start-up Replay() runs the same loop on the caller's thread to rebuild what a crash
// lost; afterwards the dispatcher's own thread runs it whenever the appender reports new
// data (and once a second regardless). A thread reporting a small backlog while nobody
// dispatches dispatches it itself (Notify): on the broker's send path that spares a thread
// wakeup per batch, and a consumer's long poll is woken without one.
#ifndef ROCKETMQ_STORE_DISPATCHER_H_
#define ROCKETMQ_STORE_DISPATCHER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "protocol/message_record.h"
#include "store/commit_log.h"
#include "store/dispatch_request.h"

namespace rocketmq {
namespace store {

class Dispatcher {
 public:
  // `sink` stores a run of requests in CommitLog order (the records of one append or of
  // one read of the log); an error stops dispatching until the next attempt, which hands
  // it the whole run again: storing a request twice must be harmless.
  using Sink = std::function<Status(const DispatchRequest* requests, size_t count)>;
  // Computes the ConsumeQueue tags code of a record; the default is the hash of TAGS.
  using TagsCodeFn = std::function<int64_t(const DispatchRequest& request)>;

  Dispatcher(CommitLog* log, Sink sink);
  // Stop()s.
  ~Dispatcher();

  void SetTagsCodeFn(TagsCodeFn fn) { tags_code_fn_ = std::move(fn); }

  // Dispatches from `from` to the current end of the log on this thread.
  Status Replay(int64_t from);
  void Start();
  void Stop();
  // New data was appended. Dispatches it on this thread when nobody else is dispatching
  // and the backlog is small, else wakes the dispatcher's thread. Call it without locks
  // that the sink or the store's listener take.
  void Notify();

  // Everything before this CommitLog offset has been dispatched.
  int64_t dispatched_offset() const { return dispatched_.load(std::memory_order_acquire); }
  // Waits until dispatched_offset() >= offset; false on timeout.
  bool AwaitDispatched(int64_t offset, std::chrono::milliseconds timeout);

 private:
  Status DispatchAvailable();
  // Adds the request of the record at CommitLog offset `offset` to batch_. `spans` (may be
  // null) locate KEYS, UNIQ_KEY and TAGS when the record's encoder told where they are.
  void AddRequest(const protocol::MessageRecord& record, int64_t offset,
                  const IndexedPropertySpans* spans);
  // Hands batch_ to the sink and empties it.
  Status DispatchBatch();
  // Publishes the new dispatched_offset() and wakes AwaitDispatched.
  void SetDispatched(int64_t pos);
  void Run();

  CommitLog* log_;
  Sink sink_;
  TagsCodeFn tags_code_fn_;
  // The requests of the run being dispatched: the first batch_size_ (under dispatch_mu_).
  // Kept with its entries, which AddRequest overwrites whole (constructing each again
  // zero-filled it).
  std::vector<DispatchRequest> batch_;
  size_t batch_size_ = 0;
  // The appended records being dispatched (under dispatch_mu_): emptied once dispatched, its
  // vectors go back to the CommitLog with the next TakeAppended.
  CommitLog::AppendedRecords taken_;
  std::atomic<int64_t> dispatched_{0};
  // Held by whoever runs DispatchAvailable (the thread, Replay, or a notifying thread).
  std::mutex dispatch_mu_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable progress_cv_;
  bool pending_ = false;
  bool stop_ = false;
  bool started_ = false;  // Start()ed and not yet Stop()ped
  std::thread thread_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_DISPATCHER_H_
