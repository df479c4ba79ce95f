#include "consumer/pulled_messages.h"

#include <algorithm>

#include "consumer/subscription.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace consumer {

std::string RetryTopic(const std::string& group) { return "%RETRY%" + group; }

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name) {
  HostTexts hosts;
  return ToMessageExt(std::move(decoded), broker_name, &hosts);
}

const std::string& HostTexts::Of(const protocol::HostAddress& host) {
  // Bounded: a pull of messages from many producers formats the others each time.
  constexpr size_t kMaxEntries = 8;
  for (size_t i = entries_.size(); i-- > 0;) {
    if (entries_[i].host == host) return entries_[i].text;
  }
  if (entries_.size() == kMaxEntries) entries_.erase(entries_.begin());
  entries_.push_back(Entry{host, host.ToString()});
  return entries_.back().text;
}

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name,
                        HostTexts* hosts) {
  MessageExt message;
  message.set_topic(std::move(decoded.topic));
  message.set_body(std::move(decoded.body));
  message.set_flag(decoded.flag);
  // The id may be one of the properties: read before they move.
  message.set_msg_id(decoded.msg_id());
  message.set_properties(std::move(decoded.properties));
  message.set_offset_msg_id(std::move(decoded.offset_msg_id));
  message.set_broker_name(broker_name);
  message.set_queue_id(decoded.queue_id);
  message.set_queue_offset(decoded.queue_offset);
  message.set_commit_log_offset(decoded.commit_log_offset);
  message.set_born_timestamp(decoded.born_timestamp);
  message.set_store_timestamp(decoded.store_timestamp);
  message.set_born_host(hosts->Of(decoded.born_host));
  message.set_store_host(hosts->Of(decoded.store_host));
  message.set_reconsume_times(decoded.reconsume_times);
  message.set_store_size(decoded.store_size);
  message.set_sys_flag(decoded.sys_flag);
  message.set_body_crc(decoded.body_crc);
  return message;
}

Result<std::vector<MessageExt>> ProcessPulledBody(std::string_view body,
                                                  const protocol::SubscriptionData& subscription,
                                                  const std::string& group,
                                                  const std::string& broker_name) {
  // Record by record straight into the result: vectors of all records and of all decoded
  // messages first cost a reallocation each per pull, and their moves.
  const std::string retry_topic = RetryTopic(group);
  const bool all_tags = MatchesTags(subscription, std::string());
  std::vector<MessageExt> messages;
  HostTexts hosts;
  size_t pos = 0;
  for (size_t index = 0; pos < body.size(); ++index) {
    auto record = protocol::DecodeMessageRecord(body.substr(pos));
    if (!record.ok()) {
      return record.status().WithContext("record " + std::to_string(index) + " at byte " +
                                         std::to_string(pos));
    }
    if (index == 0) {
      // Records of one pull are mostly alike in size: one allocation for all of them
      // (bounded: a small first record says little about the others).
      constexpr size_t kMaxReserve = 1024;
      messages.reserve(
          std::min(kMaxReserve, body.size() / static_cast<size_t>(record->total_size) + 1));
    }
    pos += static_cast<size_t>(record->total_size);
    auto decoded = protocol::ToDecodedMessage(*record);
    if (!decoded.ok()) return decoded.status();
    if (!all_tags &&
        !MatchesTags(subscription, decoded->property(protocol::MessageConst::kPropertyTags))) {
      continue;
    }
    MessageExt& message =
        messages.emplace_back(ToMessageExt(std::move(decoded).value(), broker_name, &hosts));
    if (message.topic() == retry_topic) {
      std::string original = message.property(protocol::MessageConst::kPropertyRetryTopic);
      if (!original.empty()) message.set_topic(std::move(original));
    }
  }
  return messages;
}

Result<ScannedPull> ScanPulledBody(std::string body,
                                   const protocol::SubscriptionData& subscription) {
  ScannedPull pull;
  pull.body = std::move(body);
  const std::string_view data = pull.body;
  const bool all_tags = MatchesTags(subscription, std::string());
  size_t pos = 0;
  for (size_t index = 0; pos < data.size(); ++index) {
    auto record = protocol::DecodeMessageRecord(data.substr(pos));
    if (!record.ok()) {
      return record.status().WithContext("record " + std::to_string(index) + " at byte " +
                                         std::to_string(pos));
    }
    const size_t at = pos;
    pos += static_cast<size_t>(record->total_size);
    if (!all_tags) {
      const auto tags =
          protocol::FindProperty(record->properties, protocol::MessageConst::kPropertyTags);
      if (!MatchesTags(subscription, tags ? std::string(*tags) : std::string())) continue;
    }
    if (protocol::MessageSysFlag::IsCompressed(record->sys_flag)) pull.compressed = true;
    pull.records.push_back(ScannedRecord{at, record->queue_offset, record->body.size()});
  }
  return pull;
}

MessageExt DecodeScanned(const ScannedPull& pull, const ScannedRecord& scanned,
                         const std::string& retry_topic, const std::string& broker_name,
                         HostTexts* hosts) {
  // Scanned before: this decoding cannot fail.
  const protocol::MessageRecord record =
      protocol::DecodeMessageRecord(std::string_view(pull.body).substr(scanned.pos)).value();
  MessageExt message;
  message.set_topic(std::string(record.topic));
  message.set_body(std::string(record.body));
  message.set_flag(record.flag);
  message.set_properties(protocol::DecodeMessageProperties(record.properties));
  std::string offset_msg_id =
      protocol::EncodeOffsetMessageId(record.store_host, record.physical_offset);
  const auto& properties = message.properties();
  const auto uniq = properties.find(protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx);
  message.set_msg_id(uniq != properties.end() ? uniq->second : offset_msg_id);
  message.set_offset_msg_id(std::move(offset_msg_id));
  message.set_broker_name(broker_name);
  message.set_queue_id(record.queue_id);
  message.set_queue_offset(record.queue_offset);
  message.set_commit_log_offset(record.physical_offset);
  message.set_born_timestamp(record.born_timestamp);
  message.set_store_timestamp(record.store_timestamp);
  message.set_born_host(hosts->Of(record.born_host));
  message.set_store_host(hosts->Of(record.store_host));
  message.set_reconsume_times(record.reconsume_times);
  message.set_store_size(record.total_size);
  message.set_sys_flag(record.sys_flag);
  message.set_body_crc(record.body_crc);
  if (message.topic() == retry_topic) {
    std::string original = message.property(protocol::MessageConst::kPropertyRetryTopic);
    if (!original.empty()) message.set_topic(std::move(original));
  }
  return message;
}

}  // namespace consumer
}  // namespace rocketmq
