#include "filter/lexer.h"

#include <string>

namespace rocketmq {
namespace filter {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdentifierStart(char c) { return IsLetter(c) || c == '_' || c == '$'; }
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c); }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool EqualsIgnoreCase(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if ((word[i] | 0x20) != (keyword[i] | 0x20)) return false;
  }
  return true;
}

TokenKind KeywordOrIdentifier(std::string_view word) {
  static constexpr struct {
    std::string_view text;
    TokenKind kind;
  } kKeywords[] = {
      {"NOT", TokenKind::kNot},         {"AND", TokenKind::kAnd},   {"OR", TokenKind::kOr},
      {"BETWEEN", TokenKind::kBetween}, {"IN", TokenKind::kIn},     {"TRUE", TokenKind::kTrue},
      {"FALSE", TokenKind::kFalse},     {"NULL", TokenKind::kNull}, {"IS", TokenKind::kIs},
  };
  for (const auto& keyword : kKeywords) {
    if (EqualsIgnoreCase(word, keyword.text)) return keyword.kind;
  }
  return TokenKind::kIdentifier;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      Status skipped = SkipBlanksAndComments();
      if (!skipped.ok()) return skipped;
      Token token;
      token.offset = pos_;
      token.line = line_;
      token.column = column_;
      if (pos_ == text_.size()) {
        tokens.push_back(token);
        return tokens;
      }
      auto kind = Scan();
      if (!kind.ok()) return kind.status();
      token.kind = *kind;
      token.text = text_.substr(token.offset, pos_ - token.offset);
      tokens.push_back(token);
    }
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool AtEnd(size_t ahead = 0) const { return pos_ + ahead >= text_.size(); }

  void Advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i, ++pos_) {
      if (text_[pos_] == '\n' || (text_[pos_] == '\r' && Peek(1) != '\n')) {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  Status ErrorHere(const std::string& what) const {
    return Status::InvalidArgument(what + " at line " + std::to_string(line_) + ", column " +
                                   std::to_string(column_));
  }

  Status SkipBlanksAndComments() {
    while (!AtEnd()) {
      if (IsBlank(Peek())) {
        Advance();
      } else if (Peek() == '-' && Peek(1) == '-') {
        while (!AtEnd() && Peek() != '\n' && Peek() != '\r') Advance();
      } else if (Peek() == '/' && Peek(1) == '*') {
        const int line = line_;
        const int column = column_;
        Advance(2);
        while (!AtEnd() && !(Peek() == '*' && Peek(1) == '/')) Advance();
        if (AtEnd()) {
          return Status::InvalidArgument("unterminated comment starting at line " +
                                         std::to_string(line) + ", column " +
                                         std::to_string(column));
        }
        Advance(2);
      } else {
        break;
      }
    }
    return Status::OK();
  }

  // Digits, then the longest of a decimal ("0", "12", "12L") and a float ("1.5", "1.",
  // "1e3"); ".5" starts at the dot.
  TokenKind ScanNumber() {
    const size_t start = pos_;
    size_t i = pos_;
    while (i < text_.size() && IsDigit(text_[i])) ++i;
    const size_t digits = i - start;
    bool is_float = false;
    if (i < text_.size() && text_[i] == '.') {
      is_float = true;
      ++i;
      while (i < text_.size() && IsDigit(text_[i])) ++i;
    }
    if (i < text_.size() && (text_[i] | 0x20) == 'e') {
      size_t j = i + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
      const size_t exponent_digits = j;
      while (j < text_.size() && IsDigit(text_[j])) ++j;
      if (j > exponent_digits) {
        is_float = true;
        i = j;
      }
    }
    if (is_float) {
      Advance(i - start);
      return TokenKind::kFloat;
    }
    // A decimal never has a leading zero: "012" is "0" followed by "12".
    if (text_[start] == '0') {
      Advance(1);
      return TokenKind::kDecimal;
    }
    Advance(digits);
    if ((Peek() | 0x20) == 'l') Advance();
    return TokenKind::kDecimal;
  }

  Result<TokenKind> ScanString() {
    const int line = line_;
    const int column = column_;
    Advance();
    while (true) {
      if (AtEnd()) {
        return Status::InvalidArgument("unterminated string literal starting at line " +
                                       std::to_string(line) + ", column " + std::to_string(column));
      }
      if (Peek() == '\'') {
        if (Peek(1) != '\'') break;
        Advance(2);
      } else {
        Advance();
      }
    }
    Advance();
    return TokenKind::kString;
  }

  Result<TokenKind> Scan() {
    const char c = Peek();
    if (IsIdentifierStart(c)) {
      const size_t start = pos_;
      while (!AtEnd() && IsIdentifierPart(Peek())) Advance();
      return KeywordOrIdentifier(text_.substr(start, pos_ - start));
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return ScanNumber();
    if (c == '\'') return ScanString();
    switch (c) {
      case '=':
        Advance();
        return TokenKind::kEqual;
      case '<':
        if (Peek(1) == '>') {
          Advance(2);
          return TokenKind::kNotEqual;
        }
        if (Peek(1) == '=') {
          Advance(2);
          return TokenKind::kLessEqual;
        }
        Advance();
        return TokenKind::kLess;
      case '>':
        if (Peek(1) == '=') {
          Advance(2);
          return TokenKind::kGreaterEqual;
        }
        Advance();
        return TokenKind::kGreater;
      case '(':
        Advance();
        return TokenKind::kLeftParen;
      case ')':
        Advance();
        return TokenKind::kRightParen;
      case ',':
        Advance();
        return TokenKind::kComma;
      case '+':
        Advance();
        return TokenKind::kPlus;
      case '-':
        Advance();
        return TokenKind::kMinus;
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    std::string shown =
        byte >= 0x20 && byte < 0x7f ? std::string("'") + c + "'" : "byte 0x" + Hex(byte);
    return ErrorHere("unexpected character " + shown);
  }

  static std::string Hex(unsigned char byte) {
    static constexpr char kDigits[] = "0123456789abcdef";
    return {kDigits[byte >> 4], kDigits[byte & 0xf]};
  }

  const std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view text) { return Lexer(text).Run(); }

}  // namespace filter
}  // namespace rocketmq
