#include "acl/access_request.h"

#include "protocol/heartbeat_data.h"
#include "protocol/request_code.h"
#include "remoting/acl_signature.h"

namespace rocketmq {
namespace acl {
namespace {

namespace rq = protocol::RequestCode;

std::optional<std::string> Field(const remoting::RemotingCommand& request, const char* key) {
  const std::string* value = request.FindExtField(key);
  return value != nullptr ? std::optional<std::string>(*value) : std::nullopt;
}

// Java's decodeCommandCustomHeader refuses a header whose @CFNotNull field is missing.
Result<std::string> Required(const remoting::RemotingCommand& request, const char* key) {
  const std::string* value = request.FindExtField(key);
  if (value == nullptr) {
    return Status::InvalidArgument(std::string("the custom field <") + key + "> is null");
  }
  return *value;
}

void Need(AccessRequest* access, const std::optional<std::string>& resource, Perm perm) {
  if (resource) access->needed[*resource] = perm;
}

std::optional<std::string> RetryTopic(const std::optional<std::string>& group) {
  if (!group) return std::nullopt;
  return protocol::topic::RetryTopic(*group);
}

Status AddNeeds(const remoting::RemotingCommand& request, AccessRequest* access) {
  switch (request.code()) {
    case rq::kSendMessage:
    case rq::kSendMessageV2: {
      const bool v2 = request.code() == rq::kSendMessageV2;
      const std::optional<std::string> topic = Field(request, v2 ? "b" : "topic");
      if (topic && protocol::topic::IsRetryTopic(*topic)) {
        Need(access, RetryTopic(Field(request, v2 ? "a" : "group")), kSub);
      } else {
        Need(access, topic, kPub);
      }
      return Status::OK();
    }
    case rq::kConsumerSendMsgBack:
      Need(access, RetryTopic(Field(request, "group")), kSub);
      return Status::OK();
    case rq::kPullMessage:
      Need(access, Field(request, "topic"), kSub);
      Need(access, RetryTopic(Field(request, "consumerGroup")), kSub);
      return Status::OK();
    case rq::kQueryMessage:
      Need(access, Field(request, "topic"), kSub);
      return Status::OK();
    case rq::kHeartBeat: {
      auto heartbeat = protocol::HeartbeatData::Decode(request.body().Flatten());
      if (!heartbeat.ok()) return heartbeat.status();
      for (const protocol::ConsumerData& consumer : heartbeat->consumer_data_set) {
        Need(access, RetryTopic(consumer.group_name), kSub);
        for (const protocol::SubscriptionData& subscription : consumer.subscription_data_set) {
          Need(access, subscription.topic, kSub);
        }
      }
      return Status::OK();
    }
    case rq::kUnregisterClient: {
      if (auto client_id = Required(request, "clientID"); !client_id.ok()) {
        return client_id.status();
      }
      Need(access, RetryTopic(Field(request, "consumerGroup")), kSub);
      return Status::OK();
    }
    case rq::kGetConsumerListByGroup: {
      auto group = Required(request, "consumerGroup");
      if (!group.ok()) return group.status();
      Need(access, RetryTopic(*group), kSub);
      return Status::OK();
    }
    case rq::kUpdateConsumerOffset: {
      for (const char* key : {"consumerGroup", "topic", "queueId", "commitOffset"}) {
        if (auto value = Required(request, key); !value.ok()) return value.status();
      }
      Need(access, RetryTopic(Field(request, "consumerGroup")), kSub);
      Need(access, Field(request, "topic"), kSub);
      return Status::OK();
    }
    default:
      return Status::OK();
  }
}

}  // namespace

std::string ResourceName(const std::string& resource) {
  if (protocol::topic::IsRetryTopic(resource)) {
    return "group:" + resource.substr(sizeof(protocol::topic::kRetryGroupTopicPrefix) - 1);
  }
  return "topic:" + resource;
}

Result<AccessRequest> ParseAccessRequest(const std::string& remote_address,
                                         const remoting::RemotingCommand& request) {
  AccessRequest access;
  // Apache keeps what precedes the last colon of "ip:port"; "[v6]:port" loses its brackets.
  std::string ip = remote_address;
  if (const size_t colon = ip.rfind(':'); colon != std::string::npos) ip.resize(colon);
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  access.remote_ip = std::move(ip);
  access.request_code = request.code();
  access.command = &request;
  if (!request.has_ext_fields()) return access;
  access.access_key = Field(request, remoting::kAclAccessKeyField);
  access.signature = Field(request, remoting::kAclSignatureField);
  if (Status s = AddNeeds(request, &access); !s.ok()) return s;
  return access;
}

}  // namespace acl
}  // namespace rocketmq
