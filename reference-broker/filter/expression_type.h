// Subscription expression types (Apache's ExpressionType): TAG filters by tag hash codes in
// the consume queue, SQL92 evaluates a selector over message properties.
#ifndef ROCKETMQ_FILTER_EXPRESSION_TYPE_H_
#define ROCKETMQ_FILTER_EXPRESSION_TYPE_H_

#include <string_view>

namespace rocketmq {
namespace filter {

constexpr char kExpressionTypeTag[] = "TAG";
constexpr char kExpressionTypeSql92[] = "SQL92";

// As Apache's ExpressionType.isTagType: TAG, or no type at all.
inline bool IsTagType(std::string_view type) { return type.empty() || type == kExpressionTypeTag; }

}  // namespace filter
}  // namespace rocketmq

#endif  // ROCKETMQ_FILTER_EXPRESSION_TYPE_H_
