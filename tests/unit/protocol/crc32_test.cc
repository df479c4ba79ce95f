#include "protocol/crc32.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace rocketmq {
namespace protocol {
namespace {

std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> bytes(n);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  return bytes;
}

uint32_t ZlibCrc(uint32_t crc, const uint8_t* p, size_t n) {
  return static_cast<uint32_t>(crc32(crc, p, static_cast<uInt>(n)));
}

TEST(Crc32Test, KnownVectors) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
}

TEST(Crc32Test, MatchesZlibOnManySizesAndAlignments) {
  const std::vector<uint8_t> data = RandomBytes(70000, 42);
  const size_t sizes[] = {0,    1,    2,    3,    7,    8,    15,   16,    17,    31,    32,
                          33,   63,   64,   65,   79,   80,   127,  128,   129,   255,   256,
                          1000, 1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, 65537, 69000};
  for (size_t align = 0; align < 16; ++align) {
    for (size_t n : sizes) {
      ASSERT_EQ(Crc32(0, data.data() + align, n), ZlibCrc(0, data.data() + align, n))
          << "size " << n << " alignment " << align;
      ASSERT_EQ(Crc32Portable(0, data.data() + align, n), ZlibCrc(0, data.data() + align, n))
          << "size " << n << " alignment " << align;
    }
  }
}

TEST(Crc32Test, MatchesZlibOnEverySizeUpTo1100) {
  const std::vector<uint8_t> data = RandomBytes(1100, 7);
  for (size_t n = 0; n <= data.size(); ++n) {
    ASSERT_EQ(Crc32(0, data.data(), n), ZlibCrc(0, data.data(), n)) << "size " << n;
  }
}

TEST(Crc32Test, ContinuesLikeZlib) {
  const std::vector<uint8_t> data = RandomBytes(5000, 9);
  for (size_t split : {0u, 1u, 63u, 64u, 100u, 2500u, 4999u, 5000u}) {
    const uint32_t first = Crc32(0, data.data(), split);
    EXPECT_EQ(Crc32(first, data.data() + split, data.size() - split),
              ZlibCrc(0, data.data(), data.size()))
        << "split " << split;
    EXPECT_EQ(Crc32(0x12345678u, data.data(), split), ZlibCrc(0x12345678u, data.data(), split));
  }
}

TEST(Crc32Test, MaskedCrcClearsTheSignBitLikeUtilAll) {
  // crc32("123456789") = 0xCBF43926 has the sign bit set.
  EXPECT_EQ(MaskedCrc32("123456789"), 0x4BF43926);
  EXPECT_EQ(MaskedCrc32("The quick brown fox jumps over the lazy dog"), 0x414FA339);
}

// Not a timed assertion: prints the throughput next to zlib's for the report.
TEST(Crc32Test, ReportsThroughput) {
  const std::vector<uint8_t> data = RandomBytes(1 << 20, 3);
  auto measure = [&](auto fn) {
    const auto start = std::chrono::steady_clock::now();
    uint32_t sink = 0;
    for (int i = 0; i < 64; ++i) sink ^= fn(data.data(), data.size());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_NE(sink, 1u);                  // keeps the loop from being optimized away
    return secs * 1e6 / (64.0 * 1024.0);  // microseconds per KiB
  };
  const double ours = measure([](const uint8_t* p, size_t n) { return Crc32(0, p, n); });
  const double portable =
      measure([](const uint8_t* p, size_t n) { return Crc32Portable(0, p, n); });
  const double zlib = measure([](const uint8_t* p, size_t n) { return ZlibCrc(0, p, n); });
  RecordProperty("us_per_kib_crc32", std::to_string(ours));
  RecordProperty("us_per_kib_portable", std::to_string(portable));
  RecordProperty("us_per_kib_zlib", std::to_string(zlib));
  std::printf("crc32 us/KiB: accelerated %.4f, slicing-by-8 %.4f, zlib %.4f\n", ours, portable,
              zlib);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
