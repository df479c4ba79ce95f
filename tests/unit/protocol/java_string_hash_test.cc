#include "protocol/java_string_hash.h"

#include <gtest/gtest.h>

#include <climits>

namespace rocketmq {
namespace protocol {
namespace {

// Expected values are what java.lang.String.hashCode() returns.
TEST(JavaStringHashTest, MatchesJava) {
  EXPECT_EQ(JavaStringHash(""), 0);
  EXPECT_EQ(JavaStringHash("hello"), 99162322);
  EXPECT_EQ(JavaStringHash("TagA"), 2598919);
  EXPECT_EQ(JavaStringHash("TagB"), 2598920);
  EXPECT_EQ(JavaStringHash("hello world"), 1794106052);
  // Overflows to Integer.MIN_VALUE.
  EXPECT_EQ(JavaStringHash("polygenelubricants"), INT32_MIN);
}

TEST(JavaStringHashTest, HashesUtf16CodeUnits) {
  // "é" and U+4E2D are one UTF-16 unit each; U+1F600 is the surrogate pair D83D DE00.
  EXPECT_EQ(JavaStringHash("\xC3\xA9"), 0xE9);
  EXPECT_EQ(JavaStringHash("\xE4\xB8\xAD"), 0x4E2D);
  EXPECT_EQ(JavaStringHash("\xF0\x9F\x98\x80"), 0xD83D * 31 + 0xDE00);
}

TEST(JavaStringHashTest, InvalidUtf8CountsAsReplacementCharacter) {
  // Java's UTF-8 decoder turns a stray continuation byte into U+FFFD.
  EXPECT_EQ(JavaStringHash("\x80"), 0xFFFD);
  EXPECT_EQ(JavaStringHash("a\xFF"), 'a' * 31 + 0xFFFD);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
