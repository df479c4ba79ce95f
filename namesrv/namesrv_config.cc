#include "namesrv/namesrv_config.h"

#include <cstdlib>

#include "common/logging.h"

namespace rocketmq {
namespace namesrv {

std::string NamesrvConfig::DefaultKvConfigPath() {
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr && *home != '\0' ? home : ".") + "/namesrv/kvConfig.json";
}

std::string NamesrvConfig::DefaultRocketmqHome() {
  const char* home = std::getenv("ROCKETMQ_HOME");
  return home != nullptr ? home : "";
}

void RegisterNamesrvSettings(NamesrvConfig* config, Settings* settings) {
  auto not_empty = [](const std::string& v) {
    return v.empty() ? std::string("must not be empty") : std::string();
  };
  settings->String("bindAddress", &config->bind_address,
                   "IPv4 address to listen on (0.0.0.0 = every interface)", not_empty);
  settings->Int("listenPort", &config->listen_port, 0, 65535,
                "TCP port to listen on; 0 picks a free port and prints it");
  settings->String("kvConfigPath", &config->kv_config_path,
                   "JSON file holding the KV config (order topic configs)", not_empty);
  settings->Int("scanNotActiveBrokerInterval", &config->scan_not_active_broker_interval_ms, 1,
                INT64_C(86400000), "milliseconds between scans for expired brokers");
  settings->Int("brokerChannelExpiredTime", &config->broker_channel_expired_time_ms, 1,
                INT64_C(86400000),
                "milliseconds without registration after which a broker is dropped");
  settings->Bool("orderMessageEnable", &config->order_message_enable,
                 "add orderTopicConf from namespace ORDER_TOPIC_CONFIG to topic routes");
  settings->Bool("returnOrderTopicConfigToBroker", &config->return_order_topic_config_to_broker,
                 "return the ORDER_TOPIC_CONFIG table to registering brokers");
  settings->Bool("enableAllTopicList", &config->enable_all_topic_list,
                 "answer GET_ALL_TOPIC_LIST_FROM_NAMESERVER");
  settings->Bool("deleteTopicWithBrokerRegistration",
                 &config->delete_topic_with_broker_registration,
                 "drop a broker's topics missing from its next master registration");
  settings->Bool("needWaitForService", &config->need_wait_for_service,
                 "refuse route requests for waitSecondsForService after start-up");
  settings->Int("waitSecondsForService", &config->wait_seconds_for_service, 0, 3600,
                "seconds to refuse route requests after start-up (needWaitForService)");
  settings->String("configBlackList", &config->config_black_list,
                   "';'-separated keys UPDATE_NAMESRV_CONFIG may not change");
  settings->Int("clientRequestThreadPoolNums", &config->client_request_thread_pool_nums, 1, 256,
                "threads answering route requests");
  settings->Int("defaultThreadPoolNums", &config->default_thread_pool_nums, 1, 256,
                "threads answering every other request");
  settings->Int("serverChannelMaxIdleTimeSeconds", &config->server_channel_max_idle_time_seconds, 0,
                86400, "seconds after which an idle connection is closed (0 = never)");
  remoting::RegisterTlsSettings(&config->tls, settings);
  settings->Bool("aclEnable", &config->acl_enable,
                 "check signatures and white lists of the plain ACL files (not in Apache 4.9.7)");
  settings->String("rocketmq.home.dir", &config->rocketmq_home,
                   "home of the ACL files (default $ROCKETMQ_HOME)");
  settings->String("rocketmq.acl.plain.file", &config->acl_plain_file,
                   "the default ACL file, relative to rocketmq.home.dir");
  settings->String("logLevel", &config->log_level, "trace, debug, info, warn, error or off",
                   [](const std::string& v) {
                     auto level = ParseLogLevel(v);
                     return level.ok() ? std::string() : level.status().message();
                   });
  settings->String(
      "logFile", &config->log_file,
      "file to append the log to, WARN and above also to stderr (empty = stderr only)");
}

}  // namespace namesrv
}  // namespace rocketmq
