// The wire side of one send: a message turned into what SEND_MESSAGE_V2 /
// SEND_BATCH_MESSAGE carry (protocol.md §3.1, §5), and the broker's answer turned into a
// SendResult (§3.2).
//
// A PreparedMessage is built once per send call and shared by every attempt, so a retried
// message keeps its UNIQ_KEY and is compressed or encoded only once; requests reference its
// body instead of copying it.
#ifndef ROCKETMQ_PRODUCER_SEND_REQUEST_H_
#define ROCKETMQ_PRODUCER_SEND_REQUEST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "protocol/message_id.h"
#include "remoting/remoting_command.h"
#include "rocketmq/client_config.h"
#include "rocketmq/message.h"
#include "rocketmq/message_queue.h"
#include "rocketmq/send_result.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

struct PreparedMessage {
  std::string topic;       // as sent: in the namespace, if one is configured
  std::string user_topic;  // as the user named it
  std::string body;        // as sent: possibly compressed, or the encoded batch
  std::string properties;  // encoded properties string
  int32_t sys_flag = 0;
  int32_t flag = 0;
  int64_t born_timestamp = 0;
  bool batch = false;
  // MSG_TYPE=reply: sent with SEND_REPLY_MESSAGE_V2 (Java's sendSmartMsg default).
  bool reply = false;
  // The oldest broker version that honours its timer properties; 0: not a timer message.
  int32_t timer_min_broker_version = 0;
  // The UNIQ_KEY (comma-separated, one per message, for a batch): SendResult::message_id.
  // Mutable: the answer that completes an untraced send may move it into the SendResult
  // (MessageId::kTake) instead of copying it; a batch's is ~1 KiB.
  mutable std::string message_id;
  // A batch of async singles the producer coalesced (async_coalescer.h): traced per message.
  bool coalesced = false;
};

// Validates `message` (client/validators.h), gives it a UNIQ_KEY unless it has one,
// compresses a body of at least compressMsgBodyOverHowmuch bytes, and puts its topic in the
// configured namespace.
Result<std::shared_ptr<const PreparedMessage>> PrepareMessage(const Message& message,
                                                              const ProducerConfig& config,
                                                              protocol::UniqueKeyGenerator& ids);

// Validates a batch as Java's producer does (non-empty; one topic; no delay level; not a
// %RETRY% topic; one WAIT value; each message valid) and encodes it; the encoded body must
// fit in maxMessageSize. Batches are never compressed. The batch header's own properties
// carry WAIT only: a batch-level UNIQ_KEY would override the per-message ones on brokers
// that copy header properties into every entry. Mutable, so that the coalescer can mark its
// batches.
Result<std::shared_ptr<PreparedMessage>> PrepareBatch(const std::vector<Message>& messages,
                                                      const ProducerConfig& config,
                                                      protocol::UniqueKeyGenerator& ids);

// SEND_MESSAGE_V2 (or SEND_BATCH_MESSAGE for a batch) with the V2 short header names,
// referencing `message`'s body (kept alive by the request).
remoting::RemotingCommand BuildSendRequest(const std::shared_ptr<const PreparedMessage>& message,
                                           const ProducerConfig& config, const MessageQueue& queue);

// SUCCESS, FLUSH_DISK_TIMEOUT, FLUSH_SLAVE_TIMEOUT and SLAVE_NOT_AVAILABLE: the message is
// stored.
bool IsStoredResponseCode(int32_t code);
// Codes after which Java's producer tries another broker (DefaultMQProducer.retryResponseCodes).
bool IsRetryableResponseCode(int32_t code);

// How a stored answer's SendResult gets PreparedMessage::message_id.
enum class MessageId {
  kCopy,
  // Moved out of the PreparedMessage: only when nothing reads it afterwards (no trace, no
  // further attempt).
  kTake,
};

// The SendResult of a stored message, or BrokerError naming the broker, the response code
// and the remark; InvalidArgument when a stored answer lacks msgId, queueId or queueOffset.
// The result takes the answer's strings: `response`'s ext fields are left moved from.
Result<SendResult> ParseSendResponse(remoting::RemotingCommand& response,
                                     const PreparedMessage& message, const MessageQueue& queue,
                                     const std::string& broker_address,
                                     MessageId id = MessageId::kCopy);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_SEND_REQUEST_H_
