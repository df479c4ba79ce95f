// PrepareMessage: the send path's step for transactional messages (Apache
// SendMessageProcessor → TransactionalMessageService.prepareMessage; protocol.md §8.7 step 2).
// SendMessageProcessor calls it for every single-message send, once the record is encoded:
// a plain message passes untouched (after one property lookup); a transactional one is
// refused under rejectTransactionMessage, else replaced by its half message
// (RMQ_SYS_TRANS_HALF_TOPIC queue 0, REAL_TOPIC / REAL_QID, transaction bits NOT_TYPE).
// The send response then reports the half message's offset id and half queue offset, which
// the producer echoes in END_TRANSACTION.
//
// The half message is not subject to delayed delivery (its transaction type is rewritten
// after any schedule step, which only looked at NOT / COMMIT types): a DELAY it carries
// applies to the committed message.
#ifndef ROCKETMQ_BROKER_TRANSACTION_PREPARE_MESSAGE_H_
#define ROCKETMQ_BROKER_TRANSACTION_PREPARE_MESSAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "broker/broker_config.h"
#include "remoting/remoting_command.h"

namespace rocketmq {
namespace broker {
namespace transaction {

// `properties` and `sys_flag` are the send's; `record` its encoded record, replaced in place.
// Returns the error response (NO_PERMISSION when refused, MESSAGE_ILLEGAL when the half
// message cannot be built), nullopt to go on storing `*record`.
// `reject` is rejectTransactionMessage.
std::optional<remoting::RemotingCommand> PrepareMessage(bool reject, const std::string& broker_addr,
                                                        std::string_view properties,
                                                        int32_t sys_flag, std::string* record);

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_PREPARE_MESSAGE_H_
