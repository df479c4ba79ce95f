#include "filter/parser.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "filter/java_number.h"
#include "filter/lexer.h"

namespace rocketmq {
namespace filter {
namespace {

using Node = std::shared_ptr<Expression>;
using K = ExpressionKind;

constexpr char kOperandStart[] = "a literal, a property name, '(', NOT, '+' or '-'";
constexpr char kOperatorOrEnd[] =
    "AND, OR, '=', '<>', '<', '<=', '>', '>=', [NOT] BETWEEN, [NOT] IN, IS [NOT] NULL or the "
    "end of the expression";

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Result<Node> Run() {
    auto e = ParseOr();
    if (!e.ok()) return e;
    if (Peek().kind != TokenKind::kEnd) return Unexpected(kOperatorOrEnd);
    return AsCondition(std::move(*e));
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = std::min(next_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& Take() {
    const Token& t = tokens_[next_];
    if (next_ + 1 < tokens_.size()) ++next_;
    return t;
  }
  size_t EndOfPrevious() const {
    if (next_ == 0) return 0;
    const Token& t = tokens_[next_ - 1];
    return t.offset + t.text.size();
  }

  std::string Where(size_t offset) const {
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n' ||
          (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
  }
  std::string Quote(const Expression& e) const {
    return "'" + std::string(text_.substr(e.begin, e.end - e.begin)) + "'";
  }
  static Status TooComplex() {
    return Invalid("the expression is too complex (an evaluation would visit more than " +
                   std::to_string(kMaxEvaluationCost) + " nodes)");
  }
  static Status Invalid(const std::string& message) {
    return Status::InvalidArgument("Invalid MessageSelector: " + message);
  }
  Status Unexpected(const char* expected) const {
    const Token& t = Peek();
    const std::string found = t.kind == TokenKind::kEnd ? std::string("the end of the expression")
                                                        : "\"" + std::string(t.text) + "\"";
    return Invalid("encountered " + found + " at line " + std::to_string(t.line) + ", column " +
                   std::to_string(t.column) + "; expected " + expected);
  }
  Status Expect(TokenKind kind, const char* expected) {
    if (Peek().kind != kind) return Unexpected(expected);
    Take();
    return Status::OK();
  }

  Result<Node> Make(K kind, std::vector<Node> operands, size_t begin) const {
    auto node = std::make_shared<Expression>();
    node->kind = kind;
    node->begin = begin;
    node->end = EndOfPrevious();
    for (auto& operand : operands) {
      node->cost += operand->cost;
      node->operands.push_back(std::move(operand));
    }
    if (node->cost > kMaxEvaluationCost) return TooComplex();
    return node;
  }

  // Apache's asBooleanExpression.
  Result<Node> AsCondition(Node e) const {
    if (e->IsBoolean()) return e;
    const size_t begin = e->begin;
    if (e->kind == K::kProperty) return Make(K::kBooleanCast, {std::move(e)}, begin);
    return Invalid(Quote(*e) + " at " + Where(e->begin) + " is not a condition");
  }

  // Operands of '=' and '<>' (Apache's checkEqualOperand and checkEqualOperandCompatability).
  Status CheckEqualOperands(const Expression& left, const Expression& right) const {
    for (const Expression* e : {&left, &right}) {
      if (e->IsConstant() && e->constant.is_null()) {
        return Invalid("NULL at " + Where(e->begin) + " cannot be compared; use IS [NOT] NULL");
      }
    }
    if (left.IsConstant() && right.IsConstant() && left.IsBoolean() && !right.IsBoolean()) {
      return Invalid(Quote(left) + " cannot be compared with " + Quote(right) + " at " +
                     Where(left.begin));
    }
    return Status::OK();
  }

  // Operands of '<', '<=', '>', '>=' and BETWEEN (Apache's checkLessThanOperand).
  Status CheckOrderedOperand(const Expression& e) const {
    if (e.IsConstant() ? !e.constant.is_number() : e.IsBoolean()) {
      return Invalid(Quote(e) + " at " + Where(e.begin) +
                     " cannot be compared by '<', '<=', '>', '>=' or BETWEEN");
    }
    return Status::OK();
  }

  Result<Node> Logic(K kind, Node left, Node right, size_t begin) const {
    auto l = AsCondition(std::move(left));
    if (!l.ok()) return l;
    auto r = AsCondition(std::move(right));
    if (!r.ok()) return r;
    // A chain becomes one node: evaluated left to right, it answers as the nested pairs do.
    if ((*l)->kind == kind) {
      Node chain = std::move(*l);
      chain->cost += (*r)->cost;
      chain->end = EndOfPrevious();
      chain->operands.push_back(std::move(*r));
      if (chain->cost > kMaxEvaluationCost) return TooComplex();
      return chain;
    }
    return Make(kind, {std::move(*l), std::move(*r)}, begin);
  }

  Result<Node> ParseOr() {
    const size_t begin = Peek().offset;
    auto left = ParseAnd();
    while (left.ok() && Peek().kind == TokenKind::kOr) {
      Take();
      auto right = ParseAnd();
      if (!right.ok()) return right;
      left = Logic(K::kOr, std::move(*left), std::move(*right), begin);
    }
    return left;
  }

  Result<Node> ParseAnd() {
    const size_t begin = Peek().offset;
    auto left = ParseEquality();
    while (left.ok() && Peek().kind == TokenKind::kAnd) {
      Take();
      auto right = ParseEquality();
      if (!right.ok()) return right;
      left = Logic(K::kAnd, std::move(*left), std::move(*right), begin);
    }
    return left;
  }

  Result<Node> NullLiteral() const {
    auto node = std::make_shared<Expression>();
    node->kind = K::kConstant;
    node->begin = EndOfPrevious();
    node->end = node->begin;
    return node;
  }

  Result<Node> ParseEquality() {
    const size_t begin = Peek().offset;
    auto left = ParseComparison();
    while (left.ok()) {
      const TokenKind op = Peek().kind;
      if (op == TokenKind::kEqual || op == TokenKind::kNotEqual) {
        Take();
        auto right = ParseComparison();
        if (!right.ok()) return right;
        Status checked = CheckEqualOperands(**left, **right);
        if (!checked.ok()) return checked;
        left = Make(K::kEqual, {std::move(*left), std::move(*right)}, begin);
        if (left.ok() && op == TokenKind::kNotEqual)
          left = Make(K::kNot, {std::move(*left)}, begin);
      } else if (op == TokenKind::kIs) {
        Take();
        const bool negated = Peek().kind == TokenKind::kNot;
        if (negated) Take();
        Status null = Expect(TokenKind::kNull, negated ? "NULL" : "NULL or NOT NULL");
        if (!null.ok()) return null;
        left = Make(K::kEqual, {std::move(*left), *NullLiteral()}, begin);
        if (left.ok() && negated) left = Make(K::kNot, {std::move(*left)}, begin);
      } else {
        break;
      }
    }
    return left;
  }

  Result<Node> Between(Node value, bool negated, size_t begin) {
    auto low = ParseUnary();
    if (!low.ok()) return low;
    Status and_keyword = Expect(TokenKind::kAnd, "AND");
    if (!and_keyword.ok()) return and_keyword;
    auto high = ParseUnary();
    if (!high.ok()) return high;
    if (!negated && (*low)->IsConstant() && (*high)->IsConstant()) {
      const Value lv = (*low)->ConstantValue();
      const Value hv = (*high)->ConstantValue();
      if (lv.is_null() || hv.is_null()) {
        return Invalid("the bounds of BETWEEN at " + Where(begin) + " cannot be NULL");
      }
      const std::optional<int> order = JavaCompare(hv, lv);
      if (!order || *order < 0) {
        return Invalid("the lower bound " + Quote(**low) + " of BETWEEN at " + Where(begin) +
                       " must be less than or equal to the upper bound " + Quote(**high));
      }
    }
    for (const Node* operand : {&value, &*low, &*high}) {
      Status checked = CheckOrderedOperand(**operand);
      if (!checked.ok()) return checked;
    }
    auto above = Make(negated ? K::kLess : K::kGreaterEqual, {value, std::move(*low)}, begin);
    if (!above.ok()) return above;
    auto below = Make(negated ? K::kGreater : K::kLessEqual, {value, std::move(*high)}, begin);
    if (!below.ok()) return below;
    return Make(negated ? K::kOr : K::kAnd, {std::move(*above), std::move(*below)}, begin);
  }

  Result<Node> InList(Node value, bool negated, size_t begin) {
    if (value->kind != K::kProperty) {
      return Invalid("IN at " + Where(begin) + " needs a property on its left, not " +
                     Quote(*value));
    }
    Status open = Expect(TokenKind::kLeftParen, "'('");
    if (!open.ok()) return open;
    auto node = Make(K::kIn, {std::move(value)}, begin);
    if (!node.ok()) return node;
    (*node)->negated = negated;
    while (true) {
      if (Peek().kind != TokenKind::kString) return Unexpected("a string literal");
      (*node)->in_list.insert(DecodeString(Take().text));
      if (Peek().kind == TokenKind::kRightParen) break;
      Status comma = Expect(TokenKind::kComma, "',' or ')'");
      if (!comma.ok()) return comma;
    }
    Take();
    (*node)->end = EndOfPrevious();
    return node;
  }

  Result<Node> ParseComparison() {
    const size_t begin = Peek().offset;
    auto left = ParseUnary();
    while (left.ok()) {
      const TokenKind op = Peek().kind;
      K kind;
      if (op == TokenKind::kGreater) {
        kind = K::kGreater;
      } else if (op == TokenKind::kGreaterEqual) {
        kind = K::kGreaterEqual;
      } else if (op == TokenKind::kLess) {
        kind = K::kLess;
      } else if (op == TokenKind::kLessEqual) {
        kind = K::kLessEqual;
      } else {
        const bool negated = op == TokenKind::kNot && (Peek(1).kind == TokenKind::kBetween ||
                                                       Peek(1).kind == TokenKind::kIn);
        if (negated) Take();
        if (Peek().kind == TokenKind::kBetween) {
          Take();
          left = Between(std::move(*left), negated, begin);
        } else if (Peek().kind == TokenKind::kIn) {
          Take();
          left = InList(std::move(*left), negated, begin);
        } else {
          break;
        }
        continue;
      }
      Take();
      auto right = ParseUnary();
      if (!right.ok()) return right;
      Status checked = CheckOrderedOperand(**left);
      if (checked.ok()) checked = CheckOrderedOperand(**right);
      if (!checked.ok()) return checked;
      left = Make(kind, {std::move(*left), std::move(*right)}, begin);
    }
    return left;
  }

  Result<Node> ParseUnary() {
    if (depth_ >= kMaxNesting) {
      return Invalid("the expression is nested deeper than " + std::to_string(kMaxNesting) +
                     " levels at line " + std::to_string(Peek().line) + ", column " +
                     std::to_string(Peek().column));
    }
    ++depth_;
    auto result = ParseUnaryNested();
    --depth_;
    return result;
  }

  Result<Node> ParseUnaryNested() {
    const size_t begin = Peek().offset;
    switch (Peek().kind) {
      case TokenKind::kPlus:
        Take();
        return ParseUnary();
      case TokenKind::kMinus: {
        Take();
        auto operand = ParseUnary();
        if (!operand.ok()) return operand;
        return Make(K::kNegate, {std::move(*operand)}, begin);
      }
      case TokenKind::kNot: {
        Take();
        auto operand = ParseUnary();
        if (!operand.ok()) return operand;
        auto condition = AsCondition(std::move(*operand));
        if (!condition.ok()) return condition;
        return Make(K::kNot, {std::move(*condition)}, begin);
      }
      default:
        return ParsePrimary();
    }
  }

  Result<Node> ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kLeftParen: {
        Take();
        auto inner = ParseOr();
        if (!inner.ok()) return inner;
        Status close = Expect(TokenKind::kRightParen, "')' or an operator");
        if (!close.ok()) return close;
        return inner;
      }
      case TokenKind::kIdentifier: {
        Take();
        auto node = Make(K::kProperty, {}, t.offset);
        if (node.ok()) (*node)->text = std::string(t.text);
        return node;
      }
      case TokenKind::kString:
      case TokenKind::kDecimal:
      case TokenKind::kFloat:
      case TokenKind::kTrue:
      case TokenKind::kFalse:
      case TokenKind::kNull:
        return Literal();
      default:
        return Unexpected(kOperandStart);
    }
  }

  Result<Node> Literal() {
    const Token t = Take();
    auto node = Make(K::kConstant, {}, t.offset);
    if (!node.ok()) return node;
    Expression& e = **node;
    switch (t.kind) {
      case TokenKind::kString:
        e.text = DecodeString(t.text);
        e.constant = Value::String(e.text);
        break;
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        e.constant = Value::Boolean(t.kind == TokenKind::kTrue);
        break;
      case TokenKind::kNull:
        break;
      case TokenKind::kDecimal: {
        std::string_view digits = t.text;
        if ((digits.back() | 0x20) == 'l') digits.remove_suffix(1);
        const std::optional<int64_t> value = ParseJavaLong(digits);
        if (!value) {
          return Invalid("the integer " + std::string(t.text) + " at " + Where(t.offset) +
                         " does not fit in a long");
        }
        const bool fits_int = *value >= std::numeric_limits<int32_t>::min() &&
                              *value <= std::numeric_limits<int32_t>::max();
        e.constant = fits_int ? Value::Int(static_cast<int32_t>(*value)) : Value::Long(*value);
        break;
      }
      case TokenKind::kFloat: {
        const std::string copy(t.text);
        const double value = std::strtod(copy.c_str(), nullptr);
        if (value > std::numeric_limits<double>::max()) {
          return Invalid("the number " + copy + " at " + Where(t.offset) +
                         " is greater than 1.7976931348623157E308");
        }
        if (value < std::numeric_limits<double>::denorm_min()) {
          return Invalid("the number " + copy + " at " + Where(t.offset) +
                         " is less than 4.9E-324 (Apache refuses zero)");
        }
        e.constant = Value::Double(value);
        break;
      }
      default:
        break;
    }
    return node;
  }

  // A string literal's text: quotes removed, '' read as one quote.
  static std::string DecodeString(std::string_view quoted) {
    std::string out;
    out.reserve(quoted.size());
    for (size_t i = 1; i + 1 < quoted.size(); ++i) {
      out.push_back(quoted[i]);
      if (quoted[i] == '\'') ++i;
    }
    return out;
  }

  const std::string_view text_;
  const std::vector<Token> tokens_;
  size_t next_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::shared_ptr<const Expression>> ParseSelector(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens.ok()) {
    return Status::InvalidArgument("Invalid MessageSelector: " + tokens.status().message());
  }
  auto parsed = Parser(text, std::move(*tokens)).Run();
  if (!parsed.ok()) return parsed.status();
  return std::shared_ptr<const Expression>(std::move(*parsed));
}

}  // namespace filter
}  // namespace rocketmq
