#include "protocol/header_codec.h"

#include <strings.h>
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

std::string* HeaderReader::Find(const char* key) {
  const std::string_view wanted(key);
  const auto begin = fields_.begin();
  const auto end = fields_.end();
  const auto next = begin + static_cast<std::ptrdiff_t>(next_);
  if (next != end && next->first == wanted) {
    ++next_;
    return &next->second;
  }
  // Between the last field found and the next one in key order: absent, no search needed.
  const bool after_previous = next == begin || ExtFields::KeyLess((next - 1)->first, wanted);
  if (after_previous && (next == end || ExtFields::KeyLess(wanted, next->first))) return nullptr;
  const auto it = fields_.find(wanted);
  if (it == end) return nullptr;
  next_ = static_cast<size_t>(it - begin) + 1;
  return &it->second;
}

void HeaderReader::Fail(const std::string& what) {
  if (status_.ok()) status_ = Status::InvalidArgument(std::string(header_name_) + ": " + what);
}

}  // namespace protocol
}  // namespace rocketmq
