#include "remoting/pending_requests.h"

#include <pthread.h>

#include <algorithm>

namespace rocketmq {
namespace remoting {
namespace {

using Deadline = std::pair<clock::Monotonic::time_point, int32_t>;
// The heap's order: the earliest deadline on top.
constexpr std::greater<Deadline> kLater;
// Stale deadlines tolerated beyond twice the live ones before a compaction.
constexpr size_t kStaleDeadlineSlack = 1024;

}  // namespace

void SyncWaiter::Set(Result<RemotingCommand> result) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    result_ = std::move(result);
  }
  ready_.notify_all();
}

std::optional<Result<RemotingCommand>> SyncWaiter::WaitUntil(
    clock::Monotonic::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!ready_.wait_until(lock, deadline, [this] { return result_.has_value(); })) {
    return std::nullopt;
  }
  return std::move(result_);
}

Result<RemotingCommand> SyncWaiter::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait(lock, [this] { return result_.has_value(); });
  return std::move(*result_);
}

PendingRequests::PendingRequests(std::string name, Completion complete)
    : name_(std::move(name)), complete_(std::move(complete)) {
  sweeper_ = std::thread([this] { SweepLoop(); });
  pthread_setname_np(sweeper_.native_handle(), (name_ + "-sweep").substr(0, 15).c_str());
}

PendingRequests::~PendingRequests() { Close(Status::Cancelled(name_ + " shut down")); }

Status PendingRequests::Add(PendingRequest request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return Status::IllegalState(name_ + " is shut down");
    // Wake the sweeper only if it would otherwise sleep past this deadline: in steady
    // traffic each deadline is later than the one it already waits for.
    const bool earliest = request.deadline < sweeper_wakes_at_;
    const int32_t opaque = request.opaque;
    const auto deadline = request.deadline;
    if (deadlines_.size() > 2 * entries_.size() + kStaleDeadlineSlack) CompactDeadlinesLocked();
    if (!entries_.emplace(opaque, std::move(request)).second) {
      return Status::InvalidArgument("opaque " + std::to_string(opaque) +
                                     " is already awaiting a response");
    }
    deadlines_.emplace_back(deadline, opaque);
    std::push_heap(deadlines_.begin(), deadlines_.end(), kLater);
    if (!earliest) return Status::OK();
  }
  changed_.notify_one();
  return Status::OK();
}

std::optional<PendingRequest> PendingRequests::TakeLocked(int32_t opaque) {
  auto it = entries_.find(opaque);
  if (it == entries_.end()) return std::nullopt;
  PendingRequest request = std::move(it->second);
  entries_.erase(it);
  return request;
}

void PendingRequests::CompactDeadlinesLocked() {
  deadlines_.clear();
  for (const auto& entry : entries_) deadlines_.emplace_back(entry.second.deadline, entry.first);
  std::make_heap(deadlines_.begin(), deadlines_.end(), kLater);
}

std::optional<PendingRequest> PendingRequests::Take(int32_t opaque, uint64_t connection_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(opaque);
  if (it == entries_.end() || it->second.connection_id != connection_id) return std::nullopt;
  return TakeLocked(opaque);
}

std::vector<std::optional<PendingRequest>> PendingRequests::TakeResponses(
    const std::vector<RemotingCommand>& commands, uint64_t connection_id) {
  std::vector<std::optional<PendingRequest>> taken(commands.size());
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < commands.size(); ++i) {
    if (!commands[i].IsResponse()) continue;
    auto it = entries_.find(commands[i].opaque());
    if (it == entries_.end() || it->second.connection_id != connection_id) continue;
    taken[i] = std::move(it->second);
    entries_.erase(it);
  }
  return taken;
}

void PendingRequests::FailConnection(uint64_t connection_id, const Status& reason) {
  std::vector<PendingRequest> failed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->second.connection_id == connection_id) {
        failed.push_back(std::move(it->second));
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (PendingRequest& request : failed) complete_(std::move(request), reason);
}

void PendingRequests::Close(const Status& reason) {
  std::vector<PendingRequest> failed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    for (auto& entry : entries_) failed.push_back(std::move(entry.second));
    entries_.clear();
    deadlines_.clear();
  }
  changed_.notify_all();
  for (PendingRequest& request : failed) complete_(std::move(request), reason);
  JoinSweeper();
}

// A completion the sweeper runs may hold the last reference to this table's owner (the
// dispatcher's completion locks a weak pointer). Joining here, on the thread that closes,
// keeps the owner's destruction, and so this destructor's join, off the sweeper itself.
void PendingRequests::JoinSweeper() {
  std::lock_guard<std::mutex> lock(join_mutex_);
  if (sweeper_.joinable() && sweeper_.get_id() != std::this_thread::get_id()) sweeper_.join();
}

size_t PendingRequests::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void PendingRequests::SweepLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!closed_) {
    const auto now = clock::Monotonic::now();
    std::vector<PendingRequest> expired;
    // Due deadlines expire their entries; stale ones (the opaque was answered, or reused by
    // a later request whose own deadline is still in the heap) are dropped, due or not, so
    // that the sweeper sleeps until the earliest live deadline.
    while (!deadlines_.empty()) {
      const auto [deadline, opaque] = deadlines_.front();
      auto it = entries_.find(opaque);
      const bool live = it != entries_.end() && it->second.deadline == deadline;
      if (live && deadline > now) break;
      std::pop_heap(deadlines_.begin(), deadlines_.end(), kLater);
      deadlines_.pop_back();
      if (live) expired.push_back(std::move(*TakeLocked(opaque)));
    }
    if (!expired.empty()) {
      lock.unlock();
      for (PendingRequest& request : expired) {
        const std::string message = "request code=" + std::to_string(request.code) +
                                    " opaque=" + std::to_string(request.opaque) + " to " +
                                    request.remote_address + " got no response within " +
                                    std::to_string(request.timeout_ms) + " ms";
        complete_(std::move(request), Status::Timeout(message));
      }
      lock.lock();
      continue;
    }
    if (deadlines_.empty()) {
      sweeper_wakes_at_ = clock::Monotonic::time_point::max();
      changed_.wait(lock);
    } else {
      sweeper_wakes_at_ = deadlines_.front().first;
      changed_.wait_until(lock, sweeper_wakes_at_);
    }
  }
}

}  // namespace remoting
}  // namespace rocketmq
