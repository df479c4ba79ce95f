// Selectors evaluated against message properties, with the results Apache RocketMQ 4.9.7's
// evaluator gives. The first group is the cases of Apache's own ExpressionTest; the rest
// pin down its null, type-conversion and failure rules.
#include "filter/evaluator.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "filter/parser.h"
#include "map_properties.h"

namespace rocketmq {
namespace filter {
namespace {

// What Apache's evaluate() returns: TRUE, FALSE, null, or an exception.
enum class Expect { kTrue, kFalse, kNull, kError };

using Props = std::map<std::string, std::string, std::less<>>;

struct Case {
  const char* selector;
  Props properties;
  Expect expected;
};

std::string Describe(const Case& c) {
  std::string s = std::string("selector: ") + c.selector + "  properties:";
  for (const auto& [k, v] : c.properties) s += " " + k + "='" + v + "'";
  return s;
}

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    auto selector = ParseSelector(c.selector);
    ASSERT_TRUE(selector.ok()) << Describe(c) << ": " << selector.status().message();
    const MapProperties properties(c.properties);
    const std::optional<Value> result = Evaluate(**selector, properties);
    switch (c.expected) {
      case Expect::kError:
        EXPECT_FALSE(result.has_value()) << Describe(c);
        break;
      case Expect::kNull:
        ASSERT_TRUE(result.has_value()) << Describe(c);
        EXPECT_TRUE(result->is_null()) << Describe(c);
        break;
      case Expect::kTrue:
      case Expect::kFalse:
        ASSERT_TRUE(result.has_value()) << Describe(c);
        ASSERT_EQ(result->type(), Value::Type::kBoolean) << Describe(c);
        EXPECT_EQ(result->boolean(), c.expected == Expect::kTrue) << Describe(c);
        break;
    }
    EXPECT_EQ(Matches(**selector, properties), c.expected == Expect::kTrue) << Describe(c);
  }
}

constexpr Expect T = Expect::kTrue;
constexpr Expect F = Expect::kFalse;
constexpr Expect N = Expect::kNull;
constexpr Expect E = Expect::kError;

TEST(EvaluatorTest, ApacheExpressionTestCases) {
  const char* kAnd = "a=3 and b<>4 And c>5 AND d<=4";
  const char* kOr = "a=3 or b<>4 Or c>5 OR d<=4";
  Check({
      {"TAGS is not null and TAGS='''''tag'''''", {{"TAGS", "''tag''"}}, T},
      {"a > 3.1E10", {{"a", "3.1415E10"}}, T},
      {"a > 3.14", {{"a", "3.1415"}}, T},
      {"a > b", {{"a", "10"}, {"b", "20"}}, F},
      {"a > b", {{"a", "20"}, {"b", "10"}}, T},
      {"a is null OR a='hello'", {}, T},
      {"a is null OR a='hello'", {{"a", "hello"}}, T},
      {"a is null OR a='hello'", {{"a", "abc"}}, F},
      {"a=TRUE OR b=FALSE", {{"a", "true"}, {"b", "false"}}, T},
      {"a=TRUE OR b=FALSE", {{"a", "false"}, {"b", "true"}}, F},
      {"a is not null and a='hello'", {{"a", "hello"}}, T},
      {"a is not null and a='hello'", {}, F},
      {kAnd, {{"a", "3"}, {"b", "5"}, {"c", "6"}, {"d", "1"}}, T},
      {kAnd, {{"a", "4"}, {"b", "5"}, {"c", "6"}, {"d", "1"}}, F},
      {kOr, {{"a", "3"}}, T},
      {kOr, {{"a", "4"}, {"b", "5"}}, T},
      {kOr, {{"a", "4"}, {"b", "4"}, {"c", "6"}}, T},
      {kOr, {{"a", "4"}, {"b", "4"}, {"c", "3"}, {"d", "2"}}, T},
      {kOr, {{"a", "4"}, {"b", "4"}, {"c", "3"}, {"d", "10"}}, F},
      {"a in ('3', '4', '5')", {{"a", "3"}}, T},
      {"a in ('3', '4', '5')", {{"a", "5"}}, T},
      {"a in ('3', '4', '5')", {{"a", "8"}}, F},
      {"a not in ('3', '4', '5')", {{"a", "8"}}, T},
      {"a not in ('3', '4', '5')", {{"a", "4"}}, F},
      {"a between 2 and 10", {{"a", "2"}}, T},
      {"a between 2 and 10", {{"a", "10"}}, T},
      {"a between 2 and 10", {{"a", "3"}}, T},
      {"a between 2 and 10", {{"a", "1"}}, F},
      {"a between 2 and 10", {{"a", "11"}}, F},
      {"a not between 2 and 10", {{"a", "1"}}, T},
      {"a not between 2 and 10", {{"a", "11"}}, T},
      {"a not between 2 and 10", {{"a", "2"}}, F},
      {"a not between 2 and 10", {{"a", "3"}}, F},
      {"a is null", {{"abc", "2"}}, T},
      {"a is null", {{"a", "2"}}, F},
      {"a is not null", {{"a", "2"}}, T},
      {"a is not null", {{"abc", "2"}}, F},
      // testEvaluate_stringCompare: unknown bounds give null; strings that are no numbers
      // throw.
      {"a between up and low", {{"a", "3.14"}}, N},
      {"a between up and low", {{"a", "3.14"}, {"up", "up"}, {"low", "low"}}, E},
      {"key is not null and key between 0 and 100", {{"key", "con"}}, E},
      {"a between 0 and 100", {{"a", "abc"}}, E},
      {"a=b", {{"a", "3.14"}, {"b", "3.14"}}, T},
      {"a<>b", {{"a", "3.14"}, {"b", "3.14"}}, F},
      {"a<>b", {{"a", "3.14"}, {"b", "3.141"}}, T},
  });
}

TEST(EvaluatorTest, MissingPropertiesAreNullAndOnlyTheLeftSideGivesNull) {
  Check({
      {"a = 1", {}, N},
      {"1 = a", {}, F},
      {"a <> 1", {}, N},
      {"1 <> a", {}, T},
      {"NOT (a = 1)", {}, N},
      {"NOT (1 = a)", {}, T},
      {"a > 1", {}, N},
      {"1 < a", {}, N},
      {"a IN ('x')", {}, N},
      {"a NOT IN ('x')", {}, N},
      {"a NOT BETWEEN 1 AND 2", {}, N},
      {"a = b", {{"a", "x"}}, F},
      {"(a = 1) IS NULL", {}, T},
      {"a = 'x' AND b = 'y'", {{"a", "x"}}, N},
      {"a = 'x' AND b = 'y'", {{"a", "z"}}, F},
      {"a = 'x' OR b = 'y'", {{"a", "z"}}, N},
      {"a = 'x' OR b = 'y'", {{"a", "x"}}, T},
      {"NULL", {}, N},
      {"NOT NULL", {}, N},
      {"TRUE", {}, T},
      {"FALSE", {}, F},
  });
}

TEST(EvaluatorTest, StringsMeetNumbersAsTheNumberType) {
  Check({
      {"a = 1", {{"a", "1"}}, T},
      {"a = 1", {{"a", "01"}}, T},
      {"a = 1", {{"a", "+1"}}, T},
      {"a = 1", {{"a", "2"}}, F},
      // Integer.valueOf refuses these: the evaluation throws.
      {"a = 1", {{"a", "1.0"}}, E},
      {"a = 1", {{"a", " 1"}}, E},
      {"a > 1", {{"a", "2.5"}}, E},
      {"a > 1", {{"a", "abc"}}, E},
      {"a > 1", {{"a", "3000000000"}}, E},
      {"a > 1", {{"a", "2"}}, T},
      {"a > 1L", {{"a", "2"}}, T},
      {"a > 3000000000", {{"a", "3000000001"}}, T},
      {"a > 3000000000", {{"a", "2"}}, F},
      {"a = -2147483648", {{"a", "-2147483648"}}, T},
      {"a > -1", {{"a", "0"}}, T},
      {"a > - -1", {{"a", "2"}}, T},
      {"a >= +1", {{"a", "1"}}, T},
      // Double.valueOf trims and reads exponents, suffixes, NaN and Infinity.
      {"a = 1.5", {{"a", "1.50"}}, T},
      {"a > 1.5", {{"a", " 2 "}}, T},
      {"a > 1.5", {{"a", "2e0"}}, T},
      {"a > 1.5", {{"a", "2f"}}, T},
      {"a > 1.5", {{"a", "NaN"}}, T},
      {"a < 1.5", {{"a", "NaN"}}, F},
      {"a < 1.5", {{"a", "-Infinity"}}, T},
      {"a = 1.5", {{"a", "x"}}, E},
      // Two strings order as doubles; equality is string equality.
      {"a > b", {{"a", "1e3"}, {"b", "999"}}, T},
      {"a > b", {{"a", "x"}, {"b", "1"}}, E},
      {"a = b", {{"a", "1.0"}, {"b", "1"}}, F},
      {"a = 'x'", {{"a", "x"}}, T},
      {"a = 'x'", {{"a", "X"}}, F},
      {"a = ''", {{"a", ""}}, T},
      // Mixed literal types: Integer vs Double widen; Boolean vs number is "less".
      {"1 = 1.0", {}, T},
      {"2 > 1.5", {}, T},
      {"3000000000 > 1", {}, T},
      {"1 = TRUE", {}, F},
      {"a BETWEEN 1 AND 10", {{"a", "5"}}, T},
      {"a BETWEEN 1 AND 10", {{"a", "5.5"}}, E},
      {"a BETWEEN 1.0 AND 10", {{"a", "5.5"}}, E},
      {"a BETWEEN 1.0 AND 10.0", {{"a", "5.5"}}, T},
      {"a BETWEEN 5 AND -5", {{"a", "0"}}, F},
  });
}

TEST(EvaluatorTest, BooleansAndPropertiesAsConditions) {
  Check({
      {"a = TRUE", {{"a", "true"}}, T},
      {"a = TRUE", {{"a", "TRUE"}}, T},
      {"a = TRUE", {{"a", "yes"}}, F},
      {"a = FALSE", {{"a", "anything"}}, T},
      // Apache casts the Boolean to String here and throws.
      {"TRUE = a", {{"a", "true"}}, E},
      {"TRUE = FALSE", {}, F},
      {"(a = 1) = TRUE", {{"a", "1"}}, T},
      {"(a = 1) = (b = 2)", {{"a", "1"}, {"b", "3"}}, F},
      // A property is never a Boolean (properties are strings): as a condition it is FALSE,
      // or null when missing.
      {"a", {{"a", "true"}}, F},
      {"a", {}, N},
      {"NOT a", {{"a", "true"}}, T},
      {"NOT a", {}, N},
      {"a AND TRUE", {{"a", "true"}}, F},
      // -x of a non-number is null.
      {"-a > 1", {{"a", "5"}}, N},
      {"-'x' = 1", {}, N},
  });
}

TEST(EvaluatorTest, FailuresPropagateUnlessShortCircuited) {
  Check({
      {"a = 1 OR b > 1", {{"a", "1"}, {"b", "x"}}, T},
      {"b > 1 OR a = 1", {{"a", "1"}, {"b", "x"}}, E},
      {"a = 1 AND b > 1", {{"a", "2"}, {"b", "x"}}, F},
      {"b > 1 AND a = 1", {{"a", "2"}, {"b", "x"}}, E},
      {"NOT (b > 1)", {{"b", "x"}}, E},
      {"(b > 1) IS NULL", {{"b", "x"}}, E},
      // The right side of an ordering is not evaluated when the left is null.
      {"a > b", {{"b", "x"}}, N},
      {"a = b", {{"b", "x"}}, N},
  });
}

TEST(EvaluatorTest, InListsHoldStringsAndQuotes) {
  Check({
      {"a IN ('it''s', 'b')", {{"a", "it's"}}, T},
      {"a IN ('1')", {{"a", "1"}}, T},
      {"a IN ('1')", {{"a", "01"}}, F},
      {"(a) IN ('x')", {{"a", "x"}}, T},
      {"a NOT IN ('x', 'y', 'z', 'w', 'v', 'u')", {{"a", "q"}}, T},
      {"a IN ('x', 'y', 'z', 'w', 'v', 'u')", {{"a", "u"}}, T},
  });
}

TEST(EvaluatorTest, SyntaxVariantsEvaluateAlike) {
  Check({
      {"A = 1 and B = 2", {{"A", "1"}, {"B", "2"}}, T},
      // Property names are case-sensitive, keywords are not.
      {"a = 1", {{"A", "1"}}, N},
      {"a = 1 -- comment\n AND b = 2", {{"a", "1"}, {"b", "2"}}, T},
      {"/* leading */ a = 1 /* trailing */", {{"a", "1"}}, T},
      {"a = 1 -- comment without a line break", {{"a", "1"}}, T},
      {"$x_1 = 'v'", {{"$x_1", "v"}}, T},
      {"((((a = 1))))", {{"a", "1"}}, T},
      {"a\t=\r\n1\f", {{"a", "1"}}, T},
  });
}

TEST(EvaluatorTest, LongChainsEvaluateWithoutDeepRecursion) {
  std::string selector = "a = 0";
  for (int i = 1; i < 5000; ++i) selector += " OR a = " + std::to_string(i);
  auto compiled = ParseSelector(selector);
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_TRUE(Matches(**compiled, MapProperties(Props{{"a", "4999"}})));
  EXPECT_FALSE(Matches(**compiled, MapProperties(Props{{"a", "5000"}})));
}

}  // namespace
}  // namespace filter
}  // namespace rocketmq
