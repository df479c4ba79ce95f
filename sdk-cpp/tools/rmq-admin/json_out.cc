#include "json_out.h"

#include <cmath>
#include <cstdio>

namespace rocketmq {
namespace admin_cli {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c >= 0x20 && c < 0x80) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (c >= 0x80) {
      if (size_t n = Utf8Length(text, i)) {
        out.append(text.substr(i, n));
        i += n - 1;
        continue;
      }
    }
    char escaped[8];
    std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
    out += escaped;
  }
  out += "\"";
  return out;
}

void JsonOut::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_value_.empty()) {
    if (has_value_.back()) out_ += ",";
    has_value_.back() = true;
  }
}

JsonOut& JsonOut::BeginObject() {
  BeforeValue();
  out_ += "{";
  has_value_.push_back(false);
  return *this;
}

JsonOut& JsonOut::EndObject() {
  out_ += "}";
  has_value_.pop_back();
  return *this;
}

JsonOut& JsonOut::BeginArray() {
  BeforeValue();
  out_ += "[";
  has_value_.push_back(false);
  return *this;
}

JsonOut& JsonOut::EndArray() {
  out_ += "]";
  has_value_.pop_back();
  return *this;
}

JsonOut& JsonOut::Key(std::string_view key) {
  BeforeValue();
  out_ += JsonQuote(key);
  out_ += ":";
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::String(std::string_view value) {
  BeforeValue();
  out_ += JsonQuote(value);
  return *this;
}

JsonOut& JsonOut::Int(int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}

JsonOut& JsonOut::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_ += "null";
    return *this;
  }
  char text[64];
  std::snprintf(text, sizeof(text), "%.6g", value);
  out_ += text;
  return *this;
}

JsonOut& JsonOut::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonOut& JsonOut::Object(const std::map<std::string, std::string>& map) {
  BeginObject();
  for (const auto& [k, v] : map) Field(k, v);
  return EndObject();
}

JsonOut& JsonOut::Strings(const std::vector<std::string>& values) {
  BeginArray();
  for (const auto& v : values) String(v);
  return EndArray();
}

}  // namespace admin_cli
}  // namespace rocketmq
