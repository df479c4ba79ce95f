// NameserverClient: the requests a client makes to nameservers (today: topic routes),
// with failover between the configured nameservers.
#ifndef ROCKETMQ_CLIENT_NAMESERVER_CLIENT_H_
#define ROCKETMQ_CLIENT_NAMESERVER_CLIENT_H_

#include <chrono>
#include <functional>
#include <string>

#include "client/namesrv_selector.h"
#include "protocol/topic_route_data.h"
#include "remoting/remoting_client.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

class NameserverClient {
 public:
  // `remoting` must outlive this object.
  NameserverClient(remoting::RemotingClient* remoting, NamesrvSelector selector);

  // GET_ROUTEINFO_BY_TOPIC. Asks the current nameserver; when it cannot be reached, moves
  // on to the next one, each address at most once, all within `timeout`. NotFound when a
  // nameserver answers TOPIC_NOT_EXIST; BrokerError for other answers; Timeout/Network
  // when none answered.
  Result<protocol::TopicRouteData> GetTopicRoute(const std::string& topic,
                                                 std::chrono::milliseconds timeout);

  using RouteCallback = std::function<void(Result<protocol::TopicRouteData>)>;
  // As GetTopicRoute without blocking, from the current nameserver only: `callback` runs
  // once on a client callback thread. A non-OK return (the request could not be sent) means
  // it will not run.
  Status GetTopicRouteAsync(const std::string& topic, std::chrono::milliseconds timeout,
                            RouteCallback callback);

  const NamesrvSelector& selector() const { return selector_; }

 private:
  static Result<protocol::TopicRouteData> DecodeRoute(const std::string& topic,
                                                      const std::string& address,
                                                      const remoting::RemotingCommand& response);

  remoting::RemotingClient* remoting_;
  NamesrvSelector selector_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_NAMESERVER_CLIENT_H_
