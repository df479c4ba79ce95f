#include "broker/json_util.h"

#include <json/reader.h>
#include <json/writer.h>

#include <exception>
#include <memory>

namespace rocketmq {
namespace broker {
namespace json {

Result<Json::Value> Parse(std::string_view text, const std::string& what) {
  Json::CharReaderBuilder builder;
  builder["allowNumericKeys"] = true;
  builder["collectComments"] = false;
  std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
  Json::Value root;
  std::string errors;
  bool parsed = false;
  try {
    parsed = reader->parse(text.data(), text.data() + text.size(), &root, &errors);
  } catch (const std::exception& e) {
    // jsoncpp throws instead of failing for some inputs (nesting beyond its stack limit).
    errors = e.what();
  }
  if (!parsed) {
    while (!errors.empty() && (errors.back() == '\n' || errors.back() == ' ')) errors.pop_back();
    return Status::Corruption(what + " is not valid JSON: " + errors);
  }
  return root;
}

std::string WriteCompact(const Json::Value& value) {
  Json::StreamWriterBuilder builder;
  builder["indentation"] = "";
  builder["emitUTF8"] = true;
  return Json::writeString(builder, value);
}

std::string WritePretty(const Json::Value& value) {
  Json::StreamWriterBuilder builder;
  builder["indentation"] = "\t";
  builder["emitUTF8"] = true;
  return Json::writeString(builder, value);
}

int64_t GetInt64(const Json::Value& object, const char* key, int64_t fallback) {
  if (!object.isObject()) return fallback;
  const Json::Value& m = object[key];
  if (m.isIntegral()) return m.asInt64();
  if (m.isDouble()) return static_cast<int64_t>(m.asDouble());
  if (m.isString()) {
    try {
      size_t used = 0;
      const std::string s = m.asString();
      const int64_t v = std::stoll(s, &used);
      if (used == s.size()) return v;
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

int32_t GetInt32(const Json::Value& object, const char* key, int32_t fallback) {
  const int64_t v = GetInt64(object, key, fallback);
  if (v < INT32_MIN || v > INT32_MAX) return fallback;
  return static_cast<int32_t>(v);
}

bool GetBool(const Json::Value& object, const char* key, bool fallback) {
  if (!object.isObject()) return fallback;
  const Json::Value& m = object[key];
  if (m.isBool()) return m.asBool();
  if (m.isString()) return m.asString() == "true";
  return fallback;
}

std::string GetString(const Json::Value& object, const char* key, const std::string& fallback) {
  if (!object.isObject()) return fallback;
  const Json::Value& m = object[key];
  if (m.isString()) return m.asString();
  if (m.isNumeric() || m.isBool()) return m.asString();
  return fallback;
}

}  // namespace json
}  // namespace broker
}  // namespace rocketmq
