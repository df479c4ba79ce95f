// Value: what a SQL92 selector expression evaluates to, with the Java types Apache's
// evaluator works with (a message property is always a String; literals are Integer,
// Long, Double, String or Boolean; a missing property or NULL is null).
//
// The two Java operations the comparisons are built on live here: equals() and
// ComparisonExpression.__compare, the latter with Apache's conversions between types
// (numbers widen to the wider operand; a string meeting a number or a boolean is parsed as
// that type; other mixes compare as "less").
#ifndef ROCKETMQ_FILTER_VALUE_H_
#define ROCKETMQ_FILTER_VALUE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocketmq {
namespace filter {

class Value {
 public:
  enum class Type { kNull, kBoolean, kInt, kLong, kDouble, kString };

  Value() = default;
  static Value Null() { return Value(); }
  static Value Boolean(bool b);
  static Value Int(int32_t i);
  static Value Long(int64_t l);
  static Value Double(double d);
  // Does not copy: `s` must outlive the value (a property of the message being evaluated,
  // or a literal of the expression).
  static Value String(std::string_view s);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_number() const {
    return type_ == Type::kInt || type_ == Type::kLong || type_ == Type::kDouble;
  }
  bool boolean() const { return boolean_; }
  // kInt and kLong.
  int64_t integer() const { return integer_; }
  double real() const { return real_; }
  std::string_view string() const { return string_; }

 private:
  Type type_ = Type::kNull;
  bool boolean_ = false;
  int64_t integer_ = 0;
  double real_ = 0;
  std::string_view string_;
};

// Java's equals(): same type and same value (doubles by their bits, so NaN equals NaN and
// 0.0 differs from -0.0). Nulls are the caller's business.
bool JavaEquals(const Value& left, const Value& right);

// ComparisonExpression.__compare with string conversion on, for two non-null values: <0,
// 0 or >0; nullopt where Java throws (a string that does not parse as the other side's
// number type, or a boolean on the left of a string).
std::optional<int> JavaCompare(const Value& left, const Value& right);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_VALUE_H_
