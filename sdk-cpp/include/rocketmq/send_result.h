// SendResult: what the broker said about a message it accepted.
#ifndef ROCKETMQ_SEND_RESULT_H_
#define ROCKETMQ_SEND_RESULT_H_

#include <cstdint>
#include <string>

#include "rocketmq/export.h"
#include "rocketmq/message_queue.h"

namespace rocketmq {

// Stable values (they cross the C ABI as CSendStatus / rmq_send_status).
enum class SendStatus : int {
  kSendOk = 0,
  // Stored, but the broker's SYNC_FLUSH did not finish in time: the message may be lost
  // if the broker crashes now.
  kFlushDiskTimeout = 1,
  // Stored on the master, but a SYNC_MASTER's slave did not confirm in time.
  kFlushSlaveTimeout = 2,
  // Stored on the master, but a SYNC_MASTER has no slave to replicate to.
  kSlaveNotAvailable = 3,
};

RMQ_EXPORT const char* SendStatusName(SendStatus status);

struct RMQ_EXPORT SendResult {
  SendStatus status = SendStatus::kSendOk;
  // The client-generated unique id (property UNIQ_KEY): what Java's SendResult.getMsgId() returns.
  std::string message_id;
  // The broker-generated id that encodes the broker address and commit log offset.
  std::string offset_message_id;
  MessageQueue queue;
  int64_t queue_offset = -1;
  // Set for transactional messages.
  std::string transaction_id;
  std::string region_id;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_SEND_RESULT_H_
