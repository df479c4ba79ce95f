#include <gtest/gtest.h>

#include <string>

#include "protocol/mq_version.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace protocol {
namespace {

TEST(RequestCodeTest, ValuesMatchApache) {
  EXPECT_EQ(RequestCode::kSendMessage, 10);
  EXPECT_EQ(RequestCode::kPullMessage, 11);
  EXPECT_EQ(RequestCode::kHeartBeat, 34);
  EXPECT_EQ(RequestCode::kRegisterBroker, 103);
  EXPECT_EQ(RequestCode::kGetRouteinfoByTopic, 105);
  EXPECT_EQ(RequestCode::kSendMessageV2, 310);
  EXPECT_EQ(RequestCode::kSendBatchMessage, 320);
  EXPECT_EQ(RequestCode::kLitePullMessage, 361);
  EXPECT_EQ(RequestCode::kPopMessage, 200050);
}

TEST(RequestCodeTest, NamesAreApacheConstantNames) {
  EXPECT_STREQ(RequestCodeName(RequestCode::kSendMessageV2), "SEND_MESSAGE_V2");
  EXPECT_STREQ(RequestCodeName(RequestCode::kGetRouteinfoByTopic), "GET_ROUTEINFO_BY_TOPIC");
  EXPECT_STREQ(RequestCodeName(RequestCode::kChangeMessageInvisibleTime),
               "CHANGE_MESSAGE_INVISIBLETIME");
  EXPECT_STREQ(RequestCodeName(RequestCode::kUpdateAndCreateSubscriptionGroup),
               "UPDATE_AND_CREATE_SUBSCRIPTIONGROUP");
  EXPECT_STREQ(RequestCodeName(RequestCode::kGetKvConfig), "GET_KV_CONFIG");
  EXPECT_STREQ(RequestCodeName(99999), "UNKNOWN");
}

TEST(ResponseCodeTest, ValuesMatchApache) {
  EXPECT_EQ(ResponseCode::kSuccess, 0);
  EXPECT_EQ(ResponseCode::kRequestCodeNotSupported, 3);
  EXPECT_EQ(ResponseCode::kTopicNotExist, 17);
  EXPECT_EQ(ResponseCode::kPullNotFound, 19);
  EXPECT_EQ(ResponseCode::kQueryNotFound, 22);
  EXPECT_EQ(ResponseCode::kFlowControl, 215);
  EXPECT_EQ(ResponseCode::kGoAway, 1500);
}

TEST(ResponseCodeTest, NamesIncludingCollidingGenerations) {
  EXPECT_STREQ(ResponseCodeName(ResponseCode::kSuccess), "SUCCESS");
  EXPECT_STREQ(ResponseCodeName(ResponseCode::kTopicNotExist), "TOPIC_NOT_EXIST");
  EXPECT_STREQ(ResponseCodeName(ResponseCode::kTransactionStateUnknow), "TRANSACTION_STATE_UNKNOW");
  EXPECT_STREQ(ResponseCodeName(209), "POLLING_FULL|UPDATE_AND_CREATE_ACL_CONFIG_FAILED");
  EXPECT_STREQ(ResponseCodeName(ResponseCode::kRpcTimeOut), "RPC_TIME_OUT");
  EXPECT_STREQ(ResponseCodeName(12345), "UNKNOWN");
}

TEST(MQVersionTest, RouteJsonMode) {
  EXPECT_EQ(RouteJsonModeFor(MQVersion::kV4_9_3, std::nullopt), JsonWriter::Mode::kFastjson);
  EXPECT_EQ(RouteJsonModeFor(MQVersion::kV4_9_3, true), JsonWriter::Mode::kStandard);
  EXPECT_EQ(RouteJsonModeFor(MQVersion::kV4_9_4, false), JsonWriter::Mode::kStandard);
  EXPECT_EQ(RouteJsonModeFor(MQVersion::kV4_6_0, false), JsonWriter::Mode::kFastjson);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
