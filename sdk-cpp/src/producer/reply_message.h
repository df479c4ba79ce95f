// The two message conversions of request-reply (protocol.md §8.6, reference §5):
// a reply pushed by the broker (PUSH_REPLY_MESSAGE_TO_CLIENT, 326) back into a MessageExt,
// as Java's ClientRemotingProcessor.receiveReplyMessage builds it. CreateReplyMessage, the
// responder's side, is public (rocketmq/producer.h).
#ifndef ROCKETMQ_PRODUCER_REPLY_MESSAGE_H_
#define ROCKETMQ_PRODUCER_REPLY_MESSAGE_H_

#include <cstdint>
#include <string>

#include "remoting/remoting_command.h"
#include "rocketmq/message_ext.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

// The MSG_TYPE value of a reply (Java's MixAll.REPLY_MESSAGE_FLAG).
constexpr char kReplyMessageFlag[] = "reply";
// `<cluster>` + this names a cluster's reply topic (MixAll.REPLY_TOPIC_POSTFIX with its "_").
constexpr char kReplyTopicSuffix[] = "_REPLY_TOPIC";

// A random (version 4) UUID in its 36-character text form, as Java's
// CorrelationIdUtil.createCorrelationId makes them.
std::string NewCorrelationId();

// The reply a broker pushed: header fields, properties (with ARRIVE_TIME = `now_ms` added),
// the body inflated when sysFlag says it is compressed. Hosts are accepted as Java's broker
// writes them ("/1.2.3.4:10911") or bare. A bad header or body is a Protocol error.
Result<MessageExt> DecodePushedReply(const remoting::RemotingCommand& request, int64_t now_ms);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_PRODUCER_REPLY_MESSAGE_H_
