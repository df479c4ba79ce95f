// How a delayed message is kept in SCHEDULE_TOPIC_XXXX and given back to its topic — the
// three steps Apache 4.9 spreads over CommitLog.asyncPutMessage (the way in),
// CommitLog.checkMessageAndReturnSize (the tags code) and ScheduleMessageService.messageTimeup
// (the way out); protocol.md §8.5.
#ifndef ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_TOPIC_H_
#define ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_TOPIC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "broker/schedule/delay_level_table.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "rocketmq/status.h"
#include "store/dispatch_request.h"

namespace rocketmq {
namespace broker {
namespace schedule {

// The way in, for one message about to be stored (never a batch's: Apache stores those as
// they are). A DELAY level L > 0 on a message whose transaction type is NOT or COMMIT sends
// it to queue L - 1 of SCHEDULE_TOPIC_XXXX: L is capped at the highest level (and DELAY
// rewritten to it), REAL_TOPIC and REAL_QID keep `*topic` and `*queue_id`, which then name
// the schedule queue. Returns whether the message moved; a DELAY that is not an integer is
// InvalidArgument. Other messages (no DELAY, L <= 0, prepared or rolled back) are left alone.
Result<bool> MoveToScheduleTopic(const DelayLevelTable& levels, int32_t sys_flag,
                                 protocol::MessageProperties* properties, std::string* topic,
                                 int32_t* queue_id);

// The ConsumeQueue tags code of a record, the store's tags-code hook: the hash of TAGS (the
// store's default), except for SCHEDULE_TOPIC_XXXX records with a DELAY level L > 0, whose
// tags code is their delivery time, levels.DeliverTimestamp(min(L, max level), store time).
int64_t TagsCode(const DelayLevelTable& levels, const store::DispatchRequest& request);

// The way out: the record to store in the real topic for a due record of the schedule
// topic. Everything but the topic, the queue and the store-assigned fields is kept,
// properties byte for byte (Apache 4.9 stores the properties string it read, so DELAY,
// REAL_TOPIC and REAL_QID stay in it). Corruption if the record cannot be decoded or has no
// usable REAL_TOPIC / REAL_QID.
struct Delivery {
  std::string topic;
  int32_t queue_id = 0;
  // The encoded record, ready for MessageStore::PutMessage.
  std::string record;
};
Result<Delivery> RestoreFromScheduleTopic(std::string_view scheduled_record);

// `record` encoded again for `topic` and `queue_id`, with the fields the store assigns
// (offsets, store time) cleared and the body CRC recomputed: how a parked record (delay
// level or timer) goes back to its real topic. Corruption naming `what` if it cannot be.
Result<std::string> EncodeForRealTopic(protocol::MessageRecord record, const std::string& topic,
                                       int32_t queue_id, const std::string& what);

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_SCHEDULE_SCHEDULE_TOPIC_H_
