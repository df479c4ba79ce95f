// Parser: compiles a SQL92 selector (Apache RocketMQ 4.9.x's SelectorParser.jj) into an
// Expression tree, with the checks Apache makes while building its tree:
//   * AND, OR, NOT and the whole selector need conditions; a property alone is read as a
//     boolean, a number or string literal there is an error;
//   * '=' and '<>' refuse a NULL operand (IS NULL is the way), and TRUE/FALSE compared
//     with a literal of another type;
//   * '<', '<=', '>', '>=' and BETWEEN take only numbers among literals, and no condition;
//   * BETWEEN with two literal bounds needs low <= high, and neither NULL;
//   * IN and NOT IN apply to a property only, with string literals;
//   * an integer literal must fit a long; a float must be finite and above zero (Apache
//     refuses 0.0 by comparing with Double.MIN_VALUE).
// Grammar (keywords in any case; precedence from loosest):
//   selector   := or END
//   or         := and (OR and)*
//   and        := equality (AND equality)*
//   equality   := comparison ('=' comparison | '<>' comparison | IS [NOT] NULL)*
//   comparison := unary ( ('>'|'>='|'<'|'<=') unary | [NOT] BETWEEN unary AND unary
//                        | [NOT] IN '(' string (',' string)* ')' )*
//   unary      := '+' unary | '-' unary | NOT unary | primary
//   primary    := literal | property | '(' or ')'
//
// Differences from Apache, both deliberate: text left over after a complete selector is an
// error (Apache's parser stops there and ignores it, so "a = 1 b = 2" meant "a = 1"), and
// the size of a selector is bounded (nesting and evaluation cost), where Apache's would
// overflow the stack or take exponential time.
#ifndef ROCKETMQ_FILTER_PARSER_H_
#define ROCKETMQ_FILTER_PARSER_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "filter/expression.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace filter {

// Deepest nesting of parentheses and unary operators.
constexpr int kMaxNesting = 128;
// Most nodes one evaluation may visit.
constexpr int64_t kMaxEvaluationCost = 100000;

// The compiled selector, or InvalidArgument whose message starts "Invalid MessageSelector:"
// and names the line and column of the problem and, for a syntax error, what was expected
// there.
Result<std::shared_ptr<const Expression>> ParseSelector(std::string_view text);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_PARSER_H_
