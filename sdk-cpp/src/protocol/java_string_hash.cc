#include "protocol/java_string_hash.h"

#include <cstring>

namespace rocketmq {
namespace protocol {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

// Decodes one code point at s[*i], advancing *i; malformed input yields U+FFFD.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t b0 = byte(*i);
  if (b0 < 0x80) {
    *i += 1;
    return b0;
  }
  int extra = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    *i += 1;
    return kReplacement;
  }
  if (*i + static_cast<size_t>(extra) >= s.size()) {
    *i += 1;
    return kReplacement;
  }
  for (int k = 1; k <= extra; ++k) {
    uint8_t b = byte(*i + static_cast<size_t>(k));
    if ((b & 0xC0) != 0x80) {
      *i += 1;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *i += static_cast<size_t>(extra) + 1;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  return cp;
}

}  // namespace

int32_t JavaStringHash(std::string_view utf8, int32_t seed) {
  auto h = static_cast<uint32_t>(seed);
  for (size_t i = 0; i < utf8.size();) {
    // Four ASCII characters, what topics, keys and tags nearly always hold, in one step
    // (the store hashes a key of every message): h * 31^4 + c0 * 31^3 + ... + c3.
    if (i + 4 <= utf8.size()) {
      uint32_t four;
      std::memcpy(&four, utf8.data() + i, 4);
      if ((four & 0x80808080u) == 0) {
        const auto* c = reinterpret_cast<const uint8_t*>(utf8.data() + i);
        h = h * 923521u + c[0] * 29791u + c[1] * 961u + c[2] * 31u + c[3];
        i += 4;
        continue;
      }
    }
    uint32_t cp = NextCodePoint(utf8, &i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

}  // namespace protocol
}  // namespace rocketmq
