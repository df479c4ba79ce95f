#include "broker/schedule/delay_level_table.h"

#include <limits>

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

int64_t UnitMillis(char unit) {
  switch (unit) {
    case 's':
      return 1000;
    case 'm':
      return 60 * 1000;
    case 'h':
      return 60 * 60 * 1000;
    case 'd':
      return 24 * 60 * 60 * 1000;
    default:
      return 0;
  }
}

Result<int64_t> ParseEntry(const std::string& entry, size_t level) {
  const std::string where = "'" + entry + "' (level " + std::to_string(level) + ")";
  const int64_t unit = UnitMillis(entry.back());
  if (unit == 0) return Status::InvalidArgument(where + " has no unit of s, m, h or d");
  const std::string digits = entry.substr(0, entry.size() - 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument(where + " does not start with a non-negative integer");
  }
  int64_t count = 0;
  for (char c : digits) {
    const int64_t digit = c - '0';
    if (count > (std::numeric_limits<int64_t>::max() / unit - digit) / 10) {
      return Status::InvalidArgument(where + " is too long a delay");
    }
    count = count * 10 + digit;
  }
  return count * unit;
}

}  // namespace

Result<DelayLevelTable> DelayLevelTable::Parse(const std::string& text) {
  DelayLevelTable table;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t begin = text.find_first_not_of(' ', pos);
    if (begin == std::string::npos) break;
    size_t end = text.find(' ', begin);
    if (end == std::string::npos) end = text.size();
    auto delay = ParseEntry(text.substr(begin, end - begin), table.delays_ms_.size() + 1);
    if (!delay.ok()) return delay.status();
    table.delays_ms_.push_back(*delay);
    pos = end;
  }
  if (table.delays_ms_.empty()) {
    return Status::InvalidArgument("no delay level given (e.g. \"" +
                                   std::string(kDefaultMessageDelayLevel) + "\")");
  }
  return table;
}

int64_t DelayLevelTable::DelayMillis(int32_t level) const {
  if (level < 1 || level > max_level()) return 0;
  return delays_ms_[static_cast<size_t>(level - 1)];
}

int64_t DelayLevelTable::DeliverTimestamp(int32_t level, int64_t store_timestamp) const {
  if (level < 1 || level > max_level()) return store_timestamp + 1000;
  return store_timestamp + DelayMillis(level);
}

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
