#include "dledger/entry.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace dledger {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// The layout of DLedgerEntryCoder.encode for index 7, term 3, pos 1234, body 01 02 03 ff.
TEST(DLedgerEntryTest, EncodesDLedgersByteLayout) {
  Entry entry;
  entry.index = 7;
  entry.term = 3;
  entry.pos = 1234;
  entry.body = std::string("\x01\x02\x03\xff", 4);
  std::string bytes;
  EncodeEntry(entry, &bytes);
  ASSERT_EQ(bytes.size(), 52u);
  EXPECT_EQ(Hex(bytes),
            "00000001"          // magic
            "00000034"          // size 52
            "0000000000000007"  // index
            "0000000000000003"  // term
            "00000000000004d2"  // pos
            "00000000"          // channel
            "00000000"          // chainCrc
            "00000000"          // bodyCrc
            "00000004"          // body length
            "010203ff");
  Result<Entry> decoded = DecodeEntry(bytes.data(), bytes.size());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, entry);
}

TEST(DLedgerEntryTest, RefusesDamagedEntries) {
  Entry entry;
  entry.index = 1;
  entry.term = 1;
  entry.pos = 0;
  entry.body = "hello";
  std::string bytes;
  EncodeEntry(entry, &bytes);
  EXPECT_FALSE(DecodeEntry(bytes.data(), 20).ok());                // short header
  EXPECT_FALSE(DecodeEntry(bytes.data(), bytes.size() - 1).ok());  // body cut
  std::string bad_magic = bytes;
  bad_magic[3] = 9;
  EXPECT_FALSE(DecodeEntry(bad_magic.data(), bad_magic.size()).ok());
  std::string bad_size = bytes;
  bad_size[7] = 1;
  EXPECT_FALSE(DecodeEntry(bad_size.data(), bad_size.size()).ok());
  std::string negative_body = bytes;
  negative_body[44] = '\xff';
  EXPECT_FALSE(DecodeEntry(negative_body.data(), negative_body.size()).ok());
}

// A body length of INT32_MAX with a size that the 32-bit sum 48 + INT32_MAX would wrap to: the
// check must neither overflow (UBSan aborts the sanitizer build) nor accept it. Found by
// dledger_fuzzer.
TEST(DLedgerEntryTest, RefusesABodyLengthWhoseSumWithTheHeaderOverflows) {
  Entry entry;
  entry.index = 1;
  entry.term = 1;
  entry.body = "world!";
  std::string bytes;
  EncodeEntry(entry, &bytes);
  const std::string wrapped_size("\x80\x00\x00\x2f", 4);  // (int32) (48 + INT32_MAX) wrapped
  bytes.replace(4, 4, wrapped_size);
  bytes.replace(44, 4, std::string("\x7f\xff\xff\xff", 4));  // body length INT32_MAX
  Result<Entry> decoded = DecodeEntry(bytes.data(), bytes.size());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), ErrorCode::kCorruption) << decoded.status().ToString();
}

TEST(DLedgerEntryTest, IndexUnitLayout) {
  IndexUnit unit;
  unit.pos = 1234;
  unit.size = 52;
  unit.index = 7;
  unit.term = 3;
  char bytes[kIndexUnitSize];
  EncodeIndexUnit(unit, bytes);
  EXPECT_EQ(Hex(std::string(bytes, sizeof(bytes))),
            "00000001"
            "00000000000004d2"
            "00000034"
            "0000000000000007"
            "0000000000000003");
  IndexUnit back = DecodeIndexUnit(bytes);
  EXPECT_EQ(back.pos, 1234);
  EXPECT_EQ(back.size, 52);
  EXPECT_EQ(back.index, 7);
  EXPECT_EQ(back.term, 3);
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
