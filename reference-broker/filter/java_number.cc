#include "filter/java_number.h"

#include <cstdlib>
#include <limits>
#include <string>

namespace rocketmq {
namespace filter {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Sign and magnitude, accumulated as a negative number so that the minimum fits.
std::optional<int64_t> ParseSigned(std::string_view text, int64_t min, int64_t max) {
  if (text.empty()) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  const int64_t limit = negative ? min : -max;
  int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
    const int digit = text[i] - '0';
    if (value < limit / 10) return std::nullopt;
    value *= 10;
    if (value < limit + digit) return std::nullopt;
    value -= digit;
  }
  return negative ? value : -value;
}

size_t SkipDigits(std::string_view text, size_t i, bool hex) {
  while (i < text.size() && (hex ? IsHexDigit(text[i]) : IsDigit(text[i]))) ++i;
  return i;
}

// Length of an exponent ("e-12", "p3") starting at `i`, 0 if there is none.
size_t ExponentLength(std::string_view text, size_t i, char marker) {
  if (i >= text.size() || (text[i] | 0x20) != marker) return 0;
  size_t j = i + 1;
  if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
  const size_t end = SkipDigits(text, j, false);
  return end == j ? 0 : end - i;
}

}  // namespace

std::optional<int32_t> ParseJavaInt(std::string_view text) {
  auto value =
      ParseSigned(text, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  if (!value) return std::nullopt;
  return static_cast<int32_t>(*value);
}

std::optional<int64_t> ParseJavaLong(std::string_view text) {
  return ParseSigned(text, std::numeric_limits<int64_t>::min(),
                     std::numeric_limits<int64_t>::max());
}

std::optional<double> ParseJavaDouble(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ') ++begin;
  while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ') --end;
  std::string_view number = text.substr(begin, end - begin);
  size_t i = 0;
  bool negative = false;
  if (!number.empty() && (number[0] == '+' || number[0] == '-')) {
    negative = number[0] == '-';
    i = 1;
  }
  const std::string_view rest = number.substr(i);
  if (rest == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (rest == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  const bool hex = rest.size() > 2 && rest[0] == '0' && (rest[1] | 0x20) == 'x';
  size_t j = hex ? i + 2 : i;
  const size_t int_end = SkipDigits(number, j, hex);
  size_t digits = int_end - j;
  j = int_end;
  if (j < number.size() && number[j] == '.') {
    const size_t frac_end = SkipDigits(number, j + 1, hex);
    digits += frac_end - (j + 1);
    j = frac_end;
  }
  if (digits == 0) return std::nullopt;
  const size_t exponent = ExponentLength(number, j, hex ? 'p' : 'e');
  // Java requires the binary exponent of a hexadecimal number.
  if (hex && exponent == 0) return std::nullopt;
  j += exponent;
  const size_t significant = j;
  if (j < number.size() && ((number[j] | 0x20) == 'f' || (number[j] | 0x20) == 'd')) ++j;
  if (j != number.size()) return std::nullopt;
  // strtod reads the same syntax (without the suffix) and rounds correctly, as Java does;
  // its ERANGE results (infinity, zero or a denormal) are Java's too.
  const std::string copy(number.substr(0, significant));
  return std::strtod(copy.c_str(), nullptr);
}

bool ParseJavaBoolean(std::string_view text) {
  if (text.size() != 4) return false;
  static constexpr char kTrue[] = "true";
  for (size_t i = 0; i < 4; ++i) {
    if ((text[i] | 0x20) != kTrue[i]) return false;
  }
  return true;
}

}  // namespace filter
}  // namespace rocketmq
