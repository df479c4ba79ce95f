#include "protocol/data_version.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace protocol {

void DataVersion::Write(JsonWriter* out) const {
  out->BeginObject()
      .Field("counter", counter)
      .Field("stateVersion", state_version)
      .Field("timestamp", timestamp)
      .EndObject();
}

Status DataVersion::Read(const Json::Value& value, const std::string& what, DataVersion* out) {
  return JsonFields(value, what)
      .Int64("counter", &out->counter)
      .Int64("stateVersion", &out->state_version)
      .Int64("timestamp", &out->timestamp)
      .status();
}

std::string DataVersion::Encode() const {
  JsonWriter out;
  Write(&out);
  return out.Take();
}

Result<DataVersion> DataVersion::Decode(std::string_view json) {
  Result<Json::Value> value = ParseJson(json, "DataVersion");
  if (!value.ok()) return value.status();
  DataVersion version;
  RMQ_RETURN_IF_ERROR(Read(*value, "DataVersion", &version));
  return version;
}

}  // namespace protocol
}  // namespace rocketmq
