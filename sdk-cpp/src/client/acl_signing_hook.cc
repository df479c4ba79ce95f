#include "client/acl_signing_hook.h"

#include "remoting/acl_signature.h"

namespace rocketmq {
namespace client {

Status AclSigningHook::BeforeRequest(const std::string&, remoting::RemotingCommand& request) {
  request.SetExtField(remoting::kAclAccessKeyField, access_key_);
  request.SetExtField(
      remoting::kAclSignatureField,
      remoting::AclRequestSignature(request, remoting::AclContentSide::kClient, secret_key_));
  return Status::OK();
}

}  // namespace client
}  // namespace rocketmq
