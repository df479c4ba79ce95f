#include "admin/acl_bodies.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace admin {
namespace {

TEST(AclBodiesTest, EncodesTheCreateAccessConfigHeader) {
  AclAccount account;
  account.access_key = "newUser12";
  account.secret_key = "newSecret12";
  account.admin = true;
  account.default_topic_perm = "DENY";
  account.topic_perms = {"a=PUB", "b=SUB"};
  const protocol::ExtFields fields = EncodeAclAccount(account);
  EXPECT_EQ(fields.at("accessKey"), "newUser12");
  EXPECT_EQ(fields.at("secretKey"), "newSecret12");
  EXPECT_EQ(fields.at("admin"), "true");
  EXPECT_EQ(fields.at("defaultTopicPerm"), "DENY");
  EXPECT_EQ(fields.at("topicPerms"), "a=PUB,b=SUB");
  // Unset values are left out, as Java leaves out nulls.
  EXPECT_EQ(fields.count("defaultGroupPerm"), 0u);
  EXPECT_EQ(fields.count("groupPerms"), 0u);
  EXPECT_EQ(fields.count("whiteRemoteAddress"), 0u);
}

TEST(AclBodiesTest, DecodesApachesAclConfigBody) {
  // What Apache 4.9.7's broker answers (fastjson, keys sorted, nulls left out).
  auto config = DecodeAclConfig(
      R"({"globalWhiteAddrs":["10.10.103.*"],"plainAccessConfigs":[{"accessKey":"RocketMQ",)"
      R"("admin":false,"defaultGroupPerm":"SUB","defaultTopicPerm":"DENY","groupPerms":)"
      R"(["groupA=DENY"],"secretKey":"12345678","topicPerms":["topicA=DENY","topicB=PUB|SUB"]},)"
      R"({"accessKey":"rocketmq2","admin":true,"secretKey":"12345678","whiteRemoteAddress":)"
      R"("192.168.1.*"}]})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->global_white_addrs, std::vector<std::string>{"10.10.103.*"});
  ASSERT_EQ(config->accounts.size(), 2u);
  EXPECT_EQ(config->accounts[0].topic_perms,
            (std::vector<std::string>{"topicA=DENY", "topicB=PUB|SUB"}));
  EXPECT_EQ(config->accounts[0].default_group_perm, "SUB");
  EXPECT_TRUE(config->accounts[1].admin);
  EXPECT_EQ(config->accounts[1].white_remote_address, "192.168.1.*");
  EXPECT_FALSE(DecodeAclConfig("[1,2]").ok());
  EXPECT_FALSE(DecodeAclConfig(R"({"plainAccessConfigs":[7]})").ok());
}

}  // namespace
}  // namespace admin
}  // namespace rocketmq
