#include "filter/java_number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace rocketmq {
namespace filter {
namespace {

TEST(JavaNumberTest, IntegerValueOfAcceptsOnlySignAndDigitsWithinRange) {
  EXPECT_EQ(ParseJavaInt("42"), 42);
  EXPECT_EQ(ParseJavaInt("+7"), 7);
  EXPECT_EQ(ParseJavaInt("-0012"), -12);
  EXPECT_EQ(ParseJavaInt("2147483647"), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(ParseJavaInt("-2147483648"), std::numeric_limits<int32_t>::min());
  for (const char* bad :
       {"", "+", "-", " 1", "1 ", "1.0", "2147483648", "-2147483649", "0x1", "1e3", "abc"}) {
    EXPECT_FALSE(ParseJavaInt(bad).has_value()) << bad;
  }
}

TEST(JavaNumberTest, LongValueOfCoversTheWholeRange) {
  EXPECT_EQ(ParseJavaLong("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(ParseJavaLong("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(ParseJavaLong("9223372036854775808").has_value());
  EXPECT_FALSE(ParseJavaLong("-9223372036854775809").has_value());
  EXPECT_FALSE(ParseJavaLong("99999999999999999999").has_value());
}

TEST(JavaNumberTest, DoubleValueOfFollowsJavaSyntax) {
  EXPECT_EQ(ParseJavaDouble("3.14"), 3.14);
  EXPECT_EQ(ParseJavaDouble("  -2.5e3\t"), -2500.0);
  EXPECT_EQ(ParseJavaDouble("1."), 1.0);
  EXPECT_EQ(ParseJavaDouble(".5"), 0.5);
  EXPECT_EQ(ParseJavaDouble("1f"), 1.0);
  EXPECT_EQ(ParseJavaDouble("2.5D"), 2.5);
  EXPECT_EQ(ParseJavaDouble("0x1.8p1"), 3.0);
  EXPECT_EQ(ParseJavaDouble("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseJavaDouble("-Infinity"), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(*ParseJavaDouble("NaN")));
  EXPECT_EQ(ParseJavaDouble("1e400"), std::numeric_limits<double>::infinity());
  for (const char* bad : {"", ".", "e3", "1e", "0x1.8", "nan", "inf", "1,5", "1.5x", "--1"}) {
    EXPECT_FALSE(ParseJavaDouble(bad).has_value()) << bad;
  }
}

TEST(JavaNumberTest, BooleanValueOfIsTrueOnlyForTrueInAnyCase) {
  EXPECT_TRUE(ParseJavaBoolean("true"));
  EXPECT_TRUE(ParseJavaBoolean("TRUE"));
  EXPECT_TRUE(ParseJavaBoolean("tRuE"));
  EXPECT_FALSE(ParseJavaBoolean("yes"));
  EXPECT_FALSE(ParseJavaBoolean(" true"));
  EXPECT_FALSE(ParseJavaBoolean("1"));
}

}  // namespace
}  // namespace filter
}  // namespace rocketmq
