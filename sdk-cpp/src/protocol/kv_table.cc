#include "protocol/kv_table.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {

std::string KVTable::Encode() const {
  JsonWriter out;
  out.BeginObject().Key("table").BeginObject();
  for (const auto& [key, value] : table) out.Field(key, value);
  out.EndObject().EndObject();
  return out.Take();
}

Result<KVTable> KVTable::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "KVTable");
  if (!value.ok()) return value.status();
  KVTable kv;
  RMQ_RETURN_IF_ERROR(JsonFields(*value, "KVTable").StringMap("table", &kv.table).status());
  return kv;
}

}  // namespace protocol
}  // namespace rocketmq
