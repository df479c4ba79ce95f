#include "broker/pull_request_hold_service.h"

#include <pthread.h>

#include <algorithm>

#include "broker/subscription_data.h"
#include "common/clock.h"
#include "common/logging.h"
#include "filter/expression_message_filter.h"

namespace rocketmq {
namespace broker {

PullRequestHoldService::PullRequestHoldService(bool long_polling, MaxOffsetFunction max_offset,
                                               WakeupFunction wakeup)
    : long_polling_(long_polling), max_offset_(std::move(max_offset)), wakeup_(std::move(wakeup)) {}

thread_local std::vector<HeldPull> PullRequestHoldService::spare_due_;

PullRequestHoldService::~PullRequestHoldService() { Shutdown(); }

void PullRequestHoldService::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
  pthread_setname_np(thread_.native_handle(), "pull-hold");
}

void PullRequestHoldService::Shutdown() {
  std::vector<HeldPull> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (auto& [key, requests] : table_) {
      for (auto& r : requests) all.push_back(std::move(r));
    }
    table_.clear();
    held_ = 0;
    any_held_.store(0, std::memory_order_release);
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  WakeAll(all);
}

void PullRequestHoldService::SuspendPullRequest(const std::string& topic, int32_t queue_id,
                                                HeldPull request) {
  const int64_t max_offset_seen = request->max_offset_seen;
  bool held = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      const int64_t deadline = request->suspend_timestamp + request->timeout_millis;
      auto it = table_.find(KeyView(topic, queue_id));
      if (it == table_.end()) it = table_.try_emplace(Key(topic, queue_id)).first;
      it->second.push_back(std::move(request));
      ++held_;
      any_held_.exchange(1, std::memory_order_acq_rel);
      // The holder thread looks at the table before it sleeps again, so it needs waking only
      // if it sleeps past this deadline. Usually it does not (the periodic check comes
      // first): a wakeup per suspended pull was a thread switch per consumed message.
      if (deadline < sleeping_until_) changed_.notify_one();
      held = true;
    }
  }
  if (held) {
    // A message dispatched between the pull's read of the store and now found no request
    // held (any_held_ false, or not yet in the table) and woke nobody: without this look
    // the request would wait for the queue's next message (at 10k msgs/s over a few queues
    // most of a millisecond: the latency tail) or the periodic check. The exchange on
    // any_held_ above and NotifyMessageArriving's read-modify-write of it are ordered:
    // either that notice sees the request held or this look sees its message.
    const int64_t max_offset = max_offset_(topic, queue_id);
    if (max_offset > max_offset_seen) {
      NotifyMessageArriving(topic, queue_id, max_offset, std::nullopt);
    }
    return;
  }
  std::vector<HeldPull> now;
  now.push_back(std::move(request));
  WakeAll(now);
}

void PullRequestHoldService::CollectLocked(const KeyView& key, int64_t max_offset,
                                           std::optional<int64_t> tags_code,
                                           std::optional<std::string_view> properties, int64_t now,
                                           std::vector<HeldPull>* out) {
  auto it = table_.find(key);
  if (it == table_.end()) return;
  auto& requests = it->second;
  for (auto r = requests.begin(); r != requests.end();) {
    bool due = false;
    const HeldPullRequest& held = **r;
    if (max_offset > held.pull_from_offset) {
      due = !tags_code.has_value() || MatchesTagsCode(held.subscription, *tags_code);
      if (due && held.selector && properties) {
        due = filter::PropertiesMatch(*held.selector, *properties);
      }
    }
    if (!due && now >= held.suspend_timestamp + held.timeout_millis) due = true;
    if (due) {
      out->push_back(std::move(*r));
      r = requests.erase(r);
      --held_;
    } else {
      ++r;
    }
  }
  if (held_ == 0) any_held_.store(0, std::memory_order_release);
}

void PullRequestHoldService::NotifyMessageArriving(std::string_view topic, int32_t queue_id,
                                                   int64_t max_offset,
                                                   std::optional<int64_t> tags_code,
                                                   std::optional<std::string_view> properties) {
  // A read-modify-write, not a load: a request parked after this look then sees this
  // message itself (SuspendPullRequest). Not a fence, which ThreadSanitizer cannot follow.
  if (any_held_.fetch_add(0, std::memory_order_acq_rel) == 0) return;
  std::vector<HeldPull> due = std::move(spare_due_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (held_ != 0) {
      CollectLocked(KeyView(topic, queue_id), max_offset, tags_code, properties,
                    clock::MonotonicMillis(), &due);
    }
  }
  for (const auto& r : due) r->reads_arrived_message = max_offset == r->pull_from_offset + 1;
  WakeAll(due);
  due.clear();
  spare_due_ = std::move(due);
}

size_t PullRequestHoldService::held_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_;
}

void PullRequestHoldService::WakeAll(std::vector<HeldPull>& requests) {
  for (auto& r : requests) wakeup_(std::move(r));
}

void PullRequestHoldService::Loop() {
  const int64_t check_interval_ms = long_polling_ ? 5000 : 1000;
  std::unique_lock<std::mutex> lock(mutex_);
  int64_t next_check = clock::MonotonicMillis() + check_interval_ms;
  while (!stopping_) {
    int64_t wake_at = next_check;
    for (const auto& [key, requests] : table_) {
      for (const auto& r : requests)
        wake_at = std::min(wake_at, r->suspend_timestamp + r->timeout_millis);
    }
    const int64_t now = clock::MonotonicMillis();
    if (wake_at > now) {
      sleeping_until_ = wake_at;
      changed_.wait_for(lock, std::chrono::milliseconds(wake_at - now));
      sleeping_until_ = kAwake;
      continue;
    }
    // Something is due: a deadline or the periodic check. Max offsets are read without the
    // lock, since the store takes its own.
    const bool periodic = now >= next_check;
    if (periodic) next_check = now + check_interval_ms;
    std::vector<Key> keys;
    for (const auto& [key, requests] : table_) {
      if (!requests.empty()) keys.push_back(key);
    }
    lock.unlock();
    std::vector<HeldPull> due;
    for (const auto& key : keys) {
      const int64_t max_offset = periodic ? max_offset_(key.first, key.second) : -1;
      std::lock_guard<std::mutex> relock(mutex_);
      CollectLocked(key, max_offset, std::nullopt, std::nullopt, clock::MonotonicMillis(), &due);
    }
    WakeAll(due);
    lock.lock();
  }
}

}  // namespace broker
}  // namespace rocketmq
