#include "producer/in_flight_limiter.h"

namespace rocketmq {
namespace client {

bool InFlightLimiter::Acquire(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!changed_.wait_until(lock, deadline, [&] { return in_flight_ < limit_; })) return false;
  ++in_flight_;
  return true;
}

void InFlightLimiter::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
  }
  changed_.notify_all();
}

bool InFlightLimiter::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_until(lock, deadline, [&] { return in_flight_ == 0; });
}

size_t InFlightLimiter::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_flight_;
}

}  // namespace client
}  // namespace rocketmq
