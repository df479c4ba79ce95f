// LatencyFaultTolerance: which brokers to keep away from for a while, and for how long.
//
// Each failed or slow send records the broker with the time it becomes available again.
// When every broker is marked, PickOneAtLeast still returns one of the better half so
// that sending never stops altogether. Thread-safe. Time comes from an injectable
// monotonic clock in milliseconds so tests need not wait.
#ifndef ROCKETMQ_CLIENT_LATENCY_FAULT_TOLERANCE_H_
#define ROCKETMQ_CLIENT_LATENCY_FAULT_TOLERANCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace rocketmq {
namespace client {

using MillisClock = std::function<int64_t()>;

class LatencyFaultTolerance {
 public:
  // Defaults to clock::MonotonicMillis.
  explicit LatencyFaultTolerance(MillisClock clock = nullptr);

  // Records the latest latency of `broker` and keeps it unavailable for not_available_ms;
  // with 0, forgets the broker (available, as if never recorded).
  void UpdateFaultItem(const std::string& broker, int64_t latency_ms, int64_t not_available_ms);
  // True unless the broker is inside its not-available window.
  bool IsAvailable(const std::string& broker) const;
  // Whether any broker is recorded: false means every broker is available (no lock taken).
  bool AnyRecorded() const { return item_count_.load(std::memory_order_acquire) != 0; }
  void Remove(const std::string& broker);
  // Among the recorded brokers, one of the better half (available first, then lower latency,
  // then sooner available), rotating between them; nullopt when none is recorded.
  std::optional<std::string> PickOneAtLeast();

 private:
  struct FaultItem {
    int64_t latency_ms = 0;
    int64_t available_at_ms = 0;
  };

  MillisClock clock_;
  mutable std::mutex mu_;
  std::map<std::string, FaultItem> items_;
  // items_.size(), readable without mu_: lets the per-send calls skip the lock, the clock
  // and the lookup while no broker has ever been quarantined.
  std::atomic<size_t> item_count_{0};
  uint32_t which_worst_ = 0;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_LATENCY_FAULT_TOLERANCE_H_
