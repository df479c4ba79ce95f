// The string-to-value conversions Apache's evaluator applies to message properties, which
// are always strings: Java's Integer.valueOf, Long.valueOf, Double.valueOf and
// Boolean.valueOf. A conversion Java would answer with NumberFormatException gives nullopt.
//
// Only ASCII digits are accepted where Java's Character.digit would also take other
// Unicode decimal digits.
#ifndef ROCKETMQ_FILTER_JAVA_NUMBER_H_
#define ROCKETMQ_FILTER_JAVA_NUMBER_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocketmq {
namespace filter {

// Integer.valueOf: an optional sign and decimal digits, nothing else (no blanks), within
// the range of int.
std::optional<int32_t> ParseJavaInt(std::string_view text);

// Long.valueOf: the same within the range of long.
std::optional<int64_t> ParseJavaLong(std::string_view text);

// Double.valueOf: blanks (characters up to ' ') around the number are ignored; then an
// optional sign and "NaN", "Infinity", a decimal number with optional fraction and
// exponent, or a hexadecimal one with a binary exponent ("0x1.8p1"); a trailing type
// suffix (f, F, d, D) is allowed. Out-of-range values become infinity or zero, as in Java.
std::optional<double> ParseJavaDouble(std::string_view text);

// Boolean.valueOf: true for "true" in any case, false for anything else.
bool ParseJavaBoolean(std::string_view text);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_JAVA_NUMBER_H_
