// Evaluator: a compiled selector applied to one message's properties, with the three-valued
// logic and Java semantics of Apache's expression classes:
//   * a missing property is null; a comparison involving null is null (unknown), except that
//     `x = y` is FALSE, not null, when only the right side is null (Apache's asymmetry, so
//     `1 <> a` holds for a message without `a` while `a <> 1` does not);
//   * AND / OR: FALSE / TRUE win over null; NOT null is null;
//   * '<', '<=', '>', '>=': two strings are compared as doubles (Double.valueOf); a string
//     and a number as the number's type (Integer.valueOf for an integer literal, so "2.5" > 1
//     fails); a string that does not parse makes the whole evaluation fail, as Java's
//     exception does;
//   * '=': equal Java values, else __compare (the same conversions) giving 0;
//   * IN: only a string property is tested; -x of anything but a number is null.
// A message is selected only when the result is TRUE.
#ifndef ROCKETMQ_FILTER_EVALUATOR_H_
#define ROCKETMQ_FILTER_EVALUATOR_H_

#include <optional>
#include <string_view>

#include "filter/expression.h"
#include "filter/value.h"

namespace rocketmq {
namespace filter {

// Where property values come from (a decoded map in tests, the encoded properties of a
// stored message in the broker). Values must outlive the evaluation.
class PropertySource {
 public:
  virtual ~PropertySource() = default;
  virtual std::optional<std::string_view> Find(std::string_view name) const = 0;
};

// The value of `expression`; nullopt where Apache's evaluation throws (its broker then
// skips the message).
std::optional<Value> Evaluate(const Expression& expression, const PropertySource& properties);

// True when `selector` evaluates to TRUE; false for FALSE, null and failures.
bool Matches(const Expression& selector, const PropertySource& properties);

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_EVALUATOR_H_
