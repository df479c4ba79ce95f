#include "consumer/pulled_messages.h"

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
  auto decoded = protocol::DecodeMessages(body);
  if (!decoded.ok()) return decoded.status();
  const std::string retry_topic = RetryTopic(group);
  std::vector<MessageExt> messages;
  messages.reserve(decoded->size());
  HostTexts hosts;
  for (auto& record : *decoded) {
    if (!MatchesTags(subscription, record.property(protocol::MessageConst::kPropertyTags)))
      continue;
    MessageExt message = ToMessageExt(std::move(record), broker_name, &hosts);
    const std::string original = message.property(protocol::MessageConst::kPropertyRetryTopic);
    if (!original.empty() && message.topic() == retry_topic) message.set_topic(original);
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace consumer
}  // namespace rocketmq
