// PendingRequests: the requests sent and not yet answered, by opaque, with their deadlines.
//
// Whoever takes an entry out of the table (the response, the timeout sweep, the closing
// connection, shutdown) is the one that completes it, which is what makes every callback run
// exactly once. A sweeper thread sleeps until the earliest deadline and expires entries.
//
// Deadlines sit in a binary heap in a vector, not in an ordered set: an answered request
// leaves its deadline behind (no tree node to free and rebalance per request), which the
// sweeper drops once it comes due, or a compaction drops when stale ones pile up. Sends
// with one timeout add deadlines in increasing order, which a heap takes in O(1).
// Transport internals; used by CommandDispatcher.
#ifndef ROCKETMQ_REMOTING_PENDING_REQUESTS_H_
#define ROCKETMQ_REMOTING_PENDING_REQUESTS_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
  // A response (not a failure) may run `callback` on the I/O thread that read it.
  bool callback_on_io_thread = false;
};

// The nodes a RecyclingAllocator and its copies keep.
struct RecycledNodes {
  struct Node {
    Node* next;
  };
  RecycledNodes() = default;
  RecycledNodes(const RecycledNodes&) = delete;
  RecycledNodes& operator=(const RecycledNodes&) = delete;
  ~RecycledNodes() {
    while (head != nullptr) {
      Node* next = head->next;
      ::operator delete(head);
      head = next;
    }
  }
  size_t node_size = 0;
  size_t count = 0;
  Node* head = nullptr;
};

// An allocator that keeps freed single nodes for the next allocation, unsynchronised: for
// a node-based container only ever touched under one lock. Each request's table entry was
// a malloc on the sending thread and a free on the I/O thread; now it is a list pop and push
// under the lock the table takes anyway. Copies share one list; arrays (buckets) and
// objects of another size go to operator new.
template <typename T>
class RecyclingAllocator {
 public:
  using value_type = T;
  using FreeList = RecycledNodes;
  // Nodes kept beyond this many are freed.
  static constexpr size_t kMaxKept = 4096;

  RecyclingAllocator() : list_(std::make_shared<FreeList>()) {}
  template <typename U>
  RecyclingAllocator(const RecyclingAllocator<U>& other) : list_(other.list()) {}

  T* allocate(size_t n) {
    if (n == 1 && Recycles()) {
      list_->node_size = sizeof(T);
      if (typename FreeList::Node* node = list_->head) {
        list_->head = node->next;
        --list_->count;
        return reinterpret_cast<T*>(node);
      }
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) {
    if (n == 1 && Recycles() && list_->count < kMaxKept) {
      auto* node = reinterpret_cast<typename FreeList::Node*>(p);
      node->next = list_->head;
      list_->head = node;
      ++list_->count;
      return;
    }
    ::operator delete(p);
  }

  const std::shared_ptr<FreeList>& list() const { return list_; }
  template <typename U>
  bool operator==(const RecyclingAllocator<U>& other) const {
    return list_ == other.list();
  }
  template <typename U>
  bool operator!=(const RecyclingAllocator<U>& other) const {
    return list_ != other.list();
  }

 private:
  // One size per list: the first single object allocated (the container's node) sets it.
  bool Recycles() const {
    return sizeof(T) >= sizeof(typename FreeList::Node) &&
           alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__ &&
           (list_->node_size == 0 || list_->node_size == sizeof(T));
  }

  std::shared_ptr<FreeList> list_;
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
  // Take for every response among `commands` (the frames of one read), under one lock
  // acquisition rather than one per response: element i is the entry of commands[i],
  // nullopt for requests and for responses that match none.
  std::vector<std::optional<PendingRequest>> TakeResponses(
      const std::vector<RemotingCommand>& commands, uint64_t connection_id);
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
  // Rebuilds deadlines_ from the entries when answered requests' deadlines outnumber them.
  void CompactDeadlinesLocked();

  const std::string name_;
  const Completion complete_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_map<int32_t, PendingRequest, std::hash<int32_t>, std::equal_to<int32_t>,
                     RecyclingAllocator<std::pair<const int32_t, PendingRequest>>>
      entries_;
  // A min-heap (std::push_heap with std::greater) of every entry's deadline, and of the
  // deadlines of entries taken since, which are skipped when they come due.
  std::vector<std::pair<clock::Monotonic::time_point, int32_t>> deadlines_;
  bool closed_ = false;
  // When the sweeper will wake up next by itself.
  clock::Monotonic::time_point sweeper_wakes_at_ = clock::Monotonic::time_point::min();
  std::mutex join_mutex_;  // Close may run on several threads at once
  std::thread sweeper_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_PENDING_REQUESTS_H_
