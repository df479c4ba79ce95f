#include "consumer/run_workers.h"

#include <algorithm>

namespace rocketmq {
namespace consumer {

RunWorkers::RunWorkers(size_t limit) : limit_(std::max<size_t>(1, limit)) {}

bool RunWorkers::Ask() {
  if (!MayAsk()) return false;
  starting_.fetch_add(1);
  working_.fetch_add(1);
  return true;
}

void RunWorkers::Started() { starting_.fetch_sub(1); }

void RunWorkers::Left(bool started) {
  if (!started) starting_.fetch_sub(1);
  working_.fetch_sub(1);
}

bool RunWorkers::MayAsk() const { return starting_.load() == 0 && working_.load() < limit_; }

bool RunWorkers::WorthHelp(size_t batches) const {
  return static_cast<int64_t>(batches) * batch_ns_.load(std::memory_order_relaxed) >= kHelpWorthNs;
}

void RunWorkers::BatchTook(int64_t nanos) {
  const int64_t average = batch_ns_.load(std::memory_order_relaxed);
  batch_ns_.store(average + (nanos - average) / 8, std::memory_order_relaxed);
}

}  // namespace consumer
}  // namespace rocketmq
