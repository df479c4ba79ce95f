#include "filter/expression.h"

namespace rocketmq {
namespace filter {

bool Expression::IsBoolean() const {
  switch (kind) {
    case ExpressionKind::kConstant:
      return constant.type() == Value::Type::kBoolean || constant.is_null();
    case ExpressionKind::kProperty:
    case ExpressionKind::kNegate:
      return false;
    default:
      return true;
  }
}

Value Expression::ConstantValue() const {
  return constant.type() == Value::Type::kString ? Value::String(text) : constant;
}

}  // namespace filter
}  // namespace rocketmq
