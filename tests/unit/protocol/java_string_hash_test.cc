#include "protocol/java_string_hash.h"

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <initializer_list>

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

TEST(JavaStringHashTest, AsciiRunsOfAnyLengthAroundOtherCharacters) {
  // h = 31 * h + unit over the UTF-16 units, the definition of String.hashCode().
  const auto polynomial = [](std::initializer_list<uint32_t> units) {
    uint32_t h = 0;
    for (uint32_t unit : units) h = 31 * h + unit;
    return static_cast<int32_t>(h);
  };
  EXPECT_EQ(JavaStringHash("abcdefg"), polynomial({'a', 'b', 'c', 'd', 'e', 'f', 'g'}));
  EXPECT_EQ(JavaStringHash("ab\xC3\xA9"
                           "cdefgh"),
            polynomial({'a', 'b', 0xE9, 'c', 'd', 'e', 'f', 'g', 'h'}));
  EXPECT_EQ(JavaStringHash("abcde\xE4\xB8\xAD"
                           "f"),
            polynomial({'a', 'b', 'c', 'd', 'e', 0x4E2D, 'f'}));
  EXPECT_EQ(JavaStringHash("TopicTest#7F0000010000000000000000000000AB"),
            polynomial({'T', 'o', 'p', 'i', 'c', 'T', 'e', 's', 't', '#', '7', 'F', '0', '0',
                        '0', '0', '0', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
                        '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', 'A', 'B'}));
}

TEST(JavaStringHashTest, SeedContinuesTheHashOfAPrefix) {
  // The store hashes "<topic>#<key>" this way, without building it.
  EXPECT_EQ(JavaStringHash("7F0000010000000000000000000000AB",
                           JavaStringHash("#", JavaStringHash("TopicTest"))),
            JavaStringHash("TopicTest#7F0000010000000000000000000000AB"));
  EXPECT_EQ(JavaStringHash("\xE4\xB8\xAD"
                           "k\xF0\x9F\x98\x80",
                           JavaStringHash("T\xC3\xA9#")),
            JavaStringHash("T\xC3\xA9#\xE4\xB8\xAD"
                           "k\xF0\x9F\x98\x80"));
  EXPECT_EQ(JavaStringHash("", 12345), 12345);
}

TEST(JavaStringHashTest, InvalidUtf8CountsAsReplacementCharacter) {
  // Java's UTF-8 decoder turns a stray continuation byte into U+FFFD.
  EXPECT_EQ(JavaStringHash("\x80"), 0xFFFD);
  EXPECT_EQ(JavaStringHash("a\xFF"), 'a' * 31 + 0xFFFD);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
