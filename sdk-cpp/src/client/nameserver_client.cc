#include "client/nameserver_client.h"

#include "common/clock.h"
#include "common/logging.h"
#include "protocol/namesrv_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace client {

NameserverClient::NameserverClient(remoting::RemotingClient* remoting, NamesrvSelector selector)
    : remoting_(remoting), selector_(std::move(selector)) {}

Result<protocol::TopicRouteData> NameserverClient::GetTopicRoute(
    const std::string& topic, std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  Status last =
      Status::Timeout("no time left to ask a nameserver for the route of '" + topic + "'");
  for (size_t attempt = 0; attempt < selector_.addresses().size(); ++attempt) {
    const auto remaining = deadline.Remaining();
    if (remaining.count() <= 0) break;
    const std::string address = selector_.Current();
    protocol::GetRouteInfoRequestHeader header;
    header.topic = topic;
    auto request = remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kGetRouteinfoByTopic, header.Encode());
    auto response = remoting_->InvokeSync(address, std::move(request), remaining);
    if (!response.ok()) {
      last = response.status().WithContext("route of '" + topic + "' from nameserver " + address);
      if (response.status().code() == ErrorCode::kCancelled ||
          response.status().code() == ErrorCode::kIllegalState) {
        return last;
      }
      RMQ_LOG_WARN << last.ToString() << "; trying the next nameserver";
      selector_.ReportFailure(address);
      continue;
    }
    return DecodeRoute(topic, address, *response);
  }
  return last;
}

Status NameserverClient::GetTopicRouteAsync(const std::string& topic,
                                            std::chrono::milliseconds timeout,
                                            RouteCallback callback) {
  const std::string address = selector_.Current();
  protocol::GetRouteInfoRequestHeader header;
  header.topic = topic;
  auto request = remoting::RemotingCommand::CreateRequest(
      protocol::RequestCode::kGetRouteinfoByTopic, header.Encode());
  return remoting_->InvokeAsync(address, std::move(request), timeout,
                                [this, topic, address, callback = std::move(callback)](
                                    Result<remoting::RemotingCommand> response) {
                                  if (!response.ok()) {
                                    if (response.status().code() != ErrorCode::kCancelled)
                                      selector_.ReportFailure(address);
                                    callback(response.status().WithContext(
                                        "route of '" + topic + "' from nameserver " + address));
                                    return;
                                  }
                                  callback(DecodeRoute(topic, address, *response));
                                });
}

Result<protocol::TopicRouteData> NameserverClient::DecodeRoute(
    const std::string& topic, const std::string& address,
    const remoting::RemotingCommand& response) {
  const int32_t code = response.code();
  const std::string remark = response.remark().value_or("");
  if (code == protocol::ResponseCode::kTopicNotExist) {
    return Status::NotFound("nameserver " + address + " has no route for topic '" + topic +
                            "': " + remark);
  }
  if (code != protocol::ResponseCode::kSuccess) {
    return Status::BrokerError("nameserver " + address + " answered " + std::to_string(code) + " " +
                               protocol::ResponseCodeName(code) + " for the route of '" + topic +
                               "': " + remark);
  }
  auto route = protocol::TopicRouteData::Decode(response.body().Flatten());
  if (!route.ok()) {
    return route.status().WithContext("route of '" + topic + "' from nameserver " + address);
  }
  return route;
}

}  // namespace client
}  // namespace rocketmq
