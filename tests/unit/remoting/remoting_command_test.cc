#include "remoting/remoting_command.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rocketmq {
namespace remoting {
namespace {

TEST(RemotingCommandTest, DescribeResponseNamesCodeAndRemark) {
  EXPECT_EQ(DescribeResponse(RemotingCommand::CreateResponse(17, "No topic route info of T")),
            "17 TOPIC_NOT_EXIST (No topic route info of T)");
  EXPECT_EQ(DescribeResponse(RemotingCommand::CreateResponse(1, "")), "1 SYSTEM_ERROR");
}

TEST(RemotingCommandTest, RequestsGetIncreasingOpaquesAndCppDefaults) {
  RemotingCommand first = RemotingCommand::CreateRequest(105);
  RemotingCommand second = RemotingCommand::CreateRequest(105);
  EXPECT_EQ(second.opaque(), first.opaque() + 1);
  EXPECT_EQ(first.language(), LanguageCode::kCpp);
  EXPECT_EQ(first.version(), kDefaultVersion);
  EXPECT_FALSE(first.IsResponse());
  EXPECT_FALSE(first.IsOneway());
  EXPECT_FALSE(first.has_ext_fields());
  EXPECT_FALSE(first.remark().has_value());
}

TEST(RemotingCommandTest, RequestWithEmptyHeaderHasPresentExtFields) {
  RemotingCommand request = RemotingCommand::CreateRequest(34, {});
  EXPECT_TRUE(request.has_ext_fields());
  EXPECT_TRUE(request.ext_fields().empty());
}

TEST(RemotingCommandTest, ResponseToEchoesOpaqueAndForm) {
  RemotingCommand request = RemotingCommand::CreateRequest(105);
  request.set_serialize_type(SerializeType::kRocketMQ);
  RemotingCommand response = RemotingCommand::CreateResponseTo(request, 17, "no route");
  EXPECT_EQ(response.opaque(), request.opaque());
  EXPECT_EQ(response.serialize_type(), SerializeType::kRocketMQ);
  EXPECT_TRUE(response.IsResponse());
  EXPECT_FALSE(response.IsOneway());
  EXPECT_EQ(response.code(), 17);
  EXPECT_EQ(response.remark(), std::optional<std::string>("no route"));
}

TEST(RemotingCommandTest, FlagBits) {
  RemotingCommand request = RemotingCommand::CreateRequest(1);
  request.MarkOneway();
  EXPECT_EQ(request.flag(), RemotingCommand::kOnewayFlag);
  EXPECT_TRUE(request.IsOneway());
  request.MarkResponse();
  EXPECT_EQ(request.flag(), 3);
}

TEST(RemotingCommandTest, ExtFieldsLastValueWins) {
  RemotingCommand request = RemotingCommand::CreateRequest(1);
  request.SetExtField("topic", "A");
  request.SetExtField("topic", "B");
  ASSERT_NE(request.FindExtField("topic"), nullptr);
  EXPECT_EQ(*request.FindExtField("topic"), "B");
  EXPECT_EQ(request.FindExtField("queueId"), nullptr);
  request.clear_ext_fields();
  EXPECT_FALSE(request.has_ext_fields());
}

TEST(RemotingCommandTest, BodySegmentsKeepTheirOwnerAliveAndFlattenInOrder) {
  auto backing = std::make_shared<std::string>("records-from-a-mapped-file");
  std::weak_ptr<std::string> watch = backing;
  RemotingCommand response = RemotingCommand::CreateResponse(0);
  response.set_body("head:");
  response.mutable_body()->AppendReference(backing->data(), 7, backing);
  response.mutable_body()->AppendReference(backing->data() + 8, 4, backing);
  response.mutable_body()->AppendReference(backing->data(), 0, backing);
  backing.reset();
  EXPECT_FALSE(watch.expired());
  EXPECT_EQ(response.body().size(), 16u);
  EXPECT_EQ(response.body().segments().size(), 2u);
  EXPECT_EQ(response.body().Flatten(), "head:recordsfrom");
  response.mutable_body()->Clear();
  EXPECT_TRUE(watch.expired());
  EXPECT_TRUE(response.body().empty());
}

TEST(RemotingCommandTest, AdjacentSegmentsOfOneOwnerMerge) {
  auto backing = std::make_shared<std::string>("0123456789");
  auto other = std::make_shared<std::string>("x");
  CommandBody body;
  body.AppendReference(backing->data(), 3, backing);
  body.AppendReference(backing->data() + 3, 4, backing);  // follows on: one segment
  body.AppendReference(backing->data() + 7, 3, other);    // another owner: its own
  ASSERT_EQ(body.segments().size(), 2u);
  EXPECT_EQ(body.segments()[0].size, 7u);
  EXPECT_EQ(body.size(), 10u);
  EXPECT_EQ(body.Flatten(), "0123456789");
}

TEST(RemotingCommandTest, LanguageNamesRoundTrip) {
  for (int value = 0; value <= 13; ++value) {
    const auto code = static_cast<LanguageCode>(value);
    EXPECT_EQ(ParseLanguageCode(LanguageCodeName(code)), code) << value;
  }
  EXPECT_STREQ(LanguageCodeName(LanguageCode::kNodeJs), "NODE_JS");
  EXPECT_STREQ(LanguageCodeName(static_cast<LanguageCode>(99)), "OTHER");
  EXPECT_FALSE(ParseLanguageCode("COBOL").has_value());
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
