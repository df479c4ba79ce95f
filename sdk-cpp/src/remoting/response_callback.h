// ResponseCallback: how InvokeAsync delivers the outcome of a request.
#ifndef ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_
#define ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_

#include <functional>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// Called exactly once, on a callback executor (never an I/O thread unless the caller chose
// CallbackThread::kIoThread), with the response or why there is none: Timeout, Network (connection
// failed or closed), Protocol (the peer sent a bad frame), Cancelled (shutdown). A response
// carrying an error code is still a response: the caller interprets its code.
using ResponseCallback = std::function<void(Result<RemotingCommand>)>;

// Where a response reaches its callback. kIoThread: on the I/O thread that read it, sparing
// a thread hand-off per response, for callbacks that are short and never block (the push
// consumer's pull chain: each hand-off cost a wakeup per pull, most of a message's cost at a
// low rate). Failures (timeout, closed connection, shutdown) still come on the executor.
enum class CallbackThread { kExecutor, kIoThread };

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_RESPONSE_CALLBACK_H_
