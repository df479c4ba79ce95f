#include "producer/trace_hooks.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include "common/clock.h"

#include "protocol/batch_body.h"
#include "protocol/message_properties.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;

std::optional<std::string> Property(const MessageExt& message, const char* name) {
  if (!message.has_property(name)) return std::nullopt;
  return message.property(name);
}

// The fields of one record, each written straight into the sink's text.
class FieldWriter {
 public:
  FieldWriter(const char* type, std::string* out) : out_(out) { out_->append(type); }
  FieldWriter& Text(std::string_view value) {
    out_->push_back(kTraceContentSplitor);
    out_->append(value);
    return *this;
  }
  // A Java null is written as "null".
  FieldWriter& TextOrNull(std::optional<std::string_view> value) {
    return Text(value ? *value : std::string_view("null"));
  }
  FieldWriter& Number(int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
    return Text(std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  FieldWriter& Bool(bool value) { return Text(value ? std::string_view("true") : "false"); }
  void End() { out_->push_back(kTraceFieldSplitor); }

 private:
  std::string* out_;
};

// The next comma-separated part of `*rest`, which loses it and its comma.
std::string_view NextPart(std::string_view* rest) {
  const size_t comma = rest->find(',');
  const std::string_view part = rest->substr(0, comma);
  rest->remove_prefix(comma == std::string_view::npos ? rest->size() : comma + 1);
  return part;
}

// One Pub record (Java's TraceDataEncoder: Pub, timestamp, region, group, topic, msgId, tags,
// keys, store host, body length, cost, message type, offset msgId, success) of a message with
// these encoded properties.
void WritePub(const PubSend& pub, const std::string& group, std::string_view properties,
              std::string_view msg_id, std::string_view offset_msg_id, size_t body_length,
              PubRecordSink* sink) {
  const auto keys = protocol::FindProperty(properties, mc::kPropertyKeys);
  FieldWriter("Pub", &sink->text)
      .Number(pub.timestamp)
      .Text(pub.region_id.empty() ? std::string_view("DefaultRegion") : pub.region_id)
      .Text(group)
      .Text(pub.topic)
      .Text(msg_id)
      .TextOrNull(protocol::FindProperty(properties, mc::kPropertyTags))
      .TextOrNull(keys)
      .Text(pub.address)
      .Number(static_cast<int32_t>(body_length))
      .Number(pub.cost_ms)
      .Number(
          TraceMessageType(protocol::FindProperty(properties, mc::kPropertyDelayTimeLevel),
                           protocol::FindProperty(properties, mc::kPropertyStartDeliverTime),
                           protocol::FindProperty(properties, mc::kPropertyTransactionPrepared)))
      .Text(offset_msg_id)
      .Bool(pub.success)
      .End();
  sink->keys.emplace_back(msg_id);
  if (keys && !keys->empty()) sink->keys.emplace_back(*keys);
}

PubSend SendOf(const PendingPub& pub) {
  return PubSend{pub.timestamp, pub.region_id, pub.topic, pub.address, pub.cost_ms, pub.success};
}

// Collects each record as a TraceRecord.
class RecordCollector : public PubRecordSink {
 public:
  void RecordDone() override {
    records.push_back(TraceRecord{std::move(text), std::move(keys)});
    text.clear();
    keys.clear();
  }

  std::vector<TraceRecord> records;
};

}  // namespace

PendingPub MakePendingPub(std::shared_ptr<const PreparedMessage> message, const SendResult& result,
                          const std::string& address, int64_t cost_ms) {
  PendingPub pub;
  if (message->coalesced) {
    pub.records = 1 + static_cast<size_t>(
                          std::count(message->message_id.begin(), message->message_id.end(), ','));
  }
  pub.topic = message->user_topic;
  if (message->coalesced || message->batch) {
    pub.message = std::move(message);
  } else {
    pub.single.reserve(message->message_id.size() + message->properties.size());
    pub.single = message->message_id;
    pub.single += message->properties;
    pub.single_id_length = message->message_id.size();
    pub.body_length = message->body.size();
  }
  pub.offset_msg_id = result.offset_message_id;
  pub.region_id = result.region_id;
  pub.address = address;
  pub.timestamp = clock::WallMillis() - cost_ms;
  pub.cost_ms = cost_ms;
  pub.success = result.status == SendStatus::kSendOk;
  return pub;
}

void WritePubRecords(const PendingPub& pub, const std::string& group, PubRecordSink* sink) {
  if (pub.message == nullptr) {
    const std::string_view single = pub.single;
    WritePub(SendOf(pub), group, single.substr(pub.single_id_length),
             single.substr(0, pub.single_id_length), pub.offset_msg_id, pub.body_length, sink);
    sink->RecordDone();
    return;
  }
  const PreparedMessage& message = *pub.message;
  if (message.coalesced) {
    auto entries = protocol::DecodeBatchBody(message.body);
    // The producer encoded this body itself; a failure here would be a bug, not input.
    if (!entries.ok()) return;
    std::string_view ids = message.message_id;
    std::string_view offset_ids = pub.offset_msg_id;
    for (const protocol::BatchEntry& entry : *entries) {
      // Fewer ids than messages would be a bug too; such messages get the whole lists.
      const std::string_view id = ids.empty() ? message.message_id : NextPart(&ids);
      const std::string_view offset_id =
          offset_ids.empty() ? pub.offset_msg_id : NextPart(&offset_ids);
      WritePub(SendOf(pub), group, entry.properties, id, offset_id, entry.body.size(), sink);
      sink->RecordDone();
    }
    return;
  }
  WritePub(SendOf(pub), group, message.properties, message.message_id, pub.offset_msg_id,
           message.body.size(), sink);
  if (message.batch) {
    for (std::string_view ids = message.message_id; !ids.empty();) {
      sink->keys.emplace_back(NextPart(&ids));
    }
  }
  sink->RecordDone();
}

void WriteSinglePubRecord(const PubSend& send, const std::string& group,
                          std::string_view properties, std::string_view msg_id,
                          std::string_view offset_msg_id, size_t body_length, PubRecordSink* sink) {
  WritePub(send, group, properties, msg_id, offset_msg_id, body_length, sink);
  sink->RecordDone();
}

std::vector<TraceRecord> PubTraceRecords(const PendingPub& pub, const std::string& group) {
  RecordCollector collector;
  WritePubRecords(pub, group, &collector);
  return std::move(collector.records);
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
