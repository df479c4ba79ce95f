#include "latency_histogram.h"

#include <cmath>

namespace rocketmq {
namespace bench {
namespace {

constexpr int kSubBuckets = 16;

// The largest latency a bucket holds, in microseconds.
double BucketUpperMicros(int bucket) {
  if (bucket < kSubBuckets) return bucket + 1;
  const int power = bucket / kSubBuckets;
  const int sub = bucket % kSubBuckets;
  const double base = std::ldexp(1.0, power);
  return base + base * (sub + 1) / kSubBuckets;
}

void StoreMax(std::atomic<int64_t>& target, int64_t value) {
  int64_t current = target.load(std::memory_order_relaxed);
  while (value > current && !target.compare_exchange_weak(current, value)) {
  }
}

}  // namespace

int LatencyHistogram::BucketOf(int64_t micros) {
  if (micros < kSubBuckets) return micros < 0 ? 0 : static_cast<int>(micros);
  const int power = 63 - __builtin_clzll(static_cast<uint64_t>(micros));
  const int sub = static_cast<int>((micros - (int64_t{1} << power)) * kSubBuckets >> power);
  const int bucket = power * kSubBuckets + sub;
  return bucket < Snapshot::kBuckets ? bucket : Snapshot::kBuckets - 1;
}

void LatencyHistogram::Record(int64_t micros) {
  counts_[BucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<uint64_t>(micros < 0 ? 0 : micros), std::memory_order_relaxed);
  StoreMax(max_micros_, micros);
  StoreMax(interval_max_micros_, micros);
}

LatencyHistogram::Snapshot LatencyHistogram::Take() const {
  Snapshot s;
  for (int i = 0; i < Snapshot::kBuckets; ++i)
    s.counts[i] = counts_[i].load(std::memory_order_relaxed);
  s.total = total_.load();
  s.sum_micros = sum_micros_.load();
  s.max_micros = max_micros_.load();
  return s;
}

int64_t LatencyHistogram::TakeIntervalMax() { return interval_max_micros_.exchange(0); }

double LatencyHistogram::Snapshot::AverageMillis() const {
  return total == 0 ? 0.0 : static_cast<double>(sum_micros) / static_cast<double>(total) / 1000.0;
}

double LatencyHistogram::Snapshot::PercentileMillis(double fraction) const {
  uint64_t in_buckets = 0;
  for (uint64_t c : counts) in_buckets += c;
  if (in_buckets == 0) return 0.0;
  const auto rank = static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(in_buckets)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts[i];
    if (seen >= rank && counts[i] > 0) {
      const double upper = BucketUpperMicros(i);
      return (max_micros > 0 && upper > static_cast<double>(max_micros) ? max_micros : upper) /
             1000.0;
    }
  }
  return static_cast<double>(max_micros) / 1000.0;
}

LatencyHistogram::Snapshot LatencyHistogram::Snapshot::Since(const Snapshot& earlier) const {
  Snapshot d;
  for (int i = 0; i < kBuckets; ++i) d.counts[i] = counts[i] - earlier.counts[i];
  d.total = total - earlier.total;
  d.sum_micros = sum_micros - earlier.sum_micros;
  d.max_micros = max_micros;
  return d;
}

}  // namespace bench
}  // namespace rocketmq
