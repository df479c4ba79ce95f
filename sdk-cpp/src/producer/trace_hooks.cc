#include "producer/trace_hooks.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "common/clock.h"

#include "protocol/batch_body.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;

std::optional<std::string> Property(std::string_view encoded, const char* name) {
  auto value = protocol::FindProperty(encoded, name);
  return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

std::optional<std::string> Property(const MessageExt& message, const char* name) {
  if (!message.has_property(name)) return std::nullopt;
  return message.property(name);
}

// The comma-separated parts of `joined`.
std::vector<std::string> SplitCommas(const std::string& joined) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (;;) {
    const size_t comma = joined.find(',', from);
    parts.push_back(joined.substr(from, comma == std::string::npos ? comma : comma - from));
    if (comma == std::string::npos) return parts;
    from = comma + 1;
  }
}

PubTrace BasePub(const PendingPub& pub, const std::string& group) {
  PubTrace trace;
  trace.timestamp = pub.timestamp;
  trace.region_id = pub.region_id.empty() ? "DefaultRegion" : pub.region_id;
  trace.group = group;
  trace.topic = pub.message->user_topic;
  trace.store_host = pub.address;
  trace.cost_ms = pub.cost_ms;
  trace.success = pub.success;
  return trace;
}

void FillFromProperties(std::string_view properties, PubTrace* trace) {
  trace->tags = Property(properties, mc::kPropertyTags);
  trace->keys = Property(properties, mc::kPropertyKeys);
  trace->msg_type = TraceMessageType(Property(properties, mc::kPropertyDelayTimeLevel),
                                     Property(properties, mc::kPropertyStartDeliverTime),
                                     Property(properties, mc::kPropertyTransactionPrepared));
}

}  // namespace

PendingPub MakePendingPub(std::shared_ptr<const PreparedMessage> message, const SendResult& result,
                          const std::string& address, int64_t cost_ms) {
  PendingPub pub;
  if (message->coalesced) {
    pub.records = 1 + static_cast<size_t>(
                          std::count(message->message_id.begin(), message->message_id.end(), ','));
  }
  pub.message = std::move(message);
  pub.offset_msg_id = result.offset_message_id;
  pub.region_id = result.region_id;
  pub.address = address;
  pub.timestamp = clock::WallMillis() - cost_ms;
  pub.cost_ms = cost_ms;
  pub.success = result.status == SendStatus::kSendOk;
  return pub;
}

std::vector<TraceRecord> PubTraceRecords(const PendingPub& pub, const std::string& group) {
  const PreparedMessage& message = *pub.message;
  std::vector<TraceRecord> records;
  if (message.coalesced) {
    auto entries = protocol::DecodeBatchBody(message.body);
    // The producer encoded this body itself; a failure here would be a bug, not input.
    if (!entries.ok()) return records;
    const std::vector<std::string> ids = SplitCommas(message.message_id);
    const std::vector<std::string> offset_ids = SplitCommas(pub.offset_msg_id);
    records.reserve(entries->size());
    for (size_t i = 0; i < entries->size(); ++i) {
      const protocol::BatchEntry& entry = (*entries)[i];
      PubTrace trace = BasePub(pub, group);
      FillFromProperties(entry.properties, &trace);
      trace.msg_id = i < ids.size() ? ids[i] : message.message_id;
      trace.offset_msg_id = i < offset_ids.size() ? offset_ids[i] : pub.offset_msg_id;
      trace.body_length = static_cast<int32_t>(entry.body.size());
      records.push_back(EncodeTrace(trace));
    }
    return records;
  }
  PubTrace trace = BasePub(pub, group);
  FillFromProperties(message.properties, &trace);
  trace.msg_id = message.message_id;
  trace.offset_msg_id = pub.offset_msg_id;
  trace.body_length = static_cast<int32_t>(message.body.size());
  records.push_back(EncodeTrace(trace));
  if (message.batch) {
    for (auto& id : SplitCommas(message.message_id)) records.back().keys.push_back(std::move(id));
  }
  return records;
}

void AppendSubBeforeRecords(const std::vector<MessageExt>& messages, const std::string& group,
                            const std::string& request_id, int64_t timestamp,
                            std::vector<TraceRecord>* out) {
  for (const MessageExt& message : messages) {
    if (message.property(mc::kPropertyTraceSwitch) == "false") continue;
    SubBeforeTrace trace;
    trace.timestamp = timestamp;
    trace.region_id = Property(message, mc::kPropertyMsgRegion);
    trace.group = group;
    trace.request_id = request_id;
    trace.msg_id = message.msg_id();
    trace.reconsume_times = message.reconsume_times();
    trace.keys = Property(message, mc::kPropertyKeys);
    out->push_back(EncodeTrace(trace));
  }
}

void AppendSubAfterRecords(const std::vector<MessageExt>& messages, const std::string& group,
                           const std::string& request_id, int64_t cost_ms, bool success,
                           int context_code, int64_t timestamp, std::vector<TraceRecord>* out) {
  const int64_t each = messages.empty() ? cost_ms : cost_ms / static_cast<int64_t>(messages.size());
  for (const MessageExt& message : messages) {
    if (message.property(mc::kPropertyTraceSwitch) == "false") continue;
    SubAfterTrace trace;
    trace.request_id = request_id;
    trace.msg_id = message.msg_id();
    trace.cost_ms = each;
    trace.success = success;
    trace.keys = Property(message, mc::kPropertyKeys);
    trace.context_code = context_code;
    trace.timestamp = timestamp;
    trace.group = group;
    out->push_back(EncodeTrace(trace));
  }
}

}  // namespace client
}  // namespace rocketmq
