// NamesrvConfig: the nameserver's settings, under Apache NamesrvConfig's key names so that
// an Apache namesrv.conf works unchanged (keys we do not use are warned about, not refused).
#ifndef ROCKETMQ_NAMESRV_NAMESRV_CONFIG_H_
#define ROCKETMQ_NAMESRV_NAMESRV_CONFIG_H_

#include <cstdint>
#include <string>

#include "common/settings.h"
#include "remoting/tls_settings.h"

namespace rocketmq {
namespace namesrv {

struct NamesrvConfig {
  // Apache binds every interface; tests and the local cluster pass 127.0.0.1.
  std::string bind_address = "0.0.0.0";
  // 0 binds an ephemeral port; the boot line reports the real one.
  int32_t listen_port = 9876;
  // The KV config store (order topic configs and friends), rewritten on every change.
  std::string kv_config_path = DefaultKvConfigPath();
  // How often brokers are checked for expiry (Apache 4.9.x: 10 s).
  int64_t scan_not_active_broker_interval_ms = 10000;
  // A broker silent for longer than this is dropped, unless it registered with its own
  // heartbeatTimeoutMillis (5.x brokers do).
  int64_t broker_channel_expired_time_ms = 120000;
  // Adds orderTopicConf (KV namespace ORDER_TOPIC_CONFIG) to topic routes.
  bool order_message_enable = false;
  // Sends the ORDER_TOPIC_CONFIG table back in REGISTER_BROKER responses.
  bool return_order_topic_config_to_broker = true;
  // Answers GET_ALL_TOPIC_LIST_FROM_NAMESERVER; off, the request is refused ("disable").
  bool enable_all_topic_list = true;
  // A master registration drops the broker's topics that its topic table no longer lists.
  bool delete_topic_with_broker_registration = false;
  // Refuses route requests for waitSecondsForService after start-up, so that a restarted
  // nameserver does not serve partial routes before every broker has re-registered.
  bool need_wait_for_service = false;
  int32_t wait_seconds_for_service = 45;
  // Keys UPDATE_NAMESRV_CONFIG may never change, ';'-separated (path keys always refused).
  std::string config_black_list = "configBlackList;configStorePath;kvConfigPath";
  // Threads answering GET_ROUTEINFO_BY_TOPIC, kept apart so that client route lookups are
  // never queued behind broker registrations (and the other way round).
  int32_t client_request_thread_pool_nums = 8;
  // Threads answering every other request.
  int32_t default_thread_pool_nums = 16;
  // Connections idle for longer are closed by the server (Apache: 120 s).
  int32_t server_channel_max_idle_time_seconds = 120;
  // TLS on the listening port (Apache's tls.server.* settings).
  remoting::TlsSettings tls;
  // Plain ACL (ours: Apache 4.9.7's nameserver has none). Same files and rules as the
  // broker's (reference-broker/acl/); no nameserver request needs a topic or group
  // permission, so this checks signatures and white lists. Brokers register unsigned: list
  // their addresses in globalWhiteRemoteAddresses. Files are re-read at each broker scan.
  bool acl_enable = false;
  std::string rocketmq_home = DefaultRocketmqHome();
  std::string acl_plain_file = "conf/plain_acl.yml";
  // Logging (ours): level name and file; empty file means stderr.
  std::string log_level = "info";
  std::string log_file;

  // $HOME/namesrv/kvConfig.json, as in Apache.
  static std::string DefaultKvConfigPath();
  // $ROCKETMQ_HOME, or empty.
  static std::string DefaultRocketmqHome();
};

// Declares every setting of `config` on `settings`, each under its Apache key.
void RegisterNamesrvSettings(NamesrvConfig* config, Settings* settings);

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_NAMESRV_CONFIG_H_
