#include "producer/sharding_key.h"

#include <cstdlib>

namespace rocketmq {
namespace client {
namespace {

// Decodes one code point at s[*i], advancing *i; malformed input yields U+FFFD for one byte.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  size_t len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if (b0 < 0x80) {
    *i += 1;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *i += 1;
    return 0xFFFD;
  }
  if (*i + len > s.size()) {
    *i += 1;
    return 0xFFFD;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      *i += 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *i += 1;
    return 0xFFFD;
  }
  *i += len;
  return cp;
}

}  // namespace

int32_t JavaStringHashCode(std::string_view utf8) {
  uint32_t h = 0;  // unsigned so that overflow wraps as Java's int arithmetic does
  size_t i = 0;
  while (i < utf8.size()) {
    const uint32_t cp = NextCodePoint(utf8, &i);
    if (cp >= 0x10000) {
      const uint32_t v = cp - 0x10000;
      h = 31 * h + (0xD800 + (v >> 10));
      h = 31 * h + (0xDC00 + (v & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

size_t QueueIndexForKey(std::string_view key, size_t queue_count) {
  // Java: value = hashCode % n, negated when negative (the remainder's magnitude < n, so
  // abs cannot overflow).
  const int64_t value =
      static_cast<int64_t>(JavaStringHashCode(key)) % static_cast<int64_t>(queue_count);
  return static_cast<size_t>(std::llabs(value));
}

}  // namespace client
}  // namespace rocketmq
