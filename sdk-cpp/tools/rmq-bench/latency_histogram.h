// LatencyHistogram: lock-free recording of latencies from many threads, with percentiles
// accurate to about 6% (16 sub-buckets per power of two of microseconds).
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_HISTOGRAM_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_HISTOGRAM_H_

#include <array>
#include <atomic>
#include <cstdint>

namespace rocketmq {
namespace bench {

class LatencyHistogram {
 public:
  void Record(int64_t micros);

  // A point-in-time copy that can be queried and subtracted from a later one.
  struct Snapshot {
    static constexpr int kBuckets = 64 * 16;
    std::array<uint64_t, kBuckets> counts{};
    uint64_t total = 0;
    uint64_t sum_micros = 0;
    int64_t max_micros = 0;

    double AverageMillis() const;
    // The latency below which `fraction` (0..1) of the samples fall, in milliseconds.
    double PercentileMillis(double fraction) const;
    // Counts recorded since `earlier`; the max is the interval's if tracked separately.
    Snapshot Since(const Snapshot& earlier) const;
  };

  Snapshot Take() const;
  // The max since the previous call (for per-interval reports).
  int64_t TakeIntervalMax();

 private:
  static int BucketOf(int64_t micros);

  std::array<std::atomic<uint64_t>, Snapshot::kBuckets> counts_{};
  std::atomic<uint64_t> total_{0};
  std::atomic<uint64_t> sum_micros_{0};
  std::atomic<int64_t> max_micros_{0};
  std::atomic<int64_t> interval_max_micros_{0};
};

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_LATENCY_HISTOGRAM_H_
