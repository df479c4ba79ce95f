// AclSigningHook: signs every request with the client's access key, as Apache's
// AclClientRPCHook does (protocol.md §10.1), so that brokers with ACL enabled accept it.
// The signature itself is remoting/acl_signature.h, which the broker's check shares.
#ifndef ROCKETMQ_CLIENT_ACL_SIGNING_HOOK_H_
#define ROCKETMQ_CLIENT_ACL_SIGNING_HOOK_H_

#include <string>

#include "remoting/rpc_hook.h"

namespace rocketmq {
namespace client {

class AclSigningHook : public remoting::RpcHook {
 public:
  AclSigningHook(std::string access_key, std::string secret_key)
      : access_key_(std::move(access_key)), secret_key_(std::move(secret_key)) {}

  Status BeforeRequest(const std::string& remote_address,
                       remoting::RemotingCommand& request) override;
  void AfterResponse(const std::string&, const remoting::RemotingCommand&,
                     remoting::RemotingCommand&) override {}
  // Apache's AclClientRPCHook does nothing after a response either.
  bool ReadsResponses() const override { return false; }

 private:
  const std::string access_key_;
  const std::string secret_key_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_ACL_SIGNING_HOOK_H_
