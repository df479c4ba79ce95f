// Permission: Apache 4.9.7's ACL permission bits and rules (acl/common/Permission.java):
// what a permission string means, whether an owned permission grants a needed one, and
// which request codes only admin accounts may send.
#ifndef ROCKETMQ_ACL_PERMISSION_H_
#define ROCKETMQ_ACL_PERMISSION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {

using Perm = uint8_t;
constexpr Perm kDeny = 1;
constexpr Perm kAny = 1 << 1;
constexpr Perm kPub = 1 << 2;
constexpr Perm kSub = 1 << 3;

// DENY overrides everything; ANY is granted by PUB or SUB.
bool CheckPermission(Perm needed, Perm owned);

// "PUB", "SUB", "PUB|SUB"/"SUB|PUB", "DENY" (trimmed); anything else, or no value, is DENY.
Perm ParsePerm(const std::optional<std::string>& text);

// "PUB", "SUB", "PUB|SUB", "DENY", for messages and the admin body.
std::string PermName(Perm perm);

// UPDATE_AND_CREATE_TOPIC, UPDATE_BROKER_CONFIG, DELETE_TOPIC_IN_BROKER,
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP and DELETE_SUBSCRIPTIONGROUP.
bool NeedAdminPerm(int32_t request_code);

// One "resource=PERM" entry of topicPerms/groupPerms: split on '=' as Apache's
// StringUtils.split (empty pieces dropped), both sides trimmed.
struct ResourcePerm {
  std::string resource;
  Perm perm = kDeny;
};
Result<ResourcePerm> ParseResourcePerm(std::string_view entry, bool is_topic);

// Apache's checkResourcePerms, applied to accounts created by the admin request: each
// entry is "Res=Perm" with a permission spelled out (an unknown word is refused instead
// of read as DENY).
Status CheckResourcePerms(const std::vector<std::string>& entries);

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_PERMISSION_H_
