// DelayLevelTable: the broker's delay levels, parsed from Apache's messageDelayLevel
// setting ("1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"): level N (from 1)
// is the N-th space-separated entry, a non-negative integer followed by one unit of s, m,
// h or d (Apache ScheduleMessageService.parseDelayLevel, protocol.md §8.5).
//
// Level N's messages wait in queue N - 1 of SCHEDULE_TOPIC_XXXX; the ConsumeQueue tags code
// of each holds its delivery time, DeliverTimestamp(level, store time).
#ifndef ROCKETMQ_BROKER_SCHEDULE_DELAY_LEVEL_TABLE_H_
#define ROCKETMQ_BROKER_SCHEDULE_DELAY_LEVEL_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace schedule {

// Apache MessageStoreConfig.messageDelayLevel's default.
constexpr char kDefaultMessageDelayLevel[] =
    "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

class DelayLevelTable {
 public:
  // Errors are InvalidArgument naming the entry at fault and why ("'5x' (level 2) has no
  // unit of s, m, h or d"). Runs of spaces between entries are accepted; an empty text is
  // not (Apache refuses to start on both the empty and the malformed case).
  static Result<DelayLevelTable> Parse(const std::string& text);

  // The highest level; sends asking for more are delayed by this one.
  int32_t max_level() const { return static_cast<int32_t>(delays_ms_.size()); }
  // Delay of `level` (1..max_level()) in milliseconds; 0 for a level outside the table.
  int64_t DelayMillis(int32_t level) const;
  // When a message of `level` stored at `store_timestamp` (epoch ms) is due. A level
  // outside the table gets one second, as Apache's computeDeliverTimestamp does.
  int64_t DeliverTimestamp(int32_t level, int64_t store_timestamp) const;

  static int32_t QueueIdOf(int32_t level) { return level - 1; }
  static int32_t LevelOf(int32_t queue_id) { return queue_id + 1; }

 private:
  std::vector<int64_t> delays_ms_;
};

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SCHEDULE_DELAY_LEVEL_TABLE_H_
