// Topic names: what a valid one looks like and which are reserved (Apache TopicValidator and
// MixAll, protocol.md §5.6 and §8.10).
#ifndef ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_
#define ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_

#include <cstddef>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
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
constexpr char kSystemTopicPrefix[] = "rmq_sys_";
constexpr char kReplyTopicSuffix[] = "_REPLY_TOPIC";
constexpr char kRetryGroupTopicPrefix[] = "%RETRY%";
constexpr char kDlqGroupTopicPrefix[] = "%DLQ%";

constexpr size_t kTopicMaxLength = 127;
// Retry and DLQ topics embed a group name (up to 120 characters) after their prefix.
constexpr size_t kRetryTopicMaxLength = 255;

// OK, or InvalidArgument saying what is wrong: empty, characters outside [%|a-zA-Z0-9_-],
// or too long.
Status Validate(const std::string& name);

// Apache's reserved names plus everything starting with rmq_sys_.
bool IsSystemTopic(const std::string& name);
// Internal topics clients may never send to (schedule, transaction, self-test, ...).
bool IsNotAllowedSendTopic(const std::string& name);

bool IsRetryTopic(const std::string& name);
bool IsDlqTopic(const std::string& name);
std::string RetryTopic(const std::string& group);
std::string DlqTopic(const std::string& group);

}  // namespace topic
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_TOPIC_VALIDATOR_H_
