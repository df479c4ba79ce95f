#include "consumer/pulled_messages.h"

#include <algorithm>

#include "consumer/subscription.h"
#include "protocol/message_properties.h"

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
      return record.status().WithContext("record " + std::to_string(index) +
                                         " at byte " + std::to_string(pos));
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

}  // namespace consumer
}  // namespace rocketmq
