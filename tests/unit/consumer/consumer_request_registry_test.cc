#include "consumer/consumer_request_registry.h"

#include <gtest/gtest.h>

#include <string>

#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;

remoting::RemotingCommand Request(int32_t code, const std::string& field,
                                  const std::string& group) {
  auto request = remoting::RemotingCommand::CreateRequest(code);
  request.SetExtField(field, group);
  return request;
}

// A handler that answers SUCCESS with `name` as remark.
ConsumerRequestRegistry::Handler Answering(const std::string& name) {
  return [name](remoting::RemotingCommand&) -> remoting::ProcessResult {
    return remoting::RemotingCommand::CreateResponse(ResponseCode::kSuccess, name);
  };
}

std::string RemarkOf(remoting::ProcessResult result) {
  if (!result.response()) return "<no response>";
  return result.response()->remark().value_or("");
}

TEST(ConsumerRequestRegistryTest, RoutesEachRequestToTheConsumerOfItsGroup) {
  auto registry = std::make_shared<ConsumerRequestRegistry>();
  ASSERT_TRUE(registry->Register("GA", Answering("a")));
  ASSERT_TRUE(registry->Register("GB", Answering("b")));
  EXPECT_FALSE(registry->Register("GA", Answering("again")));

  auto running_info = Request(RequestCode::kGetConsumerRunningInfo, "consumerGroup", "GB");
  EXPECT_EQ(RemarkOf(registry->Dispatch(running_info)), "b");
  // The offset requests name the group "group".
  auto reset = Request(RequestCode::kResetConsumerClientOffset, "group", "GA");
  EXPECT_EQ(RemarkOf(registry->Dispatch(reset)), "a");
  auto status = Request(RequestCode::kGetConsumerStatusFromClient, "group", "GB");
  EXPECT_EQ(RemarkOf(registry->Dispatch(status)), "b");

  registry->Unregister("GB");
  auto after = Request(RequestCode::kConsumeMessageDirectly, "consumerGroup", "GB");
  remoting::ProcessResult unknown = registry->Dispatch(after);
  ASSERT_TRUE(unknown.response());
  EXPECT_EQ(unknown.response()->code(), ResponseCode::kSystemError);
  EXPECT_EQ(unknown.response()->remark().value_or(""),
            "The Consumer Group <GB> not exist in this consumer");
}

TEST(ConsumerRequestRegistryTest, AnswersForAGroupWithoutConsumerAreJavas) {
  auto registry = std::make_shared<ConsumerRequestRegistry>();
  auto notify = Request(RequestCode::kNotifyConsumerIdsChanged, "consumerGroup", "G");
  EXPECT_TRUE(registry->Dispatch(notify).deferred());

  auto reset = Request(RequestCode::kResetConsumerClientOffset, "group", "G");
  remoting::ProcessResult reset_answer = registry->Dispatch(reset);
  ASSERT_TRUE(reset_answer.response());
  EXPECT_EQ(reset_answer.response()->code(), ResponseCode::kSuccess);

  auto status = Request(RequestCode::kGetConsumerStatusFromClient, "group", "G");
  remoting::ProcessResult status_answer = registry->Dispatch(status);
  ASSERT_TRUE(status_answer.response());
  EXPECT_EQ(status_answer.response()->code(), ResponseCode::kSuccess);
  EXPECT_EQ(status_answer.response()->body().Flatten(),
            R"({"consumerTable":{},"messageQueueTable":{}})");

  // No group at all in the header: nobody's, not a crash.
  auto bare = remoting::RemotingCommand::CreateRequest(RequestCode::kGetConsumerRunningInfo);
  remoting::ProcessResult bare_answer = registry->Dispatch(bare);
  ASSERT_TRUE(bare_answer.response());
  EXPECT_EQ(bare_answer.response()->code(), ResponseCode::kSystemError);
}

TEST(ConsumerRequestRegistryTest, CoversTheFiveConsumerRequestCodes) {
  EXPECT_EQ(ConsumerRequestRegistry::Codes(),
            (std::vector<int32_t>{
                RequestCode::kNotifyConsumerIdsChanged, RequestCode::kResetConsumerClientOffset,
                RequestCode::kGetConsumerStatusFromClient, RequestCode::kGetConsumerRunningInfo,
                RequestCode::kConsumeMessageDirectly}));
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
