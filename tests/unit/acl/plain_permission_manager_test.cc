#include "acl/plain_permission_manager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "remoting/acl_signature.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace acl {
namespace {

using remoting::RemotingCommand;

constexpr char kAcl[] = R"(globalWhiteRemoteAddresses:
  - 10.10.103.*
accounts:
  - accessKey: producer1
    secretKey: producerSecret
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms: [TopicA=PUB, TopicB=SUB, TopicD=DENY]
    groupPerms: [groupX=DENY]
  - accessKey: adminUser
    secretKey: adminSecret
    admin: true
  - accessKey: whiteUser
    secretKey: whiteSecret
    whiteRemoteAddress: 192.168.1.*
)";

class PlainPermissionManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testing::TempDir::Create("acl-manager");
    ASSERT_TRUE(dir.ok());
    home_ = std::make_unique<testing::TempDir>(std::move(*dir));
    std::filesystem::create_directories(home_->File("conf/acl"));
    Write("conf/plain_acl.yml", kAcl);
    manager_ = std::make_unique<PlainPermissionManager>(home_->path(), "conf/plain_acl.yml");
    ASSERT_TRUE(manager_->Load().ok());
  }

  void Write(const std::string& name, const std::string& text) {
    // Through a rename, as editors and the admin requests do, so that the inode changes
    // even when size and mtime would not.
    const std::string path = home_->File(name);
    {
      std::ofstream out(path + ".new");
      out << text;
    }
    std::filesystem::rename(path + ".new", path);
  }

  Status Check(RemotingCommand request, const std::string& access_key, const std::string& secret,
               const std::string& address = "127.0.0.1:5000") {
    if (!access_key.empty()) {
      request.SetExtField(remoting::kAclAccessKeyField, access_key);
      request.SetExtField(
          remoting::kAclSignatureField,
          remoting::AclSignature(
              remoting::AclRequestContent(request, remoting::AclContentSide::kClient), secret));
    }
    auto access = ParseAccessRequest(address, request);
    if (!access.ok()) return access.status();
    return manager_->Validate(*access);
  }

  static RemotingCommand SendTo(const std::string& topic) {
    return RemotingCommand::CreateRequest(310, {{"a", "pg"}, {"b", topic}});
  }
  static RemotingCommand Pull(const std::string& topic, const std::string& group) {
    return RemotingCommand::CreateRequest(11, {{"topic", topic}, {"consumerGroup", group}});
  }

  std::unique_ptr<testing::TempDir> home_;
  std::unique_ptr<PlainPermissionManager> manager_;
};

TEST_F(PlainPermissionManagerTest, RefusesWithApachesMessages) {
  EXPECT_EQ(Check(SendTo("TopicA"), "", "").message(), "No accessKey is configured");
  EXPECT_EQ(Check(SendTo("TopicA"), "nobody1", "whatever").message(), "No acl config for nobody1");
  EXPECT_EQ(Check(SendTo("TopicA"), "producer1", "wrongSecret").message(),
            "Check signature failed for accessKey=producer1");
  EXPECT_EQ(Check(SendTo("TopicB"), "producer1", "producerSecret").message(),
            "No default permission for topic:TopicB (accessKey=producer1 has SUB, needs PUB)");
  EXPECT_EQ(Check(SendTo("Other"), "producer1", "producerSecret").message(),
            "No default permission for topic:Other (accessKey=producer1 has DENY, needs PUB)");
  EXPECT_EQ(Check(Pull("TopicB", "groupX"), "producer1", "producerSecret").message(),
            "No default permission for group:groupX (accessKey=producer1 has DENY, needs SUB)");
  EXPECT_EQ(
      Check(RemotingCommand::CreateRequest(17, {{"topic", "T"}}), "producer1", "producerSecret")
          .message(),
      "Need admin permission for request code=17, but accessKey=producer1 is not");
}

TEST_F(PlainPermissionManagerTest, GrantsWhatThePermissionsAllow) {
  EXPECT_TRUE(Check(SendTo("TopicA"), "producer1", "producerSecret").ok());
  EXPECT_TRUE(Check(Pull("TopicB", "anyGroup"), "producer1", "producerSecret").ok());
  // Trace messages pass whatever the account's topic permissions.
  EXPECT_TRUE(Check(SendTo("RMQ_SYS_TRACE_TOPIC"), "producer1", "producerSecret").ok());
  // An admin without resource lists may do anything.
  EXPECT_TRUE(
      Check(RemotingCommand::CreateRequest(17, {{"topic", "T"}}), "adminUser", "adminSecret").ok());
  EXPECT_TRUE(Check(SendTo("Anything"), "adminUser", "adminSecret").ok());
  // Codes outside the table need only a valid signature.
  EXPECT_TRUE(
      Check(RemotingCommand::CreateRequest(105, {{"topic", "T"}}), "producer1", "producerSecret")
          .ok());
}

TEST_F(PlainPermissionManagerTest, WhiteAddressesSkipTheSignature) {
  EXPECT_TRUE(Check(SendTo("X"), "", "", "10.10.103.7:999").ok());
  EXPECT_TRUE(Check(SendTo("X"), "whiteUser", "notTheSecret", "192.168.1.20:999").ok());
  EXPECT_FALSE(Check(SendTo("X"), "whiteUser", "notTheSecret", "192.168.2.20:999").ok());
}

TEST_F(PlainPermissionManagerTest, FilesUnderConfAclCount) {
  Write("conf/acl/team.yml",
        "accounts:\n  - accessKey: teamUser\n    secretKey: teamSecret\n"
        "    defaultTopicPerm: PUB\n");
  manager_->ReloadIfChanged();
  EXPECT_TRUE(Check(SendTo("Any"), "teamUser", "teamSecret").ok());
  std::filesystem::remove(home_->File("conf/acl/team.yml"));
  manager_->ReloadIfChanged();
  EXPECT_EQ(Check(SendTo("Any"), "teamUser", "teamSecret").message(), "No acl config for teamUser");
}

TEST_F(PlainPermissionManagerTest, ReloadsChangesAndKeepsTheLastGoodFile) {
  Write("conf/plain_acl.yml", std::string(kAcl) + R"(  - accessKey: lateUser
    secretKey: lateSecret
    defaultTopicPerm: PUB
)");
  manager_->ReloadIfChanged();
  EXPECT_TRUE(Check(SendTo("Any"), "lateUser", "lateSecret").ok());

  Write("conf/plain_acl.yml", "accounts: [ {accessKey: broken");
  manager_->ReloadIfChanged();
  EXPECT_TRUE(Check(SendTo("Any"), "lateUser", "lateSecret").ok());
  Write("conf/plain_acl.yml", "accounts:\n  - accessKey: short\n    secretKey: s\n");
  manager_->ReloadIfChanged();
  EXPECT_TRUE(Check(SendTo("TopicA"), "producer1", "producerSecret").ok());

  PlainPermissionManager fresh(home_->path(), "conf/plain_acl.yml");
  Status load = fresh.Load();
  ASSERT_FALSE(load.ok());
  EXPECT_NE(load.message().find("cannot be null and length should longer than 6"),
            std::string::npos);
}

TEST_F(PlainPermissionManagerTest, AdminEditsTakeEffectAtOnce) {
  PlainAccessConfig account;
  account.access_key = "created1";
  account.secret_key = "createdSecret";
  account.topic_perms = {"NewTopic=PUB"};
  ASSERT_TRUE(manager_->UpdateAccessConfig(account).ok());
  EXPECT_TRUE(Check(SendTo("NewTopic"), "created1", "createdSecret").ok());
  EXPECT_EQ(manager_->DefaultFileVersion().counter, 1);

  account.topic_perms = {"NewTopic=WRITE"};
  EXPECT_FALSE(manager_->UpdateAccessConfig(account).ok());
  account.secret_key = "short";
  EXPECT_FALSE(manager_->UpdateAccessConfig(account).ok());

  ASSERT_TRUE(manager_->DeleteAccessConfig("created1").ok());
  EXPECT_EQ(Check(SendTo("NewTopic"), "created1", "createdSecret").message(),
            "No acl config for created1");
  EXPECT_EQ(manager_->DeleteAccessConfig("created1").code(), ErrorCode::kNotFound);

  ASSERT_TRUE(manager_->UpdateGlobalWhiteAddrs({"127.0.0.1"}, "").ok());
  EXPECT_TRUE(Check(SendTo("X"), "", "").ok());
  EXPECT_FALSE(manager_->UpdateGlobalWhiteAddrs({"not-an-address"}, "").ok());
  EXPECT_FALSE(manager_->UpdateGlobalWhiteAddrs({"127.0.0.1"}, "/etc/passwd").ok());

  const AclConfigView view = manager_->AllConfig();
  EXPECT_EQ(view.global_white_addrs, std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ(view.accounts.size(), 3u);
}

TEST_F(PlainPermissionManagerTest, LoadCreatesTheDefaultFileAndNeedsAHome) {
  auto dir = testing::TempDir::Create("acl-empty-home");
  ASSERT_TRUE(dir.ok());
  PlainPermissionManager empty(dir->path(), "conf/plain_acl.yml");
  ASSERT_TRUE(empty.Load().ok());
  EXPECT_TRUE(std::filesystem::exists(dir->File("conf/plain_acl.yml")));
  EXPECT_FALSE(PlainPermissionManager("", "conf/plain_acl.yml").Load().ok());
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
