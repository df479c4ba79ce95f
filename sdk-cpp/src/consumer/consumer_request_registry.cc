#include "consumer/consumer_request_registry.h"

#include "common/logging.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

// The consumer group a request is about, or "" when its header names none.
std::string GroupOf(const remoting::RemotingCommand& request) {
  for (const char* field : {"consumerGroup", "group"}) {
    if (const std::string* group = request.FindExtField(field)) return *group;
  }
  return std::string();
}

}  // namespace

remoting::ProcessResult ConsumerRequestRegistry::AnswerWithoutConsumer(
    const remoting::RemotingCommand& request) {
  const std::string group = GroupOf(request);
  switch (request.code()) {
    case RequestCode::kNotifyConsumerIdsChanged:
      return remoting::ProcessResult::Deferred();
    case RequestCode::kResetConsumerClientOffset:
      return remoting::RemotingCommand::CreateResponse(ResponseCode::kSuccess);
    case RequestCode::kGetConsumerStatusFromClient: {
      auto response = remoting::RemotingCommand::CreateResponse(ResponseCode::kSuccess);
      response.set_body(std::string(R"({"consumerTable":{},"messageQueueTable":{}})"));
      return response;
    }
    default:
      return remoting::RemotingCommand::CreateResponse(
          ResponseCode::kSystemError,
          "The Consumer Group <" + group + "> not exist in this consumer");
  }
}

const std::vector<int32_t>& ConsumerRequestRegistry::Codes() {
  static const std::vector<int32_t> codes = {
      RequestCode::kNotifyConsumerIdsChanged, RequestCode::kResetConsumerClientOffset,
      RequestCode::kGetConsumerStatusFromClient, RequestCode::kGetConsumerRunningInfo,
      RequestCode::kConsumeMessageDirectly};
  return codes;
}

bool ConsumerRequestRegistry::Register(const std::string& group, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  return handlers_.emplace(group, std::move(handler)).second;
}

void ConsumerRequestRegistry::Unregister(const std::string& group) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_.erase(group);
}

remoting::ProcessResult ConsumerRequestRegistry::Dispatch(remoting::RemotingCommand& request) {
  const std::string group = GroupOf(request);
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = handlers_.find(group);
    if (it != handlers_.end()) handler = it->second;
  }
  if (!handler) {
    RMQ_LOG_INFO << "request " << request.code() << " for consumer group '" << group
                 << "', which has no consumer in this client";
    return AnswerWithoutConsumer(request);
  }
  return handler(request);
}

std::shared_ptr<remoting::RequestProcessor> ConsumerRequestRegistry::AsProcessor() {
  std::shared_ptr<ConsumerRequestRegistry> self = shared_from_this();
  return remoting::MakeProcessor(
      [self](const std::shared_ptr<remoting::Connection>&, remoting::RemotingCommand& request) {
        return self->Dispatch(request);
      });
}

}  // namespace consumer
}  // namespace rocketmq
