// Which selectors compile, which are refused, and what the refusal says. The refused ones
// are those Apache 4.9.7's SelectorParser refuses, plus trailing text (which Apache
// ignores) and unbounded size.
#include "filter/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace filter {
namespace {

std::string ErrorOf(const std::string& selector) {
  auto parsed = ParseSelector(selector);
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidArgument) << selector;
  return parsed.status().message();
}

TEST(ParserTest, CompilesApacheGrammar) {
  for (const char* selector : {
           "a=3 and b<>4 And c>5 AND d<=4",
           "a=3  and    b<>4 And c>5 AND d<=4",
           "a=3 or b<>4 Or c>5 OR d<=4",
           "a in ('3', '4', '5')",
           "(a not in ('6', '4', '5')) or (b in ('3', '4', '5'))",
           "(a between 2 and 10) AND (b not between 6 and 9)",
           "a is null",
           "a is not null",
           "a <= now",
           "a >= 1.5e3 AND b < .5 AND c > 5. AND d = 1E2 AND e = 10l",
           "TRUE",
           "FALSE",
           "NULL",
           "NOT a",
           "a",
           "(a)",
           "1 = TRUE",
           "TRUE = FALSE",
           "TRUE = a",
           "a BETWEEN 5 AND -5",
           "a BETWEEN 1 AND 2 AND b = 1",
           "a BETWEEN 2 AND 2",
           "(a) IN ('x')",
           "+a > 1",
           "-a > 1",
           "a = 1 -- trailing comment",
           "/* only */ TRUE",
           "a = 'it''s'",
           "NOT NOT NOT (a = 1)",
           "a IS NULL IS NULL",
           "(a = 1) = (b = 2)",
       }) {
    auto parsed = ParseSelector(selector);
    EXPECT_TRUE(parsed.ok()) << selector << ": " << parsed.status().message();
  }
}

TEST(ParserTest, RefusesWhatApacheRefuses) {
  for (const char* selector : {
           "",
           "   ",
           "a and between 2 and 10",
           " a between 10 and 0",
           "a between 1.5 and 1",
           "a between NULL and 1",
           "a > 100000000000000000000000",
           "a > 9223372036854775808",
           "a > 1e400",
           "a > 0.0",
           "a > 1e-400",
           "a = NULL",
           "NULL = a",
           "a <> NULL",
           "TRUE = 1",
           "FALSE = 'x'",
           "a > 'x'",
           "a > TRUE",
           "a < NULL",
           "(a = 1) > 1",
           "a between 'a' and 'b'",
           "5",
           "'x'",
           "-a",
           "1.5",
           "a AND 5",
           "5 OR a",
           "NOT 5",
           "NOT -a",
           "1 IN ('x')",
           "NOT a IN ('x')",
           "a IN (1)",
           "a IN ()",
           "a IN ('x',)",
           "a IN 'x'",
           "a IS 5",
           "a IS NOT 5",
           "a != 1",
           "a == 1",
           "a = 'abc",
           "/* unterminated",
           "a = 1 /* unterminated",
           "a = 012",
           "a = 0L",
           "a =",
           "(a = 1",
           "a = 1)",
           "a = 1 b = 2",
           "a = 1 NOT",
           "a.b = 1",
           "a-b = 1",
           "a = #",
           "a BETWEEN 1 OR 2",
           "a > 1 > 2",
       }) {
    EXPECT_FALSE(ErrorOf(selector).empty()) << selector;
  }
}

TEST(ParserTest, ErrorsNamePositionAndExpectation) {
  std::string error = ErrorOf("a = 1 b = 2");
  EXPECT_NE(error.find("Invalid MessageSelector"), std::string::npos) << error;
  EXPECT_NE(error.find("\"b\" at line 1, column 7"), std::string::npos) << error;
  EXPECT_NE(error.find("expected AND, OR"), std::string::npos) << error;

  error = ErrorOf("a = 1 AND\n  b =");
  EXPECT_NE(error.find("the end of the expression at line 2, column 6"), std::string::npos)
      << error;
  EXPECT_NE(error.find("expected a literal, a property name"), std::string::npos) << error;

  error = ErrorOf("a IS 5");
  EXPECT_NE(error.find("expected NULL or NOT NULL"), std::string::npos) << error;

  error = ErrorOf("a = NULL");
  EXPECT_NE(error.find("IS [NOT] NULL"), std::string::npos) << error;

  error = ErrorOf("a > 'x'");
  EXPECT_NE(error.find("'x'"), std::string::npos) << error;
  EXPECT_NE(error.find("column 5"), std::string::npos) << error;

  error = ErrorOf("a between 10 and 0");
  EXPECT_NE(error.find("lower bound '10'"), std::string::npos) << error;

  error = ErrorOf("x = 1 AND 5");
  EXPECT_NE(error.find("'5' at line 1, column 11 is not a condition"), std::string::npos) << error;

  error = ErrorOf("a = 'abc");
  EXPECT_NE(error.find("unterminated string literal starting at line 1, column 5"),
            std::string::npos)
      << error;

  error = ErrorOf("a = \x01");
  EXPECT_NE(error.find("byte 0x01 at line 1, column 5"), std::string::npos) << error;
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string nested(10000, '(');
  nested += "a = 1";
  nested += std::string(10000, ')');
  EXPECT_NE(ErrorOf(nested).find("nested deeper than"), std::string::npos);

  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  nots += "a";
  EXPECT_NE(ErrorOf(nots).find("nested deeper than"), std::string::npos);

  std::string minus(10000, '-');
  EXPECT_FALSE(ErrorOf("a > " + minus + "1").empty());

  std::string ok(kMaxNesting - 1, '(');
  ok += "a = 1";
  ok += std::string(kMaxNesting - 1, ')');
  EXPECT_EQ(ErrorOf(ok), "");
}

TEST(ParserTest, ExponentialBetweenIsRefused) {
  // BETWEEN tests its value twice; nesting it doubles the work of each evaluation.
  std::string value = "a";
  for (int i = 0; i < 40; ++i) value = "-(" + value + " BETWEEN 1 AND 2)";
  EXPECT_NE(ErrorOf(value + " > 1").find("too complex"), std::string::npos);
}

TEST(ParserTest, DecimalLiteralsAreIntOrLong) {
  auto small = ParseSelector("a = 2147483647");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ((*small)->operands[1]->constant.type(), Value::Type::kInt);
  auto large = ParseSelector("a = 2147483648");
  ASSERT_TRUE(large.ok());
  EXPECT_EQ((*large)->operands[1]->constant.type(), Value::Type::kLong);
  auto suffixed = ParseSelector("a = 5L");
  ASSERT_TRUE(suffixed.ok());
  EXPECT_EQ((*suffixed)->operands[1]->constant.type(), Value::Type::kInt);
}

}  // namespace
}  // namespace filter
}  // namespace rocketmq
