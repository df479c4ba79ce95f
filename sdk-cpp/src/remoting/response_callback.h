// ResponseCallback: how InvokeAsync delivers the outcome of a request.
#ifndef ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_
#define ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_

#include <functional>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Called exactly once, on a callback executor (never an I/O thread), with the response or
// why there is none: Timeout, Network (connection failed or closed), Protocol (the peer
// sent a bad frame), Cancelled (shutdown). A response carrying an error code is still a
// response: the caller interprets its code.
using ResponseCallback = std::function<void(Result<RemotingCommand>)>;

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_
