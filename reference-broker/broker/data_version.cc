#include "broker/data_version.h"

#include "common/clock.h"

namespace rocketmq {
namespace broker {

DataVersion DataVersion::Now() {
  DataVersion v;
  v.timestamp = clock::WallMillis();
  return v;
}

void DataVersion::Next() {
  timestamp = clock::WallMillis();
  ++counter;
}

Json::Value DataVersion::ToJson() const {
  Json::Value out(Json::objectValue);
  out["counter"] = Json::Int64(counter);
  out["stateVersion"] = Json::Int64(state_version);
  out["timestamp"] = Json::Int64(timestamp);
  return out;
}

DataVersion DataVersion::FromJson(const Json::Value& value) {
  DataVersion v;
  if (!value.isObject()) return v;
  auto read = [&](const char* key) -> int64_t {
    const Json::Value& m = value[key];
    return m.isIntegral() ? m.asInt64() : 0;
  };
  v.counter = read("counter");
  v.state_version = read("stateVersion");
  v.timestamp = read("timestamp");
  return v;
}

}  // namespace broker
}  // namespace rocketmq
