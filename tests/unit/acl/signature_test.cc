// Signatures computed by Apache 4.9.7's AclClientRPCHook (rocketmq-acl-4.9.7.jar): a
// request with these ext fields and body, signed with these keys. Checked on both sides of
// the one implementation: what the SDK signs and what the broker verifies.
#include <gtest/gtest.h>

#include "acl/access_request.h"
#include "remoting/acl_signature.h"

namespace rocketmq {
namespace acl {
namespace {

using remoting::RemotingCommand;

struct Vector {
  std::string access_key;
  std::string secret_key;
  protocol::ExtFields fields;
  std::string body;
  std::string signature;
};

std::vector<Vector> JavaVectors() {
  return {
      {"rocketmq2",
       "12345678",
       {{"b", "TopicTest"}, {"a", "ProducerGroup"}, {"c", "TBW102"}, {"d", "4"}, {"e", "0"}},
       "hello world",
       "Nxv9PpZyfUH1bufdp12knGNOdwA="},
      {"RocketMQ",
       "1234567890",
       {{"topic", "TopicTest"}, {"consumerGroup", "cg"}, {"queueId", "1"}},
       "",
       "Lg/GNp2xNhvji+CrsvHhTn5+2yY="},
      // Non-ASCII text is signed as its UTF-8 bytes; "Zeta" sorts before "topic".
      {"akUnicode",
       "s\xc3\xa9"
       "cret12",
       {{"topic", "T\xc3\xa9"}, {"Zeta", "z"}},
       "b\xc3\xb6"
       "dy",
       "LVxGjGoyHw2c2JTk8Re7JQ1TIXQ="},
  };
}

RemotingCommand Signed(const Vector& v) {
  RemotingCommand request = RemotingCommand::CreateRequest(310, v.fields);
  request.SetExtField(remoting::kAclAccessKeyField, v.access_key);
  if (!v.body.empty()) request.set_body(v.body);
  const std::string content =
      remoting::AclRequestContent(request, remoting::AclContentSide::kClient);
  request.SetExtField(remoting::kAclSignatureField, remoting::AclSignature(content, v.secret_key));
  return request;
}

TEST(AclSignatureTest, MatchesApacheAclClientRpcHook) {
  for (const Vector& v : JavaVectors()) {
    RemotingCommand request = Signed(v);
    EXPECT_EQ(*request.FindExtField("Signature"), v.signature) << v.access_key;
  }
}

TEST(AclSignatureTest, ServerContentVerifiesTheClientSignature) {
  for (const Vector& v : JavaVectors()) {
    RemotingCommand request = Signed(v);
    auto access = ParseAccessRequest("127.0.0.1:5555", request);
    ASSERT_TRUE(access.ok()) << access.status().ToString();
    ASSERT_EQ(access->command, &request);
    const auto server = remoting::AclContentSide::kServer;
    EXPECT_EQ(remoting::AclRequestSignature(request, server, v.secret_key), v.signature);
    // Another key on the same thread, then the first again: the cached context is re-keyed.
    EXPECT_NE(remoting::AclRequestSignature(request, server, v.secret_key + "x"), v.signature);
    EXPECT_EQ(remoting::AclRequestSignature(request, server, v.secret_key), v.signature);
  }
}

TEST(AclSignatureTest, StreamedSignatureCoversFieldsOwnedBodyAndSegments) {
  RemotingCommand request = RemotingCommand::CreateRequest(12, {{"topic", "T"}, {"a", "1"}});
  request.SetExtField(remoting::kAclUniqueKeyQueryField, "true");
  request.set_body("owned-");
  static const char kSegment[] = "segment";
  request.mutable_body()->AppendReference(kSegment, sizeof(kSegment) - 1, nullptr);
  for (auto side : {remoting::AclContentSide::kClient, remoting::AclContentSide::kServer}) {
    const std::string content = remoting::AclRequestContent(request, side);
    EXPECT_EQ(remoting::AclRequestSignature(request, side, "secretKey1"),
              remoting::AclSignature(content, "secretKey1"));
  }
  EXPECT_EQ(remoting::AclRequestContent(request, remoting::AclContentSide::kServer),
            "1Towned-segment");
  // Values larger than the gathering buffer, and ones that overflow it together.
  request.SetExtField("p", std::string(2000, 'p'));
  request.SetExtField("q", std::string(700, 'q'));
  request.SetExtField("r", std::string(700, 'r'));
  const std::string content =
      remoting::AclRequestContent(request, remoting::AclContentSide::kClient);
  EXPECT_EQ(remoting::AclRequestSignature(request, remoting::AclContentSide::kClient, "k1234567"),
            remoting::AclSignature(content, "k1234567"));
}

// HmacSHA1 hashes a key longer than SHA-1's 64-byte block first (RFC 2104, as Java's Mac
// does); one of exactly 64 bytes is used as it is. Expected values from Python's hmac.
TEST(AclSignatureTest, KeysLongerThanABlockAreHashedFirst) {
  std::string long_key;
  for (int i = 0; i < 10; ++i) long_key += "longSecret";
  EXPECT_EQ(remoting::AclSignature("TopicTestbody", long_key), "9Fy8eY7u2B7Pjszr4h5C3saRwEY=");
  EXPECT_EQ(remoting::AclSignature("TopicTestbody", std::string(64, 's')),
            "EMscNOwc9sfxS4CEkK8A1ocRVz8=");
}

TEST(AclSignatureTest, ServerLeavesOutTheUniqueKeyQueryFlag) {
  RemotingCommand request = RemotingCommand::CreateRequest(12, {{"topic", "T"}});
  request.SetExtField(remoting::kAclUniqueKeyQueryField, "true");
  EXPECT_EQ(remoting::AclRequestContent(request, remoting::AclContentSide::kClient), "trueT");
  EXPECT_EQ(remoting::AclRequestContent(request, remoting::AclContentSide::kServer), "T");
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
