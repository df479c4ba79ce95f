// rmq-admin's plain ACL commands, with mqadmin's names, flags and output: updateAclConfig,
// deleteAclConfig, updateGlobalWhiteAddr and getAclConfig, each on -b BROKER or every
// master of -c CLUSTER. The tool signs its own requests with --aclAccessKey/--aclSecretKey.
#ifndef ROCKETMQ_TOOLS_RMQ_ADMIN_ACL_COMMANDS_H_
#define ROCKETMQ_TOOLS_RMQ_ADMIN_ACL_COMMANDS_H_

#include <vector>

#include "commands.h"

namespace rocketmq {
namespace admin_cli {

const std::vector<Command>& AclCommands();

}  // namespace admin_cli
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_ADMIN_ACL_COMMANDS_H_
