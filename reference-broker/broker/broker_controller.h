// BrokerController: the broker as one object — it owns the store, the config managers,
// the client managers, the remoting server and client, the executors and the scheduler,
// wires the processors to the request codes, and runs the start-up and shutdown sequences.
//
// Start(): load topics.json / subscriptionGroup.json / consumerOffset.json, start the
// store (recovery), the remoting server (executors per request family), the long-poll
// holder, then register with every nameserver and start the periodic tasks:
//   registration             every registerNameServerPeriod (clamped to 10-60 s)
//   consumer offsets persist  every flushConsumerOffsetInterval
//   client channel expiry     every 10 s
// Shutdown(): unregister from the nameservers, stop the server (no new requests), answer
// held pulls, stop the store (flush), persist offsets and configs, join every thread.
//
// Threads (all joined by Shutdown): remoting I/O and executors (send, pull, admin, client
// management), the remoting client's, the scheduler, the long-poll holder, and the store's.
// Transactions (transaction/): END_TRANSACTION runs on the send executor; the check-back
// has one thread of its own, started last and stopped first.
//
// Replication (ha/, brokerRole): a master (ASYNC_MASTER or SYNC_MASTER, brokerId forced to 0
// as Apache's BrokerStartup does) runs an HaMaster on haListenPort and registers
// brokerIP2:haListenPort; a SLAVE (brokerId >= 1) runs an HaClient towards haMasterAddress
// or the haServerAddr its registration returns, and a SlaveSynchronize of the master's
// metadata every 10 s. Delayed delivery and transaction check-backs run on masters only. A
// master logs its slave's lag once a minute, as Apache's printMasterAndSlaveDiff does.
#ifndef ROCKETMQ_BROKER_BROKER_CONTROLLER_H_
#define ROCKETMQ_BROKER_BROKER_CONTROLLER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "broker/broker_config.h"
#include "broker/broker_stats.h"
#include "broker/channel_table.h"
#include "broker/consumer_manager.h"
#include "broker/consumer_offset_manager.h"
#include "broker/namesrv_registrar.h"
#include "broker/producer_manager.h"
#include "broker/pull_request_hold_service.h"
#include "broker/rebalance_lock_manager.h"
#include "broker/runtime_config.h"
#include "broker/schedule/schedule_message_service.h"
#include "broker/scheduler.h"
#include "broker/slave_synchronize.h"
#include "broker/subscription_group_manager.h"
#include "broker/timer/timer_message.h"
#include "broker/timer/timer_message_service.h"
#include "broker/topic_config_manager.h"
#include "broker/transaction/transactional_message_service.h"
#include "common/thread_pool.h"
#include "dledger/dledger_commit_log.h"
#include "filter/consumer_filter_manager.h"
#include "ha/ha_client.h"
#include "ha/ha_master.h"
#include "protocol/host_address.h"
#include "protocol/message_id.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"
#include "store/message_store.h"

namespace rocketmq {
namespace acl {
class PlainPermissionManager;
}  // namespace acl
namespace broker {

class BrokerController {
 public:
  // `config_path` is the file UPDATE_BROKER_CONFIG writes the settings to: the -c file, or
  // ${storePathRootDir}/config/broker.properties when there is none.
  BrokerController(BrokerConfig config, store::MessageStoreConfig store_config,
                   std::string config_path = "");
  // Shuts down.
  ~BrokerController();
  BrokerController(const BrokerController&) = delete;
  BrokerController& operator=(const BrokerController&) = delete;

  // Errors name what failed: an unreadable config file, a locked or broken store, a port in
  // use. After an error everything started so far is stopped again.
  Status Start();
  // Idempotent; bounded by the registration timeout and the store's flush.
  void Shutdown();

  // The bound port (the real one with listenPort=0).
  uint16_t port() const;
  // brokerIP1:port, the address registered with the nameservers.
  std::string BrokerAddr() const;

  // What the processors work with.
  const BrokerConfig& config() const { return config_; }
  const store::MessageStoreConfig& store_config() const { return store_config_; }
  store::MessageStore* store() { return store_.get(); }
  TopicConfigManager& topic_config_manager() { return topic_config_manager_; }
  SubscriptionGroupManager& subscription_group_manager() { return subscription_group_manager_; }
  ConsumerOffsetManager& consumer_offset_manager() { return consumer_offset_manager_; }
  ConsumerManager& consumer_manager() { return consumer_manager_; }
  ProducerManager& producer_manager() { return producer_manager_; }
  RebalanceLockManager& rebalance_lock_manager() { return rebalance_lock_manager_; }
  ChannelTable& channel_table() { return channel_table_; }
  // Compiled SQL92 selectors of the consumer groups, registered by heartbeats.
  filter::ConsumerFilterManager& consumer_filter_manager() { return consumer_filter_manager_; }
  PullRequestHoldService& pull_request_hold_service() { return *pull_hold_service_; }
  // Delayed delivery; exists from Start() on (not started on a slave).
  schedule::ScheduleMessageService& schedule_service() { return *schedule_service_; }
  const timer::TimerSettings& timer_settings() const { return timer_settings_; }
  remoting::RemotingServer& server() { return *server_; }
  ThreadPool& pull_executor() { return *pull_executor_; }
  const protocol::HostAddress& store_host() const { return store_host_; }
  protocol::UniqueKeyGenerator& unique_keys() { return *unique_keys_; }
  // The settings as GET_BROKER_CONFIG reports them, updates included.
  std::string config_text() const { return runtime_config_.Text(); }
  // The settings UPDATE_BROKER_CONFIG changes live; read these, not config(), for them.
  const LiveConfig& live() const { return live_; }
  // UPDATE_BROKER_CONFIG: validates, persists, then applies the live keys.
  RuntimeConfig::Outcome UpdateConfig(const Properties& props);
  int64_t boot_timestamp() const { return boot_timestamp_; }
  // In DLedger mode the role follows the group (slave until this member leads and its log is
  // dispatched).
  bool is_slave() const { return dledger_ ? !dledger_master_.load() : store_config_.is_slave(); }
  // DLedger mode's group (null otherwise).
  const dledger::DLedgerCommitLog* dledger() const { return dledger_.get(); }
  // The replication side this broker runs (null for the other role, and before Start()).
  const ha::HaMaster* ha_master() const { return ha_master_.get(); }
  const ha::HaClient* ha_client() const { return ha_client_.get(); }
  // The HA port a master listens on (the real one once started; listenPort + 1 by default).
  uint16_t ha_port() const;

  // Registers with every nameserver now, on the calling thread.
  void RegisterBrokerAll();
  // Registers soon, on the scheduler (after topic changes, without blocking the caller).
  void RequestRegistration();

  // Statistics for VIEW_BROKER_STATS_DATA and GET_BROKER_RUNTIME_INFO.
  BrokerStats& stats() { return stats_; }
  // Counters for GET_BROKER_RUNTIME_INFO.
  std::atomic<int64_t> put_message_count{0};
  std::atomic<int64_t> get_message_count{0};

 private:
  class ConnectionTracker;
  class NamesrvConnectionWatcher;
  void RegisterProcessors();
  void StartVipServer(remoting::RemotingServerOptions options);
  void OnConsumerGroupEvent(ConsumerGroupEvent event, const std::string& group,
                            const std::vector<ChannelId>& channels);
  BrokerIdentity Identity() const;
  void StopAll();
  // DLedger mode (DLedgerRoleChangeHandler): starts the member before the store, and the
  // role changes once the store runs.
  Status StartDLedger();
  void AttachDLedger();
  void OnDLedgerRole(bool master);

  BrokerConfig config_;
  store::MessageStoreConfig store_config_;
  const std::string config_dir_;
  RuntimeConfig runtime_config_;
  LiveConfig live_;
  int64_t boot_timestamp_ = 0;

  TopicConfigManager topic_config_manager_;
  SubscriptionGroupManager subscription_group_manager_;
  ConsumerOffsetManager consumer_offset_manager_;
  ConsumerManager consumer_manager_;
  ProducerManager producer_manager_;
  BrokerStats stats_;
  RebalanceLockManager rebalance_lock_manager_;
  ChannelTable channel_table_;
  filter::ConsumerFilterManager consumer_filter_manager_;

  protocol::HostAddress store_host_;
  std::unique_ptr<protocol::UniqueKeyGenerator> unique_keys_;
  // DLedger mode: the store's CommitLog; declared first, so that it outlives the store.
  std::unique_ptr<dledger::DLedgerCommitLog> dledger_;
  std::unique_ptr<store::MessageStore> store_;
  std::shared_ptr<ThreadPool> send_executor_;
  std::shared_ptr<ThreadPool> pull_executor_;
  std::shared_ptr<ThreadPool> admin_executor_;
  std::shared_ptr<ThreadPool> client_executor_;
  std::unique_ptr<remoting::RemotingServer> server_;
  // Null unless aclEnable: the plain ACL the request hook checks and the ACL admin requests
  // edit.
  std::shared_ptr<acl::PlainPermissionManager> acl_manager_;
  // Apache's "VIP channel" (fastRemotingServer) on listenPort - 2, admin requests only: an
  // Apache slave's SlaveSynchronize sends its GET_ALL_* requests there, never to listenPort.
  // Only with an explicit listenPort, as the slave derives the port from the master's address.
  std::unique_ptr<remoting::RemotingServer> vip_server_;
  std::unique_ptr<remoting::RemotingClient> namesrv_client_;
  std::unique_ptr<NamesrvRegistrar> registrar_;
  std::unique_ptr<PullRequestHoldService> pull_hold_service_;
  std::unique_ptr<schedule::ScheduleMessageService> schedule_service_;
  timer::TimerSettings timer_settings_;
  std::unique_ptr<timer::TimerMessageService> timer_service_;
  std::unique_ptr<transaction::TransactionalMessageService> transaction_service_;
  std::unique_ptr<ha::HaMaster> ha_master_;
  std::unique_ptr<ha::HaClient> ha_client_;
  std::unique_ptr<SlaveSynchronize> slave_sync_;
  std::atomic<bool> dledger_master_{false};
  // DLedger mode: no registration before the group tells the role, as in Apache.
  std::atomic<bool> dledger_role_known_{false};
  std::atomic<int64_t> dledger_broker_id_{-1};
  bool delivery_started_ = false;  // schedule and timer services (DLedger: once master)
  Scheduler scheduler_;
  size_t register_task_ = 0;
  // Set when a registration failed or a nameserver connection closed: a nameserver that
  // restarted knows nothing of this broker until it registers again, which the retry task
  // does within a second of the nameserver's return instead of at the next period.
  std::atomic<bool> registration_incomplete_{false};
  // Consecutive failed registrations per nameserver, so that one that is down is reported
  // once when it goes and once when it returns, not every second (register thread only).
  std::map<std::string, int> register_failures_;

  std::mutex lifecycle_mutex_;
  bool started_ = false;
  bool store_started_ = false;
  bool shut_down_ = false;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_BROKER_CONTROLLER_H_
