// How a timer message (RocketMQ 5.x "delivery at any time") is parked in the timer topic
// and given back to its real topic: the broker side of 5.x's HookUtils.transformTimerMessage
// (the way in) and TimerMessageStore's re-put (the way out). See README.md.
#ifndef ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_H_
#define ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/message_properties.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace timer {

// 5.x TimerMessageStore.TIMER_TOPIC; every parked message waits in its queue 0.
constexpr char kTimerTopic[] = "rmq_sys_wheel_timer";

// 5.x MessageStoreConfig keys and defaults, except timerPrecisionMs (see README.md).
struct TimerSettings {
  bool wheel_enable = true;        // timerWheelEnable
  int64_t precision_ms = 10;       // timerPrecisionMs
  int64_t max_delay_sec = 259200;  // timerMaxDelaySec (3 days)
};

// Why a timer send is refused; each maps to 5.x's response code and remark.
enum class TimerRefusal {
  kNotEnabled,  // SYSTEM_ERROR, "accurate timer message is not enabled, ..."
  kIllegal,     // MESSAGE_ILLEGAL, "timer message illegal, ..."
};

struct TimerDecision {
  // Set when the send is refused; the other fields are then meaningless.
  std::optional<TimerRefusal> refusal;
  // The message moved to the timer topic (its due time is in the future).
  bool parked = false;
};

// Whether the properties ask for timed delivery (5.x checkIfTimerMessage): a timer property
// present, no DELAY level > 0 (which wins: the timer properties are then removed, as 5.x
// does), and not already parked (TIMER_OUT_MS).
bool IsTimerMessage(protocol::MessageProperties* properties);

// The due time, epoch ms, of a timer message at `now_ms` with 5.x's priority: TIMER_DELAY_SEC,
// then TIMER_DELAY_MS, then TIMER_DELIVER_MS. nullopt when the one that counts is not a
// decimal integer (Java's Long.parseLong) or overflows.
std::optional<int64_t> DueTimeMillis(const protocol::MessageProperties& properties, int64_t now_ms);

// The way in, for one non-batch message whose transaction type is NOT or COMMIT. A due time
// in the future (at most max_delay_sec ahead) moves the message to queue 0 of kTimerTopic:
// TIMER_OUT_MS = due time rounded up to precision_ms, REAL_TOPIC / REAL_QID = `*topic` /
// `*queue_id`. A due time already passed leaves it alone (delivered at once, properties
// kept), except with TIMER_DEL_UNIQKEY, which 5.x refuses.
TimerDecision MoveToTimerTopic(const TimerSettings& settings, int64_t now_ms, int32_t sys_flag,
                               protocol::MessageProperties* properties, std::string* topic,
                               int32_t* queue_id);

// 5.x's remark for a refusal.
std::string RefusalRemark(const TimerSettings& settings, TimerRefusal refusal);

// TIMER_OUT_MS of a parked record's properties string; nullopt when absent or malformed.
std::optional<int64_t> ParkedDueTime(std::string_view properties);

// The way out: the record to store in the real topic for a due parked record. REAL_TOPIC
// and REAL_QID are removed, TIMER_ENQUEUE_MS (when it was parked: its store time) and
// TIMER_DEQUEUE_MS (`now_ms`) added; TIMER_OUT_MS, the timer properties and UNIQ_KEY stay.
struct Delivery {
  std::string topic;
  int32_t queue_id = 0;
  std::string record;  // encoded, ready for MessageStore::PutMessage
};
Result<Delivery> RestoreFromTimerTopic(std::string_view parked_record, int64_t now_ms);

}  // namespace timer
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TIMER_TIMER_MESSAGE_H_
