// BrokerConfig: the broker's own settings (Apache BrokerConfig and NettyServerConfig), under
// Apache's key names so that an Apache broker.conf works unchanged. The store's settings
// (storePathRootDir, brokerRole, flushDiskType, ...) belong to store::MessageStoreConfig
// and are registered next to these by the program.
#ifndef ROCKETMQ_BROKER_BROKER_CONFIG_H_
#define ROCKETMQ_BROKER_BROKER_CONFIG_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "broker/schedule/delay_level_table.h"
#include "common/settings.h"
#include "remoting/tls_settings.h"

namespace rocketmq {
namespace broker {

struct BrokerConfig {
  // Identity and registration.
  std::string broker_cluster_name = "DefaultCluster";
  // Apache defaults to the host name.
  std::string broker_name = DefaultBrokerName();
  // 0 = master; anything else is a slave of the same broker name.
  int64_t broker_id = 0;
  // Nameservers, ';'-separated "host:port" list. Empty: the broker runs unregistered.
  std::string namesrv_addr;
  // The address clients are told to connect to (routes, offset message ids, store host).
  // Apache defaults to the first non-loopback IPv4 address of the machine.
  std::string broker_ip1 = DefaultBrokerIp();
  // The HA address a slave is told; empty means brokerIP1.
  std::string broker_ip2;
  // Registration timing: each REGISTER_BROKER waits this long per nameserver, and is sent
  // again every registerNameServerPeriod (clamped to [10 s, 60 s] as Apache does).
  int32_t register_broker_timeout_mills = 6000;
  int32_t register_name_server_period = 30000;
  // Registers every period even when no nameserver reports a changed data version.
  bool force_register = true;
  // zlib-compress the REGISTER_BROKER body (§4.10).
  bool compressed_register = false;

  // Network (Apache NettyServerConfig). bindAddress is ours: Apache binds every interface.
  std::string bind_address = "0.0.0.0";
  // 0 binds an ephemeral port; the boot line reports the real one.
  int32_t listen_port = 10911;
  int32_t server_channel_max_idle_time_seconds = 120;
  // TLS on the listening ports (the VIP port too) and to the nameservers; the HA port
  // stays plaintext, as in Apache.
  remoting::TlsSettings tls;

  // Topics and groups.
  // PermName bits (2 = W, 4 = R) masking every topic of this broker.
  int32_t broker_permission = 6;
  // Queue count of TBW102, the template for auto-created topics.
  int32_t default_topic_queue_nums = 8;
  bool auto_create_topic_enable = true;
  bool cluster_topic_enable = true;
  bool broker_topic_enable = true;
  bool auto_create_subscription_group = true;
  bool trace_topic_enable = false;
  std::string msg_trace_topic_name = "RMQ_SYS_TRACE_TOPIC";

  // Threads (executors per request family).
  int32_t send_message_thread_pool_nums = 1;
  int32_t pull_message_thread_pool_nums = 4;
  int32_t admin_broker_thread_pool_nums = 2;
  int32_t client_manage_thread_pool_nums = 2;
  int32_t send_thread_pool_queue_capacity = 10000;
  int32_t pull_thread_pool_queue_capacity = 100000;

  // Consumption.
  // Hold pulls with nothing to return until a message arrives (or the client's suspend
  // time passes); off, hold them for shortPollingTimeMills only.
  bool long_polling_enable = true;
  int64_t short_polling_time_mills = 1000;
  bool notify_consumer_ids_changed_enable = true;
  bool slave_read_enable = false;
  bool lite_pull_message_enable = true;
  // SQL92 subscriptions (filter/); off, they are refused with SYSTEM_ERROR as Apache does.
  bool enable_property_filter = false;
  // Retry messages of a group that filters by SQL92 are filtered with the selector of
  // their original topic; off, they are all redelivered.
  bool filter_support_retry = false;
  // Client channels silent for longer are dropped (Apache: 120 s, scanned every 10 s).
  int64_t channel_expired_timeout = 120000;
  int64_t flush_consumer_offset_interval = 5000;

  // Delayed delivery (keys of Apache's MessageStoreConfig): the delay of each level, and
  // how often delayOffset.json is written.
  std::string message_delay_level = schedule::kDefaultMessageDelayLevel;
  int64_t flush_delay_offset_interval = 10000;

  // Timer messages (5.x MessageStoreConfig keys; timerPrecisionMs's default differs: see
  // timer/README.md).
  bool timer_wheel_enable = true;
  int64_t timer_precision_ms = 10;
  int64_t timer_max_delay_sec = 259200;

  // Sending.
  bool reject_transaction_message = false;
  // MSG_REGION / TRACE_ON of every send response.
  std::string region_id = "DefaultRegion";
  bool trace_on = true;
  // Request-reply: replies are stored in `<cluster>_REPLY_TOPIC` besides being pushed.
  bool store_reply_message_enable = true;

  // Transactions (Apache's names and defaults): a half message is checked back no earlier
  // than transactionTimeOut ms after its birth, the check runs every transactionCheckInterval
  // ms, and a half message already checked transactionCheckMax times is discarded.
  int64_t transaction_time_out = 6000;
  int32_t transaction_check_max = 15;
  int64_t transaction_check_interval = 60000;

  // Administration: keys UPDATE_BROKER_CONFIG may never change, ';'-separated.
  std::string config_black_list = "configBlackList;brokerConfigPath";

  // Plain ACL (reference-broker/acl/). The files live under rocketmq.home.dir (Apache's
  // -Drocketmq.home.dir, default $ROCKETMQ_HOME; Apache's ACL ignores the broker's
  // rocketmqHome key): conf/plain_acl.yml (rocketmq.acl.plain.file, relative to it) and
  // conf/acl/*.yml.
  bool acl_enable = false;
  std::string rocketmq_home = DefaultRocketmqHome();
  std::string acl_plain_file = "conf/plain_acl.yml";
  // Ours: how often the files are checked for changes (Apache's watch: 5 s).
  int64_t acl_reload_interval_mills = 5000;

  // Logging (ours): level name and file; empty file means stderr.
  std::string log_level = "info";
  std::string log_file;

  // "ip:port" clients connect to.
  std::string BrokerAddr(int32_t port) const;
  // The ';'-separated nameserver list, split and trimmed, empty entries dropped.
  std::vector<std::string> NamesrvAddrs() const;

  static std::string DefaultBrokerName();
  static std::string DefaultBrokerIp();
  // $ROCKETMQ_HOME, or empty.
  static std::string DefaultRocketmqHome();
};

// The settings UPDATE_BROKER_CONFIG changes while the broker runs (RuntimeConfig::LiveKeys),
// read at each use as Apache's broker does; a use sees the old value or the new one.
struct LiveConfig {
  explicit LiveConfig(const BrokerConfig& config) { Store(config); }
  void Store(const BrokerConfig& config) {
    broker_permission.store(config.broker_permission, std::memory_order_relaxed);
    slave_read_enable.store(config.slave_read_enable, std::memory_order_relaxed);
    reject_transaction_message.store(config.reject_transaction_message, std::memory_order_relaxed);
  }
  int32_t permission() const { return broker_permission.load(std::memory_order_relaxed); }
  bool slave_read() const { return slave_read_enable.load(std::memory_order_relaxed); }
  bool reject_transactions() const {
    return reject_transaction_message.load(std::memory_order_relaxed);
  }

  std::atomic<int32_t> broker_permission{0};
  std::atomic<bool> slave_read_enable{false};
  std::atomic<bool> reject_transaction_message{false};
};

// Declares every setting of `config` on `settings`, each under its Apache key.
void RegisterBrokerSettings(BrokerConfig* config, Settings* settings);

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_BROKER_CONFIG_H_
