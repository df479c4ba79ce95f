// RpcHook: code run around every request, e.g. ACL signing (protocol.md §10.1) adds
// AccessKey/Signature ext fields before a request leaves, and a server verifies them
// before processing.
//
// Sending side (client, or server pushing to a client): BeforeRequest runs on the calling
// thread just before the request is framed; AfterResponse runs before the response is
// handed to the caller (on the caller's thread for InvokeSync, on the callback executor
// for InvokeAsync). Receiving side: BeforeRequest runs on the processor's executor before
// the processor, and an error answers the request SYSTEM_ERROR with the error's message
// (what Java's hook exception produces); AfterResponse runs before the response is sent.
#ifndef ROCKETMQ_REMOTING_RPC_HOOK_H_
#define ROCKETMQ_REMOTING_RPC_HOOK_H_

#include <string>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

class RpcHook {
 public:
  virtual ~RpcHook() = default;
  // An error stops the request: the invoke fails with it / the request is refused.
  virtual Status BeforeRequest(const std::string& remote_address, RemotingCommand& request) = 0;
  virtual void AfterResponse(const std::string& remote_address, const RemotingCommand& request,
                             RemotingCommand& response) = 0;
  // True for a hook that only checks requests this side receives (a server's ACL check, as
  // Apache runs server RPC hooks): it is skipped on requests this side sends.
  virtual bool IncomingOnly() const { return false; }
  // False for a hook with nothing to do after responses to requests this side sends (ACL
  // signing): unless another hook reads them, no copy of each request's header is kept
  // until its response, and AfterResponse may not be called.
  virtual bool ReadsResponses() const { return true; }
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_RPC_HOOK_H_
