#include "consumer/group_membership.h"

#include <algorithm>
#include <optional>

#include "common/logging.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
#include "protocol/json_writer.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_config.h"

namespace rocketmq {
namespace consumer {
namespace {

using std::chrono::milliseconds;
namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

constexpr milliseconds kRequestTimeout(3000);

milliseconds Remaining(std::chrono::steady_clock::time_point deadline) {
  return std::max(milliseconds(1), std::chrono::duration_cast<milliseconds>(
                                       deadline - std::chrono::steady_clock::now()));
}

}  // namespace

protocol::ConsumerData BuildConsumerData(const ConsumerConfig& config, const char* consume_type,
                                         std::vector<protocol::SubscriptionData> subscriptions) {
  protocol::ConsumerData consumer;
  consumer.group_name = config.group;
  consumer.consume_type = consume_type;
  consumer.message_model = config.message_model == MessageModel::kClustering
                               ? protocol::kMessageModelClustering
                               : protocol::kMessageModelBroadcasting;
  switch (config.consume_from_where) {
    case ConsumeFromWhere::kLastOffset:
      consumer.consume_from_where = protocol::kConsumeFromLastOffset;
      break;
    case ConsumeFromWhere::kFirstOffset:
      consumer.consume_from_where = protocol::kConsumeFromFirstOffset;
      break;
    case ConsumeFromWhere::kTimestamp:
      consumer.consume_from_where = protocol::kConsumeFromTimestamp;
      break;
  }
  consumer.subscription_data_set = std::move(subscriptions);
  return consumer;
}

void SendConsumerHeartbeat(client::ClientInstance* instance, const protocol::ConsumerData& consumer,
                           bool wait) {
  protocol::HeartbeatData heartbeat;
  heartbeat.client_id = instance->client_id();
  heartbeat.consumer_data_set.push_back(consumer);
  const std::string body = heartbeat.Encode();
  for (const auto& address : instance->routes().BrokerAddresses()) {
    auto request = remoting::RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
    request.set_body(body);
    const std::string group = consumer.group_name;
    auto check = [group, address](const Result<remoting::RemotingCommand>& response) {
      if (!response.ok()) {
        RMQ_LOG_WARN << "heartbeat of consumer group " << group << " to " << address << ": "
                     << response.status().ToString();
      } else if (response->code() != ResponseCode::kSuccess) {
        RMQ_LOG_WARN << "heartbeat of consumer group " << group << " to " << address << ": "
                     << remoting::DescribeResponse(*response);
      }
    };
    if (wait) {
      check(instance->remoting().InvokeSync(address, std::move(request), kRequestTimeout));
    } else {
      Status sent = instance->remoting().InvokeAsync(
          address, std::move(request), kRequestTimeout,
          [check](Result<remoting::RemotingCommand> response) { check(response); });
      if (!sent.ok()) {
        RMQ_LOG_WARN << "heartbeat to " << address << ": " << sent.ToString();
      }
    }
  }
}

Result<std::vector<MessageQueue>> ReadableQueues(client::ClientInstance* instance,
                                                 const std::string& topic) {
  auto route = instance->routes().FindRoute(topic);
  if (!route) {
    auto fetched = instance->UpdateTopicRoute(topic, kRequestTimeout);
    if (!fetched.ok()) return fetched.status();
    route = *fetched;
  }
  std::vector<MessageQueue> queues;
  for (const auto& data : route->queue_datas) {
    if ((data.perm & protocol::PermName::kPermRead) == 0) continue;
    for (int32_t id = 0; id < data.read_queue_nums; ++id) {
      queues.push_back(MessageQueue{topic, data.broker_name, id});
    }
  }
  std::sort(queues.begin(), queues.end());
  return queues;
}

Result<std::vector<std::string>> GroupConsumerIds(client::ClientInstance* instance,
                                                  const std::string& group,
                                                  const std::string& topic) {
  auto route = instance->routes().FindRoute(topic);
  std::optional<std::string> address;
  if (route) {
    for (const auto& broker : route->broker_datas) {
      if ((address = instance->routes().FindSubscribeAddress(broker.broker_name))) break;
    }
  }
  const std::string what = "GET_CONSUMER_LIST_BY_GROUP of " + group;
  if (!address) return Status::NotFound(what + ": no broker serves topic " + topic);
  protocol::GetConsumerListByGroupRequestHeader header;
  header.consumer_group = group;
  auto response =
      instance->remoting().InvokeSync(*address,
                                      remoting::RemotingCommand::CreateRequest(
                                          RequestCode::kGetConsumerListByGroup, header.Encode()),
                                      kRequestTimeout);
  if (!response.ok()) return response.status().WithContext(what + " from " + *address);
  if (response->code() != ResponseCode::kSuccess) {
    return Status::BrokerError(what + " from " + *address + ": " +
                               remoting::DescribeResponse(*response));
  }
  auto body = protocol::GetConsumerListByGroupResponseBody::Decode(response->body().Flatten());
  if (!body.ok()) return body.status().WithContext(what);
  std::vector<std::string> ids = std::move(body->consumer_id_list);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status CheckClientInBroker(client::ClientInstance* instance, const std::string& group,
                           const std::vector<protocol::SubscriptionData>& subscriptions) {
  for (const protocol::SubscriptionData& sub : subscriptions) {
    if (sub.expression_type.empty() || sub.expression_type == "TAG") continue;
    auto route = instance->routes().FindRoute(sub.topic);
    std::optional<std::string> address;
    if (route) {
      for (const auto& broker : route->broker_datas) {
        if ((address = instance->routes().FindSubscribeAddress(broker.broker_name))) break;
      }
    }
    if (!address) continue;
    // CheckClientRequestBody, keys in fastjson's order.
    protocol::JsonWriter body;
    body.BeginObject()
        .Field("clientId", instance->client_id())
        .Field("group", group)
        .Key("subscriptionData");
    sub.Write(&body);
    body.EndObject();
    auto request = remoting::RemotingCommand::CreateRequest(RequestCode::kCheckClientConfig);
    request.set_body(body.Take());
    auto response = instance->remoting().InvokeSync(*address, std::move(request), kRequestTimeout);
    const std::string what = sub.expression_type + " expression \"" + sub.sub_string +
                             "\" of consumer group " + group + " on topic " + sub.topic;
    if (!response.ok()) {
      RMQ_LOG_WARN << "could not check the " << what << " with broker " << *address << ": "
                   << response.status().ToString();
      continue;
    }
    if (response->code() == ResponseCode::kSuccess) continue;
    const std::string refused = "the " + what + " is refused by broker " + *address + ": " +
                                remoting::DescribeResponse(*response);
    switch (response->code()) {
      case ResponseCode::kSubscriptionParseFailed:
        return Status::InvalidArgument(refused);
      case ResponseCode::kSystemError:
        return Status::NotSupported(refused);
      default:
        return Status::BrokerError(refused);
    }
  }
  return Status::OK();
}

void UnregisterConsumer(client::ClientInstance* instance, const std::string& group,
                        milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  protocol::UnregisterClientRequestHeader header;
  header.client_id = instance->client_id();
  header.consumer_group = group;
  for (const auto& address : instance->routes().BrokerAddresses()) {
    auto response = instance->remoting().InvokeSync(
        address,
        remoting::RemotingCommand::CreateRequest(RequestCode::kUnregisterClient, header.Encode()),
        Remaining(deadline));
    if (!response.ok() || response->code() != ResponseCode::kSuccess) {
      RMQ_LOG_WARN << "unregistering consumer group " << group << " from " << address << ": "
                   << (response.ok() ? remoting::DescribeResponse(*response)
                                     : response.status().ToString());
    }
  }
}

}  // namespace consumer
}  // namespace rocketmq
