#include "protocol/consume_stats.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {
namespace {

// Decodes each member of `object[key]` whose name is a MessageQueue key with
// read(mq, value, what).
template <typename Read>
Status ReadQueueTable(const Json::Value& object, const std::string& what, const char* key,
                      Read read) {
  return JsonFields(object, what)
      .Object(key,
              [&read](const std::string& name, const Json::Value& v, const std::string& where) {
                Result<MessageQueue> mq = MessageQueue::FromKeyJson(name);
                if (!mq.ok()) return mq.status().WithContext(where);
                return read(*mq, v, where);
              })
      .status();
}

}  // namespace

std::string ConsumeStats::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("consumeTps").Double(consume_tps).Key("offsetTable").BeginObject();
  for (const auto& [mq, offsets] : offset_table) {
    out.RawKey(mq.KeyJson()).BeginObject();
    out.Field("brokerOffset", offsets.broker_offset)
        .Field("consumerOffset", offsets.consumer_offset)
        .Field("lastTimestamp", offsets.last_timestamp);
    if (offsets.pull_offset.has_value()) out.Field("pullOffset", *offsets.pull_offset);
    out.EndObject();
  }
  out.EndObject().EndObject();
  return out.Take();
}

Result<ConsumeStats> ConsumeStats::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ConsumeStats");
  if (!value.ok()) return value.status();
  ConsumeStats stats;
  RMQ_RETURN_IF_ERROR(
      JsonFields(*value, "ConsumeStats").Double("consumeTps", &stats.consume_tps).status());
  RMQ_RETURN_IF_ERROR(ReadQueueTable(
      *value, "ConsumeStats", "offsetTable",
      [&stats](const MessageQueue& mq, const Json::Value& v, const std::string& what) {
        OffsetWrapper& offsets = stats.offset_table[mq];
        int64_t pull_offset = 0;
        Status status = JsonFields(v, what)
                            .Int64("brokerOffset", &offsets.broker_offset)
                            .Int64("consumerOffset", &offsets.consumer_offset)
                            .Int64("lastTimestamp", &offsets.last_timestamp)
                            .Int64("pullOffset", &pull_offset)
                            .status();
        if (status.ok() && v.isMember("pullOffset")) offsets.pull_offset = pull_offset;
        return status;
      }));
  return stats;
}

std::string TopicStatsTable::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("offsetTable").BeginObject();
  for (const auto& [mq, offsets] : offset_table) {
    out.RawKey(mq.KeyJson())
        .BeginObject()
        .Field("lastUpdateTimestamp", offsets.last_update_timestamp)
        .Field("maxOffset", offsets.max_offset)
        .Field("minOffset", offsets.min_offset)
        .EndObject();
  }
  out.EndObject();
  if (topic_put_tps.has_value()) out.Key("topicPutTps").Double(*topic_put_tps);
  out.EndObject();
  return out.Take();
}

Result<TopicStatsTable> TopicStatsTable::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "TopicStatsTable");
  if (!value.ok()) return value.status();
  TopicStatsTable table;
  RMQ_RETURN_IF_ERROR(ReadQueueTable(
      *value, "TopicStatsTable", "offsetTable",
      [&table](const MessageQueue& mq, const Json::Value& v, const std::string& what) {
        TopicOffset& offsets = table.offset_table[mq];
        return JsonFields(v, what)
            .Int64("lastUpdateTimestamp", &offsets.last_update_timestamp)
            .Int64("maxOffset", &offsets.max_offset)
            .Int64("minOffset", &offsets.min_offset)
            .status();
      }));
  if (value->isMember("topicPutTps")) {
    double tps = 0;
    RMQ_RETURN_IF_ERROR(JsonFields(*value, "TopicStatsTable").Double("topicPutTps", &tps).status());
    table.topic_put_tps = tps;
  }
  return table;
}

std::string ResetOffsetBody::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("offsetTable").BeginObject();
  for (const auto& [mq, offset] : offset_table) out.RawKey(mq.KeyJson()).Int(offset);
  out.EndObject().EndObject();
  return out.Take();
}

Result<ResetOffsetBody> ResetOffsetBody::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "ResetOffsetBody");
  if (!value.ok()) return value.status();
  ResetOffsetBody body;
  RMQ_RETURN_IF_ERROR(ReadQueueTable(
      *value, "ResetOffsetBody", "offsetTable",
      [&body](const MessageQueue& mq, const Json::Value& v, const std::string& what) {
        int64_t offset = 0;
        if (!JsonToInt64(v, &offset)) return Status::Protocol(what + " is not a long");
        body.offset_table[mq] = offset;
        return Status::OK();
      }));
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
