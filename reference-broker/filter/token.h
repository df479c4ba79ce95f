// The tokens of Apache's selector grammar (SelectorParser.jj of RocketMQ 4.9.x): keywords
// (case-insensitive), literals, identifiers and operators.
#ifndef ROCKETMQ_FILTER_TOKEN_H_
#define ROCKETMQ_FILTER_TOKEN_H_

#include <cstddef>
#include <string_view>

namespace rocketmq {
namespace filter {

enum class TokenKind {
  kEnd,
  // Keywords.
  kNot,
  kAnd,
  kOr,
  kBetween,
  kIn,
  kTrue,
  kFalse,
  kNull,
  kIs,
  // Literals and names.
  kDecimal,  // "0" or [1-9][0-9]*, optionally suffixed l/L
  kFloat,    // 1.5, 1., .5, 1e3, 1.5E-3
  kString,   // 'text', '' inside for one quote
  kIdentifier,
  // Operators and punctuation.
  kEqual,
  kNotEqual,
  kGreater,
  kGreaterEqual,
  kLess,
  kLessEqual,
  kLeftParen,
  kComma,
  kRightParen,
  kPlus,
  kMinus,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  // The token as written (a string literal with its quotes).
  std::string_view text;
  // Byte offset in the expression, and the 1-based line and column (in bytes) it starts at.
  size_t offset = 0;
  int line = 1;
  int column = 1;
};

// How a token kind is named in error messages ("AND", "a string literal", "')'").
const char* TokenKindName(TokenKind kind);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_TOKEN_H_
