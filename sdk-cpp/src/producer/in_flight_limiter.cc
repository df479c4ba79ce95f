#include "producer/in_flight_limiter.h"

namespace rocketmq {
namespace client {

bool InFlightLimiter::TryAcquireBelow(size_t bound) {
  size_t current = in_flight_.load(std::memory_order_relaxed);
  while (current < bound) {
    if (in_flight_.compare_exchange_weak(current, current + 1)) return true;
  }
  return false;
}

bool InFlightLimiter::Acquire(std::chrono::steady_clock::time_point deadline) {
  if (TryAcquireBelow(limit_)) return true;
  std::unique_lock<std::mutex> lock(mu_);
  waiting_.fetch_add(1);
  // Woken at the low watermark (or by a timeout); a slot taken by a sender that never
  // waited meanwhile sends this one back to sleep until the next wakeup.
  bool acquired = false;
  changed_.wait_until(lock, deadline, [&] {
    return in_flight_.load() <= low_watermark_ && (acquired = TryAcquireBelow(limit_));
  });
  if (!acquired) acquired = TryAcquireBelow(limit_);
  waiting_.fetch_sub(1);
  return acquired;
}

void InFlightLimiter::Release() {
  const size_t now = in_flight_.fetch_sub(1) - 1;
  if (waiting_.load() == 0 || (now != low_watermark_ && now != 0)) return;
  // Taking the lock orders this wakeup after a waiter's check of the count: it is either
  // before the check (which then sees the lower count) or the waiter is asleep.
  { std::lock_guard<std::mutex> lock(mu_); }
  changed_.notify_all();
}

bool InFlightLimiter::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  waiting_.fetch_add(1);
  const bool idle = changed_.wait_until(lock, deadline, [&] { return in_flight_.load() == 0; });
  waiting_.fetch_sub(1);
  return idle;
}

size_t InFlightLimiter::in_flight() const { return in_flight_.load(); }

size_t InFlightLimiter::waiting() const { return waiting_.load(); }

}  // namespace client
}  // namespace rocketmq
