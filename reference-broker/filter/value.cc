#include "filter/value.h"

#include <cstring>
#include <limits>

#include "filter/java_number.h"

namespace rocketmq {
namespace filter {
namespace {

// Java's Double.compare: NaN above everything and equal to itself, -0.0 below 0.0.
int CompareDoubles(double a, double b) {
  if (a < b) return -1;
  if (a > b) return 1;
  int64_t bits_a = 0;
  int64_t bits_b = 0;
  // doubleToLongBits collapses every NaN to one pattern.
  const double canonical_a = a != a ? std::numeric_limits<double>::quiet_NaN() : a;
  const double canonical_b = b != b ? std::numeric_limits<double>::quiet_NaN() : b;
  std::memcpy(&bits_a, &canonical_a, sizeof(bits_a));
  std::memcpy(&bits_b, &canonical_b, sizeof(bits_b));
  return bits_a == bits_b ? 0 : (bits_a < bits_b ? -1 : 1);
}

template <typename T>
int Compare(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

double AsDouble(const Value& v) {
  return v.type() == Value::Type::kDouble ? v.real() : static_cast<double>(v.integer());
}

// A string converted to the type of `like`; nullopt where Java's valueOf throws.
std::optional<Value> ConvertString(std::string_view s, const Value& like) {
  switch (like.type()) {
    case Value::Type::kBoolean:
      return Value::Boolean(ParseJavaBoolean(s));
    case Value::Type::kInt:
      if (auto i = ParseJavaInt(s)) return Value::Int(*i);
      return std::nullopt;
    case Value::Type::kLong:
      if (auto l = ParseJavaLong(s)) return Value::Long(*l);
      return std::nullopt;
    case Value::Type::kDouble:
      if (auto d = ParseJavaDouble(s)) return Value::Double(*d);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// compareTo of two values of the same type.
int CompareSameType(const Value& a, const Value& b) {
  switch (a.type()) {
    case Value::Type::kBoolean:
      return Compare<int>(a.boolean(), b.boolean());
    case Value::Type::kInt:
    case Value::Type::kLong:
      return Compare(a.integer(), b.integer());
    case Value::Type::kDouble:
      return CompareDoubles(a.real(), b.real());
    case Value::Type::kString:
      // Byte order, where Java compares UTF-16 units: only the sign of an unequal
      // comparison can differ, and no operator of the grammar orders two strings.
      return Compare(a.string().compare(b.string()), 0);
    case Value::Type::kNull:
      return 0;
  }
  return 0;
}

}  // namespace

Value Value::Boolean(bool b) {
  Value v;
  v.type_ = Type::kBoolean;
  v.boolean_ = b;
  return v;
}

Value Value::Int(int32_t i) {
  Value v;
  v.type_ = Type::kInt;
  v.integer_ = i;
  return v;
}

Value Value::Long(int64_t l) {
  Value v;
  v.type_ = Type::kLong;
  v.integer_ = l;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.type_ = Type::kDouble;
  v.real_ = d;
  return v;
}

Value Value::String(std::string_view s) {
  Value v;
  v.type_ = Type::kString;
  v.string_ = s;
  return v;
}

bool JavaEquals(const Value& left, const Value& right) {
  if (left.type() != right.type()) return false;
  return CompareSameType(left, right) == 0;
}

std::optional<int> JavaCompare(const Value& left, const Value& right) {
  using Type = Value::Type;
  const Type lt = left.type();
  const Type rt = right.type();
  if (lt == rt) return CompareSameType(left, right);
  switch (lt) {
    case Type::kBoolean:
      // Java casts the Boolean itself to String here: ClassCastException.
      if (rt == Type::kString) return std::nullopt;
      return -1;
    case Type::kInt:
    case Type::kLong:
      if (rt == Type::kDouble) return CompareDoubles(AsDouble(left), right.real());
      if (rt == Type::kInt || rt == Type::kLong) return Compare(left.integer(), right.integer());
      break;
    case Type::kDouble:
      if (rt == Type::kInt || rt == Type::kLong)
        return CompareDoubles(left.real(), AsDouble(right));
      break;
    case Type::kString: {
      if (rt == Type::kNull) return -1;
      auto converted = ConvertString(left.string(), right);
      if (!converted) return std::nullopt;
      return CompareSameType(*converted, right);
    }
    case Type::kNull:
      return -1;
  }
  if (rt == Type::kString) {
    auto converted = ConvertString(right.string(), left);
    if (!converted) return std::nullopt;
    return CompareSameType(left, *converted);
  }
  return -1;
}

}  // namespace filter
}  // namespace rocketmq
