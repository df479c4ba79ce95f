#include "consumer/consumer_stats.h"

namespace rocketmq {
namespace consumer {
namespace {

// Java's ConsumeStatus rates are per second over the last minute.
constexpr int64_t kWindowMs = 60000;

double PerSecond(int64_t count, int64_t elapsed_ms) {
  return elapsed_ms <= 0 ? 0.0 : static_cast<double>(count) * 1000.0 / elapsed_ms;
}

double Average(int64_t sum, int64_t count) {
  return count <= 0 ? 0.0 : static_cast<double>(sum) / count;
}

}  // namespace

void ConsumerStats::RecordPull(const std::string& topic, int64_t rt_ms, int64_t messages) {
  std::lock_guard<std::mutex> lock(mu_);
  Counts& counts = totals_[topic];
  ++counts.pulls;
  counts.pull_rt_ms += rt_ms;
  counts.pulled += messages;
}

void ConsumerStats::RecordConsume(const std::string& topic, int64_t rt_ms, int64_t ok,
                                  int64_t failed, int64_t calls) {
  std::lock_guard<std::mutex> lock(mu_);
  Counts& counts = totals_[topic];
  counts.consume_calls += calls;
  counts.consume_rt_ms += rt_ms;
  counts.consumed_ok += ok;
  counts.consumed_failed += failed;
}

void ConsumerStats::Sample(int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  samples_.emplace_back(now_ms, totals_);
  // Keep the newest sample that is at least a minute old: the rates' starting point.
  while (samples_.size() > 1 && now_ms - samples_[1].first >= kWindowMs) samples_.pop_front();
}

protocol::ConsumeStatus ConsumerStats::Status(const std::string& topic, int64_t now_ms) const {
  std::lock_guard<std::mutex> lock(mu_);
  protocol::ConsumeStatus status;
  auto total = totals_.find(topic);
  if (total == totals_.end()) return status;
  const Counts& now = total->second;
  Counts then;
  int64_t since = now_ms;
  if (!samples_.empty()) {
    since = samples_.front().first;
    auto it = samples_.front().second.find(topic);
    if (it != samples_.front().second.end()) then = it->second;
  }
  const int64_t elapsed = now_ms - since;
  status.pull_rt = Average(now.pull_rt_ms - then.pull_rt_ms, now.pulls - then.pulls);
  status.pull_tps = PerSecond(now.pulled - then.pulled, elapsed);
  status.consume_rt =
      Average(now.consume_rt_ms - then.consume_rt_ms, now.consume_calls - then.consume_calls);
  status.consume_ok_tps = PerSecond(now.consumed_ok - then.consumed_ok, elapsed);
  status.consume_failed_tps = PerSecond(now.consumed_failed - then.consumed_failed, elapsed);
  status.consume_failed_msgs = now.consumed_failed;
  return status;
}

}  // namespace consumer
}  // namespace rocketmq
