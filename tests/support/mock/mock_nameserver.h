// MockNameserver: an in-process nameserver for SDK tests (RemotingServer on 127.0.0.1,
// ephemeral port) answering GET_ROUTEINFO_BY_TOPIC from routes the test sets, and
// TOPIC_NOT_EXIST for the others.
#ifndef ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_NAMESERVER_H_
#define ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_NAMESERVER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mock/mock_broker.h"
#include "protocol/topic_route_data.h"
#include "remoting/remoting_server.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace mock {

class MockNameserver {
 public:
  MockNameserver() = default;
  ~MockNameserver();
  MockNameserver(const MockNameserver&) = delete;
  MockNameserver& operator=(const MockNameserver&) = delete;

  Status Start();
  void Stop();
  std::string address() const;

  void SetRoute(const std::string& topic, protocol::TopicRouteData route);
  void RemoveRoute(const std::string& topic);
  // How many route requests named `topic`.
  size_t route_requests(const std::string& topic) const;

 private:
  std::unique_ptr<remoting::RemotingServer> server_;
  mutable std::mutex mu_;
  std::map<std::string, protocol::TopicRouteData> routes_;
  std::map<std::string, size_t> requests_;
};

// A route naming every broker (all masters, cluster "MockCluster") with `queues` read and
// write queues each and permission read|write (plus inherit when `perm` says so).
protocol::TopicRouteData MakeRoute(const std::vector<const MockBroker*>& brokers, int queues,
                                   int32_t perm = 6);

}  // namespace mock
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_SUPPORT_MOCK_MOCK_NAMESERVER_H_
