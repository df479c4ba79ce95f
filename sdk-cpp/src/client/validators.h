// Client-side checks of names and messages, as Apache's Validators and TopicValidator make
// them, so that a bad message fails in the caller's thread with a clear reason instead of
// costing a round trip and coming back as MESSAGE_ILLEGAL.
#ifndef ROCKETMQ_CLIENT_VALIDATORS_H_
#define ROCKETMQ_CLIENT_VALIDATORS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "rocketmq/message.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

constexpr size_t kGroupMaxLength = 255;

// Non-blank, at most protocol::topic::kTopicMaxLength characters, legal charset.
Status CheckTopic(const std::string& topic);
// Non-blank, at most kGroupMaxLength characters, legal charset.
Status CheckGroup(const std::string& group);

// Everything a message must satisfy before it is sent: a valid topic that may be sent to, a
// non-empty body no larger than max_body_bytes, and properties the wire format can carry.
Status CheckMessage(const Message& message, int32_t max_body_bytes);
// CheckMessage without the topic checks: for a batch's later messages, whose topic is
// compared with the first's instead (checking it again cost each ~110 instructions).
Status CheckMessageBodyAndProperties(const Message& message, int32_t max_body_bytes);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_VALIDATORS_H_
