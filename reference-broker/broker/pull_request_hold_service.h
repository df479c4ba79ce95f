// PullRequestHoldService: long polling (Apache PullRequestHoldService, protocol.md §8.1).
//
// A pull that finds nothing new (PULL_NOT_FOUND with the suspend flag) is parked here,
// keyed by topic and queue, instead of being answered. It is re-run — and then answered,
// with messages or PULL_NOT_FOUND — as soon as one of these happens:
//   * the store dispatches a message to that queue at or beyond the pull's offset that
//     passes its tag filter or SQL92 selector (NotifyMessageArriving, called from the
//     store's dispatcher);
//   * the queue grew between the pull's read and its parking (a message whose notice
//     came before the request was held);
//   * its suspend time passes (the holder thread wakes at the nearest deadline);
//   * a periodic check (every 5 s, 1 s with short polling) finds the queue has grown,
//     which covers messages whose arrival notice was missed;
//   * the service shuts down.
// Re-runs are handed to `wakeup`, which must not block (the broker queues the work on the
// connection's I/O thread, or on the pull executor when the data may be on disk). The holder thread
// sleeps until the nearest deadline or the periodic check; a suspend wakes it only when its
// deadline comes first. Thread-safe; one owned thread, joined by Shutdown().
#ifndef ROCKETMQ_BROKER_PULL_REQUEST_HOLD_SERVICE_H_
#define ROCKETMQ_BROKER_PULL_REQUEST_HOLD_SERVICE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "filter/expression.h"
#include "protocol/heartbeat_data.h"
#include "protocol/pull_headers.h"
#include "remoting/connection.h"
#include "remoting/remoting_command.h"

namespace rocketmq {
namespace broker {

struct HeldPullRequest {
  std::shared_ptr<remoting::Connection> connection;
  remoting::RemotingCommand request;
  // The request's header, decoded when it was parked: its re-run does not decode it again.
  protocol::PullMessageRequestHeader header;
  // Monotonic milliseconds.
  int64_t suspend_timestamp = 0;
  int64_t timeout_millis = 0;
  int64_t pull_from_offset = 0;
  // The queue's max offset when the pull read the store: a larger one when the request is
  // parked means a message arrived in between, which wakes it at once.
  int64_t max_offset_seen = 0;
  protocol::SubscriptionData subscription;
  // Set for SQL92 subscriptions: an arriving message wakes the request only if it matches.
  std::shared_ptr<const filter::Expression> selector;
  // Set when an arrival notice wakes it and the message that arrived is the first one it
  // reads (the notice's max offset is pull_from_offset + 1): its read starts at a record
  // just dispatched, in memory, so the wakeup need not ask the store where it lies.
  bool reads_arrived_message = false;
};

// Built in place once, when the pull is parked, and handed on by pointer: the table, the
// wakeup and its re-run task share it. Moved by value (its command, header and subscription)
// it went through ~4 moves and a copy into a shared_ptr per held pull (~2k instructions).
using HeldPull = std::shared_ptr<HeldPullRequest>;

class PullRequestHoldService {
 public:
  using MaxOffsetFunction = std::function<int64_t(const std::string& topic, int32_t queue_id)>;
  using WakeupFunction = std::function<void(HeldPull request)>;

  PullRequestHoldService(bool long_polling, MaxOffsetFunction max_offset, WakeupFunction wakeup);
  ~PullRequestHoldService();
  PullRequestHoldService(const PullRequestHoldService&) = delete;
  PullRequestHoldService& operator=(const PullRequestHoldService&) = delete;

  void Start();
  // Wakes every held request, then joins the thread. Idempotent.
  void Shutdown();

  // Parks `request`. After Shutdown() it is woken at once instead.
  void SuspendPullRequest(const std::string& topic, int32_t queue_id, HeldPull request);

  // New data in topic/queueId up to `max_offset` (the next offset to be written). With a
  // `tags_code` only requests whose filter accepts it are woken by the data (the others
  // still wake on their deadline); with the message's encoded `properties`, SQL92 requests
  // only if their selector selects it.
  // Called for every dispatched message: with no pull held it returns without a lock.
  void NotifyMessageArriving(std::string_view topic, int32_t queue_id, int64_t max_offset,
                             std::optional<int64_t> tags_code,
                             std::optional<std::string_view> properties = std::nullopt);

  size_t held_count() const;

 private:
  using Key = std::pair<std::string, int32_t>;
  using KeyView = std::pair<std::string_view, int32_t>;
  // Orders keys and finds them by views: an arrival notice names its topic by a view. The
  // queue id decides first: a look-up (one per arrival notice and per parked pull) then
  // compares topics only among keys of its queue id, not at every step down the tree
  // (~7 topic compares a look-up with one topic's queues held).
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      if (a.second != b.second) return a.second < b.second;
      return std::string_view(a.first) < std::string_view(b.first);
    }
  };
  void Loop();
  // Requires mutex_. Moves the requests of `key` that are due into `out`.
  void CollectLocked(const KeyView& key, int64_t max_offset, std::optional<int64_t> tags_code,
                     std::optional<std::string_view> properties, int64_t now,
                     std::vector<HeldPull>* out);
  // Hands each of `requests` to the wakeup (moved out; the vector keeps its size).
  void WakeAll(std::vector<HeldPull>& requests);
  // The woken requests of an arrival notice. Kept per thread for its capacity: a notice
  // that wakes a pull allocated and freed a vector (~230 instructions a message at 10k/s).
  // A wakeup re-run on the notifying thread may park its pull and notify again: that
  // nested notice finds the spare taken (moved out) and uses a vector of its own.
  static thread_local std::vector<HeldPull> spare_due_;

  const bool long_polling_;
  const MaxOffsetFunction max_offset_;
  const WakeupFunction wakeup_;

  mutable std::mutex mutex_;
  // Whether table_ holds any request (held_ > 0: 0 or 1); written under mutex_. Parking and the
  // arrival notice each reach it with a read-modify-write, which orders them: the later one sees
  // what the earlier did before (the parked request, or the arrived message's offset).
  std::atomic<int> any_held_{0};
  std::condition_variable changed_;
  // A queue's entry stays when its last request leaves (queues are few): its next held pull
  // reuses the entry and the vector's room (re-creating both cost ~1k instructions a pull).
  std::map<Key, std::vector<HeldPull>, KeyLess> table_;
  // The requests in table_.
  size_t held_ = 0;
  bool stopping_ = false;
  // While the holder thread waits: when it wakes up by itself (monotonic milliseconds).
  static constexpr int64_t kAwake = std::numeric_limits<int64_t>::min();
  int64_t sleeping_until_ = kAwake;
  std::thread thread_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_PULL_REQUEST_HOLD_SERVICE_H_
