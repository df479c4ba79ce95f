// AclHook: the server-side RpcHook that checks every request against the plain ACL
// before its processor runs (Apache's broker registers the same check as an RPC hook when
// aclEnable=true). A refusal answers SYSTEM_ERROR with Apache's remark
// "org.apache.rocketmq.acl.common.AclException: <reason>" (Apache appends a Java stack
// frame, which we have not) and is logged once per client connection and reason, not per
// request.
//
// Thread safety: BeforeRequest runs on the processors' executors, concurrently.
#ifndef ROCKETMQ_ACL_ACL_HOOK_H_
#define ROCKETMQ_ACL_ACL_HOOK_H_

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "acl/plain_permission_manager.h"
#include "remoting/rpc_hook.h"

namespace rocketmq {
namespace acl {

constexpr char kAclExceptionPrefix[] = "org.apache.rocketmq.acl.common.AclException: ";

class AclHook : public remoting::RpcHook {
 public:
  explicit AclHook(std::shared_ptr<PlainPermissionManager> manager)
      : manager_(std::move(manager)) {}

  Status BeforeRequest(const std::string& remote_address,
                       remoting::RemotingCommand& request) override;
  void AfterResponse(const std::string&, const remoting::RemotingCommand&,
                     remoting::RemotingCommand&) override {}
  // Requests the server sends to clients (NOTIFY_CONSUMER_IDS_CHANGED, transaction
  // check-backs) are not checked, as in Apache.
  bool IncomingOnly() const override { return true; }

 private:
  void LogOnce(const std::string& remote_address, const std::string& reason);

  const std::shared_ptr<PlainPermissionManager> manager_;
  std::mutex logged_mutex_;
  std::set<std::string> logged_;  // "address reason", bounded
};

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_ACL_HOOK_H_
