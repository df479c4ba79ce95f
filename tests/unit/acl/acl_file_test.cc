#include "acl/acl_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace rocketmq {
namespace acl {
namespace {

// Apache 4.9.7's distribution/conf/plain_acl.yml.
constexpr char kApacheSample[] = R"(globalWhiteRemoteAddresses:
  - 10.10.103.*
  - 192.168.0.*

accounts:
  - accessKey: RocketMQ
    secretKey: 12345678
    whiteRemoteAddress:
    admin: false
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - topicA=DENY
      - topicB=PUB|SUB
      - topicC=SUB
    groupPerms:
      # the group should convert to retry topic
      - groupA=DENY
      - groupB=PUB|SUB
      - groupC=SUB

  - accessKey: rocketmq2
    secretKey: 12345678
    whiteRemoteAddress: 192.168.1.*
    # if it is admin, it could access all resources
    admin: true
)";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TEST(AclFileTest, ReadsApachesSample) {
  auto content = ParseAclYaml(kApacheSample, "sample");
  ASSERT_TRUE(content.ok()) << content.status().ToString();
  EXPECT_EQ(content->global_white_remote_addresses,
            (std::vector<std::string>{"10.10.103.*", "192.168.0.*"}));
  ASSERT_EQ(content->accounts.size(), 2u);
  const PlainAccessConfig& first = content->accounts[0];
  EXPECT_EQ(first.access_key, "RocketMQ");
  EXPECT_EQ(first.secret_key, "12345678");
  EXPECT_EQ(first.white_remote_address, "");
  EXPECT_FALSE(first.admin);
  EXPECT_EQ(first.default_topic_perm, "DENY");
  EXPECT_EQ(first.default_group_perm, "SUB");
  EXPECT_EQ(first.topic_perms,
            (std::vector<std::string>{"topicA=DENY", "topicB=PUB|SUB", "topicC=SUB"}));
  EXPECT_EQ(first.group_perms.size(), 3u);
  EXPECT_TRUE(content->accounts[1].admin);
  EXPECT_FALSE(content->accounts[1].default_topic_perm.has_value());
}

TEST(AclFileTest, EmptyDocumentIsEmpty) {
  auto content = ParseAclYaml("", "empty");
  ASSERT_TRUE(content.ok());
  EXPECT_TRUE(content->accounts.empty());
}

TEST(AclFileTest, MalformedFilesAreErrorsNamingTheProblem) {
  auto broken = ParseAclYaml("accounts:\n  - accessKey: [unclosed\n", "f.yml");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("f.yml: malformed YAML"), std::string::npos);
  auto shape = ParseAclYaml("accounts: 7\n", "f.yml");
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.status().message(), "f.yml: accounts is not a list");
  auto admin = ParseAclYaml("accounts:\n  - accessKey: abcdefg\n    admin: maybe\n", "f.yml");
  ASSERT_FALSE(admin.ok());
  EXPECT_NE(admin.status().message().find("admin is not true or false"), std::string::npos);
  EXPECT_FALSE(ParseAclYaml("- just\n- a list\n", "f.yml").ok());
  EXPECT_EQ(ReadAclFile("/nonexistent/acl.yml").status().code(), ErrorCode::kNotFound);
}

TEST(AclFileTest, EditsKeepOtherKeysAndAdvanceTheVersion) {
  auto dir = testing::TempDir::Create("acl-file");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir->File("plain_acl.yml");
  {
    std::ofstream out(path);
    out << kApacheSample << "custom: kept\n";
  }
  PlainAccessConfig account;
  account.access_key = "newAccount";
  account.secret_key = "newSecret1";
  account.default_topic_perm = "PUB";
  account.topic_perms = {"t1=SUB"};
  ASSERT_TRUE(UpsertAccountInFile(path, account).ok());
  auto content = ReadAclFile(path);
  ASSERT_TRUE(content.ok()) << content.status().ToString();
  ASSERT_EQ(content->accounts.size(), 3u);
  EXPECT_EQ(content->accounts[2].access_key, "newAccount");
  EXPECT_EQ(content->accounts[2].topic_perms, std::vector<std::string>{"t1=SUB"});
  EXPECT_EQ(content->data_version.counter, 1);
  EXPECT_GT(content->data_version.timestamp, 0);
  EXPECT_NE(ReadAll(path).find("custom: kept"), std::string::npos);

  // An update replaces the fields it carries; the secret stays when none is given.
  account.secret_key.clear();
  account.default_topic_perm = "SUB";
  ASSERT_TRUE(UpsertAccountInFile(path, account).ok());
  content = ReadAclFile(path);
  ASSERT_EQ(content->accounts.size(), 3u);
  EXPECT_EQ(content->accounts[2].secret_key, "newSecret1");
  EXPECT_EQ(content->accounts[2].default_topic_perm, "SUB");
  EXPECT_EQ(content->data_version.counter, 2);

  // Fields an update leaves out keep their values.
  account.topic_perms = {};
  AccountUpdateFields only_keys;
  only_keys.white_remote_address = false;
  only_keys.topic_perms = false;
  only_keys.group_perms = false;
  ASSERT_TRUE(UpsertAccountInFile(path, account, only_keys).ok());
  content = ReadAclFile(path);
  EXPECT_EQ(content->accounts[2].topic_perms, std::vector<std::string>{"t1=SUB"});
  EXPECT_EQ(content->data_version.counter, 3);

  ASSERT_TRUE(DeleteAccountInFile(path, "RocketMQ").ok());
  EXPECT_EQ(DeleteAccountInFile(path, "RocketMQ").code(), ErrorCode::kNotFound);
  ASSERT_TRUE(SetGlobalWhiteAddressesInFile(path, {"127.0.0.1"}).ok());
  content = ReadAclFile(path);
  ASSERT_EQ(content->accounts.size(), 2u);
  EXPECT_EQ(content->global_white_remote_addresses, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(content->data_version.counter, 5);
}

TEST(AclFileTest, EditCreatesAMissingFile) {
  auto dir = testing::TempDir::Create("acl-file");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir->File("new.yml");
  ASSERT_TRUE(SetGlobalWhiteAddressesInFile(path, {"10.0.0.*"}).ok());
  auto content = ReadAclFile(path);
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(content->global_white_remote_addresses, std::vector<std::string>{"10.0.0.*"});
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
