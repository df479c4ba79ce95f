#include "client/latency_fault_tolerance.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "common/clock.h"

namespace rocketmq {
namespace client {

LatencyFaultTolerance::LatencyFaultTolerance(MillisClock clock)
    : clock_(clock ? std::move(clock) : MillisClock(&clock::MonotonicMillis)) {}

void LatencyFaultTolerance::UpdateFaultItem(const std::string& broker, int64_t latency_ms,
                                            int64_t not_available_ms) {
  // The healthy steady state (every send fast) records nothing: an item that is available
  // at once changes no IsAvailable answer, and PickOneAtLeast only runs when every broker
  // of a topic is quarantined, which a broker just answering fast is not. Such an answer
  // drops the broker's item, so that after a quarantine ends the per-send calls skip the
  // lock, the clock and the lookup again (they cost ~400 instructions per send once any
  // send had been slow).
  if (not_available_ms == 0) {
    if (item_count_.load(std::memory_order_acquire) == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    items_.erase(broker);
    item_count_.store(items_.size(), std::memory_order_release);
    return;
  }
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  FaultItem& item = items_[broker];
  item.latency_ms = latency_ms;
  item.available_at_ms = now + not_available_ms;
  item_count_.store(items_.size(), std::memory_order_release);
}

bool LatencyFaultTolerance::IsAvailable(const std::string& broker) const {
  if (item_count_.load(std::memory_order_acquire) == 0) return true;
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = items_.find(broker);
  return it == items_.end() || now >= it->second.available_at_ms;
}

void LatencyFaultTolerance::Remove(const std::string& broker) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.erase(broker);
  item_count_.store(items_.size(), std::memory_order_release);
}

std::optional<std::string> LatencyFaultTolerance::PickOneAtLeast() {
  const int64_t now = clock_();
  std::lock_guard<std::mutex> lock(mu_);
  if (items_.empty()) return std::nullopt;
  struct Ranked {
    bool unavailable;
    int64_t latency_ms;
    int64_t available_at_ms;
    const std::string* name;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(items_.size());
  for (const auto& [name, item] : items_) {
    ranked.push_back({now < item.available_at_ms, item.latency_ms, item.available_at_ms, &name});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    return std::tie(a.unavailable, a.latency_ms, a.available_at_ms) <
           std::tie(b.unavailable, b.latency_ms, b.available_at_ms);
  });
  const size_t half = ranked.size() / 2;
  if (half == 0) return *ranked.front().name;
  return *ranked[which_worst_++ % half].name;
}

}  // namespace client
}  // namespace rocketmq
