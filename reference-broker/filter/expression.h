// Expression: the tree a SQL92 selector compiles to, shaped like Apache's expression
// classes so that evaluation follows theirs step by step:
//   a <> b              NOT (a = b)
//   a IS NULL           a = NULL (Apache's doCreateEqual, without the NULL check of '=')
//   a IS NOT NULL       NOT (a = NULL)
//   a BETWEEN x AND y   a >= x AND a <= y
//   a NOT BETWEEN x AND y   a < x OR a > y
//   a (alone, as a condition)   a boolean cast of the property
// AND and OR hold all the operands of a chain (a AND b AND c), which evaluates exactly as
// Apache's left-nested pairs do, without nesting as deep as the chain is long.
#ifndef ROCKETMQ_FILTER_EXPRESSION_H_
#define ROCKETMQ_FILTER_EXPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "filter/value.h"

namespace rocketmq {
namespace filter {

enum class ExpressionKind {
  kConstant,     // a literal: `constant` (a string's text in `text`)
  kProperty,     // a message property, named by `text`
  kNegate,       // -operand: numbers negated, anything else null
  kNot,          // three-valued NOT
  kBooleanCast,  // a property used as a condition: its Boolean value, false for others
  kAnd,          // three-valued AND over `operands`, left to right
  kOr,           // three-valued OR over `operands`, left to right
  kEqual,        // operands[0] = operands[1]
  kGreater,
  kGreaterEqual,
  kLess,
  kLessEqual,
  kIn,  // the property operands[0] is one of `in_list` (NOT IN when `negated`)
};

struct Expression {
  ExpressionKind kind = ExpressionKind::kConstant;
  Value constant;
  std::string text;
  // Shared: BETWEEN tests its value twice, as Apache's tree does.
  std::vector<std::shared_ptr<const Expression>> operands;
  std::set<std::string, std::less<>> in_list;
  bool negated = false;
  // Where it was written (byte offsets into the selector), for error messages.
  size_t begin = 0;
  size_t end = 0;
  // Nodes visited by one evaluation (a shared operand counts each time).
  int64_t cost = 1;

  // Apache's BooleanExpression: what can stand as a condition (comparisons, logic, IN, and
  // the literals TRUE, FALSE and NULL).
  bool IsBoolean() const;
  // A literal (ConstantExpression), including TRUE, FALSE and NULL.
  bool IsConstant() const { return kind == ExpressionKind::kConstant; }
  // The literal's value; strings view `text`.
  Value ConstantValue() const;
};

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_EXPRESSION_H_
