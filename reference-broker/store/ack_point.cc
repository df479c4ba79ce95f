#include "store/ack_point.h"

#include <algorithm>
#include <string>

namespace rocketmq {
namespace store {

void AckPoint::RunInScope(const std::function<void()>& acknowledge) const {
  if (scope_) {
    scope_(acknowledge);
  } else {
    acknowledge();
  }
}

void AckPoint::Run(std::vector<Waiter>* done) const {
  if (done->empty()) return;
  RunInScope([done] {
    for (auto& w : *done) {
      if (w.callback) w.callback(w.result);
    }
  });
}

bool AckPoint::Satisfied(const Waiter& w) const {
  return (!w.wait_for.flushed || flushed_ >= w.end_offset) &&
         (!w.wait_for.replicated || replicated_ >= w.end_offset);
}

void AckPoint::CollectSatisfied(std::vector<Waiter>* done) {
  const int64_t furthest = std::max(flushed_, replicated_);
  for (auto it = waiters_.begin(); it != waiters_.end() && it->end_offset <= furthest;) {
    if (Satisfied(*it)) {
      done->push_back(std::move(*it));
      it = waiters_.erase(it);
    } else {
      ++it;
    }
  }
}

void AckPoint::Submit(int64_t end_offset, Conditions wait_for, PutMessageResult result,
                      PutCallback callback) {
  if (wait_for.any()) {
    std::lock_guard<std::mutex> lock(mu_);
    Waiter w{end_offset, wait_for, clock::Monotonic::now() + timeout_, std::move(result),
             std::move(callback)};
    if (!Satisfied(w)) {
      if (wait_for.flushed) flush_wanted_ = std::max(flush_wanted_, end_offset);
      waiters_.push_back(std::move(w));
      return;
    }
    result = std::move(w.result);
    callback = std::move(w.callback);
  }
  if (callback) callback(result);
}

void AckPoint::OnFlushed(int64_t offset) {
  std::vector<Waiter> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (offset > flushed_) flushed_ = offset;
    CollectSatisfied(&done);
  }
  Run(&done);
}

void AckPoint::OnReplicated(int64_t offset) {
  std::vector<Waiter> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (offset <= replicated_) return;
    replicated_ = offset;
    CollectSatisfied(&done);
  }
  Run(&done);
}

void AckPoint::ExpireOverdue() {
  std::vector<Waiter> done;
  const auto now = clock::Monotonic::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!waiters_.empty() && waiters_.front().deadline <= now) {
      Waiter w = std::move(waiters_.front());
      waiters_.pop_front();
      const std::string where =
          "message at CommitLog offset " + std::to_string(w.result.wrote_offset) + " was not ";
      const std::string limit =
          " within syncFlushTimeout (" + std::to_string(timeout_.count()) + " ms)";
      if (w.wait_for.replicated && replicated_ < w.end_offset) {
        w.result.status = PutMessageStatus::kFlushSlaveTimeout;
        w.result.error = Status::Timeout(where + "acknowledged by a slave" + limit);
      } else {
        w.result.status = PutMessageStatus::kFlushDiskTimeout;
        w.result.error = Status::Timeout(where + "flushed" + limit);
      }
      done.push_back(std::move(w));
    }
  }
  Run(&done);
}

void AckPoint::FailAll(PutMessageStatus status, const Status& error) {
  std::vector<Waiter> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!waiters_.empty()) {
      Waiter w = std::move(waiters_.front());
      waiters_.pop_front();
      w.result.status = status;
      w.result.error = error;
      done.push_back(std::move(w));
    }
  }
  Run(&done);
}

bool AckPoint::HasWaiters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !waiters_.empty();
}

bool AckPoint::NeedsFlush() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !waiters_.empty() && flush_wanted_ > flushed_;
}

clock::Monotonic::time_point AckPoint::NextDeadline() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiters_.empty() ? clock::Monotonic::time_point::max() : waiters_.front().deadline;
}

}  // namespace store
}  // namespace rocketmq
