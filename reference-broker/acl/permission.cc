#include "acl/permission.h"

#include "acl/text.h"
#include "protocol/request_code.h"

namespace rocketmq {
namespace acl {

bool CheckPermission(Perm needed, Perm owned) {
  if ((owned & kDeny) != 0) return false;
  if ((needed & kAny) != 0) return (owned & (kPub | kSub)) != 0;
  return (needed & owned) != 0;
}

Perm ParsePerm(const std::optional<std::string>& text) {
  if (!text) return kDeny;
  const std::string word = Trim(*text);
  if (word == "PUB") return kPub;
  if (word == "SUB") return kSub;
  if (word == "PUB|SUB" || word == "SUB|PUB") return kPub | kSub;
  return kDeny;
}

std::string PermName(Perm perm) {
  if ((perm & kDeny) != 0) return "DENY";
  if ((perm & kPub) != 0 && (perm & kSub) != 0) return "PUB|SUB";
  if ((perm & kPub) != 0) return "PUB";
  if ((perm & kSub) != 0) return "SUB";
  return "ANY";
}

bool NeedAdminPerm(int32_t request_code) {
  namespace rq = protocol::RequestCode;
  switch (request_code) {
    case rq::kUpdateAndCreateTopic:
    case rq::kUpdateBrokerConfig:
    case rq::kDeleteTopicInBroker:
    case rq::kUpdateAndCreateSubscriptionGroup:
    case rq::kDeleteSubscriptionGroup:
      return true;
    default:
      return false;
  }
}

Result<ResourcePerm> ParseResourcePerm(std::string_view entry, bool is_topic) {
  const std::vector<std::string> items = SplitNonEmpty(entry, '=');
  if (items.size() != 2) {
    return Status::InvalidArgument("Parse resource permission failed for " +
                                   std::string(is_topic ? "topic" : "group") + ":" +
                                   std::string(entry));
  }
  return ResourcePerm{Trim(items[0]), ParsePerm(Trim(items[1]))};
}

Status CheckResourcePerms(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    const std::vector<std::string> items = SplitNonEmpty(entry, '=');
    if (items.size() != 2) {
      return Status::InvalidArgument("Parse Resource format error for " + entry +
                                     ".\nThe expected resource format is 'Res=Perm'. For "
                                     "example: topicA=SUB");
    }
    const std::string perm = Trim(items[1]);
    if (perm != "DENY" && ParsePerm(perm) == kDeny) {
      return Status::InvalidArgument("Parse resource permission error for " + entry +
                                     ".\nThe expected permissions are 'SUB' or 'PUB' or "
                                     "'SUB|PUB' or 'PUB|SUB'.");
    }
  }
  return Status::OK();
}

}  // namespace acl
}  // namespace rocketmq
