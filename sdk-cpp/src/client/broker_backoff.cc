#include "client/broker_backoff.h"

#include <algorithm>

#include "common/clock.h"

namespace rocketmq {
namespace client {

BrokerBackoff::BrokerBackoff(MillisClock clock)
    : clock_(clock ? std::move(clock) : MillisClock(&clock::MonotonicMillis)),
      jitter_(std::random_device{}()) {}

void BrokerBackoff::OnTransportFailure(const std::string& address) {
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  Pause& pause = pauses_[address];
  pause.failures = std::min(pause.failures + 1, 31);
  const int64_t full = std::min(kMaxPauseMs, kFirstPauseMs << std::min(pause.failures - 1, 16));
  const int64_t cut = std::uniform_int_distribution<int64_t>(0, full / 4)(jitter_);
  pause.until_ms = now + full - cut;
  any_paused_.store(true, std::memory_order_relaxed);
}

void BrokerBackoff::OnAnswer(const std::string& address) {
  if (!any_paused_.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(mu_);
  pauses_.erase(address);
  any_paused_.store(!pauses_.empty(), std::memory_order_relaxed);
}

int64_t BrokerBackoff::WaitMs(const std::string& address) const {
  if (!any_paused_.load(std::memory_order_relaxed)) return 0;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pauses_.find(address);
  if (it == pauses_.end()) return 0;
  return std::max<int64_t>(0, it->second.until_ms - clock_());
}

int BrokerBackoff::failures(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pauses_.find(address);
  return it == pauses_.end() ? 0 : it->second.failures;
}

}  // namespace client
}  // namespace rocketmq
