// AclFile: one plain ACL YAML file (Apache 4.9.7's conf/plain_acl.yml format), read and
// edited with yaml-cpp:
//
//   globalWhiteRemoteAddresses: [10.10.103.*]
//   accounts:
//     - accessKey: RocketMQ
//       secretKey: "12345678"
//       whiteRemoteAddress: 192.168.0.*
//       admin: false
//       defaultTopicPerm: DENY
//       defaultGroupPerm: SUB
//       topicPerms: [topicA=DENY, topicB=PUB|SUB]
//       groupPerms: [groupA=DENY]
//   dataVersion: [{counter: 1, timestamp: 1700000000000}]
//
// Edits (the admin requests) load the file as a document, change the accounts or the
// global white list, advance dataVersion as Apache does, and replace the file atomically
// (temporary file + rename), keeping every other key of the document.
#ifndef ROCKETMQ_ACL_ACL_FILE_H_
#define ROCKETMQ_ACL_ACL_FILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {

// One account as written in the file (Apache's PlainAccessConfig).
struct PlainAccessConfig {
  std::string access_key;
  std::string secret_key;
  std::string white_remote_address;
  bool admin = false;
  std::optional<std::string> default_topic_perm;
  std::optional<std::string> default_group_perm;
  std::vector<std::string> topic_perms;
  std::vector<std::string> group_perms;
};

struct AclDataVersion {
  int64_t counter = 0;
  int64_t timestamp = 0;
};

struct AclFileContent {
  std::vector<std::string> global_white_remote_addresses;
  std::vector<PlainAccessConfig> accounts;
  AclDataVersion data_version;
};

// An empty document (an empty file) is an empty content; malformed YAML, or a key of the
// wrong shape, is an error naming the file and the problem.
Result<AclFileContent> ParseAclYaml(const std::string& text, const std::string& what);
Result<AclFileContent> ReadAclFile(const std::string& path);

// Which of an update's optional fields it carries: an absent one (a Java null in the admin
// request) keeps what the file has, as Apache's createAclAccessConfigMap does. An empty
// secretKey or default permission is absent too; admin is always written.
struct AccountUpdateFields {
  bool white_remote_address = true;
  bool topic_perms = true;
  bool group_perms = true;
};

// Adds the account, or replaces the fields the update carries on the account with its
// access key (Apache's createAclAccessConfigMap).
Status UpsertAccountInFile(const std::string& path, const PlainAccessConfig& account,
                           const AccountUpdateFields& fields = {});
// NotFound when no account has this access key.
Status DeleteAccountInFile(const std::string& path, const std::string& access_key);
Status SetGlobalWhiteAddressesInFile(const std::string& path,
                                     const std::vector<std::string>& addresses);

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_ACL_FILE_H_
