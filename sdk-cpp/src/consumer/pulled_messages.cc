#include "consumer/pulled_messages.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "client/message_access.h"
#include "consumer/subscription.h"
#include "protocol/header_codec.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/topic_names.h"

namespace rocketmq {
namespace consumer {

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

namespace {

// Everything of `decoded` but its properties and the message id, which may be one of them.
MessageExt WithoutProperties(protocol::DecodedMessage&& decoded, const std::string& broker_name,
                             HostTexts* hosts) {
  MessageExt message;
  message.set_topic(std::move(decoded.topic));
  message.set_body(std::move(decoded.body));
  message.set_flag(decoded.flag);
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

}  // namespace

MessageExt ToMessageExt(protocol::DecodedMessage decoded, const std::string& broker_name,
                        HostTexts* hosts) {
  // The id may be one of the properties: read before they move.
  std::string msg_id = decoded.msg_id();
  protocol::MessageProperties properties = std::move(decoded.properties);
  MessageExt message = WithoutProperties(std::move(decoded), broker_name, hosts);
  message.set_msg_id(std::move(msg_id));
  message.set_properties(std::move(properties));
  return message;
}

PullOrigin::PullOrigin(const std::string& group, std::string broker_name, int64_t min_offset,
                       int64_t max_offset)
    : retry_topic(protocol::topic::RetryTopic(group)), broker_name(std::move(broker_name)) {
  SetOffsets(min_offset, max_offset);
}

void PullOrigin::SetOffsets(int64_t min_offset, int64_t max_offset) {
  // Room for both at once: two names of 10, two separators each, 20 digits each.
  constexpr size_t kRoom = 64;
  offset_properties.clear();
  offset_properties.reserve(kRoom);
  protocol::AppendProperty(&offset_properties, protocol::MessageConst::kPropertyMinOffset,
                           protocol::HeaderValueText(min_offset).view());
  protocol::AppendProperty(&offset_properties, protocol::MessageConst::kPropertyMaxOffset,
                           protocol::HeaderValueText(max_offset).view());
}

namespace {

// Whether `subscription` keeps `record` by its tag; `all_tags` when it keeps every tag.
bool KeepsRecord(const protocol::SubscriptionData& subscription, bool all_tags,
                 const protocol::MessageRecord& record) {
  if (all_tags) return true;
  const auto tags =
      protocol::FindProperty(record.properties, protocol::MessageConst::kPropertyTags);
  return MatchesTags(subscription, tags ? std::string(*tags) : std::string());
}

// How many records a body starting with `first` holds, to reserve room for: records of one
// pull are mostly alike in size (bounded: a small first record says little about the
// others).
size_t ExpectedRecords(size_t body_size, const protocol::MessageRecord& first) {
  constexpr size_t kMaxReserve = 1024;
  return std::min(kMaxReserve, body_size / static_cast<size_t>(first.total_size) + 1);
}

// The one decoding of a pulled record (ProcessPulledBody's and DecodeScanned's). The
// properties stay encoded until a listener reads them (Message): their map cost a drained
// message ~3k instructions, and the consumer itself reads only single properties.
Result<MessageExt> ToPulledMessage(const protocol::MessageRecord& record, const PullOrigin& origin,
                                   HostTexts* hosts) {
  protocol::DecodeMessageOptions options;
  options.decode_properties = false;
  auto decoded = protocol::ToDecodedMessage(record, options);
  if (!decoded.ok()) return decoded.status();
  const auto uniq_key = protocol::FindProperty(
      record.properties, protocol::MessageConst::kPropertyUniqClientMessageIdKeyidx);
  std::string msg_id = uniq_key ? std::string(*uniq_key) : decoded->offset_msg_id;
  MessageExt message = WithoutProperties(std::move(decoded).value(), origin.broker_name, hosts);
  message.set_msg_id(std::move(msg_id));
  // Room for the CONSUME_START_TIME the push consumer appends (a name of 18, two separators,
  // 13 digits): no second allocation.
  constexpr size_t kConsumeStartRoom = 33;
  std::string properties;
  // (+1: the separator a record Java's broker wrote lacks after its last property.)
  properties.reserve(record.properties.size() + 1 + origin.offset_properties.size() +
                     kConsumeStartRoom);
  properties.append(record.properties);
  protocol::AppendEncodedProperties(&properties, origin.offset_properties);
  internal::MessageAccess::SetEncodedProperties(&message, std::move(properties));
  if (message.topic() == origin.retry_topic) {
    const auto original =
        protocol::FindProperty(record.properties, protocol::MessageConst::kPropertyRetryTopic);
    if (original) message.set_topic(std::string(*original));
  }
  return message;
}

}  // namespace

Result<std::vector<MessageExt>> ProcessPulledBody(std::string_view body,
                                                  const protocol::SubscriptionData& subscription,
                                                  const PullOrigin& origin) {
  // Record by record straight into the result: vectors of all records and of all decoded
  // messages first cost a reallocation each per pull, and their moves.
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
    if (index == 0) messages.reserve(ExpectedRecords(body.size(), *record));
    pos += static_cast<size_t>(record->total_size);
    if (!KeepsRecord(subscription, all_tags, *record)) continue;
    auto message = ToPulledMessage(*record, origin, &hosts);
    if (!message.ok()) return message.status();
    messages.push_back(std::move(message).value());
  }
  return messages;
}

Result<ScannedPull> ScanPulledBody(std::string body,
                                   const protocol::SubscriptionData& subscription) {
  ScannedPull pull;
  pull.body = std::make_unique<const std::string>(std::move(body));
  const std::string_view data = *pull.body;
  const bool all_tags = MatchesTags(subscription, std::string());
  size_t pos = 0;
  for (size_t index = 0; pos < data.size(); ++index) {
    auto record = protocol::DecodeMessageRecord(data.substr(pos));
    if (!record.ok()) {
      return record.status().WithContext("record " + std::to_string(index) + " at byte " +
                                         std::to_string(pos));
    }
    if (index == 0) pull.records.reserve(ExpectedRecords(data.size(), *record));
    pos += static_cast<size_t>(record->total_size);
    if (!KeepsRecord(subscription, all_tags, *record)) continue;
    if (protocol::MessageSysFlag::IsCompressed(record->sys_flag)) pull.compressed = true;
    pull.records.push_back(*record);
  }
  return pull;
}

MessageExt DecodeScanned(const protocol::MessageRecord& record, const PullOrigin& origin,
                         HostTexts* hosts) {
  // Not compressed: making the message cannot fail.
  return ToPulledMessage(record, origin, hosts).value();
}

}  // namespace consumer
}  // namespace rocketmq
