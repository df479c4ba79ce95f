#include "protocol/consumer_list_body.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

std::string EncodeList(const char* key, const std::vector<std::string>& list) {
  JsonWriter out;
  out.BeginObject().Key(key).BeginArray();
  for (const std::string& s : list) out.String(s);
  out.EndArray().EndObject();
  return out.Take();
}

Status DecodeList(std::string_view json, const char* what, const char* key,
                  std::vector<std::string>* out) {
  Result<Json::Value> value = ParseJson(json, what);
  if (!value.ok()) return value.status();
  return JsonFields(*value, what).StringList(key, out).status();
}

}  // namespace

std::string GetConsumerListByGroupResponseBody::Encode() const {
  return EncodeList("consumerIdList", consumer_id_list);
}

Result<GetConsumerListByGroupResponseBody> GetConsumerListByGroupResponseBody::Decode(
    std::string_view json) {
  GetConsumerListByGroupResponseBody body;
  RMQ_RETURN_IF_ERROR(DecodeList(json, "GetConsumerListByGroupResponseBody", "consumerIdList",
                                 &body.consumer_id_list));
  return body;
}

std::string GroupList::Encode() const { return EncodeList("groupList", group_list); }

Result<GroupList> GroupList::Decode(std::string_view json) {
  GroupList body;
  RMQ_RETURN_IF_ERROR(DecodeList(json, "GroupList", "groupList", &body.group_list));
  return body;
}

}  // namespace protocol
}  // namespace rocketmq
