// RemotingServer: accepts remoting connections and dispatches their requests to processors.
//
// Behaviour follows Apache's NettyRemotingServer / NettyRemotingAbstract (protocol.md §1.7):
//   * each request code has a processor and an executor (its own, or the server's default);
//   * unknown codes are answered REQUEST_CODE_NOT_SUPPORTED (3) " request type <code> not
//     supported"; processor errors SYSTEM_ERROR (1); a full executor queue SYSTEM_BUSY (2)
//     "[OVERLOAD]system busy, start flow control for a while";
//   * oneway requests get no response; responses use the request's header form;
//   * malformed frames, oversized lengths and idle connections close the connection.
// The server can also send requests to a connected client over the same connection
// (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) and await the responses.
//
//   RemotingServerOptions options;
//   options.host = "127.0.0.1";              // port 0: an ephemeral port
//   RemotingServer server(options);
//   server.RegisterProcessor(RequestCode::kGetRouteinfoByTopic, processor);
//   RMQ_RETURN_IF_ERROR(server.Start());
//   uint16_t port = server.port();
//   ...
//   server.Shutdown();
#ifndef ROCKETMQ_REMOTING_REMOTING_SERVER_H_
#define ROCKETMQ_REMOTING_REMOTING_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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

struct RemotingServerOptions {
  std::string host = "0.0.0.0";
  uint16_t port = 0;  // 0: an ephemeral port, see port()
  int backlog = 1024;
  // I/O threads when `event_loops` is not given.
  size_t io_threads = 2;
  // Shared I/O threads (e.g. with the broker's client); must be started, and must outlive
  // the server.
  std::shared_ptr<EventLoopGroup> event_loops;
  // The executor of processors registered without one (Java's publicExecutor).
  size_t default_executor_threads = 4;
  size_t default_executor_queue = 10000;
  // Callbacks of InvokeAsync towards clients.
  size_t callback_threads = 1;
  // Frame limit, outbound limit, idle close.
  ConnectionOptions connection;
  // Header form of requests this server sends to clients.
  SerializeType serialize_type = SerializeType::kJson;
  // TLS: disabled, permissive (both) or enforcing; Start fails naming a bad cert/key file.
  TlsOptions tls;
  // Wraps the handling of the requests of one read on the I/O thread (inline processors
  // run inside it): the broker hands what they queued for its store over in one go.
  std::function<void(const std::function<void()>& handle)> inline_scope;
  // false: Start binds and listens (the kernel queues connections) but accepts none until
  // Accept(), so that the owner can finish what depends on the bound port first (the
  // broker's store host, which every stored message carries).
  bool accept_on_start = true;
};

class RemotingServer {
 public:
  explicit RemotingServer(RemotingServerOptions options);
  // Shuts down.
  ~RemotingServer();

  RemotingServer(const RemotingServer&) = delete;
  RemotingServer& operator=(const RemotingServer&) = delete;

  // Registration may happen before or after Start. `executor` null: the default executor.
  // A caller-provided executor is not shut down by the server.
  void RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                         std::shared_ptr<ThreadPool> executor = nullptr);
  void RegisterProcessor(int32_t code, ProcessFunction function,
                         std::shared_ptr<ThreadPool> executor = nullptr);
  // Handles every code without its own processor (the nameserver registers one for all).
  void SetDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                           std::shared_ptr<ThreadPool> executor = nullptr);
  void AddRpcHook(std::shared_ptr<RpcHook> hook);
  // Set before Start.
  void SetConnectionListener(std::shared_ptr<ConnectionListener> listener);

  // Binds and listens. IoError naming host:port when binding fails.
  Status Start();
  // Starts accepting after a Start with accept_on_start false; IllegalState before Start.
  Status Accept();
  // The bound port (the ephemeral one when options.port was 0); 0 before Start.
  uint16_t port() const;

  // Stops listening, fails requests this server awaits with Cancelled, closes every
  // connection, drains the executors it owns and joins its threads. Idempotent.
  void Shutdown();

  // Requests to a connected client, correlated like a client's (see RemotingClient).
  Result<RemotingCommand> InvokeSync(const std::shared_ptr<Connection>& connection,
                                     RemotingCommand request, std::chrono::milliseconds timeout);
  Status InvokeAsync(const std::shared_ptr<Connection>& connection, RemotingCommand request,
                     std::chrono::milliseconds timeout, ResponseCallback callback);
  Status InvokeOneway(const std::shared_ptr<Connection>& connection, RemotingCommand request);

  // The open connections.
  std::vector<std::shared_ptr<Connection>> Connections() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_REMOTING_SERVER_H_
