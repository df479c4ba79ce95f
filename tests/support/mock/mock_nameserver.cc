#include "mock/mock_nameserver.h"

#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace mock {

MockNameserver::~MockNameserver() { Stop(); }

Status MockNameserver::Start() {
  remoting::RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.default_executor_threads = 2;
  server_ = std::make_unique<remoting::RemotingServer>(options);
  server_->RegisterProcessor(
      protocol::RequestCode::kGetRouteinfoByTopic,
      [this](const std::shared_ptr<remoting::Connection>&,
             remoting::RemotingCommand& request) -> remoting::ProcessResult {
        const std::string* topic = request.FindExtField("topic");
        if (topic == nullptr) return Status::InvalidArgument("topic missing");
        std::lock_guard<std::mutex> lock(mu_);
        ++requests_[*topic];
        auto it = routes_.find(*topic);
        if (it == routes_.end()) {
          return remoting::RemotingCommand::CreateResponse(
              protocol::ResponseCode::kTopicNotExist,
              "No topic route info in name server for the topic: " + *topic);
        }
        auto response = remoting::RemotingCommand::CreateResponse(protocol::ResponseCode::kSuccess);
        response.set_body(it->second.Encode(protocol::JsonWriter::Mode::kStandard));
        return response;
      });
  return server_->Start();
}

void MockNameserver::Stop() {
  if (server_) server_->Shutdown();
}

std::string MockNameserver::address() const {
  return "127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

void MockNameserver::SetRoute(const std::string& topic, protocol::TopicRouteData route) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_[topic] = std::move(route);
}

void MockNameserver::RemoveRoute(const std::string& topic) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_.erase(topic);
}

size_t MockNameserver::route_requests(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(topic);
  return it == requests_.end() ? 0 : it->second;
}

protocol::TopicRouteData MakeRoute(const std::vector<const MockBroker*>& brokers, int queues,
                                   int32_t perm) {
  protocol::TopicRouteData route;
  for (const MockBroker* broker : brokers) {
    protocol::QueueData qd;
    qd.broker_name = broker->name();
    qd.read_queue_nums = queues;
    qd.write_queue_nums = queues;
    qd.perm = perm;
    route.queue_datas.push_back(qd);
    protocol::BrokerData bd;
    bd.cluster = "MockCluster";
    bd.broker_name = broker->name();
    bd.broker_addrs[protocol::kMasterBrokerId] = broker->address();
    route.broker_datas.push_back(bd);
  }
  return route;
}

}  // namespace mock
}  // namespace rocketmq
