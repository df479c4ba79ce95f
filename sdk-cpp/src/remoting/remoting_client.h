// RemotingClient: requests to remoting servers (nameservers, brokers), one connection per
// address, pipelined and correlated by opaque.
//
// Connections are opened lazily on first use and reopened on the next request after a
// failure. Every request has its own timeout. InvokeAsync callbacks run exactly once, on the
// client's callback executor (a response on the I/O thread when asked: CallbackThread). Servers may
// send requests to the client over the same connection (CHECK_TRANSACTION_STATE, ...): they go to
// processors registered here, exactly as on a server.
//
//   RemotingClient client(RemotingClientOptions{});
//   RMQ_RETURN_IF_ERROR(client.Start());
//   auto request = RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic);
//   request.SetExtField("topic", "TestTopic");
//   Result<RemotingCommand> response =
//       client.InvokeSync("127.0.0.1:9876", std::move(request), std::chrono::seconds(3));
#ifndef ROCKETMQ_REMOTING_REMOTING_CLIENT_H_
#define ROCKETMQ_REMOTING_REMOTING_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/thread_pool.h"
#include "remoting/connection.h"
#include "remoting/connection_listener.h"
#include "remoting/event_loop.h"
#include "remoting/language_code.h"
#include "remoting/remoting_command.h"
#include "remoting/request_processor.h"
#include "remoting/response_callback.h"
#include "remoting/rpc_hook.h"
#include "remoting/tls_options.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

struct RemotingClientOptions {
  // I/O threads when `event_loops` is not given.
  size_t io_threads = 1;
  // Shared I/O threads; must be started, and must outlive the client.
  std::shared_ptr<EventLoopGroup> event_loops;
  // Runs InvokeAsync callbacks.
  size_t callback_threads = 2;
  // Runs processors registered without an executor (server-initiated requests).
  size_t processor_threads = 1;
  size_t processor_queue = 10000;
  // Connect timeout, frame limit, outbound limit, idle close.
  ConnectionOptions connection;
  // Header form of every request sent (JSON is what Java peers send by default). Codes that
  // do not fit the binary form's 16 bits (5.x POP codes) always go as JSON.
  SerializeType serialize_type = SerializeType::kJson;
  // Any mode but kDisabled makes every connection TLS.
  TlsOptions tls;
};

class RemotingClient {
 public:
  explicit RemotingClient(RemotingClientOptions options);
  // Shuts down.
  ~RemotingClient();

  RemotingClient(const RemotingClient&) = delete;
  RemotingClient& operator=(const RemotingClient&) = delete;

  Status Start();
  // Fails every pending request with Cancelled (each callback called once), closes every
  // connection, drains the executors and joins every thread the client owns. Idempotent.
  void Shutdown();

  // Sends `request` to `address` ("host:port") and waits for its response. Errors:
  // Timeout, Network (cannot connect, connection lost), Protocol (bad frame from the peer),
  // ResourceExhausted (outbound limit), Cancelled (shutdown), IllegalState (not started).
  Result<RemotingCommand> InvokeSync(const std::string& address, RemotingCommand request,
                                     std::chrono::milliseconds timeout);
  // OK: `callback` will be called exactly once. An error: the request was not sent and the
  // callback will never be called.
  Status InvokeAsync(const std::string& address, RemotingCommand request,
                     std::chrono::milliseconds timeout, ResponseCallback callback,
                     CallbackThread thread = CallbackThread::kExecutor);
  // As InvokeAsync over the connection to `address` that is open or being established,
  // without opening one (that may resolve a host name, which an I/O thread must not wait
  // for): false when there is none (nothing sent, `callback` dropped), else true with
  // InvokeAsync's outcome in *sent. One look-up of the address where IsConnected and then
  // InvokeAsync take two.
  bool InvokeAsyncIfConnected(const std::string& address, RemotingCommand request,
                              std::chrono::milliseconds timeout, ResponseCallback callback,
                              CallbackThread thread, Status* sent);
  // Marks the request oneway and queues it; no response is awaited.
  Status InvokeOneway(const std::string& address, RemotingCommand request);
  // Runs `task` on a callback thread, as InvokeAsync's callbacks run: for work that must
  // reach users on the threads they expect. IllegalState after Shutdown (not run then).
  Status RunOnCallbackThread(std::function<void()> task);

  // Processors for requests servers send to this client. Same contract as the server's.
  void RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<ThreadPool> executor = nullptr);
  void RegisterProcessor(int32_t code, ProcessFunction function,
                         std::shared_ptr<ThreadPool> executor = nullptr);
  void AddRpcHook(std::shared_ptr<RpcHook> hook);
  // Set before Start.
  void SetConnectionListener(std::shared_ptr<ConnectionListener> listener);

  // Closes the connection to `address` if there is one; the next request reconnects.
  void CloseConnection(const std::string& address);
  // Whether a connection to `address` is open or being established.
  bool IsConnected(const std::string& address) const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_REMOTING_CLIENT_H_
