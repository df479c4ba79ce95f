#include "broker/schedule/schedule_topic.h"

#include <algorithm>
#include <optional>

#include "broker/topic_validator.h"
#include "filter/java_number.h"
#include "protocol/crc32.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

namespace mc = protocol::MessageConst;
namespace sysflag = protocol::MessageSysFlag;

using filter::ParseJavaInt;

}  // namespace

Result<bool> MoveToScheduleTopic(const DelayLevelTable& levels, int32_t sys_flag,
                                 protocol::MessageProperties* properties, std::string* topic,
                                 int32_t* queue_id) {
  const int32_t type = sysflag::TransactionType(sys_flag);
  if (type != sysflag::kTransactionNotType && type != sysflag::kTransactionCommitType) {
    return false;
  }
  auto delay = properties->find(mc::kPropertyDelayTimeLevel);
  if (delay == properties->end()) return false;
  std::optional<int32_t> level = ParseJavaInt(delay->second);
  if (!level) {
    return Status::InvalidArgument("the DELAY property '" + delay->second +
                                   "' is not a delay level (an integer)");
  }
  if (*level <= 0) return false;
  if (*level > levels.max_level()) {
    level = levels.max_level();
    delay->second = std::to_string(*level);
  }
  (*properties)[mc::kPropertyRealTopic] = *topic;
  (*properties)[mc::kPropertyRealQueueId] = std::to_string(*queue_id);
  *topic = topic::kScheduleTopic;
  *queue_id = DelayLevelTable::QueueIdOf(*level);
  return true;
}

int64_t TagsCode(const DelayLevelTable& levels, const store::DispatchRequest& request) {
  const int64_t tags_hash = protocol::JavaStringHash(request.tags);
  if (request.topic != topic::kScheduleTopic) return tags_hash;
  const auto delay = protocol::FindProperty(request.properties, mc::kPropertyDelayTimeLevel);
  if (!delay) return tags_hash;
  // A DELAY Java cannot parse makes Apache's dispatch fail; the tags hash at least lets the
  // schedule service deliver the message at once instead of stalling the level.
  const std::optional<int32_t> level = ParseJavaInt(*delay);
  if (!level || *level <= 0) return tags_hash;
  return levels.DeliverTimestamp(std::min(*level, levels.max_level()), request.store_timestamp);
}

Result<Delivery> RestoreFromScheduleTopic(std::string_view scheduled_record) {
  auto scheduled = protocol::DecodeMessageRecord(scheduled_record);
  if (!scheduled.ok()) {
    return Status::Corruption("the scheduled record cannot be decoded: " +
                              scheduled.status().message());
  }
  const auto real_topic = protocol::FindProperty(scheduled->properties, mc::kPropertyRealTopic);
  if (!real_topic || real_topic->empty()) {
    return Status::Corruption("the scheduled record has no REAL_TOPIC property");
  }
  const auto real_qid = protocol::FindProperty(scheduled->properties, mc::kPropertyRealQueueId);
  const std::optional<int32_t> queue_id =
      real_qid ? ParseJavaInt(*real_qid) : std::optional<int32_t>();
  if (!queue_id || *queue_id < 0) {
    return Status::Corruption("the scheduled record for " + std::string(*real_topic) +
                              " has no usable REAL_QID property (" +
                              std::string(real_qid.value_or("absent")) + ")");
  }
  Delivery delivery;
  delivery.topic = std::string(*real_topic);
  delivery.queue_id = *queue_id;
  auto encoded =
      EncodeForRealTopic(*scheduled, delivery.topic, delivery.queue_id, "the scheduled record");
  if (!encoded.ok()) return encoded.status();
  delivery.record = std::move(*encoded);
  return delivery;
}

Result<std::string> EncodeForRealTopic(protocol::MessageRecord record, const std::string& topic,
                                       int32_t queue_id, const std::string& what) {
  record.topic = topic;
  record.queue_id = queue_id;
  record.body_crc = protocol::MaskedCrc32(record.body);
  record.queue_offset = 0;
  record.physical_offset = 0;
  record.store_timestamp = 0;
  record.prepared_transaction_offset = 0;
  auto encoded = protocol::EncodeMessageRecordToString(record);
  if (!encoded.ok()) {
    return Status::Corruption(what + " for " + topic +
                              " cannot be re-encoded: " + encoded.status().message());
  }
  return std::move(*encoded);
}

}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
