#include "filter/evaluator.h"

#include "filter/java_number.h"

namespace rocketmq {
namespace filter {
namespace {

using K = ExpressionKind;
using Outcome = std::optional<Value>;

Value Negate(const Value& v) {
  switch (v.type()) {
    case Value::Type::kInt:
      // Two's complement wrap-around, as Java's -x.
      return Value::Int(static_cast<int32_t>(0u - static_cast<uint32_t>(v.integer())));
    case Value::Type::kLong:
      return Value::Long(static_cast<int64_t>(0ull - static_cast<uint64_t>(v.integer())));
    case Value::Type::kDouble:
      return Value::Double(-v.real());
    default:
      return Value::Null();
  }
}

// AND (`stop_at` false) or OR (`stop_at` true): the first operand equal to `stop_at`
// decides; otherwise null if any was null.
Outcome Logic(const Expression& e, const PropertySource& properties, bool stop_at) {
  bool unknown = false;
  for (const auto& operand : e.operands) {
    const Outcome v = Evaluate(*operand, properties);
    if (!v) return std::nullopt;
    if (v->is_null()) {
      unknown = true;
    } else if (v->type() != Value::Type::kBoolean) {
      return std::nullopt;
    } else if (v->boolean() == stop_at) {
      return Value::Boolean(stop_at);
    }
  }
  return unknown ? Value::Null() : Value::Boolean(!stop_at);
}

Outcome Equal(const Expression& e, const PropertySource& properties) {
  const Outcome left = Evaluate(*e.operands[0], properties);
  if (!left) return std::nullopt;
  const Outcome right = Evaluate(*e.operands[1], properties);
  if (!right) return std::nullopt;
  if (left->is_null() != right->is_null()) {
    return left->is_null() ? Value::Null() : Value::Boolean(false);
  }
  if (left->is_null() || JavaEquals(*left, *right)) return Value::Boolean(true);
  const std::optional<int> order = JavaCompare(*left, *right);
  if (!order) return std::nullopt;
  return Value::Boolean(*order == 0);
}

Outcome Ordered(const Expression& e, const PropertySource& properties) {
  const Outcome left = Evaluate(*e.operands[0], properties);
  if (!left || left->is_null()) return left;
  const Outcome right = Evaluate(*e.operands[1], properties);
  if (!right || right->is_null()) return right;
  std::optional<int> order;
  if (left->type() == Value::Type::kString && right->type() == Value::Type::kString) {
    const std::optional<double> l = ParseJavaDouble(left->string());
    const std::optional<double> r = ParseJavaDouble(right->string());
    if (!l || !r) return std::nullopt;
    order = JavaCompare(Value::Double(*l), Value::Double(*r));
  } else {
    order = JavaCompare(*left, *right);
  }
  if (!order) return std::nullopt;
  switch (e.kind) {
    case K::kGreater:
      return Value::Boolean(*order > 0);
    case K::kGreaterEqual:
      return Value::Boolean(*order >= 0);
    case K::kLess:
      return Value::Boolean(*order < 0);
    default:
      return Value::Boolean(*order <= 0);
  }
}

}  // namespace

std::optional<Value> Evaluate(const Expression& e, const PropertySource& properties) {
  switch (e.kind) {
    case K::kConstant:
      return e.ConstantValue();
    case K::kProperty: {
      const std::optional<std::string_view> found = properties.Find(e.text);
      return found ? Value::String(*found) : Value::Null();
    }
    case K::kNegate: {
      const Outcome v = Evaluate(*e.operands[0], properties);
      if (!v) return v;
      return Negate(*v);
    }
    case K::kNot: {
      const Outcome v = Evaluate(*e.operands[0], properties);
      if (!v || v->is_null()) return v;
      if (v->type() != Value::Type::kBoolean) return std::nullopt;
      return Value::Boolean(!v->boolean());
    }
    case K::kBooleanCast: {
      const Outcome v = Evaluate(*e.operands[0], properties);
      if (!v || v->is_null() || v->type() == Value::Type::kBoolean) return v;
      return Value::Boolean(false);
    }
    case K::kAnd:
      return Logic(e, properties, false);
    case K::kOr:
      return Logic(e, properties, true);
    case K::kEqual:
      return Equal(e, properties);
    case K::kGreater:
    case K::kGreaterEqual:
    case K::kLess:
    case K::kLessEqual:
      return Ordered(e, properties);
    case K::kIn: {
      const Outcome v = Evaluate(*e.operands[0], properties);
      if (!v) return v;
      if (v->type() != Value::Type::kString) return Value::Null();
      const bool found = e.in_list.find(v->string()) != e.in_list.end();
      return Value::Boolean(found != e.negated);
    }
  }
  return std::nullopt;
}

bool Matches(const Expression& selector, const PropertySource& properties) {
  const std::optional<Value> result = Evaluate(selector, properties);
  return result && result->type() == Value::Type::kBoolean && result->boolean();
}

}  // namespace filter
}  // namespace rocketmq
