// AclAdminProcessor: Apache 4.9.7's ACL admin requests, on the broker's plain ACL files
// (reference-broker/acl/):
//   UPDATE_AND_CREATE_ACL_CONFIG (50)   header accessKey, secretKey, whiteRemoteAddress,
//                                       defaultTopicPerm, defaultGroupPerm, admin,
//                                       topicPerms / groupPerms (comma-separated)
//   DELETE_ACL_CONFIG (51)              header accessKey
//   GET_BROKER_CLUSTER_ACL_INFO (52)    answer header version, allAclFileVersion,
//                                       brokerAddr, brokerName, clusterName
//   UPDATE_GLOBAL_WHITE_ADDRS_CONFIG (53) header globalWhiteAddrs (comma-separated),
//                                       aclFileFullPath
//   GET_BROKER_CLUSTER_ACL_CONFIG (54)  body {globalWhiteAddrs, plainAccessConfigs}
// Failures answer UPDATE_AND_CREATE_ACL_CONFIG_FAILED / DELETE_ACL_CONFIG_FAILED /
// UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED with the reason, as Apache; with aclEnable=false
// every one of them fails saying so. As in Apache, these codes need no admin account: the
// ACL hook only checks the caller's signature.
#ifndef ROCKETMQ_BROKER_ACL_ADMIN_PROCESSOR_H_
#define ROCKETMQ_BROKER_ACL_ADMIN_PROCESSOR_H_

#include <memory>
#include <vector>

#include "acl/plain_permission_manager.h"
#include "remoting/request_processor.h"

namespace rocketmq {
namespace broker {

class BrokerController;

class AclAdminProcessor : public remoting::RequestProcessor {
 public:
  // `manager` is null when ACL is off.
  AclAdminProcessor(BrokerController* broker, std::shared_ptr<acl::PlainPermissionManager> manager)
      : broker_(broker), manager_(std::move(manager)) {}

  remoting::ProcessResult Process(const std::shared_ptr<remoting::Connection>& connection,
                                  remoting::RemotingCommand& request) override;

  static const std::vector<int32_t>& Codes();

 private:
  using Command = remoting::RemotingCommand;
  Command UpdateAccessConfig(const Command& request);
  Command DeleteAccessConfig(const Command& request);
  Command UpdateGlobalWhiteAddrs(const Command& request);
  Command GetAclInfo();
  Command GetAclConfig();

  BrokerController* const broker_;
  const std::shared_ptr<acl::PlainPermissionManager> manager_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_ACL_ADMIN_PROCESSOR_H_
