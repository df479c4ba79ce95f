#include "client/client_instance.h"

#include <algorithm>
#include <cstdlib>

#include "client/acl_signing_hook.h"
#include "client/client_id.h"
#include "common/logging.h"
#include "protocol/request_code.h"

namespace rocketmq {
namespace client {
namespace {

// Route requests made by the timer; on-demand ones use the caller's remaining time.
constexpr std::chrono::milliseconds kTimerRequestTimeout(3000);
// Java's first route refresh and heartbeat come 10 ms and 1 s after start.
constexpr std::chrono::milliseconds kFirstRouteRefresh(10);
constexpr std::chrono::milliseconds kFirstHeartbeat(1000);
// How often expired requests are failed. Java sweeps every second; a sync Request times out
// on its own, so this bounds how late an async request's Timeout comes.
constexpr std::chrono::milliseconds kRequestSweepInterval(200);

remoting::RemotingClientOptions RemotingOptionsFor(const ClientConfig& config) {
  remoting::RemotingClientOptions options;
  options.io_threads = static_cast<size_t>(std::max(1, config.io_threads));
  options.callback_threads = static_cast<size_t>(std::max(1, config.callback_threads));
  options.connection.connect_timeout = std::chrono::milliseconds(config.connect_timeout_ms);
  options.serialize_type = config.serialize_type == "JSON" ? remoting::SerializeType::kJson
                                                           : remoting::SerializeType::kRocketMQ;
  options.tls.mode =
      config.tls_enable ? remoting::TlsMode::kEnforcing : remoting::TlsMode::kDisabled;
  options.tls.certificate_path = config.tls_cert_path;
  options.tls.private_key_path = config.tls_key_path;
  options.tls.trusted_ca_path = config.tls_trust_cert_path;
  return options;
}

// The address bytes that prefix every UNIQ_KEY of this client.
protocol::HostAddress HostForIds(const std::string& ip) {
  auto host = protocol::HostAddress::Parse(ip + ":0");
  return host.ok() ? *host : protocol::HostAddress::V4(0x7F000001, 0);
}

}  // namespace

Result<std::shared_ptr<ClientInstance>> ClientInstance::Create(const ClientConfig& config) {
  ClientConfig resolved = config;
  if (resolved.namesrv_addr.empty()) {
    const char* env = std::getenv("NAMESRV_ADDR");
    if (env == nullptr || *env == '\0') {
      return Status::InvalidArgument(
          "no nameserver address: set namesrvAddr or the NAMESRV_ADDR environment variable");
    }
    resolved.namesrv_addr = env;
  }
  auto selector = NamesrvSelector::Create(resolved.namesrv_addr);
  if (!selector.ok()) return selector.status().WithContext("namesrvAddr");
  const std::string instance_name = ResolveInstanceName(resolved.instance_name);
  std::string ip = LocalIpAddress();
  std::string id = BuildClientId(ip, instance_name, resolved.unit_name);
  return std::shared_ptr<ClientInstance>(
      new ClientInstance(std::move(resolved), std::move(ip), std::move(id), std::move(*selector)));
}

ClientInstance::ClientInstance(ClientConfig config, std::string client_ip, std::string client_id,
                               NamesrvSelector selector)
    : config_(std::move(config)),
      client_id_(std::move(client_id)),
      remoting_(std::make_unique<remoting::RemotingClient>(RemotingOptionsFor(config_))),
      nameservers_(remoting_.get(), std::move(selector)),
      heartbeats_(client_id_, remoting_.get(), &routes_),
      scheduler_("rmq-client-timer"),
      unique_keys_(HostForIds(client_ip)) {
  for (int32_t code : consumer::ConsumerRequestRegistry::Codes()) {
    remoting_->RegisterProcessor(code, consumer_requests_->AsProcessor());
  }
  remoting_->RegisterProcessor(protocol::RequestCode::kCheckTransactionState,
                               transaction_checks_->AsProcessor());
  if (!config_.access_key.empty()) {
    remoting_->AddRpcHook(std::make_shared<AclSigningHook>(config_.access_key, config_.secret_key));
  }
}

ClientInstance::~ClientInstance() {
  bool running = false;
  {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    running = users_ > 0 && !shut_down_;
  }
  if (running) {
    RMQ_LOG_WARN << "client instance " << client_id_ << " destroyed while started; shutting down";
  }
  scheduler_.Shutdown();
  remoting_->Shutdown();
  replies_->Shutdown();
}

Status ClientInstance::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return Status::IllegalState("client instance " + client_id_ + " was shut down");
  if (users_++ > 0) return Status::OK();
  replies_->Start(static_cast<size_t>(std::max(1, config_.callback_threads)));
  remoting_->RegisterProcessor(protocol::RequestCode::kPushReplyMessageToClient,
                               replies_->AsProcessor());
  Status started = remoting_->Start();
  if (!started.ok()) {
    users_ = 0;
    replies_->Shutdown();
    return started.WithContext("starting the remoting client of " + client_id_);
  }
  started = scheduler_.Start();
  if (!started.ok()) {
    users_ = 0;
    remoting_->Shutdown();
    replies_->Shutdown();
    return started;
  }
  scheduler_.Schedule(
      kFirstRouteRefresh, [this] { RefreshAllRoutes(); },
      std::chrono::milliseconds(config_.poll_name_server_interval_ms));
  scheduler_.Schedule(
      kFirstHeartbeat, [this] { heartbeats_.SendToAllBrokers(kTimerRequestTimeout); },
      std::chrono::milliseconds(config_.heartbeat_broker_interval_ms));
  scheduler_.Schedule(
      kRequestSweepInterval, [replies = replies_] { replies->Sweep(); }, kRequestSweepInterval);
  RMQ_LOG_INFO << "client instance " << client_id_ << " started, nameservers "
               << config_.namesrv_addr;
  return Status::OK();
}

void ClientInstance::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(lifecycle_mu_);
    if (shut_down_ || users_ == 0) return;
    if (--users_ > 0) return;
    shut_down_ = true;
  }
  stopping_ = true;
  // Cancelling pending requests first unblocks a timer task stuck in a route request, so
  // the scheduler joins promptly.
  remoting_->Shutdown();
  scheduler_.Shutdown();
  // After the remoting client: no reply can arrive any more.
  replies_->Shutdown();
  RMQ_LOG_INFO << "client instance " << client_id_ << " shut down";
}

Result<protocol::TopicRouteData> ClientInstance::FetchTopicRoute(
    const std::string& topic, std::chrono::milliseconds timeout) {
  return nameservers_.GetTopicRoute(topic, timeout);
}

Result<protocol::TopicRouteData> ClientInstance::UpdateTopicRoute(
    const std::string& topic, std::chrono::milliseconds timeout) {
  auto route = nameservers_.GetTopicRoute(topic, timeout);
  if (route.ok()) PutTopicRoute(topic, *route);
  return route;
}

Status ClientInstance::FetchTopicRouteAsync(const std::string& topic,
                                            std::chrono::milliseconds timeout,
                                            NameserverClient::RouteCallback callback) {
  return nameservers_.GetTopicRouteAsync(topic, timeout, std::move(callback));
}

void ClientInstance::RefreshTopicRouteSoon(const std::string& topic) {
  {
    std::lock_guard<std::mutex> lock(refresh_mu_);
    if (!refreshing_.insert(topic).second) return;
  }
  const auto id = scheduler_.Schedule(std::chrono::milliseconds(0), [this, topic] {
    {
      std::lock_guard<std::mutex> lock(refresh_mu_);
      refreshing_.erase(topic);
    }
    if (stopping_) return;
    auto route = UpdateTopicRoute(topic, kTimerRequestTimeout);
    if (!route.ok()) {
      RMQ_LOG_DEBUG << "refreshing the route of '" << topic
                    << "' after a failed send: " << route.status().ToString();
    }
  });
  if (id == 0) {
    std::lock_guard<std::mutex> lock(refresh_mu_);
    refreshing_.erase(topic);
  }
}

void ClientInstance::PutTopicRoute(const std::string& topic,
                                   const protocol::TopicRouteData& route) {
  const auto before = routes_.MasterAddresses();
  if (!routes_.Update(topic, route)) return;
  const auto after = routes_.MasterAddresses();
  const bool new_brokers = std::any_of(after.begin(), after.end(), [&](const std::string& a) {
    return std::find(before.begin(), before.end(), a) == before.end();
  });
  OnRouteStored(new_brokers);
}

void ClientInstance::OnRouteStored(bool new_brokers) {
  if (!new_brokers) return;
  scheduler_.Schedule(std::chrono::milliseconds(0), [this] { SendHeartbeats(); });
}

void ClientInstance::SendHeartbeats() {
  if (!stopping_) heartbeats_.SendToAllBrokers(kTimerRequestTimeout);
}

void ClientInstance::RefreshAllRoutes() {
  for (const auto& topic : routes_.Topics()) {
    if (stopping_) return;
    auto route = nameservers_.GetTopicRoute(topic, kTimerRequestTimeout);
    if (route.ok()) {
      PutTopicRoute(topic, *route);
    } else if (route.status().code() == ErrorCode::kCancelled) {
      return;
    } else {
      // The cached route stays: a nameserver hiccup must not stop sending.
      RMQ_LOG_DEBUG << "route refresh: " << route.status().ToString();
    }
  }
}

}  // namespace client
}  // namespace rocketmq
