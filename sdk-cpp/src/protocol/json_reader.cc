#include "protocol/json_reader.h"

#include <charconv>
#include <cstdlib>
#include <exception>
#include <limits>
#include <memory>

#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index just past the string literal starting at text[i] (a quote), or text.size().
size_t SkipString(std::string_view text, size_t i) {
  ++i;
  while (i < text.size()) {
    if (text[i] == '\\') {
      i += 2;
    } else if (text[i] == '"') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return text.size();
}

// Index just past the object or array starting at text[i], or text.size() if unbalanced.
size_t SkipContainer(std::string_view text, size_t i) {
  int depth = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
    ++i;
  }
  return text.size();
}

// Rewrites every object key that is not a string literal into a string literal holding the
// key's text. Structure errors are left for the JSON parser to report.
std::string QuoteRawKeys(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::vector<char> stack;
  bool expect_key = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsSpace(c)) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (expect_key && c != '"' && c != '}') {
      size_t end;
      if (c == '{' || c == '[') {
        end = SkipContainer(text, i);
      } else {
        end = i;
        while (end < text.size() && text[end] != ':' && !IsSpace(text[end])) ++end;
      }
      JsonWriter key;
      key.String(text.substr(i, end - i));
      out.append(key.str());
      expect_key = false;
      i = end;
      continue;
    }
    if (c == '"') {
      const size_t end = SkipString(text, i);
      out.append(text.substr(i, end - i));
      expect_key = false;
      i = end;
      continue;
    }
    out.push_back(c);
    ++i;
    if (c == '{') {
      stack.push_back('{');
      expect_key = true;
    } else if (c == '[') {
      stack.push_back('[');
      expect_key = false;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      expect_key = false;
    } else if (c == ',') {
      expect_key = !stack.empty() && stack.back() == '{';
    }
  }
  return out;
}

bool ParseInt64Text(std::string_view text, int64_t* out) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return false;
  *out = v;
  return true;
}

// Building the settings costs more than parsing a small body, so it is done once; the
// builder is never modified afterwards and newCharReader() is const.
const Json::CharReaderBuilder& ReaderBuilder() {
  static const Json::CharReaderBuilder builder = [] {
    Json::CharReaderBuilder b;
    b["collectComments"] = false;
    b["allowSpecialFloats"] = true;
    b["failIfExtra"] = true;
    b["rejectDupKeys"] = false;
    // Bounded nesting keeps hostile input from exhausting the stack.
    b["stackLimit"] = 256;
    return b;
  }();
  return builder;
}

}  // namespace

Result<Json::Value> ParseJson(std::string_view text, std::string_view what) {
  const std::string quoted = QuoteRawKeys(text);
  std::unique_ptr<Json::CharReader> reader(ReaderBuilder().newCharReader());
  Json::Value value;
  std::string errors;
  bool parsed = false;
  try {
    parsed = reader->parse(quoted.data(), quoted.data() + quoted.size(), &value, &errors);
  } catch (const std::exception& e) {
    // jsoncpp reports some limits (nesting depth) by throwing.
    errors = e.what();
  }
  if (!parsed) {
    while (!errors.empty() && IsSpace(errors.back())) errors.pop_back();
    return Status::Protocol(std::string(what) + " is not valid JSON: " + errors);
  }
  return value;
}

bool JsonToInt64(const Json::Value& v, int64_t* out) {
  if (v.isInt64()) {
    *out = v.asInt64();
    return true;
  }
  if (v.isString()) return ParseInt64Text(v.asString(), out);
  return false;
}

bool JsonToInt32(const Json::Value& v, int32_t* out) {
  int64_t wide = 0;
  if (!JsonToInt64(v, &wide) || wide < std::numeric_limits<int32_t>::min() ||
      wide > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  *out = static_cast<int32_t>(wide);
  return true;
}

bool JsonToBool(const Json::Value& v, bool* out) {
  if (v.isBool()) {
    *out = v.asBool();
    return true;
  }
  if (v.isString()) {
    const std::string s = v.asString();
    if (s == "true" || s == "false") {
      *out = s == "true";
      return true;
    }
  }
  return false;
}

bool JsonToString(const Json::Value& v, std::string* out) {
  if (v.isString()) {
    *out = v.asString();
    return true;
  }
  if (v.isIntegral() || v.isBool() || v.isDouble()) {
    *out = v.asString();
    return true;
  }
  return false;
}

JsonFields::JsonFields(const Json::Value& object, std::string what)
    : object_(object), what_(std::move(what)) {
  if (!object_.isObject()) status_ = Status::Protocol(what_ + " is not a JSON object");
}

const Json::Value* JsonFields::Find(const char* key, bool required, const char* expected) {
  if (!status_.ok()) return nullptr;
  const Json::Value* v = object_.find(key, key + std::char_traits<char>::length(key));
  if (v == nullptr || v->isNull()) {
    if (required) {
      status_ =
          Status::Protocol(what_ + " is missing required field '" + key + "' (" + expected + ")");
    }
    return nullptr;
  }
  return v;
}

JsonFields& JsonFields::Fail(const char* key, const std::string& reason) {
  if (status_.ok()) status_ = Status::Protocol(what_ + " field '" + key + "' " + reason);
  return *this;
}

JsonFields& JsonFields::String(const char* key, std::string* out, bool required) {
  const Json::Value* v = Find(key, required, "a string");
  if (v != nullptr && !JsonToString(*v, out)) Fail(key, "is not a string");
  return *this;
}

JsonFields& JsonFields::Int32(const char* key, int32_t* out, bool required) {
  const Json::Value* v = Find(key, required, "an int");
  if (v != nullptr && !JsonToInt32(*v, out)) Fail(key, "is not a 32-bit integer");
  return *this;
}

JsonFields& JsonFields::Int64(const char* key, int64_t* out, bool required) {
  const Json::Value* v = Find(key, required, "a long");
  if (v != nullptr && !JsonToInt64(*v, out)) Fail(key, "is not a 64-bit integer");
  return *this;
}

JsonFields& JsonFields::Bool(const char* key, bool* out, bool required) {
  const Json::Value* v = Find(key, required, "a boolean");
  if (v != nullptr && !JsonToBool(*v, out)) Fail(key, "is not a boolean");
  return *this;
}

JsonFields& JsonFields::Double(const char* key, double* out, bool required) {
  const Json::Value* v = Find(key, required, "a number");
  if (v == nullptr) return *this;
  if (v->isNumeric()) {
    *out = v->asDouble();
  } else if (v->isString()) {
    const std::string s = v->asString();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) return Fail(key, "is not a number");
    *out = d;
  } else {
    Fail(key, "is not a number");
  }
  return *this;
}

JsonFields& JsonFields::StringList(const char* key, std::vector<std::string>* out, bool required) {
  const Json::Value* v = Find(key, required, "an array of strings");
  if (v == nullptr) return *this;
  if (!v->isArray()) return Fail(key, "is not an array");
  out->clear();
  for (const Json::Value& element : *v) {
    std::string s;
    if (!JsonToString(element, &s)) return Fail(key, "has an element that is not a string");
    out->push_back(std::move(s));
  }
  return *this;
}

JsonFields& JsonFields::StringSet(const char* key, std::set<std::string>* out, bool required) {
  if (Find(key, required, "an array of strings") == nullptr) return *this;
  std::vector<std::string> list;
  StringList(key, &list, required);
  if (status_.ok()) *out = std::set<std::string>(list.begin(), list.end());
  return *this;
}

JsonFields& JsonFields::StringMap(const char* key, std::map<std::string, std::string>* out,
                                  bool required) {
  const Json::Value* v = Find(key, required, "an object of strings");
  if (v == nullptr) return *this;
  if (!v->isObject()) return Fail(key, "is not an object");
  out->clear();
  for (auto it = v->begin(); it != v->end(); ++it) {
    std::string s;
    if (!JsonToString(*it, &s)) return Fail(key, "has a member that is not a string");
    (*out)[it.name()] = std::move(s);
  }
  return *this;
}

}  // namespace protocol
}  // namespace rocketmq
