// Op messages: the durable record that a half message is finished (committed or rolled
// back), as Apache writes them (TransactionalMessageBridge.addRemoveTagInTransactionOp,
// protocol.md §8.7): topic RMQ_SYS_TRANS_OP_HALF_TOPIC, queue 0, tag "d", body = the half
// message's queue offset in decimal ASCII. Properties TAGS, WAIT=true and a fresh UNIQ_KEY,
// born and store host = the broker.
#ifndef ROCKETMQ_BROKER_TRANSACTION_OP_MESSAGE_H_
#define ROCKETMQ_BROKER_TRANSACTION_OP_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/host_address.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace transaction {

// The encoded op record for the half message at `half_queue_offset`.
Result<std::string> BuildOpMessage(int64_t half_queue_offset, const protocol::HostAddress& broker,
                                   const std::string& uniq_key, int64_t now_ms);

// The half queue offsets an op body names. 4.9.x writes one decimal offset; dev brokers
// batch them as "12,13,17," — both are read, so a store written by either works. Tokens
// that are not offsets are skipped.
std::vector<int64_t> ParseOpBody(std::string_view body);

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TRANSACTION_OP_MESSAGE_H_
