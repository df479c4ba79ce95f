#include "remoting/remoting_client.h"

#include <mutex>
#include <unordered_map>
#include <utility>

#include "common/logging.h"
#include "remoting/command_dispatcher.h"
#include "remoting/connection_registry.h"

namespace rocketmq {
namespace remoting {
namespace {

constexpr auto kShutdownWait = std::chrono::seconds(5);

}  // namespace

class RemotingClient::Impl : public ConnectionHandler,
                             public std::enable_shared_from_this<RemotingClient::Impl> {
 public:
  explicit Impl(RemotingClientOptions options)
      : options_(std::move(options)),
        dispatcher_(CommandDispatcher::Create({"rmq-cli", options_.processor_threads,
                                               options_.processor_queue, options_.callback_threads,
                                               options_.serialize_type, nullptr, true})),
        registry_("rmq-cli") {}

  Status Start();
  void Shutdown();
  // The open connection to `address`, opening one if needed.
  Result<std::shared_ptr<Connection>> GetConnection(const std::string& address);
  void CloseConnection(const std::string& address);
  // The connection to `address` if one is open or being established, else null.
  std::shared_ptr<Connection> FindOpen(const std::string& address) const;

  void OnConnected(const std::shared_ptr<Connection>& connection) override {
    RMQ_LOG_DEBUG << "connected to " << connection->remote_address();
    registry_.NotifyConnected(connection);
  }
  void OnCommands(const std::shared_ptr<Connection>& connection,
                  std::vector<RemotingCommand> commands) override {
    dispatcher_->HandleCommands(connection, std::move(commands));
  }
  void OnClosed(const std::shared_ptr<Connection>& connection, const Status& reason) override {
    if (reason.code() == ErrorCode::kProtocol) {
      RMQ_LOG_WARN << "closing connection to " << connection->remote_address() << ": "
                   << reason.ToString();
    } else {
      RMQ_LOG_INFO << "connection to " << connection->remote_address()
                   << " closed: " << reason.ToString();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = by_address_.find(connection->remote_address());
      if (it != by_address_.end() && it->second == connection) by_address_.erase(it);
    }
    dispatcher_->HandleClosed(*connection, reason);
    registry_.Remove(connection, reason);
  }

  const RemotingClientOptions options_;
  const std::shared_ptr<CommandDispatcher> dispatcher_;
  ConnectionRegistry registry_;
  std::shared_ptr<EventLoopGroup> loops_;
  bool owns_loops_ = false;
  std::shared_ptr<const TlsContext> tls_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Connection>> by_address_;
  enum class State { kCreated, kRunning, kShutDown } state_ = State::kCreated;
};

Status RemotingClient::Impl::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == State::kShutDown) return Status::IllegalState("remoting client was shut down");
  if (state_ == State::kRunning) return Status::IllegalState("remoting client already started");
  if (options_.tls.mode != TlsMode::kDisabled) {
    Result<std::shared_ptr<TlsContext>> tls = TlsContext::CreateClient(options_.tls);
    if (!tls.ok()) return tls.status().WithContext("remoting client TLS");
    tls_ = std::move(tls).value();
  }
  if (options_.event_loops) {
    loops_ = options_.event_loops;
  } else {
    loops_ = std::make_shared<EventLoopGroup>("rmq-cli-io", options_.io_threads);
    RMQ_RETURN_IF_ERROR(loops_->Start());
    owns_loops_ = true;
  }
  state_ = State::kRunning;
  return Status::OK();
}

void RemotingClient::Impl::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (state_ == State::kShutDown) return;
    state_ = State::kShutDown;
  }
  dispatcher_->CancelPending(Status::Cancelled("remoting client shut down"));
  registry_.CloseAllAndWait(kShutdownWait);
  dispatcher_->ShutdownExecutors();
  if (owns_loops_) loops_->Stop();
  std::lock_guard<std::mutex> lock(mutex_);
  by_address_.clear();
}

Result<std::shared_ptr<Connection>> RemotingClient::Impl::GetConnection(
    const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ != State::kRunning) {
    return Status::IllegalState(state_ == State::kCreated ? "remoting client not started"
                                                          : "remoting client is shut down");
  }
  auto it = by_address_.find(address);
  if (it != by_address_.end() && it->second->IsOpen()) return it->second;
  std::shared_ptr<EventLoop> loop = loops_->Next();
  if (loop == nullptr) return Status::IllegalState("the shared event loop group is not started");
  Result<std::shared_ptr<Connection>> connection =
      Connection::Connect(std::move(loop), address, options_.connection,
                          std::weak_ptr<ConnectionHandler>(weak_from_this()), tls_);
  if (!connection.ok()) return connection;
  registry_.Add(*connection);
  by_address_[address] = *connection;
  return connection;
}

void RemotingClient::Impl::CloseConnection(const std::string& address) {
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_address_.find(address);
    if (it == by_address_.end()) return;
    connection = std::move(it->second);
    by_address_.erase(it);
  }
  connection->Close();
}

std::shared_ptr<Connection> RemotingClient::Impl::FindOpen(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_address_.find(address);
  if (it == by_address_.end() || !it->second->IsOpen()) return nullptr;
  return it->second;
}

RemotingClient::RemotingClient(RemotingClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}

RemotingClient::~RemotingClient() { Shutdown(); }

Status RemotingClient::Start() { return impl_->Start(); }

void RemotingClient::Shutdown() { impl_->Shutdown(); }

Result<RemotingCommand> RemotingClient::InvokeSync(const std::string& address,
                                                   RemotingCommand request,
                                                   std::chrono::milliseconds timeout) {
  Result<std::shared_ptr<Connection>> connection = impl_->GetConnection(address);
  if (!connection.ok()) return connection.status();
  return impl_->dispatcher_->InvokeSync(*connection, std::move(request), timeout);
}

Status RemotingClient::InvokeAsync(const std::string& address, RemotingCommand request,
                                   std::chrono::milliseconds timeout, ResponseCallback callback,
                                   CallbackThread thread) {
  Result<std::shared_ptr<Connection>> connection = impl_->GetConnection(address);
  if (!connection.ok()) return connection.status();
  return impl_->dispatcher_->InvokeAsync(*connection, std::move(request), timeout,
                                         std::move(callback), thread);
}

bool RemotingClient::InvokeAsyncIfConnected(const std::string& address, RemotingCommand request,
                                            std::chrono::milliseconds timeout,
                                            ResponseCallback callback, CallbackThread thread,
                                            Status* sent) {
  std::shared_ptr<Connection> connection = impl_->FindOpen(address);
  if (connection == nullptr) return false;
  *sent = impl_->dispatcher_->InvokeAsync(connection, std::move(request), timeout,
                                          std::move(callback), thread);
  return true;
}

Status RemotingClient::InvokeOneway(const std::string& address, RemotingCommand request) {
  Result<std::shared_ptr<Connection>> connection = impl_->GetConnection(address);
  if (!connection.ok()) return connection.status();
  return impl_->dispatcher_->InvokeOneway(*connection, std::move(request));
}

Status RemotingClient::RunOnCallbackThread(std::function<void()> task) {
  return impl_->dispatcher_->RunOnCallbackThread(std::move(task));
}

void RemotingClient::RegisterProcessor(int32_t code, std::shared_ptr<RequestProcessor> processor,
                                       std::shared_ptr<ThreadPool> executor) {
  impl_->dispatcher_->RegisterProcessor(code, std::move(processor), std::move(executor));
}

void RemotingClient::RegisterProcessor(int32_t code, ProcessFunction function,
                                       std::shared_ptr<ThreadPool> executor) {
  RegisterProcessor(code, MakeProcessor(std::move(function)), std::move(executor));
}

void RemotingClient::AddRpcHook(std::shared_ptr<RpcHook> hook) {
  impl_->dispatcher_->AddRpcHook(std::move(hook));
}

void RemotingClient::SetConnectionListener(std::shared_ptr<ConnectionListener> listener) {
  impl_->registry_.SetListener(std::move(listener));
}

void RemotingClient::CloseConnection(const std::string& address) {
  impl_->CloseConnection(address);
}

bool RemotingClient::IsConnected(const std::string& address) const {
  return impl_->FindOpen(address) != nullptr;
}

}  // namespace remoting
}  // namespace rocketmq
