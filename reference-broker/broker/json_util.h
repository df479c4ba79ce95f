// JSON reading and writing in the shapes Apache's fastjson produces and accepts.
//
// Reading is lenient the way fastjson is: object keys may be bare numbers ({0:12}), as
// Apache writes Map<Integer,...> in consumerOffset.json. Writing sorts keys (jsoncpp
// objects are ordered maps), which is also fastjson's default.
#ifndef ROCKETMQ_BROKER_JSON_UTIL_H_
#define ROCKETMQ_BROKER_JSON_UTIL_H_

#include <json/value.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {
namespace json {

// Parses `text`; `what` names the document in the error ("topics.json").
Result<Json::Value> Parse(std::string_view text, const std::string& what);

// Compact single-line JSON (request and response bodies).
std::string WriteCompact(const Json::Value& value);
// Indented JSON (config files, like fastjson's prettyFormat).
std::string WritePretty(const Json::Value& value);

// Typed member access with a default for missing or mistyped members. Numbers written as
// strings (which some clients send) are accepted too.
int64_t GetInt64(const Json::Value& object, const char* key, int64_t fallback);
int32_t GetInt32(const Json::Value& object, const char* key, int32_t fallback);
bool GetBool(const Json::Value& object, const char* key, bool fallback);
std::string GetString(const Json::Value& object, const char* key, const std::string& fallback);

}  // namespace json
}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_JSON_UTIL_H_
