#include "broker/transaction/check_policy.h"

#include <charconv>
#include <limits>

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

// Java's getLong/getInt: -1 for anything that does not parse.
int64_t ParseOrMinusOne(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return -1;
  return value;
}

}  // namespace

CheckDecision DecideCheck(const HalfMessageFacts& facts, const CheckSettings& settings) {
  const int64_t done_checks = facts.check_times ? ParseOrMinusOne(*facts.check_times) : 0;
  const int64_t age = settings.now_ms - facts.born_timestamp;
  if (done_checks >= settings.transaction_check_max || age > settings.file_reserved_ms) {
    return {CheckAction::kDiscard, 0};
  }
  if (facts.store_timestamp >= settings.scan_start_ms) return {CheckAction::kStopScan, 0};

  if (facts.check_immunity_seconds) {
    const int64_t seconds = ParseOrMinusOne(*facts.check_immunity_seconds);
    int64_t immunity = seconds * 1000;
    if (seconds == -1) {
      immunity = settings.transaction_timeout_ms;
    } else if (seconds > std::numeric_limits<int64_t>::max() / 1000) {
      immunity = std::numeric_limits<int64_t>::max();
    }
    if (age < immunity) return {CheckAction::kRequeueImmune, 0};
  } else if (age >= 0 && age < settings.transaction_timeout_ms) {
    return {CheckAction::kStopScan, 0};
  }
  // Java counts an unreadable TRANSACTION_CHECK_TIMES as -1, so the next value is 0.
  const int32_t next = facts.check_times ? static_cast<int32_t>(done_checks + 1) : 1;
  return {CheckAction::kCheck, next};
}

const char* CheckActionName(CheckAction action) {
  switch (action) {
    case CheckAction::kDiscard:
      return "discard";
    case CheckAction::kStopScan:
      return "stop";
    case CheckAction::kRequeueImmune:
      return "requeue-immune";
    case CheckAction::kCheck:
      return "check";
  }
  return "unknown";
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
