// ClientInstance: the connections, timers and route knowledge that producers (and later
// consumers) of one configuration share.
//
// It owns the RemotingClient (I/O threads and the callback executor that runs user
// callbacks), one Scheduler thread (route refresh every pollNameServerInterval, heartbeats
// every heartbeatBrokerInterval), the RouteCache, the NameserverClient and the
// HeartbeatSender. There is no process-wide registry: whoever creates an instance passes
// it to the producers that should share it; by default each producer creates its own.
//
// Start/Shutdown are reference counted: every user calls Start() once and Shutdown() once;
// the first Start starts the threads and the last Shutdown joins them.
#ifndef ROCKETMQ_CLIENT_CLIENT_INSTANCE_H_
#define ROCKETMQ_CLIENT_CLIENT_INSTANCE_H_

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "client/heartbeat_sender.h"
#include "client/nameserver_client.h"
#include "client/route_cache.h"
#include "client/scheduler.h"
#include "consumer/consumer_request_registry.h"
#include "producer/reply_receiver.h"
#include "producer/transaction_check_registry.h"
#include "protocol/message_id.h"
#include "protocol/topic_route_data.h"
#include "remoting/remoting_client.h"
#include "rocketmq/client_config.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

class ClientInstance {
 public:
  // Validates the configuration (nameserver list, or NAMESRV_ADDR when it is empty) and
  // builds the instance; nothing runs until Start().
  static Result<std::shared_ptr<ClientInstance>> Create(const ClientConfig& config);
  ~ClientInstance();
  ClientInstance(const ClientInstance&) = delete;
  ClientInstance& operator=(const ClientInstance&) = delete;

  Status Start();
  // When this is the last user: fails every pending request with Cancelled (their
  // callbacks run), stops the timers and joins every thread. Bounded: nothing waits on the
  // network once pending requests are cancelled. Producers unregister their groups before.
  void Shutdown();

  const std::string& client_id() const { return client_id_; }
  const ClientConfig& config() const { return config_; }
  remoting::RemotingClient& remoting() { return *remoting_; }
  RouteCache& routes() { return routes_; }
  HeartbeatSender& heartbeats() { return heartbeats_; }
  // UNIQ_KEY source for every message sent through this instance.
  protocol::UniqueKeyGenerator& unique_keys() { return unique_keys_; }
  // The consumers of this instance by group: where the requests brokers send to consumers
  // go (rebalance notifications, offset resets, status and running-info queries).
  consumer::ConsumerRequestRegistry& consumer_requests() { return *consumer_requests_; }
  // The transactional producers of this instance by group: where brokers'
  // CHECK_TRANSACTION_STATE requests go.
  TransactionCheckRegistry& transaction_checks() { return *transaction_checks_; }
  // The requests of Producer::Request* waiting for their reply, and the processor of the
  // replies brokers push (PUSH_REPLY_MESSAGE_TO_CLIENT); swept for timeouts by the timer.
  ReplyReceiver& replies() { return *replies_; }

  // Asks a nameserver for the route of `topic` without caching it.
  Result<protocol::TopicRouteData> FetchTopicRoute(const std::string& topic,
                                                   std::chrono::milliseconds timeout);
  // Fetches and caches the route of `topic`; a route naming brokers not seen before
  // triggers a heartbeat so that they learn about this client's groups.
  Result<protocol::TopicRouteData> UpdateTopicRoute(const std::string& topic,
                                                    std::chrono::milliseconds timeout);
  // As FetchTopicRoute without blocking (see NameserverClient::GetTopicRouteAsync).
  Status FetchTopicRouteAsync(const std::string& topic, std::chrono::milliseconds timeout,
                              NameserverClient::RouteCallback callback);
  // Refreshes the cached route of `topic` soon on the timer thread, without blocking the
  // caller: after a send failed, the route may have changed. One refresh per topic at a time.
  void RefreshTopicRouteSoon(const std::string& topic);
  // Caches `route` (e.g. one derived from the auto-creation template) for `topic`.
  void PutTopicRoute(const std::string& topic, const protocol::TopicRouteData& route);

  // Refreshes every cached topic once (what the timer does every pollNameServerInterval).
  void RefreshAllRoutes();

 private:
  ClientInstance(ClientConfig config, std::string client_ip, std::string client_id,
                 NamesrvSelector selector);
  void OnRouteStored(bool new_brokers);
  void SendHeartbeats();

  const ClientConfig config_;
  const std::string client_id_;
  std::unique_ptr<remoting::RemotingClient> remoting_;
  RouteCache routes_;
  NameserverClient nameservers_;
  HeartbeatSender heartbeats_;
  Scheduler scheduler_;
  protocol::UniqueKeyGenerator unique_keys_;
  const std::shared_ptr<consumer::ConsumerRequestRegistry> consumer_requests_ =
      std::make_shared<consumer::ConsumerRequestRegistry>();
  const std::shared_ptr<TransactionCheckRegistry> transaction_checks_ =
      std::make_shared<TransactionCheckRegistry>();
  const std::shared_ptr<ReplyReceiver> replies_ = std::make_shared<ReplyReceiver>();

  std::mutex refresh_mu_;
  std::set<std::string> refreshing_;  // topics with a refresh queued; guarded by refresh_mu_

  // Set at the start of the last Shutdown, so that timer tasks still queued do nothing.
  std::atomic<bool> stopping_{false};
  std::mutex lifecycle_mu_;
  int users_ = 0;
  bool shut_down_ = false;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_CLIENT_INSTANCE_H_
