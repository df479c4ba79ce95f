// Topic and group names: what a legal one looks like and which are reserved, as Apache's
// TopicValidator and MixAll define them (protocol.md §5.6 and §8.10). The one list the SDK's
// validators, the broker, the ACL and the tools all consult.
#ifndef ROCKETMQ_PROTOCOL_TOPIC_NAMES_H_
#define ROCKETMQ_PROTOCOL_TOPIC_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {
namespace topic {

// The template topic auto-created topics inherit from.
constexpr char kAutoCreateTopicKey[] = "TBW102";
constexpr char kScheduleTopic[] = "SCHEDULE_TOPIC_XXXX";
constexpr char kBenchmarkTopic[] = "BenchmarkTest";
constexpr char kTransHalfTopic[] = "RMQ_SYS_TRANS_HALF_TOPIC";
constexpr char kTransOpHalfTopic[] = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
constexpr char kTransCheckMaxTimeTopic[] = "TRANS_CHECK_MAX_TIME_TOPIC";
constexpr char kSelfTestTopic[] = "SELF_TEST_TOPIC";
constexpr char kOffsetMovedEvent[] = "OFFSET_MOVED_EVENT";
constexpr char kTraceTopic[] = "RMQ_SYS_TRACE_TOPIC";
constexpr char kSystemTopicPrefix[] = "rmq_sys_";
constexpr char kReplyTopicSuffix[] = "_REPLY_TOPIC";
constexpr char kRetryGroupTopicPrefix[] = "%RETRY%";
constexpr char kDlqGroupTopicPrefix[] = "%DLQ%";

constexpr size_t kTopicMaxLength = 127;
// Retry and DLQ topics embed a group name (up to 120 characters) after their prefix.
constexpr size_t kRetryTopicMaxLength = 255;

// True when every character is in [%|a-zA-Z0-9_-], the charset brokers accept for topics and
// groups (an empty name passes: emptiness is the caller's own check).
bool HasLegalCharset(std::string_view name);

// OK, or InvalidArgument saying what is wrong: empty, characters outside [%|a-zA-Z0-9_-],
// or too long (kRetryTopicMaxLength for retry and DLQ topics, else kTopicMaxLength).
Status Validate(std::string_view name);

// Apache's reserved names plus everything starting with rmq_sys_.
bool IsSystemTopic(std::string_view name);
// Internal topics clients may never send to (schedule, transaction, self-test, ...).
bool IsNotAllowedSendTopic(std::string_view name);

bool IsRetryTopic(std::string_view name);
bool IsDlqTopic(std::string_view name);
std::string RetryTopic(const std::string& group);
std::string DlqTopic(const std::string& group);

}  // namespace topic
}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_TOPIC_NAMES_H_
