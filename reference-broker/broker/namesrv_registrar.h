// NamesrvRegistrar: the broker's side of the nameserver protocol — REGISTER_BROKER to every
// configured nameserver (at start-up, every registerNameServerPeriod and after topic
// changes) and UNREGISTER_BROKER at clean shutdown (Apache BrokerOuterAPI, §8.14).
//
// Every nameserver is asked in parallel and each answer awaited for at most the timeout,
// so one dead nameserver delays a registration by the timeout, never longer, and never
// stops the others from being told. Thread-safe; calls may overlap.
#ifndef ROCKETMQ_BROKER_NAMESRV_REGISTRAR_H_
#define ROCKETMQ_BROKER_NAMESRV_REGISTRAR_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/topic_config_wrapper.h"
#include "remoting/remoting_client.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace broker {

struct BrokerIdentity {
  std::string cluster_name;
  std::string broker_name;
  std::string broker_addr;     // "ip:port" clients connect to
  std::string ha_server_addr;  // "ip:port" of the HA service
  int64_t broker_id = 0;
};

// One nameserver's answer to REGISTER_BROKER.
struct RegisterResult {
  std::string namesrv_addr;
  Status status;  // OK when the nameserver answered SUCCESS
  // Slaves learn their master from these.
  std::optional<std::string> master_addr;
  std::optional<std::string> ha_server_addr;
};

class NamesrvRegistrar {
 public:
  // `client` must be started and outlive the registrar.
  explicit NamesrvRegistrar(remoting::RemotingClient* client) : client_(client) {}

  // Registers with every address in `namesrv_addrs`; one result per address, in order.
  std::vector<RegisterResult> RegisterBrokerAll(const std::vector<std::string>& namesrv_addrs,
                                                const BrokerIdentity& identity,
                                                const protocol::TopicConfigSerializeWrapper& topics,
                                                bool compressed, std::chrono::milliseconds timeout);

  // Unregisters from every nameserver; returns the first failure (all are attempted).
  Status UnregisterBrokerAll(const std::vector<std::string>& namesrv_addrs,
                             const BrokerIdentity& identity, std::chrono::milliseconds timeout);

 private:
  remoting::RemotingClient* const client_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_NAMESRV_REGISTRAR_H_
