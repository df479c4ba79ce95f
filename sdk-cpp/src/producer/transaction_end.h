// END_TRANSACTION as a transactional producer sends it (protocol.md §3.8, §8.7; Java's
// DefaultMQProducerImpl.endTransaction and checkTransactionState): after its own half
// message was stored, and in answer to a broker's check.
//
// The offsets decide which half message the broker resolves. After a send they are the
// send's: commitLogOffset from the offset message id, tranStateTableOffset = the queue
// offset. In answer to a check they are the check header's — those of the copy the broker
// re-appended for that check, not the original send's.
#ifndef ROCKETMQ_PRODUCER_TRANSACTION_END_H_
#define ROCKETMQ_PRODUCER_TRANSACTION_END_H_

#include <cstdint>
#include <optional>
#include <string>

#include "producer/transaction_check_registry.h"
#include "protocol/transaction_headers.h"
#include "remoting/remoting_command.h"
#include "rocketmq/send_result.h"
#include "rocketmq/status.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq {
namespace client {

// commitOrRollback: COMMIT_TYPE (8), ROLLBACK_TYPE (12) or NOT_TYPE (0) for kUnknown.
int32_t CommitOrRollbackOf(TransactionState state);

// The header ending the transaction of a half message stored as `sent` (its broker name,
// offset message id and queue offset), for producer `group` as sent to brokers.
// InvalidArgument when sent.offset_message_id is not an offset message id.
Result<protocol::EndTransactionRequestHeader> EndHeaderForSend(const SendResult& sent,
                                                               const std::string& group,
                                                               TransactionState state);

// The header answering `check` for producer `group`: fromTransactionCheck, the check's
// offsets, transaction id and broker name, and msgId = the half message's UNIQ_KEY (its
// offset id when it has none).
protocol::EndTransactionRequestHeader EndHeaderForCheck(const TransactionCheck& check,
                                                        const std::string& group,
                                                        TransactionState state);

// The oneway-ready request; `remark` tells the broker why (e.g. the executor threw).
remoting::RemotingCommand BuildEndTransactionRequest(
    const protocol::EndTransactionRequestHeader& header, std::optional<std::string> remark);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_TRANSACTION_END_H_
