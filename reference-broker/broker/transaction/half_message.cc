#include "broker/transaction/half_message.h"

#include <charconv>
#include <optional>

#include "broker/schedule/schedule_topic.h"
#include "broker/topic_validator.h"
#include "broker/transaction/transactional_message_util.h"
#include "common/clock.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

namespace mc = protocol::MessageConst;
namespace sysflag = protocol::MessageSysFlag;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

template <typename Int>
std::optional<Int> ParseInt(std::string_view text) {
  Int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// `base` with another topic, queue, sysFlag and properties.
Result<std::string> Reencode(protocol::MessageRecord base, std::string_view topic, int32_t queue_id,
                             int32_t sys_flag, const protocol::MessageProperties& properties) {
  const std::string encoded = protocol::EncodeMessageProperties(properties);
  if (encoded.size() > mc::kMaxPropertiesLength) {
    return Status::InvalidArgument("the properties of the transactional message would be " +
                                   std::to_string(encoded.size()) +
                                   " bytes long; at most 32767 are allowed");
  }
  base.topic = topic;
  base.queue_id = queue_id;
  base.sys_flag = sys_flag;
  base.properties = encoded;
  return protocol::EncodeMessageRecordToString(base);
}

struct RealDestination {
  std::string topic;
  int32_t queue_id = 0;
};

Result<RealDestination> RealDestinationOf(const protocol::MessageProperties& properties) {
  auto topic = properties.find(mc::kPropertyRealTopic);
  auto queue = properties.find(mc::kPropertyRealQueueId);
  if (topic == properties.end() || queue == properties.end()) {
    return Status::InvalidArgument("the half message has no REAL_TOPIC or REAL_QID property");
  }
  auto queue_id = ParseInt<int32_t>(queue->second);
  if (!queue_id || *queue_id < 0) {
    return Status::InvalidArgument("the half message's REAL_QID '" + queue->second +
                                   "' is not a queue id");
  }
  return RealDestination{topic->second, *queue_id};
}

}  // namespace

bool IsTransactionalSend(std::string_view encoded_properties, int32_t sys_flag) {
  if (sysflag::TransactionType(sys_flag) == sysflag::kTransactionPreparedType) return true;
  auto flag = protocol::FindProperty(encoded_properties, mc::kPropertyTransactionPrepared);
  return flag && EqualsIgnoreCase(*flag, "true");
}

int64_t OriginQueueOffset(const protocol::MessageProperties& properties, int64_t own_queue_offset) {
  auto it = properties.find(mc::kPropertyTransactionPreparedQueueOffset);
  if (it == properties.end()) return own_queue_offset;
  auto origin = ParseInt<int64_t>(it->second);
  return origin && *origin >= 0 ? *origin : own_queue_offset;
}

Result<std::string> ToHalfMessage(std::string_view record) {
  auto decoded = protocol::DecodeMessageRecord(record);
  if (!decoded.ok()) return decoded.status().WithContext("cannot make a half message");
  protocol::MessageProperties properties = protocol::DecodeMessageProperties(decoded->properties);
  if (decoded->topic != topic::kScheduleTopic || properties.count(mc::kPropertyRealTopic) == 0) {
    properties[mc::kPropertyRealTopic] = std::string(decoded->topic);
    properties[mc::kPropertyRealQueueId] = std::to_string(decoded->queue_id);
  }
  return Reencode(*decoded, topic::kTransHalfTopic, kHalfQueueId,
                  sysflag::WithTransactionType(decoded->sys_flag, sysflag::kTransactionNotType),
                  properties);
}

Result<std::string> RenewHalfMessage(const protocol::MessageRecord& half,
                                     const protocol::MessageProperties& properties) {
  protocol::MessageRecord copy = half;
  copy.prepared_transaction_offset = 0;
  return Reencode(copy, topic::kTransHalfTopic, kHalfQueueId, half.sys_flag, properties);
}

Result<std::string> BuildCommittedMessage(const protocol::MessageRecord& half,
                                          int64_t half_commit_log_offset,
                                          const schedule::DelayLevelTable* delay_levels,
                                          const timer::TimerSettings* timer) {
  protocol::MessageProperties properties = protocol::DecodeMessageProperties(half.properties);
  auto real = RealDestinationOf(properties);
  if (!real.ok()) return real.status();
  const int32_t sys_flag =
      sysflag::WithTransactionType(half.sys_flag, sysflag::kTransactionCommitType);
  protocol::MessageRecord committed = half;
  committed.prepared_transaction_offset = half_commit_log_offset;
  // The origin offset our check copies carry is bookkeeping; Apache's copies only carry it
  // under CHECK_IMMUNITY_TIME_IN_SECONDS, so only then does the committed message keep it.
  const bool own_bookkeeping = properties.count(mc::kPropertyCheckImmunityTimeInSeconds) == 0 &&
                               properties.erase(mc::kPropertyTransactionPreparedQueueOffset) > 0;
  if (delay_levels != nullptr) {
    // Apache's store encodes the properties of a message it delays afresh, from the map
    // END_TRANSACTION cleaned: no TRAN_MSG, REAL_TOPIC / REAL_QID set by the schedule step.
    protocol::MessageProperties cleaned = properties;
    cleaned.erase(mc::kPropertyRealTopic);
    cleaned.erase(mc::kPropertyRealQueueId);
    cleaned.erase(mc::kPropertyTransactionPrepared);
    std::string topic_name = real->topic;
    int32_t queue_id = real->queue_id;
    auto delayed =
        schedule::MoveToScheduleTopic(*delay_levels, sys_flag, &cleaned, &topic_name, &queue_id);
    if (!delayed.ok()) return delayed.status();
    if (*delayed) return Reencode(committed, topic_name, queue_id, sys_flag, cleaned);
    if (timer != nullptr) {
      const timer::TimerDecision timed = timer::MoveToTimerTopic(
          *timer, clock::WallMillis(), sys_flag, &cleaned, &topic_name, &queue_id);
      if (timed.refusal) {
        return Status::InvalidArgument(timer::RefusalRemark(*timer, *timed.refusal));
      }
      if (timed.parked) return Reencode(committed, topic_name, queue_id, sys_flag, cleaned);
    }
  }
  // Otherwise Apache 4.9 stores the half message's properties string as it was: its
  // END_TRANSACTION removes TRAN_MSG, REAL_TOPIC and REAL_QID from the property map only
  // after encoding it. Java's consumer relies on that TRAN_MSG (it sets the message's
  // transactionId from UNIQ_KEY) and its re-send to %RETRY% clears it.
  if (own_bookkeeping)
    return Reencode(committed, real->topic, real->queue_id, sys_flag, properties);
  committed.topic = real->topic;
  committed.queue_id = real->queue_id;
  committed.sys_flag = sys_flag;
  return protocol::EncodeMessageRecordToString(committed);
}

Result<std::string> BuildCheckMaxTimeMessage(const protocol::MessageRecord& half) {
  protocol::MessageRecord copy = half;
  copy.prepared_transaction_offset = 0;
  return Reencode(copy, topic::kTransCheckMaxTimeTopic, kCheckMaxTimeQueueId, half.sys_flag,
                  protocol::DecodeMessageProperties(half.properties));
}

Result<std::string> BuildCheckRequestBody(const protocol::MessageRecord& copy) {
  const protocol::MessageProperties properties = protocol::DecodeMessageProperties(copy.properties);
  auto real = RealDestinationOf(properties);
  if (!real.ok()) return real.status();
  protocol::MessageRecord body = copy;
  body.topic = real->topic;
  body.queue_id = real->queue_id;
  return protocol::EncodeMessageRecordToString(body);
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
