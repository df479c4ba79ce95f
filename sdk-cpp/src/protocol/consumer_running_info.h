// Bodies a consumer produces for admin requests the broker forwards to it (protocol.md
// §4.6, §4.9): ConsumerRunningInfo (GET_CONSUMER_RUNNING_INFO 307) and
// ConsumeMessageDirectlyResult (CONSUME_MESSAGE_DIRECTLY 309).
#ifndef ROCKETMQ_PROTOCOL_CONSUMER_RUNNING_INFO_H_
#define ROCKETMQ_PROTOCOL_CONSUMER_RUNNING_INFO_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/heartbeat_data.h"
#include "protocol/message_queue.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// Keys of ConsumerRunningInfo::properties the admin tool reads.
constexpr char kPropNamesrvAddr[] = "PROP_NAMESERVER_ADDR";
constexpr char kPropThreadpoolCoreSize[] = "PROP_THREADPOOL_CORE_SIZE";
constexpr char kPropConsumeOrderly[] = "PROP_CONSUMEORDERLY";
constexpr char kPropConsumeType[] = "PROP_CONSUME_TYPE";
constexpr char kPropClientVersion[] = "PROP_CLIENT_VERSION";
constexpr char kPropConsumerStartTimestamp[] = "PROP_CONSUMER_START_TIMESTAMP";

// The state of one queue's local cache in a push consumer.
struct ProcessQueueInfo {
  int64_t commit_offset = 0;
  int64_t cached_msg_min_offset = 0;
  int64_t cached_msg_max_offset = 0;
  int32_t cached_msg_count = 0;
  int32_t cached_msg_size_in_mib = 0;
  int64_t transaction_msg_min_offset = 0;
  int64_t transaction_msg_max_offset = 0;
  int32_t transaction_msg_count = 0;
  bool locked = false;
  int64_t try_unlock_times = 0;
  int64_t last_lock_timestamp = 0;
  bool dropped = false;  // "droped" on the wire
  int64_t last_pull_timestamp = 0;
  int64_t last_consume_timestamp = 0;

  bool operator==(const ProcessQueueInfo& o) const;
};

// Per-topic consumption rates.
struct ConsumeStatus {
  double pull_rt = 0;
  double pull_tps = 0;
  double consume_rt = 0;
  double consume_ok_tps = 0;
  double consume_failed_tps = 0;
  int64_t consume_failed_msgs = 0;

  bool operator==(const ConsumeStatus& o) const;
};

struct ConsumerRunningInfo {
  std::map<std::string, std::string> properties;
  std::vector<SubscriptionData> subscription_set;
  std::map<MessageQueue, ProcessQueueInfo> mq_table;
  std::map<std::string, ConsumeStatus> status_table;  // topic -> rates
  std::optional<std::string> jstack;

  std::string Encode() const;
  static Result<ConsumerRunningInfo> Decode(std::string_view json);
  bool operator==(const ConsumerRunningInfo& o) const;
};

// consumeResult values.
constexpr char kConsumeResultSuccess[] = "CR_SUCCESS";
constexpr char kConsumeResultLater[] = "CR_LATER";
constexpr char kConsumeResultRollback[] = "CR_ROLLBACK";
constexpr char kConsumeResultCommit[] = "CR_COMMIT";
constexpr char kConsumeResultThrowException[] = "CR_THROW_EXCEPTION";
constexpr char kConsumeResultReturnNull[] = "CR_RETURN_NULL";

struct ConsumeMessageDirectlyResult {
  bool order = false;
  bool auto_commit = true;
  std::string consume_result = kConsumeResultSuccess;
  std::optional<std::string> remark;
  int64_t spent_time_mills = 0;

  std::string Encode() const;
  static Result<ConsumeMessageDirectlyResult> Decode(std::string_view json);
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CONSUMER_RUNNING_INFO_H_
