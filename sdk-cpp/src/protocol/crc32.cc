#include "protocol/crc32.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace rocketmq {
namespace protocol {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;

// Below this the table walk wins over zlib's per-call setup.
constexpr size_t kZlibThreshold = 256;

using Tables = std::array<std::array<uint32_t, 256>, 8>;

// tables[k][b] is the CRC state change of byte b followed by k zero bytes, which lets the
// table walk consume eight bytes per step.
constexpr Tables MakeTables() {
  Tables tables{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    tables[0][b] = c;
  }
  for (uint32_t b = 0; b < 256; ++b) {
    for (size_t k = 1; k < 8; ++k) {
      const uint32_t prev = tables[k - 1][b];
      tables[k][b] = (prev >> 8) ^ tables[0][prev & 0xFFu];
    }
  }
  return tables;
}

constexpr Tables kTables = MakeTables();

// `state` is the inverted CRC, as zlib keeps it while running.
uint32_t SliceBy8(uint32_t state, const uint8_t* p, size_t size) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    word ^= state;
    state = kTables[7][word & 0xFF] ^ kTables[6][(word >> 8) & 0xFF] ^
            kTables[5][(word >> 16) & 0xFF] ^ kTables[4][(word >> 24) & 0xFF] ^
            kTables[3][(word >> 32) & 0xFF] ^ kTables[2][(word >> 40) & 0xFF] ^
            kTables[1][(word >> 48) & 0xFF] ^ kTables[0][word >> 56];
    p += 8;
    size -= 8;
  }
#endif
  while (size > 0) {
    state = (state >> 8) ^ kTables[0][(state ^ *p) & 0xFFu];
    ++p;
    --size;
  }
  return state;
}

#if defined(__x86_64__)

// Carry-less multiplication folding (Gopal et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ", Intel 2009), with the bit-reflected constants of the
// IEEE polynomial: k1..k5 are x^(4*128+32), x^(4*128-32), x^(128+32), x^(128-32), x^64
// mod P, and mu is floor(x^64 / P).
constexpr int64_t kK1 = 0x0154442bd4;
constexpr int64_t kK2 = 0x01c6e41596;
constexpr int64_t kK3 = 0x01751997d0;
constexpr int64_t kK4 = 0x00ccaa009e;
constexpr int64_t kK5 = 0x0163cd6124;
constexpr int64_t kP = 0x01db710641;
constexpr int64_t kMu = 0x01f7011641;

__attribute__((target("pclmul,sse4.1"))) inline __m128i Fold(__m128i acc, __m128i k, __m128i next) {
  const __m128i lo = _mm_clmulepi64_si128(acc, k, 0x00);
  const __m128i hi = _mm_clmulepi64_si128(acc, k, 0x11);
  return _mm_xor_si128(_mm_xor_si128(lo, hi), next);
}

__attribute__((target("pclmul,sse4.1"))) inline __m128i Load(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Precondition: size >= 64 and a multiple of 16.
__attribute__((target("pclmul,sse4.1"))) uint32_t FoldClmul(uint32_t state, const uint8_t* p,
                                                            size_t size) {
  const __m128i k1k2 = _mm_set_epi64x(kK2, kK1);
  const __m128i k3k4 = _mm_set_epi64x(kK4, kK3);
  const __m128i k5 = _mm_set_epi64x(0, kK5);
  const __m128i p_mu = _mm_set_epi64x(kMu, kP);
  const __m128i low32 = _mm_setr_epi32(-1, 0, -1, 0);

  __m128i a = _mm_xor_si128(Load(p), _mm_cvtsi32_si128(static_cast<int>(state)));
  __m128i b = Load(p + 16);
  __m128i c = Load(p + 32);
  __m128i d = Load(p + 48);
  p += 64;
  size -= 64;
  while (size >= 64) {
    a = Fold(a, k1k2, Load(p));
    b = Fold(b, k1k2, Load(p + 16));
    c = Fold(c, k1k2, Load(p + 32));
    d = Fold(d, k1k2, Load(p + 48));
    p += 64;
    size -= 64;
  }
  a = Fold(a, k3k4, b);
  a = Fold(a, k3k4, c);
  a = Fold(a, k3k4, d);
  while (size >= 16) {
    a = Fold(a, k3k4, Load(p));
    p += 16;
    size -= 16;
  }

  // 128 -> 64 bits.
  __m128i t = _mm_clmulepi64_si128(a, k3k4, 0x10);
  a = _mm_xor_si128(_mm_srli_si128(a, 8), t);
  // 64 -> 32 bits.
  t = _mm_srli_si128(a, 4);
  a = _mm_clmulepi64_si128(_mm_and_si128(a, low32), k5, 0x00);
  a = _mm_xor_si128(a, t);
  // Barrett reduction to the 32-bit remainder.
  t = _mm_clmulepi64_si128(_mm_and_si128(a, low32), p_mu, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), p_mu, 0x00);
  a = _mm_xor_si128(a, t);
  return static_cast<uint32_t>(_mm_extract_epi32(a, 1));
}

bool HasClmul() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  }();
  return has;
}

#endif  // __x86_64__

}  // namespace

uint32_t Crc32Portable(uint32_t crc, const void* data, size_t size) {
  return ~SliceBy8(~crc, static_cast<const uint8_t*>(data), size);
}

uint32_t Crc32(uint32_t crc, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
#if defined(__x86_64__)
  if (size >= 64 && HasClmul()) {
    const size_t folded = size & ~size_t{15};
    const uint32_t state = FoldClmul(~crc, p, folded);
    return ~SliceBy8(state, p + folded, size - folded);
  }
#endif
  if (size >= kZlibThreshold) {
    // Without carry-less multiply zlib's braided loop beats slicing-by-8 on long buffers.
    while (size > 0) {
      const size_t chunk = std::min<size_t>(size, std::numeric_limits<uInt>::max());
      crc = static_cast<uint32_t>(::crc32(crc, p, static_cast<uInt>(chunk)));
      p += chunk;
      size -= chunk;
    }
    return crc;
  }
  return ~SliceBy8(~crc, p, size);
}

}  // namespace protocol
}  // namespace rocketmq
