// Names the half-message path, END_TRANSACTION and the check service share (Apache
// TransactionalMessageUtil and MixAll, protocol.md §8.7). The topics themselves are in
// broker/topic_validator.h: RMQ_SYS_TRANS_HALF_TOPIC, RMQ_SYS_TRANS_OP_HALF_TOPIC and
// TRANS_CHECK_MAX_TIME_TOPIC.
#ifndef ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_UTIL_H_
#define ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_UTIL_H_

#include <cstdint>

namespace rocketmq {
namespace broker {
namespace transaction {

// Tag of an op message: the half message at the offset in its body is finished.
constexpr char kRemoveTag[] = "d";
// The internal group whose offsets on the half and op queues record how far the check
// service has scanned (persisted in consumerOffset.json like any group's).
constexpr char kTransactionConsumerGroup[] = "CID_RMQ_SYS_TRANS";
// Every half message goes to queue 0 of the half topic, and its op message to queue 0 of
// the op topic.
constexpr int32_t kHalfQueueId = 0;
// Queue of TRANS_CHECK_MAX_TIME_TOPIC (Apache's TCMT_QUEUE_NUMS is 1).
constexpr int32_t kCheckMaxTimeQueueId = 0;

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_TRANSACTIONAL_MESSAGE_UTIL_H_
