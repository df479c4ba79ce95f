#include "store/ack_point.h"

#include <algorithm>
#include <iterator>
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
  // Requests arrive in CommitLog order and wait for the same conditions almost always, so
  // those done are a prefix: moved out in one run.
  size_t end = head_;
  while (end < waiters_.size() && waiters_[end].end_offset <= furthest &&
         Satisfied(waiters_[end])) {
    ++end;
  }
  done->reserve(done->size() + (end - head_));
  std::move(waiters_.begin() + static_cast<std::ptrdiff_t>(head_),
            waiters_.begin() + static_cast<std::ptrdiff_t>(end), std::back_inserter(*done));
  head_ = end;
  // A request waiting for both the disk and the slave can hold back later ones that wait
  // for only what has arrived.
  for (size_t i = head_; i < waiters_.size() && waiters_[i].end_offset <= furthest;) {
    if (Satisfied(waiters_[i])) {
      done->push_back(std::move(waiters_[i]));
      waiters_.erase(waiters_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  Compact();
}

AckPoint::Waiter AckPoint::PopFront() {
  Waiter w = std::move(waiters_[head_]);
  ++head_;
  return w;
}

void AckPoint::Compact() {
  if (Empty()) {
    waiters_.clear();
    head_ = 0;
  } else if (head_ >= 64 && head_ * 2 >= waiters_.size()) {
    // Always some requests waiting (a window of sends in flight): amortised, each waiter is
    // moved at most once more.
    waiters_.erase(waiters_.begin(), waiters_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
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
    while (!Empty() && waiters_[head_].deadline <= now) {
      Waiter w = PopFront();
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
    Compact();
  }
  Run(&done);
}

void AckPoint::FailAll(PutMessageStatus status, const Status& error) {
  std::vector<Waiter> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!Empty()) {
      Waiter w = PopFront();
      w.result.status = status;
      w.result.error = error;
      done.push_back(std::move(w));
    }
    Compact();
  }
  Run(&done);
}

bool AckPoint::HasWaiters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !Empty();
}

bool AckPoint::NeedsFlush() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !Empty() && flush_wanted_ > flushed_;
}

clock::Monotonic::time_point AckPoint::NextDeadline() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Empty() ? clock::Monotonic::time_point::max() : waiters_[head_].deadline;
}

}  // namespace store
}  // namespace rocketmq
