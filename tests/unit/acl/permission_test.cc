#include "acl/permission.h"

#include <gtest/gtest.h>

namespace rocketmq {
namespace acl {
namespace {

TEST(PermissionTest, ParsesApacheSpellings) {
  EXPECT_EQ(ParsePerm(std::string("PUB")), kPub);
  EXPECT_EQ(ParsePerm(std::string(" SUB ")), kSub);
  EXPECT_EQ(ParsePerm(std::string("PUB|SUB")), kPub | kSub);
  EXPECT_EQ(ParsePerm(std::string("SUB|PUB")), kPub | kSub);
  EXPECT_EQ(ParsePerm(std::string("DENY")), kDeny);
  EXPECT_EQ(ParsePerm(std::string("pub")), kDeny);
  EXPECT_EQ(ParsePerm(std::nullopt), kDeny);
}

TEST(PermissionTest, CheckPermissionFollowsApache) {
  EXPECT_TRUE(CheckPermission(kPub, kPub));
  EXPECT_TRUE(CheckPermission(kPub, kPub | kSub));
  EXPECT_FALSE(CheckPermission(kPub, kSub));
  EXPECT_FALSE(CheckPermission(kSub, kPub));
  EXPECT_FALSE(CheckPermission(kSub, kDeny));
  EXPECT_FALSE(CheckPermission(kPub, kDeny | kPub));
  EXPECT_TRUE(CheckPermission(kAny, kSub));
  EXPECT_FALSE(CheckPermission(kAny, kDeny));
}

TEST(PermissionTest, AdminCodes) {
  for (int32_t code : {17, 25, 215, 200, 207}) EXPECT_TRUE(NeedAdminPerm(code)) << code;
  for (int32_t code : {10, 11, 34, 310, 50, 51, 53}) EXPECT_FALSE(NeedAdminPerm(code)) << code;
}

TEST(PermissionTest, ResourcePerms) {
  auto perm = ParseResourcePerm(" topicA = PUB|SUB ", true);
  ASSERT_TRUE(perm.ok());
  EXPECT_EQ(perm->resource, "topicA");
  EXPECT_EQ(perm->perm, kPub | kSub);
  auto bad = ParseResourcePerm("topicA", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Parse resource permission failed for group:topicA");
  EXPECT_TRUE(CheckResourcePerms({"a=PUB", "b=DENY", "c=SUB|PUB"}).ok());
  EXPECT_FALSE(CheckResourcePerms({"a=WRITE"}).ok());
  EXPECT_FALSE(CheckResourcePerms({"a"}).ok());
}

}  // namespace
}  // namespace acl
}  // namespace rocketmq
