#include "broker/client_manage_processor.h"

#include "broker/broker_controller.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "protocol/client_headers.h"
#include "protocol/heartbeat_data.h"
#include "protocol/json_reader.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
namespace perm = protocol::PermName;
using remoting::RemotingCommand;

ClientChannelInfo ChannelInfo(const std::shared_ptr<remoting::Connection>& connection,
                              const RemotingCommand& request, const std::string& client_id) {
  ClientChannelInfo info;
  info.channel = connection->id();
  info.remote_address = connection->remote_address();
  info.client_id = client_id;
  info.language = remoting::LanguageCodeName(request.language());
  info.version = request.version();
  return info;
}

}  // namespace

remoting::ProcessResult ClientManageProcessor::Process(
    const std::shared_ptr<remoting::Connection>& connection, RemotingCommand& request) {
  switch (request.code()) {
    case protocol::RequestCode::kHeartBeat:
      return HeartBeat(connection, request);
    case protocol::RequestCode::kUnregisterClient:
      return UnregisterClient(connection, request);
    case protocol::RequestCode::kCheckClientConfig:
      return CheckClientConfig(request);
    default:
      return RemotingCommand::CreateResponse(
          rc::kRequestCodeNotSupported,
          " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand ClientManageProcessor::HeartBeat(
    const std::shared_ptr<remoting::Connection>& connection, const RemotingCommand& request) {
  auto heartbeat = protocol::HeartbeatData::Decode(request.body().owned());
  if (!heartbeat.ok()) {
    return RemotingCommand::CreateResponse(rc::kSystemError, heartbeat.status().message());
  }
  const ClientChannelInfo channel = ChannelInfo(connection, request, heartbeat->client_id);
  if (heartbeat->client_id.empty()) {
    return RemotingCommand::CreateResponse(rc::kSystemError, "the heartbeat has no clientID");
  }
  const bool without_sub = heartbeat->without_sub.value_or(false);
  for (protocol::ConsumerData& consumer : heartbeat->consumer_data_set) {
    if (consumer.group_name.empty()) continue;
    // A 5.x "heartbeat v2" may leave out unchanged subscriptions: keep the known ones.
    if (without_sub && consumer.subscription_data_set.empty()) {
      if (auto known = broker_->consumer_manager().FindGroup(consumer.group_name)) {
        for (const auto& [topic, sub] : known->subscriptions) {
          consumer.subscription_data_set.push_back(sub);
        }
      }
    }
    bool notify = true;
    auto group = broker_->subscription_group_manager().FindOrCreate(consumer.group_name);
    if (group) {
      notify = group->notify_consumer_ids_changed_enable;
      const std::string retry = topic::RetryTopic(consumer.group_name);
      if (topic::Validate(retry).ok()) {
        bool created = false;
        broker_->topic_config_manager().CreateTopicIfAbsent(retry, group->retry_queue_nums,
                                                            perm::kPermRead | perm::kPermWrite,
                                                            consumer.unit_mode ? 2 : 0, &created);
      }
    }
    broker_->consumer_manager().RegisterConsumer(consumer, channel, notify);
  }
  for (const protocol::ProducerData& producer : heartbeat->producer_data_set) {
    if (producer.group_name.empty()) continue;
    broker_->producer_manager().RegisterProducer(producer.group_name, channel);
  }
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand ClientManageProcessor::UnregisterClient(
    const std::shared_ptr<remoting::Connection>& connection, const RemotingCommand& request) {
  auto header = protocol::UnregisterClientRequestHeader::Decode(request.ext_fields());
  if (!header.ok())
    return RemotingCommand::CreateResponse(rc::kSystemError, header.status().message());
  if (header->producer_group && !header->producer_group->empty()) {
    broker_->producer_manager().UnregisterProducer(*header->producer_group, connection->id());
  }
  if (header->consumer_group && !header->consumer_group->empty()) {
    auto group = broker_->subscription_group_manager().Find(*header->consumer_group);
    const bool notify = !group || group->notify_consumer_ids_changed_enable;
    broker_->consumer_manager().UnregisterConsumer(*header->consumer_group, connection->id(),
                                                   notify);
  }
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand ClientManageProcessor::CheckClientConfig(const RemotingCommand& request) {
  auto body = protocol::ParseJson(request.body().owned(), "CheckClientRequestBody");
  if (!body.ok()) return RemotingCommand::CreateResponse(rc::kSystemError, body.status().message());
  if (!body->isObject()) {
    return RemotingCommand::CreateResponse(rc::kSystemError,
                                           "CheckClientRequestBody is not a JSON object");
  }
  const Json::Value& sub = (*body)["subscriptionData"];
  std::string type = "TAG";
  if (sub.isObject()) {
    protocol::JsonFields(sub, "CheckClientRequestBody.subscriptionData")
        .String("expressionType", &type);
  }
  if (type != "TAG" && !broker_->config().enable_property_filter) {
    return RemotingCommand::CreateResponse(
        rc::kSystemError, "The broker does not support consumer to filter message by " + type);
  }
  if (type != "TAG") {
    return RemotingCommand::CreateResponse(rc::kSubscriptionParseFailed,
                                           "SQL92 filtering is not implemented by this broker");
  }
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

}  // namespace broker
}  // namespace rocketmq
