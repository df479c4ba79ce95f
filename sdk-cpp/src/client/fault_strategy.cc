#include "client/fault_strategy.h"

#include <array>
#include <vector>

namespace rocketmq {
namespace client {
namespace {

// Apache's MQFaultStrategy tables: latency thresholds and the quarantine each one earns.
constexpr std::array<int64_t, 7> kLatencyMax = {50, 100, 550, 1000, 2000, 3000, 15000};
constexpr std::array<int64_t, 7> kNotAvailableDuration = {0,      0,      30000, 60000,
                                                          120000, 180000, 600000};
// What an attempt without an answer counts as.
constexpr int64_t kIsolationLatencyMs = 30000;

}  // namespace

FaultStrategy::FaultStrategy(bool enabled, MillisClock clock)
    : enabled_(enabled), tolerance_(std::move(clock)) {}

int64_t FaultStrategy::ComputeNotAvailableDuration(int64_t latency_ms) {
  for (size_t i = kLatencyMax.size(); i-- > 0;) {
    if (latency_ms >= kLatencyMax[i]) return kNotAvailableDuration[i];
  }
  return 0;
}

void FaultStrategy::UpdateFaultItem(const std::string& broker, int64_t latency_ms, bool isolation) {
  if (!enabled_) return;
  const int64_t duration =
      ComputeNotAvailableDuration(isolation ? kIsolationLatencyMs : latency_ms);
  tolerance_.UpdateFaultItem(broker, latency_ms, duration);
}

MessageQueue FaultStrategy::SelectOneQueue(TopicPublishInfo& info, const std::string& last_broker) {
  // With no broker quarantined every broker is available: the first choice below is then
  // simply the next queue not on the broker that just failed.
  if (!enabled_ || !tolerance_.AnyRecorded()) return info.SelectOneQueue(last_broker);
  const auto& queues = info.queues();
  const auto& brokers = info.brokers();
  // Asked once per broker, not once per queue: each question reads the clock and takes a
  // lock, and BenchmarkTest's 1024 queues on one quarantined broker made every send ask
  // 2048 times (a slow answer under load quarantines it for 30 s).
  std::vector<char> available(brokers.size());
  bool any_available = false;
  for (size_t b = 0; b < brokers.size(); ++b) {
    available[b] = tolerance_.IsAvailable(brokers[b]) ? 1 : 0;
    any_available = any_available || available[b] != 0;
  }
  if (any_available) {
    const size_t avoid = last_broker.empty() ? brokers.size() : info.FindBroker(last_broker);
    // First choice: an available broker other than the one that just failed; then any
    // available broker.
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < queues.size(); ++i) {
        const size_t at = info.NextIndex() % queues.size();
        const size_t broker = info.BrokerOf(at);
        if (pass == 0 && broker == avoid) continue;
        if (available[broker] != 0) return queues[at];
      }
    }
  }
  // Every broker is in quarantine: take the least bad one that still serves the topic.
  if (auto best = tolerance_.PickOneAtLeast()) {
    const size_t broker = info.FindBroker(*best);
    if (broker < brokers.size()) return queues[info.NthQueueOf(broker, info.NextIndex())];
    tolerance_.Remove(*best);
  }
  return info.SelectOneQueue(last_broker);
}

}  // namespace client
}  // namespace rocketmq
