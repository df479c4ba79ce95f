// JsonWriter: writes JSON the way fastjson 1.x (what Apache RocketMQ serializes bodies with)
// does: compact, strings escaped like fastjson, and map keys that are not strings written
// raw — `{0:"10.0.0.1:10911"}`, `{{"brokerName":"b","queueId":0,"topic":"T"}:12}` — which is
// not valid JSON but is what Java peers send and what fastjson reads back into
// Map<Long, ...> or Map<MessageQueue, ...>.
//
// Bean properties must be written in alphabetical order to match fastjson byte for byte;
// callers do that by writing them in that order (each body's encoder lists them sorted).
//
// The "standard JSON" mode is what namesrv 4.9.4+ sends to clients that ask for it (request
// version >= V4_9_4 or acceptStandardJsonOnly): raw keys are quoted, non-ASCII characters
// escaped as \uXXXX and integers beyond +-2^53 written as strings.
#ifndef ROCKETMQ_PROTOCOL_JSON_WRITER_H_
#define ROCKETMQ_PROTOCOL_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rocketmq {
namespace protocol {

class JsonWriter {
 public:
  enum class Mode { kFastjson, kStandard };

  explicit JsonWriter(Mode mode = Mode::kFastjson) : mode_(mode) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();

  // An object key, quoted.
  JsonWriter& Key(std::string_view key);
  // A non-string map key: a number or the JSON text of an object. Written as is in fastjson
  // mode; quoted (as a string holding that text) in standard mode.
  JsonWriter& RawKey(std::string_view key_json);
  JsonWriter& RawKey(int64_t key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  // Like Java's Double.toString for the values RocketMQ's statistics hold ("0.0", "12.5").
  JsonWriter& Double(double value);
  JsonWriter& Null();
  // Already-encoded JSON text inserted as one value.
  JsonWriter& Raw(std::string_view json);

  // Shorthands for one property.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int32_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }

  Mode mode() const { return mode_; }
  // The text written so far.
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void AppendQuoted(std::string_view text);

  Mode mode_;
  std::string out_;
  // Per open container: whether a value was written (a comma is due before the next).
  std::vector<bool> has_items_;
  bool after_key_ = false;
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_JSON_WRITER_H_
