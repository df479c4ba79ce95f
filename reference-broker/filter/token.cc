#include "filter/token.h"

namespace rocketmq {
namespace filter {

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of expression";
    case TokenKind::kNot:
      return "NOT";
    case TokenKind::kAnd:
      return "AND";
    case TokenKind::kOr:
      return "OR";
    case TokenKind::kBetween:
      return "BETWEEN";
    case TokenKind::kIn:
      return "IN";
    case TokenKind::kTrue:
      return "TRUE";
    case TokenKind::kFalse:
      return "FALSE";
    case TokenKind::kNull:
      return "NULL";
    case TokenKind::kIs:
      return "IS";
    case TokenKind::kDecimal:
      return "an integer literal";
    case TokenKind::kFloat:
      return "a floating point literal";
    case TokenKind::kString:
      return "a string literal";
    case TokenKind::kIdentifier:
      return "a property name";
    case TokenKind::kEqual:
      return "'='";
    case TokenKind::kNotEqual:
      return "'<>'";
    case TokenKind::kGreater:
      return "'>'";
    case TokenKind::kGreaterEqual:
      return "'>='";
    case TokenKind::kLess:
      return "'<'";
    case TokenKind::kLessEqual:
      return "'<='";
    case TokenKind::kLeftParen:
      return "'('";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kRightParen:
      return "')'";
    case TokenKind::kPlus:
      return "'+'";
    case TokenKind::kMinus:
      return "'-'";
  }
  return "token";
}

}  // namespace filter
}  // namespace rocketmq
