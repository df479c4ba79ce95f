#include "acl/acl_hook.h"

#include "common/logging.h"

namespace rocketmq {
namespace acl {
namespace {

// Forgetting what was logged after this many entries bounds the memory a client cycling
// through connections can take, at the price of logging a reason again.
constexpr size_t kMaxLogged = 4096;

}  // namespace

Status AclHook::BeforeRequest(const std::string& remote_address,
                              remoting::RemotingCommand& request) {
  Status verdict;
  auto access = ParseAccessRequest(remote_address, request);
  if (!access.ok()) {
    verdict = access.status();
  } else {
    verdict = manager_->Validate(*access);
  }
  if (verdict.ok()) return verdict;
  LogOnce(remote_address,
          "request code " + std::to_string(request.code()) + " refused: " + verdict.message());
  return Status(verdict.code(), kAclExceptionPrefix + verdict.message());
}

void AclHook::LogOnce(const std::string& remote_address, const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(logged_mutex_);
    if (logged_.size() >= kMaxLogged) logged_.clear();
    if (!logged_.insert(remote_address + " " + reason).second) return;
  }
  RMQ_LOG_WARN << "ACL: " << remote_address << ": " << reason;
}

}  // namespace acl
}  // namespace rocketmq
