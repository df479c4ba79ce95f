#include "broker/client_manage_processor.h"

#include <optional>

#include "broker/broker_controller.h"
#include "broker/topic_validator.h"
#include "common/logging.h"
#include "filter/expression_type.h"
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

std::string PropertyFilterDisabled(const std::string& type) {
  return "The broker does not support consumer to filter message by " + type;
}

// Compiles and registers the SQL92 subscriptions of `consumer` for its pulls. Returns the
// first refusal (filtering disabled, or an expression that does not compile) for the
// heartbeat to answer with, where Apache answers SUCCESS and leaves the client to find out
// from CHECK_CLIENT_CONFIG or its pulls. The group is registered all the same, as Apache
// does, so its other subscriptions keep working, and its pulls of a refused topic get
// Apache's errors (SYSTEM_ERROR, FILTER_DATA_NOT_EXIST).
std::optional<RemotingCommand> RegisterFilters(BrokerController* broker,
                                               const protocol::ConsumerData& consumer) {
  std::optional<RemotingCommand> refusal;
  for (const protocol::SubscriptionData& sub : consumer.subscription_data_set) {
    if (filter::IsTagType(sub.expression_type)) continue;
    // Registered even when filtering is disabled, so that pulls get Apache's answer.
    Status s = sub.expression_type == filter::kExpressionTypeSql92
                   ? broker->consumer_filter_manager().Register(sub.topic, consumer.group_name,
                                                                sub.sub_string, sub.sub_version)
                   : Status::InvalidArgument("unknown expression type " + sub.expression_type);
    if (!broker->config().enable_property_filter && !refusal) {
      refusal = RemotingCommand::CreateResponse(rc::kSystemError,
                                                PropertyFilterDisabled(sub.expression_type));
    } else if (!s.ok() && !refusal) {
      refusal = RemotingCommand::CreateResponse(
          rc::kSubscriptionParseFailed,
          "consumer group " + consumer.group_name + ", topic " + sub.topic + ": " + s.message());
    }
  }
  return refusal;
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
  std::optional<RemotingCommand> refusal;
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
    auto refused = RegisterFilters(broker_, consumer);
    if (refused && !refusal) refusal = std::move(refused);
  }
  for (const protocol::ProducerData& producer : heartbeat->producer_data_set) {
    if (producer.group_name.empty()) continue;
    broker_->producer_manager().RegisterProducer(producer.group_name, channel);
  }
  if (refusal) return std::move(*refusal);
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
  if (!sub.isObject()) return RemotingCommand::CreateResponse(rc::kSuccess);
  std::string type;
  std::string expression;
  protocol::JsonFields(sub, "CheckClientRequestBody.subscriptionData")
      .String("expressionType", &type)
      .String("subString", &expression);
  if (filter::IsTagType(type)) return RemotingCommand::CreateResponse(rc::kSuccess);
  if (!broker_->config().enable_property_filter) {
    return RemotingCommand::CreateResponse(rc::kSystemError, PropertyFilterDisabled(type));
  }
  if (type != filter::kExpressionTypeSql92) {
    return RemotingCommand::CreateResponse(rc::kSubscriptionParseFailed,
                                           "unknown expression type " + type);
  }
  auto compiled = broker_->consumer_filter_manager().Compile(expression);
  if (!compiled.ok()) {
    std::string group;
    protocol::JsonFields(*body, "CheckClientRequestBody").String("group", &group);
    RMQ_LOG_WARN << "CHECK_CLIENT_CONFIG of group " << group << " refuses SQL92 expression "
                 << expression << ": " << compiled.status().message();
    return RemotingCommand::CreateResponse(rc::kSubscriptionParseFailed,
                                           compiled.status().message());
  }
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

}  // namespace broker
}  // namespace rocketmq
