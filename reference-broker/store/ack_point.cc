#include "store/ack_point.h"

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

void AckPoint::Submit(int64_t end_offset, bool wait_for_flush, PutMessageResult result,
                      PutCallback callback) {
  if (wait_for_flush) {
    std::lock_guard<std::mutex> lock(mu_);
    if (end_offset > flushed_) {
      waiters_.push_back(Waiter{end_offset, clock::Monotonic::now() + timeout_, std::move(result),
                                std::move(callback)});
      return;
    }
  }
  if (callback) callback(result);
}

void AckPoint::OnFlushed(int64_t offset) {
  std::vector<Waiter> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (offset > flushed_) flushed_ = offset;
    while (!waiters_.empty() && waiters_.front().end_offset <= flushed_) {
      done.push_back(std::move(waiters_.front()));
      waiters_.pop_front();
    }
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
      w.result.status = PutMessageStatus::kFlushDiskTimeout;
      w.result.error = Status::Timeout(
          "message at CommitLog offset " + std::to_string(w.result.wrote_offset) +
          " was not flushed within syncFlushTimeout (" + std::to_string(timeout_.count()) + " ms)");
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

clock::Monotonic::time_point AckPoint::NextDeadline() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiters_.empty() ? clock::Monotonic::time_point::max() : waiters_.front().deadline;
}

}  // namespace store
}  // namespace rocketmq
