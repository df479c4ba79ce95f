#include "namesrv/namesrv_controller.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "acl/acl_hook.h"
#include "acl/plain_permission_manager.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/request_code.h"

namespace rocketmq {
namespace namesrv {

// Drops the brokers of a closed connection at once, instead of at the next expiry scan.
class NamesrvController::BrokerConnectionListener : public remoting::ConnectionListener {
 public:
  explicit BrokerConnectionListener(RouteInfoManager* routes) : routes_(routes) {}
  void OnConnected(const std::shared_ptr<remoting::Connection>& connection) override {
    RMQ_LOG_DEBUG << "connection " << connection->id() << " from " << connection->remote_address()
                  << " opened";
  }
  void OnClosed(const std::shared_ptr<remoting::Connection>& connection,
                const Status& reason) override {
    RMQ_LOG_DEBUG << "connection " << connection->id() << " from " << connection->remote_address()
                  << " closed: " << reason.ToString();
    routes_->OnConnectionClosed(connection->id());
  }

 private:
  RouteInfoManager* const routes_;
};

NamesrvController::NamesrvController(NamesrvConfig config)
    : config_(std::move(config)),
      routes_(RouteInfoManager::Options{config_.broker_channel_expired_time_ms,
                                        config_.delete_topic_with_broker_registration}),
      kv_(config_.kv_config_path) {}

NamesrvController::~NamesrvController() { Shutdown(); }

Status NamesrvController::Start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) return Status::IllegalState("nameserver already started");
    started_ = true;
  }
  RMQ_RETURN_IF_ERROR(kv_.Load());
  processor_ = std::make_unique<DefaultRequestProcessor>(config_, &routes_, &kv_);

  remoting::RemotingServerOptions options;
  options.host = config_.bind_address;
  options.port = static_cast<uint16_t>(config_.listen_port);
  options.default_executor_threads = static_cast<size_t>(config_.default_thread_pool_nums);
  options.connection.idle_timeout =
      std::chrono::seconds(config_.server_channel_max_idle_time_seconds);
  Result<remoting::TlsOptions> tls = config_.tls.ServerOptions();
  if (!tls.ok()) return tls.status();
  options.tls = std::move(tls).value();
  if (config_.acl_enable) {
    acl_ = std::make_shared<acl::PlainPermissionManager>(config_.rocketmq_home,
                                                         config_.acl_plain_file);
    if (Status s = acl_->Load(); !s.ok()) return s.WithContext("aclEnable");
  }
  server_ = std::make_unique<remoting::RemotingServer>(options);
  if (acl_) server_->AddRpcHook(std::make_shared<acl::AclHook>(acl_));

  DefaultRequestProcessor* processor = processor_.get();
  auto handle = remoting::MakeProcessor(
      [processor](const std::shared_ptr<remoting::Connection>& connection,
                  remoting::RemotingCommand& request) -> remoting::ProcessResult {
        return processor->Process(request,
                                  connection != nullptr ? connection->id() : kNoConnection);
      });
  // Every code goes to the one processor, which also answers unknown codes; route lookups
  // get their own threads (Apache's clientRequestExecutor).
  server_->SetDefaultProcessor(handle);
  client_executor_ = std::make_shared<ThreadPool>(
      "ns-client", static_cast<size_t>(config_.client_request_thread_pool_nums), 50000);
  server_->RegisterProcessor(protocol::RequestCode::kGetRouteinfoByTopic, handle, client_executor_);
  server_->SetConnectionListener(std::make_shared<BrokerConnectionListener>(&routes_));

  Status s = server_->Start();
  if (!s.ok()) {
    server_->Shutdown();
    client_executor_->Shutdown();
    return s;
  }
  scanner_ = std::thread([this] { ScanLoop(); });
  RMQ_LOG_INFO << "nameserver listening on " << listen_address() << ", KV config "
               << config_.kv_config_path << ", broker expiry "
               << config_.broker_channel_expired_time_ms << " ms checked every "
               << config_.scan_not_active_broker_interval_ms << " ms";
  return Status::OK();
}

void NamesrvController::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (scanner_.joinable()) scanner_.join();
  if (server_) server_->Shutdown();
  // The server's executors are drained; the one it was handed is ours to stop.
  if (client_executor_) client_executor_->Shutdown();
}

std::string NamesrvController::listen_address() const {
  if (!server_ || server_->port() == 0) return std::string();
  return config_.bind_address + ":" + std::to_string(server_->port());
}

void NamesrvController::ScanLoop() {
  const auto interval = std::chrono::milliseconds(config_.scan_not_active_broker_interval_ms);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    ScanOnce();
    if (acl_) acl_->ReloadIfChanged();
    lock.lock();
  }
}

void NamesrvController::ScanOnce() {
  std::vector<ConnectionId> expired = routes_.ScanNotActiveBrokers(clock::MonotonicMillis());
  if (expired.empty()) return;
  // Closing is what Apache does too: a silent broker's connection is presumed dead.
  for (const auto& connection : server_->Connections()) {
    if (std::find(expired.begin(), expired.end(), connection->id()) != expired.end()) {
      connection->Close();
    }
  }
}

}  // namespace namesrv
}  // namespace rocketmq
