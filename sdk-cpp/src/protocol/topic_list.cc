#include "protocol/topic_list.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {

std::string TopicList::Encode() const {
  JsonWriter out;
  out.BeginObject();
  if (!broker_addr.empty()) out.Field("brokerAddr", broker_addr);
  out.Key("topicList").BeginArray();
  for (const std::string& topic : topic_list) out.String(topic);
  out.EndArray().EndObject();
  return out.Take();
}

Result<TopicList> TopicList::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "TopicList");
  if (!value.ok()) return value.status();
  TopicList list;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "TopicList")
                          .String("brokerAddr", &list.broker_addr)
                          .StringSet("topicList", &list.topic_list)
                          .status());
  return list;
}

}  // namespace protocol
}  // namespace rocketmq
