#include "broker/transaction/check_policy.h"

#include <algorithm>
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

// Java's getInt: anything outside an int is unreadable too.
int64_t ParseIntOrMinusOne(std::string_view text) {
  const int64_t value = ParseOrMinusOne(text);
  const bool in_range =
      value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max();
  return in_range ? value : -1;
}

// now - born without overflow: timestamps come from clients.
int64_t Age(int64_t now, int64_t born) {
  int64_t age = 0;
  if (__builtin_sub_overflow(now, born, &age)) {
    return born < 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return age;
}

}  // namespace

CheckDecision DecideCheck(const HalfMessageFacts& facts, const CheckSettings& settings) {
  const int64_t done_checks = facts.check_times ? ParseIntOrMinusOne(*facts.check_times) : 0;
  const int64_t age = Age(settings.now_ms, facts.born_timestamp);
  if (done_checks >= settings.transaction_check_max || age > settings.file_reserved_ms) {
    return {CheckAction::kDiscard, 0};
  }
  if (facts.store_timestamp >= settings.scan_start_ms) return {CheckAction::kStopScan, 0};

  if (facts.check_immunity_seconds) {
    const int64_t seconds = ParseOrMinusOne(*facts.check_immunity_seconds);
    constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1000;
    int64_t immunity = settings.transaction_timeout_ms;
    if (seconds != -1) immunity = std::clamp(seconds, -kMaxSeconds, kMaxSeconds) * 1000;
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
