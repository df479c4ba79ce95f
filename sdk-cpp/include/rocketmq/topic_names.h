// Topic names that mean something to a RocketMQ cluster, as Apache's TopicValidator and MixAll
// define them: the reserved system topics, each consumer group's retry and dead-letter topics,
// and what a legal name looks like. For tools that list topics and sort them by kind, or
// create topics and want the broker's rules checked before they ask.
#ifndef ROCKETMQ_TOPIC_NAMES_H_
#define ROCKETMQ_TOPIC_NAMES_H_

#include <string>
#include <string_view>

#include "rocketmq/export.h"
#include "rocketmq/status.h"

namespace rocketmq {

// The topic message traces go to unless a client names its own.
inline constexpr char kDefaultTraceTopic[] = "RMQ_SYS_TRACE_TOPIC";

// Apache's reserved topics (TBW102, SCHEDULE_TOPIC_XXXX, the transaction topics, ...) and
// every topic starting with rmq_sys_.
RMQ_EXPORT bool IsSystemTopic(std::string_view topic);
// "%RETRY%<group>": where a group's failed messages wait for redelivery.
RMQ_EXPORT bool IsRetryTopic(std::string_view topic);
// "%DLQ%<group>": where a group's messages go after their last retry.
RMQ_EXPORT bool IsDlqTopic(std::string_view topic);
RMQ_EXPORT std::string RetryTopic(const std::string& group);
RMQ_EXPORT std::string DlqTopic(const std::string& group);
// The group a retry topic belongs to; empty when `topic` is not a retry topic.
RMQ_EXPORT std::string GroupOfRetryTopic(std::string_view topic);

// OK, or InvalidArgument naming what is wrong: empty, characters outside [%|a-zA-Z0-9_-], or
// longer than 127 characters (255 for retry and dead-letter topics).
RMQ_EXPORT Status ValidateTopicName(const std::string& topic);

}  // namespace rocketmq

#endif  // ROCKETMQ_TOPIC_NAMES_H_
