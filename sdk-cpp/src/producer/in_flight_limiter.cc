#include "producer/in_flight_limiter.h"

namespace rocketmq {
namespace client {

bool InFlightLimiter::Acquire(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (in_flight_ >= limit_) {
    ++waiting_;
    const bool freed =
        changed_.wait_until(lock, deadline, [&] { return in_flight_ <= low_watermark_; });
    --waiting_;
    if (!freed) return false;
  }
  ++in_flight_;
  return true;
}

void InFlightLimiter::Release() {
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    wake = waiting_ > 0 && (in_flight_ == low_watermark_ || in_flight_ == 0);
  }
  if (wake) changed_.notify_all();
}

bool InFlightLimiter::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  ++waiting_;
  const bool idle = changed_.wait_until(lock, deadline, [&] { return in_flight_ == 0; });
  --waiting_;
  return idle;
}

size_t InFlightLimiter::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_flight_;
}

size_t InFlightLimiter::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_;
}

}  // namespace client
}  // namespace rocketmq
