// JsonOut: a small streaming JSON writer for the `--json` output of rmq-admin. The tool uses
// only the SDK's public API, so it carries its own writer; strings are escaped per RFC 8259
// (control characters and non-UTF-8 bytes as \u00XX) so that any message body is safe.
#ifndef ROCKETMQ_TOOLS_RMQ_ADMIN_JSON_OUT_H_
#define ROCKETMQ_TOOLS_RMQ_ADMIN_JSON_OUT_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rocketmq {
namespace admin_cli {

class JsonOut {
 public:
  JsonOut& BeginObject();
  JsonOut& EndObject();
  JsonOut& BeginArray();
  JsonOut& EndArray();
  JsonOut& Key(std::string_view key);
  JsonOut& String(std::string_view value);
  JsonOut& Int(int64_t value);
  JsonOut& Double(double value);
  JsonOut& Bool(bool value);

  JsonOut& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonOut& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonOut& Field(std::string_view key, const std::string& value) { return Key(key).String(value); }
  JsonOut& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonOut& Field(std::string_view key, int32_t value) { return Key(key).Int(value); }
  JsonOut& Field(std::string_view key, double value) { return Key(key).Double(value); }
  JsonOut& Field(std::string_view key, bool value) { return Key(key).Bool(value); }
  JsonOut& Object(const std::map<std::string, std::string>& map);
  JsonOut& Strings(const std::vector<std::string>& values);

  const std::string& str() const { return out_; }

 private:
  void BeforeValue();

  std::string out_;
  // One entry per open container: whether it already holds a value.
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

// `text` as a quoted JSON string.
std::string JsonQuote(std::string_view text);

}  // namespace admin_cli
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_ADMIN_JSON_OUT_H_
