// Small string helpers with the semantics of the Apache Commons calls the ACL code uses
// (StringUtils.split drops empty pieces; String.trim).
#ifndef ROCKETMQ_ACL_TEXT_H_
#define ROCKETMQ_ACL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace rocketmq {
namespace acl {

std::string Trim(std::string_view text);
std::vector<std::string> SplitNonEmpty(std::string_view text, char separator);

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_TEXT_H_
