#include "client/heartbeat_sender.h"

#include "common/clock.h"
#include "common/logging.h"
#include "protocol/client_headers.h"
#include "protocol/heartbeat_data.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace client {

std::string EncodeProducerHeartbeat(const std::string& client_id,
                                    const std::set<std::string>& producer_groups) {
  protocol::HeartbeatData data;
  data.client_id = client_id;
  for (const auto& group : producer_groups) data.producer_data_set.push_back({group});
  return data.Encode();
}

HeartbeatSender::HeartbeatSender(std::string client_id, remoting::RemotingClient* remoting,
                                 const RouteCache* routes)
    : client_id_(std::move(client_id)), remoting_(remoting), routes_(routes) {}

bool HeartbeatSender::AddProducerGroup(const std::string& group) {
  std::lock_guard<std::mutex> lock(mu_);
  return producer_groups_.insert(group).second;
}

void HeartbeatSender::RemoveProducerGroup(const std::string& group) {
  std::lock_guard<std::mutex> lock(mu_);
  producer_groups_.erase(group);
}

std::set<std::string> HeartbeatSender::producer_groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return producer_groups_;
}

namespace {

void LogHeartbeatAnswer(const std::string& address, const Result<remoting::RemotingCommand>& r) {
  if (!r.ok()) {
    RMQ_LOG_WARN << "heartbeat to broker " << address << " failed: " << r.status().ToString();
  } else if (r->code() != protocol::ResponseCode::kSuccess) {
    RMQ_LOG_WARN << "heartbeat to broker " << address << " answered " << r->code() << " "
                 << r->remark().value_or("");
  }
}

remoting::RemotingCommand HeartbeatRequest(const std::string& body) {
  auto request = remoting::RemotingCommand::CreateRequest(protocol::RequestCode::kHeartBeat);
  request.set_body(body);
  return request;
}

}  // namespace

void HeartbeatSender::SendToAllBrokers(std::chrono::milliseconds timeout) {
  const std::set<std::string> groups = producer_groups();
  if (groups.empty()) return;
  const std::string body = EncodeProducerHeartbeat(client_id_, groups);
  for (const auto& address : routes_->MasterAddresses()) {
    Status sent = remoting_->InvokeAsync(
        address, HeartbeatRequest(body), timeout,
        [address](const Result<remoting::RemotingCommand>& r) { LogHeartbeatAnswer(address, r); });
    // Refused only while the client shuts down; nothing to report then.
    if (!sent.ok()) {
      RMQ_LOG_DEBUG << "heartbeat to broker " << address << " not sent: " << sent.ToString();
    }
  }
}

void HeartbeatSender::SendToAllBrokersAndWait(std::chrono::milliseconds timeout) {
  const std::set<std::string> groups = producer_groups();
  if (groups.empty()) return;
  const std::string body = EncodeProducerHeartbeat(client_id_, groups);
  const auto deadline = clock::Deadline::After(timeout);
  for (const auto& address : routes_->MasterAddresses()) {
    LogHeartbeatAnswer(
        address, remoting_->InvokeSync(address, HeartbeatRequest(body), deadline.Remaining()));
  }
}

void HeartbeatSender::UnregisterProducer(const std::string& group,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  for (const auto& address : routes_->MasterAddresses()) {
    const auto remaining = deadline.Remaining();
    if (remaining.count() <= 0) {
      RMQ_LOG_WARN << "no time left to unregister producer group " << group << " from " << address;
      continue;
    }
    protocol::UnregisterClientRequestHeader header;
    header.client_id = client_id_;
    header.producer_group = group;
    auto request = remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kUnregisterClient, header.Encode());
    auto response = remoting_->InvokeSync(address, std::move(request), remaining);
    if (!response.ok()) {
      RMQ_LOG_WARN << "unregistering producer group " << group << " from broker " << address
                   << " failed: " << response.status().ToString();
    }
  }
}

}  // namespace client
}  // namespace rocketmq
