#include "acl/access_request.h"

#include <gtest/gtest.h>

#include "protocol/heartbeat_data.h"

namespace rocketmq {
namespace acl {
namespace {

using remoting::RemotingCommand;

std::map<std::string, Perm> Needed(RemotingCommand request) {
  auto access = ParseAccessRequest("10.0.0.5:4321", request);
  EXPECT_TRUE(access.ok()) << access.status().ToString();
  return access.ok() ? access->needed : std::map<std::string, Perm>{};
}

TEST(AccessRequestTest, ReadsAddressAndCredentials) {
  RemotingCommand request =
      RemotingCommand::CreateRequest(310, {{"b", "T"}, {"AccessKey", "ak"}, {"Signature", "sig"}});
  auto access = ParseAccessRequest("10.0.0.5:4321", request);
  ASSERT_TRUE(access.ok());
  EXPECT_EQ(access->remote_ip, "10.0.0.5");
  EXPECT_EQ(access->access_key, "ak");
  EXPECT_EQ(access->signature, "sig");
  EXPECT_EQ(access->request_code, 310);
  EXPECT_EQ(access->command, &request);
}

TEST(AccessRequestTest, SendsNeedPubOrTheRetryGroupsSub) {
  using M = std::map<std::string, Perm>;
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(10, {{"topic", "T"}})), (M{{"T", kPub}}));
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(310, {{"b", "T"}, {"a", "pg"}})),
            (M{{"T", kPub}}));
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(310, {{"b", "%RETRY%g"}, {"a", "pg"}})),
            (M{{"%RETRY%pg", kSub}}));
  // Apache's table has no SEND_BATCH_MESSAGE entry.
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(320, {{"b", "T"}})), M{});
}

TEST(AccessRequestTest, ConsumerRequestsNeedSubOnTopicAndGroup) {
  using M = std::map<std::string, Perm>;
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(11, {{"topic", "T"}, {"consumerGroup", "g"}})),
            (M{{"T", kSub}, {"%RETRY%g", kSub}}));
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(36, {{"group", "g"}})), (M{{"%RETRY%g", kSub}}));
  EXPECT_EQ(
      Needed(RemotingCommand::CreateRequest(
          15, {{"topic", "T"}, {"consumerGroup", "g"}, {"queueId", "0"}, {"commitOffset", "1"}})),
      (M{{"T", kSub}, {"%RETRY%g", kSub}}));
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(38, {{"consumerGroup", "g"}})),
            (M{{"%RETRY%g", kSub}}));
  EXPECT_EQ(Needed(RemotingCommand::CreateRequest(17, {{"topic", "T"}})), M{});
}

TEST(AccessRequestTest, HeartbeatNeedsEachGroupAndSubscription) {
  protocol::HeartbeatData heartbeat;
  heartbeat.client_id = "c";
  protocol::ConsumerData consumer;
  consumer.group_name = "g";
  protocol::SubscriptionData subscription;
  subscription.topic = "T";
  consumer.subscription_data_set.push_back(subscription);
  heartbeat.consumer_data_set.push_back(consumer);
  RemotingCommand request = RemotingCommand::CreateRequest(34, protocol::ExtFields{});
  request.set_body(heartbeat.Encode());
  EXPECT_EQ(Needed(request), (std::map<std::string, Perm>{{"T", kSub}, {"%RETRY%g", kSub}}));
}

TEST(AccessRequestTest, MissingRequiredFieldsAreErrors) {
  auto access =
      ParseAccessRequest("1.2.3.4:1", RemotingCommand::CreateRequest(15, {{"topic", "T"}}));
  ASSERT_FALSE(access.ok());
  EXPECT_EQ(access.status().message(), "the custom field <consumerGroup> is null");
  RemotingCommand heartbeat = RemotingCommand::CreateRequest(34, protocol::ExtFields{});
  heartbeat.set_body("{not json");
  EXPECT_FALSE(ParseAccessRequest("1.2.3.4:1", heartbeat).ok());
}

TEST(AccessRequestTest, ResourceNames) {
  EXPECT_EQ(ResourceName("%RETRY%g"), "group:g");
  EXPECT_EQ(ResourceName("T"), "topic:T");
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
