// Half messages: the CommitLog records a transactional message goes through (Apache
// TransactionalMessageBridge, EndTransactionProcessor and the check listener; protocol.md
// §8.7). Each function takes a decoded record and returns a new encoded one, ready for
// MessageStore::PutMessage (queue offset, physical offset and store time are set there).
//
//   send (TRAN_MSG=true)  → half message: RMQ_SYS_TRANS_HALF_TOPIC queue 0, REAL_TOPIC and
//                           REAL_QID properties, transaction bits NOT_TYPE (so the store
//                           indexes it in the half queue, where no consumer looks)
//   check-back            → a copy re-appended to the half queue, carrying
//                           TRANSACTION_CHECK_TIMES and the origin offset
//   commit                → the real message: REAL_* topic and queue, bits COMMIT_TYPE,
//                           PREPAREDTXOFFSET = the half message's CommitLog offset, and the
//                           half message's properties byte for byte (TRAN_MSG, REAL_TOPIC and
//                           REAL_QID included, as Apache 4.9 stores them) but for the origin
//                           offset our check copies add; with a DELAY level
//                           it waits in SCHEDULE_TOPIC_XXXX first, without TRAN_MSG, as
//                           Apache's store does with COMMIT_TYPE messages
//   too many checks       → a copy in TRANS_CHECK_MAX_TIME_TOPIC
//
// Transactional messages are rare next to plain sends, so each step decodes and re-encodes
// the record instead of patching bytes in place.
#ifndef ROCKETMQ_BROKER_TRANSACTION_HALF_MESSAGE_H_
#define ROCKETMQ_BROKER_TRANSACTION_HALF_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "broker/schedule/delay_level_table.h"
#include "broker/timer/timer_message.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace transaction {

// Whether a send is a transactional (prepared) message: TRAN_MSG parses as true the way
// Java's Boolean.parseBoolean does (Apache's test), or the sysFlag carries PREPARED_TYPE
// (which Apache would store as a record no queue ever shows).
bool IsTransactionalSend(std::string_view encoded_properties, int32_t sys_flag);

// The queue offset that identifies a half message across the copies the check service
// re-appends: TRAN_PREPARED_QUEUE_OFFSET if the copy carries it, else its own offset.
int64_t OriginQueueOffset(const protocol::MessageProperties& properties, int64_t own_queue_offset);

// The half message for an encoded send record (topic and queue are the real ones, unless
// the schedule step already parked them in REAL_TOPIC / REAL_QID: a send with TRAN_MSG but
// without the PREPARED bits; they are kept, and the message is delayed once committed).
// InvalidArgument if the record does not decode or the new properties are too long.
Result<std::string> ToHalfMessage(std::string_view record);

// A copy of `half` for the half queue with `properties` (the caller updates
// TRANSACTION_CHECK_TIMES / TRAN_PREPARED_QUEUE_OFFSET in them).
Result<std::string> RenewHalfMessage(const protocol::MessageRecord& half,
                                     const protocol::MessageProperties& properties);

// The message END_TRANSACTION(COMMIT) stores on the real topic; `half_commit_log_offset`
// becomes its PREPAREDTXOFFSET (see the file comment for its properties). A DELAY level > 0
// sends it to SCHEDULE_TOPIC_XXXX under
// `delay_levels` (null: no delayed delivery). InvalidArgument if REAL_TOPIC or REAL_QID is
// missing or malformed, or DELAY is not a number. Without a level, timer properties park it
// in rmq_sys_wheel_timer under `timer` (null: no timer step; see ../timer/); a timer refusal
// is InvalidArgument with 5.x's remark.
Result<std::string> BuildCommittedMessage(const protocol::MessageRecord& half,
                                          int64_t half_commit_log_offset,
                                          const schedule::DelayLevelTable* delay_levels,
                                          const timer::TimerSettings* timer = nullptr);

// The copy of a half message given up on, for TRANS_CHECK_MAX_TIME_TOPIC.
Result<std::string> BuildCheckMaxTimeMessage(const protocol::MessageRecord& half);

// The body of CHECK_TRANSACTION_STATE: the stored copy (`copy` decoded with its offsets and
// store time) with topic and queue replaced by REAL_TOPIC / REAL_QID.
Result<std::string> BuildCheckRequestBody(const protocol::MessageRecord& copy);

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_HALF_MESSAGE_H_
