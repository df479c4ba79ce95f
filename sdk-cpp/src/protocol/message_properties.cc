#include "protocol/message_properties.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace rocketmq {
namespace protocol {
namespace {

// Calls fn(name, value) for each entry Apache's decoder would keep, in encoded order.
template <typename Fn>
void ForEachProperty(std::string_view encoded, Fn&& fn) {
  size_t index = 0;
  while (index < encoded.size()) {
    size_t end = encoded.find(MessageConst::kPropertySeparator, index);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view segment = encoded.substr(index, end - index);
    const size_t sep = segment.find(MessageConst::kNameValueSeparator);
    // Name and value must both be non-empty.
    if (sep != std::string_view::npos && sep > 0 && sep + 1 < segment.size()) {
      fn(segment.substr(0, sep), segment.substr(sep + 1));
    }
    index = end + 1;
  }
}

// What follows an encoding Java ended (no separator after its last value) would otherwise
// extend that value.
void EndLastProperty(std::string* out) {
  if (!out->empty() && out->back() != MessageConst::kPropertySeparator) {
    out->push_back(MessageConst::kPropertySeparator);
  }
}

}  // namespace

bool HasSeparator(std::string_view text) {
  return text.find(MessageConst::kNameValueSeparator) != std::string_view::npos ||
         text.find(MessageConst::kPropertySeparator) != std::string_view::npos;
}

bool IsReservedPropertyName(std::string_view name) {
  static constexpr std::array<std::string_view, 47> kReserved = {
      MessageConst::kPropertyTraceSwitch,
      MessageConst::kPropertyMsgRegion,
      MessageConst::kPropertyKeys,
      MessageConst::kPropertyTags,
      MessageConst::kPropertyWaitStoreMsgOk,
      MessageConst::kPropertyDelayTimeLevel,
      MessageConst::kPropertyRetryTopic,
      MessageConst::kPropertyRealTopic,
      MessageConst::kPropertyRealQueueId,
      MessageConst::kPropertyTransactionPrepared,
      MessageConst::kPropertyProducerGroup,
      MessageConst::kPropertyMinOffset,
      MessageConst::kPropertyMaxOffset,
      MessageConst::kPropertyBuyerId,
      MessageConst::kPropertyOriginMessageId,
      MessageConst::kPropertyTransferFlag,
      MessageConst::kPropertyCorrectionFlag,
      MessageConst::kPropertyMq2Flag,
      MessageConst::kPropertyReconsumeTime,
      MessageConst::kPropertyUniqClientMessageIdKeyidx,
      MessageConst::kPropertyMaxReconsumeTimes,
      MessageConst::kPropertyConsumeStartTimestamp,
      MessageConst::kPropertyPopCk,
      MessageConst::kPropertyPopCkOffset,
      MessageConst::kPropertyFirstPopTime,
      MessageConst::kPropertyTransactionPreparedQueueOffset,
      MessageConst::kDupInfo,
      MessageConst::kPropertyExtendUniqInfo,
      MessageConst::kPropertyInstanceId,
      MessageConst::kPropertyCorrelationId,
      MessageConst::kPropertyMessageReplyToClient,
      MessageConst::kPropertyMessageTtl,
      MessageConst::kPropertyReplyMessageArriveTime,
      MessageConst::kPropertyPushReplyTime,
      MessageConst::kPropertyCluster,
      MessageConst::kPropertyMessageType,
      MessageConst::kPropertyInnerMultiQueueOffset,
      MessageConst::kPropertyTimerDelaySec,
      MessageConst::kPropertyTimerDeliverMs,
      MessageConst::kPropertyTimerEnqueueMs,
      MessageConst::kPropertyTimerDequeueMs,
      MessageConst::kPropertyTimerRollTimes,
      MessageConst::kPropertyTimerOutMs,
      MessageConst::kPropertyTimerDelUniqkey,
      MessageConst::kPropertyTimerDelayLevel,
      MessageConst::kPropertyBornHost,
      MessageConst::kPropertyBornTimestamp,
  };
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

void AppendProperty(std::string* out, std::string_view name, std::string_view value) {
  EndLastProperty(out);
  const size_t at = out->size();
  out->resize(at + name.size() + value.size() + 2);
  WriteProperty(out->data() + at, name, value);
}

void AppendEncodedProperties(std::string* out, std::string_view encoded) {
  EndLastProperty(out);
  out->append(encoded);
}

std::string EncodeMessageProperties(const MessageProperties& properties) {
  size_t size = 0;
  for (const auto& [name, value] : properties) size += name.size() + value.size() + 2;
  std::string out;
  out.reserve(size);
  for (const auto& [name, value] : properties) AppendProperty(&out, name, value);
  return out;
}

MessageProperties DecodeMessageProperties(std::string_view encoded) {
  MessageProperties properties;
  ForEachProperty(encoded, [&](std::string_view name, std::string_view value) {
    // Producers write them in name order (from a map): the end is the place, found without
    // a search; a repeated name still takes the later value.
    properties.insert_or_assign(properties.end(), std::string(name), std::string(value));
  });
  return properties;
}

std::optional<std::string_view> FindProperty(std::string_view encoded, std::string_view name) {
  std::optional<std::string_view> found;
  FindProperties(encoded, &name, 1, &found);
  return found;
}

void FindProperties(std::string_view encoded, const std::string_view* names, size_t count,
                    std::optional<std::string_view>* values) {
  for (size_t i = 0; i < count; ++i) values[i].reset();
  ForEachProperty(encoded, [&](std::string_view name, std::string_view value) {
    for (size_t i = 0; i < count; ++i) {
      if (name == names[i]) values[i] = value;
    }
  });
}

Status ValidateMessageProperties(const MessageProperties& properties) {
  size_t size = 0;
  for (const auto& [name, value] : properties) {
    if (name.empty()) return Status::InvalidArgument("message property with an empty name");
    if (HasSeparator(name)) {
      return Status::InvalidArgument("message property name '" + name +
                                     "' contains a 0x01/0x02 separator byte");
    }
    if (HasSeparator(value)) {
      return Status::InvalidArgument("value of message property '" + name +
                                     "' contains a 0x01/0x02 separator byte");
    }
    size += name.size() + value.size() + 2;
  }
  if (size > MessageConst::kMaxPropertiesLength) {
    return Status::InvalidArgument("encoded message properties are " + std::to_string(size) +
                                   " bytes, more than the limit of " +
                                   std::to_string(MessageConst::kMaxPropertiesLength));
  }
  return Status::OK();
}

std::vector<std::string_view> SplitKeys(std::string_view keys) {
  std::vector<std::string_view> tokens;
  size_t index = 0;
  while (index < keys.size()) {
    size_t end = keys.find(MessageConst::kKeySeparator, index);
    if (end == std::string_view::npos) end = keys.size();
    if (end > index) tokens.push_back(keys.substr(index, end - index));
    index = end + 1;
  }
  return tokens;
}

}  // namespace protocol
}  // namespace rocketmq
