// DefaultRequestProcessor: answers every request Apache's nameserver answers (its
// DefaultRequestProcessor and ClientRequestProcessor), on top of the route table and the KV
// config store.
//
// Process() is transport-independent: it takes a decoded request and the id of the
// connection it came over, and returns the response. Bad input never escapes as anything
// but a response: missing or malformed header fields and undecodable bodies are
// SYSTEM_ERROR with a remark naming the field or body (what Java's header decoding
// produces), unknown topics TOPIC_NOT_EXIST, missing KV entries QUERY_NOT_FOUND, unknown
// codes REQUEST_CODE_NOT_SUPPORTED. Thread-safe.
#ifndef ROCKETMQ_NAMESRV_DEFAULT_REQUEST_PROCESSOR_H_
#define ROCKETMQ_NAMESRV_DEFAULT_REQUEST_PROCESSOR_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "common/settings.h"
#include "namesrv/kv_config_manager.h"
#include "namesrv/namesrv_config.h"
#include "namesrv/route_info_manager.h"
#include "remoting/remoting_command.h"

namespace rocketmq {
namespace namesrv {

class DefaultRequestProcessor {
 public:
  // `routes` and `kv` must outlive the processor. `config` is copied: UPDATE_NAMESRV_CONFIG
  // changes the processor's copy, which GET_NAMESRV_CONFIG reports.
  DefaultRequestProcessor(const NamesrvConfig& config, RouteInfoManager* routes,
                          KvConfigManager* kv);
  DefaultRequestProcessor(const DefaultRequestProcessor&) = delete;
  DefaultRequestProcessor& operator=(const DefaultRequestProcessor&) = delete;

  remoting::RemotingCommand Process(const remoting::RemotingCommand& request,
                                    ConnectionId connection);

 private:
  using Command = remoting::RemotingCommand;

  Command RegisterBroker(const Command& request, ConnectionId connection);
  Command UnregisterBroker(const Command& request);
  Command QueryDataVersion(const Command& request);
  Command BrokerHeartbeat(const Command& request);
  Command GetBrokerMemberGroup(const Command& request);
  Command GetRouteInfoByTopic(const Command& request);
  Command GetBrokerClusterInfo();
  Command OperateWritePerm(const Command& request, bool wipe);
  Command GetAllTopicList();
  Command DeleteTopic(const Command& request);
  Command RegisterTopic(const Command& request);
  Command GetTopicsByCluster(const Command& request);
  Command PutKvConfig(const Command& request);
  Command GetKvConfig(const Command& request);
  Command DeleteKvConfig(const Command& request);
  Command GetKvListByNamespace(const Command& request);
  Command UpdateConfig(const Command& request);
  Command GetConfig();

  // Reads one field of the current configuration (UPDATE_NAMESRV_CONFIG may change it).
  template <typename T>
  T ConfigField(T NamesrvConfig::*field) const {
    std::lock_guard<std::mutex> lock(config_mutex_);
    return config_.*field;
  }

  RouteInfoManager* const routes_;
  KvConfigManager* const kv_;
  const int64_t started_ms_;

  mutable std::mutex config_mutex_;
  NamesrvConfig config_;
  Settings settings_{"namesrv"};
};

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_DEFAULT_REQUEST_PROCESSOR_H_
