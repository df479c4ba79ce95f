#include "broker/broker_config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "common/logging.h"

namespace rocketmq {
namespace broker {
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

std::string ValidateNamesrvAddr(const std::string& value) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(';', start);
    if (end == std::string::npos) end = value.size();
    const std::string addr = Trim(value.substr(start, end - start));
    if (!addr.empty()) {
      const size_t colon = addr.rfind(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == addr.size()) {
        return "'" + addr + "' is not host:port";
      }
      const std::string port = addr.substr(colon + 1);
      if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
          std::stoi(port) > 65535) {
        return "'" + addr + "' has an invalid port";
      }
    }
    start = end + 1;
  }
  return "";
}

std::string ValidateIp(const std::string& value) {
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, value.c_str(), &v4) == 1 || inet_pton(AF_INET6, value.c_str(), &v6) == 1) {
    return "";
  }
  return "'" + value + "' is not an IP address";
}

}  // namespace

std::string BrokerConfig::BrokerAddr(int32_t port) const {
  if (broker_ip1.find(':') != std::string::npos) {
    return "[" + broker_ip1 + "]:" + std::to_string(port);
  }
  return broker_ip1 + ":" + std::to_string(port);
}

std::vector<std::string> BrokerConfig::NamesrvAddrs() const {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= namesrv_addr.size()) {
    size_t end = namesrv_addr.find(';', start);
    if (end == std::string::npos) end = namesrv_addr.size();
    std::string addr = Trim(namesrv_addr.substr(start, end - start));
    if (!addr.empty()) out.push_back(std::move(addr));
    start = end + 1;
  }
  return out;
}

std::string BrokerConfig::DefaultBrokerName() {
  char host[HOST_NAME_MAX + 1] = {};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "DEFAULT_BROKER";
  return host;
}

std::string BrokerConfig::DefaultRocketmqHome() {
  const char* home = std::getenv("ROCKETMQ_HOME");
  return home != nullptr ? home : "";
}

std::string BrokerConfig::DefaultBrokerIp() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string chosen = "127.0.0.1";
  for (ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    const auto* sin = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
    const uint32_t ip = ntohl(sin->sin_addr.s_addr);
    if ((ip >> 24) == 127 || ip == 0) continue;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    chosen = text;
    break;
  }
  freeifaddrs(list);
  return chosen;
}

void RegisterBrokerSettings(BrokerConfig* config, Settings* settings) {
  auto not_empty = [](const std::string& v) {
    return v.empty() ? std::string("must not be empty") : std::string();
  };
  auto ip_or_empty = [](const std::string& v) { return v.empty() ? std::string() : ValidateIp(v); };

  settings->String("brokerClusterName", &config->broker_cluster_name,
                   "cluster this broker registers under", not_empty);
  settings->String("brokerName", &config->broker_name,
                   "broker name (a master and its slaves share it)", not_empty);
  settings->Int("brokerId", &config->broker_id, 0, INT64_MAX, "0 = master, > 0 = slave");
  settings->String("namesrvAddr", &config->namesrv_addr,
                   "nameservers to register with, ';'-separated host:port list",
                   ValidateNamesrvAddr);
  settings->String("brokerIP1", &config->broker_ip1,
                   "address clients connect to (routes, message ids)", ValidateIp);
  settings->String("brokerIP2", &config->broker_ip2,
                   "HA address announced to slaves (empty = brokerIP1)", ip_or_empty);
  settings->Int("registerBrokerTimeoutMills", &config->register_broker_timeout_mills, 1, 600000,
                "milliseconds to wait for each nameserver's REGISTER_BROKER answer");
  settings->Int("registerNameServerPeriod", &config->register_name_server_period, 1000, 600000,
                "milliseconds between registrations (clamped to 10-60 s)");
  settings->Bool("forceRegister", &config->force_register, "register every period, changed or not");
  settings->Bool("compressedRegister", &config->compressed_register,
                 "zlib-compress the registration body");

  settings->String("bindAddress", &config->bind_address,
                   "IP address to listen on (0.0.0.0 = every interface)", ValidateIp);
  settings->Int("listenPort", &config->listen_port, 0, 65535,
                "TCP port to listen on; 0 picks a free port and prints it");
  settings->Int("serverChannelMaxIdleTimeSeconds", &config->server_channel_max_idle_time_seconds, 0,
                86400, "seconds after which an idle connection is closed (0 = never)");
  remoting::RegisterTlsSettings(&config->tls, settings);

  settings->Int("brokerPermission", &config->broker_permission, 0, 15,
                "permission bits masking every topic (2 = write, 4 = read)");
  settings->Int("defaultTopicQueueNums", &config->default_topic_queue_nums, 1, 1024,
                "queues of TBW102, the template of auto-created topics");
  settings->Bool("autoCreateTopicEnable", &config->auto_create_topic_enable,
                 "create unknown topics on first send (through TBW102)");
  settings->Bool("clusterTopicEnable", &config->cluster_topic_enable,
                 "make the cluster-name topic readable and writable");
  settings->Bool("brokerTopicEnable", &config->broker_topic_enable,
                 "make the broker-name topic readable and writable");
  settings->Bool("autoCreateSubscriptionGroup", &config->auto_create_subscription_group,
                 "create unknown consumer groups on first use");
  settings->Bool("traceTopicEnable", &config->trace_topic_enable,
                 "create the message trace topic at start-up");
  settings->String("msgTraceTopicName", &config->msg_trace_topic_name, "message trace topic",
                   not_empty);

  settings->Int("sendMessageThreadPoolNums", &config->send_message_thread_pool_nums, 1, 256,
                "threads processing sends");
  settings->Int("pullMessageThreadPoolNums", &config->pull_message_thread_pool_nums, 1, 256,
                "threads processing pulls");
  settings->Int("adminBrokerThreadPoolNums", &config->admin_broker_thread_pool_nums, 1, 256,
                "threads processing admin requests");
  settings->Int("clientManageThreadPoolNums", &config->client_manage_thread_pool_nums, 1, 256,
                "threads processing heartbeats, offsets and locks");
  settings->Int("sendThreadPoolQueueCapacity", &config->send_thread_pool_queue_capacity, 1,
                10000000, "sends queued before the broker answers SYSTEM_BUSY");
  settings->Int("pullThreadPoolQueueCapacity", &config->pull_thread_pool_queue_capacity, 1,
                10000000, "pulls queued before the broker answers SYSTEM_BUSY");

  settings->Bool("longPollingEnable", &config->long_polling_enable,
                 "hold empty pulls until a message arrives or the client's suspend time ends");
  settings->Int("shortPollingTimeMills", &config->short_polling_time_mills, 0, 600000,
                "milliseconds an empty pull is held when long polling is off");
  settings->Bool("notifyConsumerIdsChangedEnable", &config->notify_consumer_ids_changed_enable,
                 "tell a group's consumers when its membership changes");
  settings->Bool("slaveReadEnable", &config->slave_read_enable,
                 "suggest slaves to consumers reading cold data");
  settings->Bool("litePullMessageEnable", &config->lite_pull_message_enable,
                 "serve LITE_PULL_MESSAGE");
  settings->Bool("enablePropertyFilter", &config->enable_property_filter,
                 "SQL92 filtering of pulls by message properties");
  settings->Bool("filterSupportRetry", &config->filter_support_retry,
                 "apply a group's SQL92 filters to its retry messages too");
  settings->Int("channelExpiredTimeout", &config->channel_expired_timeout, 1000, INT64_C(86400000),
                "milliseconds without heartbeat after which a client is dropped");
  settings->Int("flushConsumerOffsetInterval", &config->flush_consumer_offset_interval, 100,
                INT64_C(3600000), "milliseconds between consumer offset persists");
  settings->String("messageDelayLevel", &config->message_delay_level,
                   "delay of each level from 1, space-separated, units s, m, h, d",
                   [](const std::string& v) {
                     auto levels = schedule::DelayLevelTable::Parse(v);
                     return levels.ok() ? std::string() : levels.status().message();
                   });
  settings->Int("flushDelayOffsetInterval", &config->flush_delay_offset_interval, 100,
                INT64_C(3600000), "milliseconds between writes of delayOffset.json");
  settings->Bool("timerWheelEnable", &config->timer_wheel_enable,
                 "accept timer messages (TIMER_DELIVER_MS, TIMER_DELAY_SEC, TIMER_DELAY_MS)");
  settings->Int("timerPrecisionMs", &config->timer_precision_ms, 1, 1000,
                "timer due times are rounded up to a multiple of this many milliseconds");
  settings->Int("timerMaxDelaySec", &config->timer_max_delay_sec, 1, INT64_C(315360000),
                "seconds ahead at most of a timer message's due time");

  settings->Bool("rejectTransactionMessage", &config->reject_transaction_message,
                 "refuse transactional (prepared) messages");
  settings->Int("transactionTimeOut", &config->transaction_time_out, 0, INT64_C(86400000),
                "milliseconds after its birth before a half message is first checked back");
  settings->Int("transactionCheckMax", &config->transaction_check_max, 1, 10000,
                "check-backs of a half message before it is discarded");
  settings->Int("transactionCheckInterval", &config->transaction_check_interval, 10,
                INT64_C(86400000), "milliseconds between two scans of the half messages");
  settings->String("regionId", &config->region_id, "MSG_REGION of send responses", not_empty);
  settings->Bool("traceOn", &config->trace_on, "TRACE_ON of send responses");
  settings->Bool("storeReplyMessageEnable", &config->store_reply_message_enable,
                 "store request-reply replies in the reply topic as well as pushing them");

  settings->String("configBlackList", &config->config_black_list,
                   "';'-separated keys UPDATE_BROKER_CONFIG may not change");
  settings->Bool("aclEnable", &config->acl_enable,
                 "check every request against the plain ACL files (conf/plain_acl.yml)");
  settings->String("rocketmq.home.dir", &config->rocketmq_home,
                   "home of the ACL files (default $ROCKETMQ_HOME)");
  settings->String("rocketmq.acl.plain.file", &config->acl_plain_file,
                   "the default ACL file, relative to rocketmq.home.dir");
  settings->Int("aclReloadIntervalMills", &config->acl_reload_interval_mills, 100, 3600000,
                "milliseconds between checks of the ACL files for changes");
  settings->String("logLevel", &config->log_level, "trace, debug, info, warn, error or off",
                   [](const std::string& v) {
                     auto level = ParseLogLevel(v);
                     return level.ok() ? std::string() : level.status().message();
                   });
  settings->String(
      "logFile", &config->log_file,
      "file to append the log to, WARN and above also to stderr (empty = stderr only)");
}

}  // namespace broker
}  // namespace rocketmq
