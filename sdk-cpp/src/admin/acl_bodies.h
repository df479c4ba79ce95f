// The wire forms of the plain ACL admin requests (Apache 4.9.7): the header of
// UPDATE_AND_CREATE_ACL_CONFIG and the body of GET_BROKER_CLUSTER_ACL_CONFIG.
#ifndef ROCKETMQ_ADMIN_ACL_BODIES_H_
#define ROCKETMQ_ADMIN_ACL_BODIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "protocol/ext_fields.h"
#include "rocketmq/acl_types.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace admin {

// CreateAccessConfigRequestHeader: accessKey, secretKey, whiteRemoteAddress, admin,
// defaultTopicPerm, defaultGroupPerm, topicPerms / groupPerms comma-joined; empty values
// are left out, as Java leaves out nulls.
protocol::ExtFields EncodeAclAccount(const AclAccount& account);

// GetBrokerClusterAclConfigResponseBody: {globalWhiteAddrs: [...], plainAccessConfigs: [...]}.
Result<AclConfig> DecodeAclConfig(std::string_view body);

std::string JoinComma(const std::vector<std::string>& items);

}  // namespace admin
}  // namespace rocketmq

#endif  // ROCKETMQ_ADMIN_ACL_BODIES_H_
