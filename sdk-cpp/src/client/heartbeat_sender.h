// HeartbeatSender: tells every known master broker which producer groups this client
// instance serves (HEART_BEAT, protocol.md §4.2), and says goodbye (UNREGISTER_CLIENT)
// when a group leaves. Brokers use the registration for transaction check-backs and for
// their connection lists; sending works without it.
#ifndef ROCKETMQ_CLIENT_HEARTBEAT_SENDER_H_
#define ROCKETMQ_CLIENT_HEARTBEAT_SENDER_H_

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "client/route_cache.h"
#include "remoting/remoting_client.h"

namespace rocketmq {
namespace client {

// The HeartbeatData JSON body of a client with producer groups only (no consumers).
std::string EncodeProducerHeartbeat(const std::string& client_id,
                                    const std::set<std::string>& producer_groups);

class HeartbeatSender {
 public:
  // `remoting` and `routes` must outlive this object.
  HeartbeatSender(std::string client_id, remoting::RemotingClient* remoting,
                  const RouteCache* routes);

  // False if the group is already registered with this client instance.
  bool AddProducerGroup(const std::string& group);
  void RemoveProducerGroup(const std::string& group);
  std::set<std::string> producer_groups() const;

  // One HEART_BEAT to every master broker in the route cache (asynchronously; failures are
  // logged). Nothing is sent when no group is registered.
  void SendToAllBrokers(std::chrono::milliseconds timeout);
  // The same, each answer waited for within the overall `timeout`: the broker has then
  // processed the heartbeat, which it needs before it can push a reply to this client.
  void SendToAllBrokersAndWait(std::chrono::milliseconds timeout);
  // UNREGISTER_CLIENT for `group` to every master broker, each waited for within the
  // overall `timeout`.
  void UnregisterProducer(const std::string& group, std::chrono::milliseconds timeout);

 private:
  const std::string client_id_;
  remoting::RemotingClient* remoting_;
  const RouteCache* routes_;
  mutable std::mutex mu_;
  std::set<std::string> producer_groups_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_HEARTBEAT_SENDER_H_
