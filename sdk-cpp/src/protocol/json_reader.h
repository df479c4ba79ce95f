// Reading the JSON Java peers send: fastjson's output, which may use non-string map keys —
// bare numbers (`{0:"10.0.0.1:10911"}`) or whole objects (`{{"brokerName":...}:{...}}`) —
// that no standard parser accepts (protocol.md §4.0).
//
// ParseJson() turns every such key into a string key holding the key's raw text ("0", or the
// object's JSON text) and then parses with jsoncpp. An object key can be read back with
// ParseJson(key). JsonFields reads typed fields out of an object with one error message per
// body that names the body and the field, so each body's decoder is a flat list of fields.
#ifndef ROCKETMQ_PROTOCOL_JSON_READER_H_
#define ROCKETMQ_PROTOCOL_JSON_READER_H_

#include <json/json.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// Parses fastjson or standard JSON text. Errors are Protocol errors naming `what` (e.g.
// "TopicRouteData") and jsoncpp's reason.
Result<Json::Value> ParseJson(std::string_view text, std::string_view what = "JSON body");

// Typed, lenient reads of an object's fields, collecting the first error. Numbers may come as
// JSON numbers or as numeric strings (standard-JSON longs); booleans as true/false or their
// strings. A missing or null field leaves the output untouched unless `required`.
class JsonFields {
 public:
  // `what` names the object in errors ("TopicRouteData.brokerDatas[1]").
  JsonFields(const Json::Value& object, std::string what);

  JsonFields& String(const char* key, std::string* out, bool required = false);
  JsonFields& Int32(const char* key, int32_t* out, bool required = false);
  JsonFields& Int64(const char* key, int64_t* out, bool required = false);
  JsonFields& Bool(const char* key, bool* out, bool required = false);
  JsonFields& Double(const char* key, double* out, bool required = false);
  JsonFields& StringList(const char* key, std::vector<std::string>* out, bool required = false);
  JsonFields& StringSet(const char* key, std::set<std::string>* out, bool required = false);
  JsonFields& StringMap(const char* key, std::map<std::string, std::string>* out,
                        bool required = false);

  // Calls decode(element, what, &out_element) for each element of an array field and appends
  // the elements; decode returns a Status.
  template <typename T, typename Decode>
  JsonFields& Array(const char* key, std::vector<T>* out, Decode decode, bool required = false) {
    const Json::Value* v = Find(key, required, "an array");
    if (v == nullptr) return *this;
    if (!v->isArray()) return Fail(key, "is not an array");
    out->clear();
    for (Json::ArrayIndex i = 0; i < v->size() && status_.ok(); ++i) {
      T element;
      Status s = decode((*v)[i], what_ + "." + key + "[" + std::to_string(i) + "]", &element);
      if (!s.ok()) {
        status_ = s;
      } else {
        out->push_back(std::move(element));
      }
    }
    return *this;
  }

  // Reads an object field with T::Read (see ReadWith below).
  template <typename T>
  JsonFields& Struct(const char* key, T* out, bool required = false) {
    const Json::Value* v = Find(key, required, "an object");
    if (v == nullptr) return *this;
    Status s = T::Read(*v, what_ + "." + key, out);
    if (!s.ok()) status_ = s;
    return *this;
  }

  // Calls decode(member_name, value, what) for each member of an object field.
  template <typename Decode>
  JsonFields& Object(const char* key, Decode decode, bool required = false) {
    const Json::Value* v = Find(key, required, "an object");
    if (v == nullptr) return *this;
    if (!v->isObject()) return Fail(key, "is not an object");
    for (const std::string& name : v->getMemberNames()) {
      if (!status_.ok()) break;
      Status s = decode(name, (*v)[name], what_ + "." + key + "[" + name + "]");
      if (!s.ok()) status_ = s;
    }
    return *this;
  }

  const Status& status() const { return status_; }

 private:
  const Json::Value* Find(const char* key, bool required, const char* expected);
  JsonFields& Fail(const char* key, const std::string& reason);

  const Json::Value& object_;
  std::string what_;
  Status status_;
};

// The element decoder for JsonFields::Array of a type with a static
// `Status Read(const Json::Value&, const std::string& what, T* out)`.
template <typename T>
auto ReadWith() {
  return
      [](const Json::Value& v, const std::string& what, T* out) { return T::Read(v, what, out); };
}

// Scalar conversions with the same leniency, for map values and array elements. Each returns
// false if `v` does not hold a value of the type.
bool JsonToInt64(const Json::Value& v, int64_t* out);
bool JsonToInt32(const Json::Value& v, int32_t* out);
bool JsonToBool(const Json::Value& v, bool* out);
bool JsonToString(const Json::Value& v, std::string* out);

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_JSON_READER_H_
