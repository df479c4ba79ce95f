// Statistics bodies keyed by MessageQueue (protocol.md §4.7): ConsumeStats (answer to
// GET_CONSUME_STATS 208) and TopicStatsTable (answer to GET_TOPIC_STATS_INFO 202). Java
// writes their offsetTable keys as raw MessageQueue objects, and fastjson on the admin side
// needs them that way, so Encode() writes them raw.
#ifndef ROCKETMQ_PROTOCOL_CONSUME_STATS_H_
#define ROCKETMQ_PROTOCOL_CONSUME_STATS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct OffsetWrapper {
  int64_t broker_offset = 0;           // the queue's max offset
  int64_t consumer_offset = 0;         // the group's committed offset
  int64_t last_timestamp = 0;          // store time of the last consumed message
  std::optional<int64_t> pull_offset;  // dev

  bool operator==(const OffsetWrapper& o) const {
    return broker_offset == o.broker_offset && consumer_offset == o.consumer_offset &&
           last_timestamp == o.last_timestamp && pull_offset == o.pull_offset;
  }
};

struct ConsumeStats {
  std::map<MessageQueue, OffsetWrapper> offset_table;
  double consume_tps = 0;

  std::string Encode() const;
  static Result<ConsumeStats> Decode(std::string_view json);
  bool operator==(const ConsumeStats& o) const {
    return offset_table == o.offset_table && consume_tps == o.consume_tps;
  }
};

struct TopicOffset {
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  int64_t last_update_timestamp = 0;

  bool operator==(const TopicOffset& o) const {
    return min_offset == o.min_offset && max_offset == o.max_offset &&
           last_update_timestamp == o.last_update_timestamp;
  }
};

struct TopicStatsTable {
  std::map<MessageQueue, TopicOffset> offset_table;
  std::optional<double> topic_put_tps;  // dev

  std::string Encode() const;
  static Result<TopicStatsTable> Decode(std::string_view json);
  bool operator==(const TopicStatsTable& o) const {
    return offset_table == o.offset_table && topic_put_tps == o.topic_put_tps;
  }
};

// ResetOffsetBody (220 / 222): {"offsetTable":{<MessageQueue>:offset}}.
struct ResetOffsetBody {
  std::map<MessageQueue, int64_t> offset_table;

  std::string Encode() const;
  static Result<ResetOffsetBody> Decode(std::string_view json);
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CONSUME_STATS_H_
