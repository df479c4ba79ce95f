#include "client/acl_signing_hook.h"

#include <gtest/gtest.h>

#include "remoting/acl_signature.h"

namespace rocketmq {
namespace client {
namespace {

TEST(AclSigningHookTest, MatchesTheProtocolTestVectors) {
  EXPECT_EQ(remoting::AclSignature("akT1", "sk"), "9VPuTHRkgwQkbcY5/m5xrQF1GFI=");
  EXPECT_EQ(remoting::AclSignature("rocketmq2TestTopic", "12345678"),
            "4BdPrKFCVqVwZdprdcFZ2xLMn80=");
}

TEST(AclSigningHookTest, SignsValuesInKeyOrderThenTheBody) {
  AclSigningHook hook("rocketmq2", "12345678");
  auto request = remoting::RemotingCommand::CreateRequest(105, {{"topic", "TestTopic"}});
  ASSERT_TRUE(hook.BeforeRequest("127.0.0.1:9876", request).ok());
  EXPECT_EQ(*request.FindExtField("AccessKey"), "rocketmq2");
  EXPECT_EQ(*request.FindExtField("Signature"), "4BdPrKFCVqVwZdprdcFZ2xLMn80=");

  auto with_body = remoting::RemotingCommand::CreateRequest(310, {{"b", "T"}});
  with_body.set_body("payload");
  ASSERT_TRUE(hook.BeforeRequest("127.0.0.1:10911", with_body).ok());
  EXPECT_EQ(*with_body.FindExtField("Signature"),
            remoting::AclSignature("rocketmq2Tpayload", "12345678"));
  // Signing again (a retry) replaces the signature instead of signing the old one.
  ASSERT_TRUE(hook.BeforeRequest("127.0.0.1:10911", with_body).ok());
  EXPECT_EQ(*with_body.FindExtField("Signature"),
            remoting::AclSignature("rocketmq2Tpayload", "12345678"));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
