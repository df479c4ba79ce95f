#include "protocol/json_writer.h"

#include <charconv>
#include <cmath>

namespace rocketmq {
namespace protocol {
namespace {

constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

void AppendUnicodeEscape(std::string* out, uint32_t unit) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->append("\\u");
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(unit >> shift) & 0xF]);
}

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 if malformed.
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t* code_point) {
  const auto b0 = static_cast<uint8_t>(text[i]);
  size_t length = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<uint8_t>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  *code_point = cp;
  return length;
}

}  // namespace

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_.push_back(',');
    has_items_.back() = true;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  if (!has_items_.empty()) has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  if (!has_items_.empty()) has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendQuoted(key);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::RawKey(std::string_view key_json) {
  if (mode_ == Mode::kStandard) return Key(key_json);
  BeforeValue();
  out_.append(key_json);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::RawKey(int64_t key) { return RawKey(std::to_string(key)); }

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(value);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  const bool as_string =
      mode_ == Mode::kStandard && (value > kMaxSafeInteger || value < -kMaxSafeInteger);
  if (as_string) out_.push_back('"');
  out_.append(std::to_string(value));
  if (as_string) out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    // fastjson writes NaN and infinities as null.
    out_.append("null");
    return *this;
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text.append(".0");
  out_.append(text);
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
  return *this;
}

void JsonWriter::AppendQuoted(std::string_view text) {
  out_.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '"':
        out_.append("\\\"");
        continue;
      case '\\':
        out_.append("\\\\");
        continue;
      case '\b':
        out_.append("\\b");
        continue;
      case '\f':
        out_.append("\\f");
        continue;
      case '\n':
        out_.append("\\n");
        continue;
      case '\r':
        out_.append("\\r");
        continue;
      case '\t':
        out_.append("\\t");
        continue;
      default:
        break;
    }
    const auto byte = static_cast<uint8_t>(c);
    if (byte < 0x20) {
      AppendUnicodeEscape(&out_, byte);
    } else if (byte >= 0x80 && mode_ == Mode::kStandard) {
      uint32_t cp = 0;
      const size_t length = DecodeUtf8(text, i, &cp);
      if (length == 0) {
        // Not UTF-8: pass the byte through rather than invent a character.
        out_.push_back(c);
        continue;
      }
      if (cp >= 0x10000) {
        cp -= 0x10000;
        AppendUnicodeEscape(&out_, 0xD800 + (cp >> 10));
        AppendUnicodeEscape(&out_, 0xDC00 + (cp & 0x3FF));
      } else {
        AppendUnicodeEscape(&out_, cp);
      }
      i += length - 1;
    } else {
      out_.push_back(c);
    }
  }
  out_.push_back('"');
}

}  // namespace protocol
}  // namespace rocketmq
