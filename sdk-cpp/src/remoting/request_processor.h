// RequestProcessor: what a server (or a client, for server-initiated requests) runs for a
// request code. Processors run on their executor, except for requests the processor says
// it can take inline (CanProcessInline, ProcessIfInline): those run on the I/O thread that
// read them, which saves a thread hand-off per request but stalls every connection of that
// thread while they run, so only for work that is short and never waits (no disk, network
// or lock held across such work). RPC hooks and RejectRequest run on the same thread as the
// processor (without hooks, RejectRequest is also asked on the I/O thread, before the
// inline decision).
//
//   server.RegisterProcessor(RequestCode::kGetRouteinfoByTopic,
//       [](const std::shared_ptr<Connection>& from, RemotingCommand& request) -> ProcessResult {
//         const std::string* topic = request.FindExtField("topic");
//         if (topic == nullptr) return Status::InvalidArgument("topic missing");  // SYSTEM_ERROR
//         auto response = RemotingCommand::CreateResponse(ResponseCode::kSuccess);
//         response.set_body(...);
//         return response;
//       });
#ifndef ROCKETMQ_REMOTING_REQUEST_PROCESSOR_H_
#define ROCKETMQ_REMOTING_REQUEST_PROCESSOR_H_

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "remoting/connection.h"
#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

// The outcome of processing one request.
class ProcessResult {
 public:
  // Send this response (the transport sets its opaque, flag and header form).
  ProcessResult(RemotingCommand response)  // NOLINT(google-explicit-constructor)
      : response_(std::move(response)) {}
  // Answer SYSTEM_ERROR with the error's message as remark, as Java does for an exception.
  // An OK status means the same as Deferred().
  ProcessResult(Status error)  // NOLINT(google-explicit-constructor)
      : error_(std::move(error)) {}
  // Send nothing now: the processor keeps the connection and answers later with
  // Connection::Reply (long polling), or the request needs no answer.
  static ProcessResult Deferred() { return ProcessResult(); }

  bool deferred() const { return !response_ && error_.ok(); }
  const Status& error() const { return error_; }
  std::optional<RemotingCommand>& response() { return response_; }

 private:
  ProcessResult() = default;
  std::optional<RemotingCommand> response_;
  Status error_;
};

class RequestProcessor {
 public:
  virtual ~RequestProcessor() = default;
  virtual ProcessResult Process(const std::shared_ptr<Connection>& connection,
                                RemotingCommand& request) = 0;
  // True to refuse requests for now (e.g. page cache busy): they are answered SYSTEM_BUSY
  // "[REJECTREQUEST]system busy, start flow control for a while" without being processed.
  virtual bool RejectRequest() const { return false; }
  // True when Process() for `request` is short and never blocks: it then runs on the I/O
  // thread. Called on the I/O thread, so it must itself be cheap.
  virtual bool CanProcessInline(const RemotingCommand& /*request*/) const { return false; }
  // The inline decision and the processing in one call, on the I/O thread that read
  // `request`, for processors whose decision decodes what processing needs again: either
  // processes `request` there and returns the result, or returns nullopt to have Process()
  // run on the executor, leaving in `request` at least the header fields Process() reads.
  // Used only when no RPC hook is registered: hooks must see a request before it is
  // processed, so with hooks CanProcessInline() decides and Process() follows.
  virtual std::optional<ProcessResult> ProcessIfInline(
      const std::shared_ptr<Connection>& connection, RemotingCommand& request) {
    if (!CanProcessInline(request)) return std::nullopt;
    return Process(connection, request);
  }
};

using ProcessFunction =
    std::function<ProcessResult(const std::shared_ptr<Connection>&, RemotingCommand&)>;

// Adapts a function to the interface. `never_blocks`: every request runs inline.
std::shared_ptr<RequestProcessor> MakeProcessor(ProcessFunction function,
                                                bool never_blocks = false);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_REQUEST_PROCESSOR_H_
