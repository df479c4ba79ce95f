#include "protocol/header_codec.h"

#include <strings.h>
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <string_view>

namespace rocketmq {
namespace protocol {
namespace {

// Integer.parseInt / Long.parseLong: optional sign, decimal digits, nothing else.
template <typename T>
bool ParseJavaInteger(const std::string& text, T* out) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') {
    ++begin;
    if (begin != end && *begin == '-') return false;
  }
  if (begin == end) return false;
  T value{};
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return false;
  *out = value;
  return true;
}

}  // namespace

BinaryHeaderWriter::BinaryHeaderWriter(std::string* out, size_t expected_bytes)
    : out_(out), used_(out->size()) {
  out->resize(used_ + expected_bytes);
}

void BinaryHeaderWriter::Grow(size_t at_least) {
  out_->resize(std::max(at_least, 2 * out_->size()));
}

bool ParseHeaderValue(const std::string& text, std::string* out) {
  *out = text;
  return true;
}

bool ParseHeaderValue(const std::string& text, int32_t* out) { return ParseJavaInteger(text, out); }

bool ParseHeaderValue(const std::string& text, int64_t* out) { return ParseJavaInteger(text, out); }

bool ParseHeaderValue(const std::string& text, bool* out) {
  *out = strcasecmp(text.c_str(), "true") == 0;
  return true;
}

namespace {

// Whether `field` is the NUL-terminated `key`, without measuring `key` first: a send's
// header asks for a dozen one-letter keys, each compared with the field the reader expects
// next (strlen and memcmp per key were a third of decoding the header).
bool KeyEquals(const std::string& field, const char* key) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    if (key[i] != field[i] || key[i] == '\0') return false;
  }
  return key[size] == '\0';
}

// ExtFields::KeyLess(field, key) for a NUL-terminated key, settled by the first byte where
// the two differ.
bool FieldLess(const std::string& field, const char* key) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    const auto f = static_cast<unsigned char>(field[i]);
    const auto k = static_cast<unsigned char>(key[i]);
    if (k == 0 || f != k) return f < k;
  }
  return key[size] != '\0';
}

// ExtFields::KeyLess(key, field) for a NUL-terminated key.
bool KeyLessThanField(const char* key, const std::string& field) {
  const size_t size = field.size();
  for (size_t i = 0; i < size; ++i) {
    const auto f = static_cast<unsigned char>(field[i]);
    const auto k = static_cast<unsigned char>(key[i]);
    if (k == 0 || f != k) return k < f;
  }
  return false;
}

}  // namespace

std::string* HeaderReader::Find(const char* key) {
  const auto begin = fields_.begin();
  const auto end = fields_.end();
  const auto next = begin + static_cast<std::ptrdiff_t>(next_);
  if (next != end && KeyEquals(next->first, key)) {
    ++next_;
    return &next->second;
  }
  // Between the last field found and the next one in key order: absent, no search needed.
  const bool after_previous = next == begin || FieldLess((next - 1)->first, key);
  if (after_previous && (next == end || KeyLessThanField(key, next->first))) return nullptr;
  const auto it = fields_.find(std::string_view(key));
  if (it == end) return nullptr;
  next_ = static_cast<size_t>(it - begin) + 1;
  return &it->second;
}

void HeaderReader::Fail(const std::string& what) {
  if (status_.ok()) status_ = Status::InvalidArgument(std::string(header_name_) + ": " + what);
}

}  // namespace protocol
}  // namespace rocketmq
