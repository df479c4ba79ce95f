#include "client/fault_strategy.h"

#include <array>

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
  if (!enabled_) return info.SelectOneQueue(last_broker);
  const auto& queues = info.queues();
  // First choice: an available broker other than the one that just failed; then any
  // available broker.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < queues.size(); ++i) {
      const MessageQueue& mq = queues[info.NextIndex() % queues.size()];
      if (pass == 0 && !last_broker.empty() && mq.broker_name == last_broker) continue;
      if (tolerance_.IsAvailable(mq.broker_name)) return mq;
    }
  }
  // Every broker is in quarantine: take the least bad one that still serves the topic.
  if (auto best = tolerance_.PickOneAtLeast()) {
    const int count = info.QueueCountOf(*best);
    if (count > 0) {
      const uint32_t nth = info.NextIndex() % static_cast<uint32_t>(count);
      uint32_t seen = 0;
      for (const auto& mq : queues) {
        if (mq.broker_name == *best && seen++ == nth) return mq;
      }
    } else {
      tolerance_.Remove(*best);
    }
  }
  return info.SelectOneQueue(last_broker);
}

}  // namespace client
}  // namespace rocketmq
