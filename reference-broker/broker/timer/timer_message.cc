#include "broker/timer/timer_message.h"

#include <limits>

#include "broker/schedule/schedule_topic.h"
#include "filter/java_number.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace broker {
namespace timer {
namespace {

namespace mc = protocol::MessageConst;
namespace sysflag = protocol::MessageSysFlag;

using filter::ParseJavaLong;

// now + amount * unit, nullopt on overflow either way.
std::optional<int64_t> AddScaled(int64_t now, int64_t amount, int64_t unit) {
  int64_t scaled = 0;
  int64_t sum = 0;
  if (__builtin_mul_overflow(amount, unit, &scaled) || __builtin_add_overflow(now, scaled, &sum)) {
    return std::nullopt;
  }
  return sum;
}

std::optional<int32_t> ParseQueueId(std::string_view text) {
  const std::optional<int64_t> v = ParseJavaLong(text);
  if (!v || *v < 0 || *v > std::numeric_limits<int32_t>::max()) return std::nullopt;
  return static_cast<int32_t>(*v);
}

}  // namespace

bool IsTimerMessage(protocol::MessageProperties* properties) {
  auto delay = properties->find(mc::kPropertyDelayTimeLevel);
  if (delay != properties->end()) {
    const std::optional<int64_t> level = ParseJavaLong(delay->second);
    if (level && *level > 0) {
      properties->erase(mc::kPropertyTimerDeliverMs);
      properties->erase(mc::kPropertyTimerDelaySec);
      properties->erase(mc::kPropertyTimerDelayMs);
      return false;
    }
  }
  if (properties->count(mc::kPropertyTimerOutMs) != 0) return false;
  return properties->count(mc::kPropertyTimerDeliverMs) != 0 ||
         properties->count(mc::kPropertyTimerDelaySec) != 0 ||
         properties->count(mc::kPropertyTimerDelayMs) != 0;
}

std::optional<int64_t> DueTimeMillis(const protocol::MessageProperties& properties,
                                     int64_t now_ms) {
  if (auto it = properties.find(mc::kPropertyTimerDelaySec); it != properties.end()) {
    const std::optional<int64_t> sec = ParseJavaLong(it->second);
    return sec ? AddScaled(now_ms, *sec, 1000) : std::nullopt;
  }
  if (auto it = properties.find(mc::kPropertyTimerDelayMs); it != properties.end()) {
    const std::optional<int64_t> ms = ParseJavaLong(it->second);
    return ms ? AddScaled(now_ms, *ms, 1) : std::nullopt;
  }
  if (auto it = properties.find(mc::kPropertyTimerDeliverMs); it != properties.end()) {
    return ParseJavaLong(it->second);
  }
  return std::nullopt;
}

TimerDecision MoveToTimerTopic(const TimerSettings& settings, int64_t now_ms, int32_t sys_flag,
                               protocol::MessageProperties* properties, std::string* topic,
                               int32_t* queue_id) {
  TimerDecision decision;
  const int32_t type = sysflag::TransactionType(sys_flag);
  if (type != sysflag::kTransactionNotType && type != sysflag::kTransactionCommitType) {
    return decision;
  }
  if (*topic == kTimerTopic || !IsTimerMessage(properties)) return decision;
  if (!settings.wheel_enable) {
    decision.refusal = TimerRefusal::kNotEnabled;
    return decision;
  }
  const std::optional<int64_t> due = DueTimeMillis(*properties, now_ms);
  if (!due) {
    decision.refusal = TimerRefusal::kIllegal;
    return decision;
  }
  if (*due <= now_ms) {
    if (properties->count(mc::kPropertyTimerDelUniqkey) != 0) {
      decision.refusal = TimerRefusal::kIllegal;
    }
    return decision;
  }
  if (*due - now_ms > settings.max_delay_sec * 1000) {
    decision.refusal = TimerRefusal::kIllegal;
    return decision;
  }
  // Rounded up, never down as 5.x does: a message is never delivered before its time.
  const int64_t precision = settings.precision_ms;
  const int64_t rounded = (*due + precision - 1) / precision * precision;
  (*properties)[mc::kPropertyTimerOutMs] = std::to_string(rounded);
  (*properties)[mc::kPropertyRealTopic] = *topic;
  (*properties)[mc::kPropertyRealQueueId] = std::to_string(*queue_id);
  *topic = kTimerTopic;
  *queue_id = 0;
  decision.parked = true;
  return decision;
}

std::string RefusalRemark(const TimerSettings& settings, TimerRefusal refusal) {
  if (refusal == TimerRefusal::kNotEnabled) {
    return std::string("accurate timer message is not enabled, timerWheelEnable is ") +
           (settings.wheel_enable ? "true" : "false");
  }
  return "timer message illegal, the delay time should not be bigger than the max delay " +
         std::to_string(settings.max_delay_sec * 1000) +
         "ms; or if set del msg, the delay time should be bigger than the current time";
}

std::optional<int64_t> ParkedDueTime(std::string_view properties) {
  const auto out = protocol::FindProperty(properties, mc::kPropertyTimerOutMs);
  return out ? ParseJavaLong(*out) : std::nullopt;
}

Result<Delivery> RestoreFromTimerTopic(std::string_view parked_record, int64_t now_ms) {
  auto parked = protocol::DecodeMessageRecord(parked_record);
  if (!parked.ok()) {
    return Status::Corruption("the parked record cannot be decoded: " + parked.status().message());
  }
  protocol::MessageProperties props = protocol::DecodeMessageProperties(parked->properties);
  auto real_topic = props.find(mc::kPropertyRealTopic);
  if (real_topic == props.end() || real_topic->second.empty()) {
    return Status::Corruption("the parked record has no REAL_TOPIC property");
  }
  auto real_qid = props.find(mc::kPropertyRealQueueId);
  const std::optional<int32_t> queue_id =
      real_qid == props.end() ? std::nullopt : ParseQueueId(real_qid->second);
  if (!queue_id) {
    return Status::Corruption("the parked record for " + real_topic->second +
                              " has no usable REAL_QID property");
  }
  Delivery delivery;
  delivery.topic = real_topic->second;
  delivery.queue_id = *queue_id;
  props.erase(real_topic);
  props.erase(mc::kPropertyRealQueueId);
  props[mc::kPropertyTimerEnqueueMs] = std::to_string(parked->store_timestamp);
  props[mc::kPropertyTimerDequeueMs] = std::to_string(now_ms);
  const std::string encoded_props = protocol::EncodeMessageProperties(props);
  protocol::MessageRecord record = *parked;
  record.properties = encoded_props;
  auto encoded =
      schedule::EncodeForRealTopic(record, delivery.topic, delivery.queue_id, "the parked record");
  if (!encoded.ok()) return encoded.status();
  delivery.record = std::move(*encoded);
  return delivery;
}

}  // namespace timer
}  // namespace broker
}  // namespace rocketmq
