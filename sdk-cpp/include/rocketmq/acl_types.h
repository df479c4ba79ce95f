// Values of the plain ACL admin requests (see rocketmq/admin.h), with the field meanings of
// Apache 4.9.7's PlainAccessConfig and AclConfig.
#ifndef ROCKETMQ_ACL_TYPES_H_
#define ROCKETMQ_ACL_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace rocketmq {

// One account of a broker's plain_acl.yml.
struct AclAccount {
  std::string access_key;  // more than 6 characters
  std::string secret_key;  // more than 6 characters, also in an update (Apache requires it)
  // Addresses that need no signature. In an update, empty keeps the account's value, as do
  // empty topic_perms / group_perms (Apache keeps what the request leaves out).
  std::string white_remote_address;
  bool admin = false;
  // "PUB", "SUB", "PUB|SUB" or "DENY"; empty: not set (DENY), or unchanged in an update.
  std::string default_topic_perm;
  std::string default_group_perm;
  std::vector<std::string> topic_perms;  // "topic=PERM"
  std::vector<std::string> group_perms;  // "group=PERM"
};

// What a broker's ACL files hold (GET_BROKER_CLUSTER_ACL_CONFIG).
struct AclConfig {
  std::vector<std::string> global_white_addrs;
  std::vector<AclAccount> accounts;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_TYPES_H_
