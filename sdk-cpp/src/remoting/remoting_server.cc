#include "remoting/remoting_server.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cstring>
#include <future>
#include <utility>

#include "common/logging.h"
#include "remoting/command_dispatcher.h"
#include "remoting/connection_registry.h"

namespace rocketmq {
namespace remoting {
namespace {

constexpr auto kShutdownWait = std::chrono::seconds(5);

std::string SockaddrToString(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    evutil_inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    return std::string(text) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    evutil_inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(v6->sin6_port));
  }
  return "unknown";
}

}  // namespace

class RemotingServer::Impl : public ConnectionHandler,
                             public std::enable_shared_from_this<RemotingServer::Impl> {
 public:
  explicit Impl(RemotingServerOptions options)
      : options_(std::move(options)),
        dispatcher_(CommandDispatcher::Create(
            {"rmq-srv", options_.default_executor_threads, options_.default_executor_queue,
             options_.callback_threads, options_.serialize_type, options_.inline_scope})),
        registry_("rmq-srv") {}

  Status Start();
  void Shutdown();

  void OnConnected(const std::shared_ptr<Connection>& connection) override {
    registry_.Add(connection);
    registry_.NotifyConnected(connection);
  }
  void OnCommands(const std::shared_ptr<Connection>& connection,
                  std::vector<RemotingCommand> commands) override {
    dispatcher_->HandleCommands(connection, std::move(commands));
  }
  void OnClosed(const std::shared_ptr<Connection>& connection, const Status& reason) override {
    if (reason.code() == ErrorCode::kProtocol) {
      RMQ_LOG_WARN << "closing connection from " << connection->remote_address() << ": "
                   << reason.ToString();
    } else {
      RMQ_LOG_INFO << "connection from " << connection->remote_address()
                   << " closed: " << reason.ToString();
    }
    dispatcher_->HandleClosed(*connection, reason);
    registry_.Remove(connection, reason);
  }

  static void OnAccept(evconnlistener* listener, evutil_socket_t fd, sockaddr* address, int length,
                       void* arg);

  const RemotingServerOptions options_;
  const std::shared_ptr<CommandDispatcher> dispatcher_;
  ConnectionRegistry registry_;
  std::shared_ptr<EventLoopGroup> loops_;
  bool owns_loops_ = false;
  std::shared_ptr<EventLoop> listen_loop_;
  std::shared_ptr<const TlsContext> tls_;
  evconnlistener* listener_ = nullptr;
  std::atomic<uint16_t> port_{0};
  std::mutex state_mutex_;
  bool started_ = false;
  bool shut_down_ = false;
};

void RemotingServer::Impl::OnAccept(evconnlistener* /*listener*/, evutil_socket_t fd,
                                    sockaddr* address, int /*length*/, void* arg) {
  auto* self = static_cast<Impl*>(arg);
  std::shared_ptr<EventLoop> loop = self->loops_->Next();
  // The connection reports to the Impl only while it is alive.
  std::weak_ptr<Impl> weak = self->weak_from_this();
  Connection::Accept(std::move(loop), fd, SockaddrToString(address), self->options_.connection,
                     std::weak_ptr<ConnectionHandler>(weak), self->tls_);
}

Status RemotingServer::Impl::Start() {
  std::lock_guard<std::mutex> lock(state_mutex_);
  if (shut_down_) return Status::IllegalState("remoting server was shut down");
  if (started_) return Status::IllegalState("remoting server already started");
  if (options_.tls.mode != TlsMode::kDisabled) {
    Result<std::shared_ptr<TlsContext>> tls = TlsContext::CreateServer(options_.tls);
    if (!tls.ok()) return tls.status().WithContext("remoting server TLS");
    tls_ = std::move(tls).value();
  }
  sockaddr_storage address{};
  int address_length = sizeof(address);
  const std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  const std::string endpoint = host + ":" + std::to_string(options_.port);
  // Parsed without the port: libevent refuses port 0, which asks for an ephemeral one.
  if (evutil_parse_sockaddr_port(host.c_str(), reinterpret_cast<sockaddr*>(&address),
                                 &address_length) != 0) {
    return Status::InvalidArgument("cannot listen on \"" + endpoint +
                                   "\": host is not a numeric IP address");
  }
  if (address.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(options_.port);
  } else {
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(options_.port);
  }
  if (options_.event_loops) {
    loops_ = options_.event_loops;
  } else {
    loops_ = std::make_shared<EventLoopGroup>("rmq-srv-io", options_.io_threads);
    RMQ_RETURN_IF_ERROR(loops_->Start());
    owns_loops_ = true;
  }
  listen_loop_ = loops_->Next();
  if (listen_loop_ == nullptr)
    return Status::IllegalState("the shared event loop group is not started");
  listener_ = evconnlistener_new_bind(
      listen_loop_->base(), &Impl::OnAccept, this,
      LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE | LEV_OPT_THREADSAFE |
          (options_.accept_on_start ? 0 : LEV_OPT_DISABLED),
      options_.backlog, reinterpret_cast<sockaddr*>(&address), address_length);
  if (listener_ == nullptr) {
    const int error = EVUTIL_SOCKET_ERROR();
    if (owns_loops_) loops_->Stop();
    return Status::IoError("cannot listen on " + endpoint + ": " +
                           evutil_socket_error_to_string(error));
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof(bound);
  getsockname(evconnlistener_get_fd(listener_), reinterpret_cast<sockaddr*>(&bound), &bound_length);
  port_.store(ntohs(bound.ss_family == AF_INET6
                        ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port));
  started_ = true;
  RMQ_LOG_INFO << "remoting server listening on " << host << ":" << port_.load();
  return Status::OK();
}

void RemotingServer::Impl::Shutdown() {
  std::lock_guard<std::mutex> lock(state_mutex_);
  if (shut_down_) return;
  shut_down_ = true;
  if (listener_ != nullptr) {
    // Freed on its loop thread so that no accept callback is running meanwhile.
    std::promise<void> freed;
    evconnlistener* listener = listener_;
    if (listen_loop_->Post([listener, &freed] {
          evconnlistener_free(listener);
          freed.set_value();
        })) {
      freed.get_future().wait();
    } else {
      evconnlistener_free(listener);
    }
    listener_ = nullptr;
  }
  dispatcher_->CancelPending(Status::Cancelled("remoting server shut down"));
  registry_.CloseAllAndWait(kShutdownWait);
  dispatcher_->ShutdownExecutors();
  if (owns_loops_) loops_->Stop();
}

RemotingServer::RemotingServer(RemotingServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}

RemotingServer::~RemotingServer() { Shutdown(); }

void RemotingServer::RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                       std::shared_ptr<ThreadPool> executor) {
  impl_->dispatcher_->RegisterProcessor(code, std::move(processor), std::move(executor));
}

void RemotingServer::RegisterProcessor(int32_t code, ProcessFunction function,
                                       std::shared_ptr<ThreadPool> executor) {
  RegisterProcessor(code, MakeProcessor(std::move(function)), std::move(executor));
}

void RemotingServer::SetDefaultProcessor(std::shared_ptr<RequestProcessor> processor,
                                         std::shared_ptr<ThreadPool> executor) {
  impl_->dispatcher_->SetDefaultProcessor(std::move(processor), std::move(executor));
}

void RemotingServer::AddRpcHook(std::shared_ptr<RpcHook> hook) {
  impl_->dispatcher_->AddRpcHook(std::move(hook));
}

void RemotingServer::SetConnectionListener(std::shared_ptr<ConnectionListener> listener) {
  impl_->registry_.SetListener(std::move(listener));
}

Status RemotingServer::Start() { return impl_->Start(); }

Status RemotingServer::Accept() {
  std::lock_guard<std::mutex> lock(impl_->state_mutex_);
  if (impl_->listener_ == nullptr) return Status::IllegalState("the server is not listening");
  if (evconnlistener_enable(impl_->listener_) != 0) {
    return Status::IoError("cannot accept connections on port " +
                           std::to_string(impl_->port_.load()));
  }
  return Status::OK();
}

uint16_t RemotingServer::port() const { return impl_->port_.load(); }

void RemotingServer::Shutdown() { impl_->Shutdown(); }

Result<RemotingCommand> RemotingServer::InvokeSync(const std::shared_ptr<Connection>& connection,
                                                   RemotingCommand request,
                                                   std::chrono::milliseconds timeout) {
  return impl_->dispatcher_->InvokeSync(connection, std::move(request), timeout);
}

Status RemotingServer::InvokeAsync(const std::shared_ptr<Connection>& connection,
                                   RemotingCommand request, std::chrono::milliseconds timeout,
                                   ResponseCallback callback) {
  return impl_->dispatcher_->InvokeAsync(connection, std::move(request), timeout,
                                         std::move(callback));
}

Status RemotingServer::InvokeOneway(const std::shared_ptr<Connection>& connection,
                                    RemotingCommand request) {
  return impl_->dispatcher_->InvokeOneway(connection, std::move(request));
}

std::vector<std::shared_ptr<Connection>> RemotingServer::Connections() const {
  return impl_->registry_.Snapshot();
}

}  // namespace remoting
}  // namespace rocketmq
