#include "admin/acl_bodies.h"

#include "protocol/json_reader.h"

namespace rocketmq {
namespace admin {

std::string JoinComma(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += ',';
    joined += item;
  }
  return joined;
}

protocol::ExtFields EncodeAclAccount(const AclAccount& account) {
  protocol::ExtFields fields;
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) fields[key] = value;
  };
  put("accessKey", account.access_key);
  put("secretKey", account.secret_key);
  put("whiteRemoteAddress", account.white_remote_address);
  fields["admin"] = account.admin ? "true" : "false";
  put("defaultTopicPerm", account.default_topic_perm);
  put("defaultGroupPerm", account.default_group_perm);
  put("topicPerms", JoinComma(account.topic_perms));
  put("groupPerms", JoinComma(account.group_perms));
  return fields;
}

namespace {

Status ReadAccount(const Json::Value& value, const std::string& what, AclAccount* out) {
  if (!value.isObject()) return Status::Protocol(what + " is not an object");
  return protocol::JsonFields(value, what)
      .String("accessKey", &out->access_key)
      .String("secretKey", &out->secret_key)
      .String("whiteRemoteAddress", &out->white_remote_address)
      .Bool("admin", &out->admin)
      .String("defaultTopicPerm", &out->default_topic_perm)
      .String("defaultGroupPerm", &out->default_group_perm)
      .StringList("topicPerms", &out->topic_perms)
      .StringList("groupPerms", &out->group_perms)
      .status();
}

}  // namespace

Result<AclConfig> DecodeAclConfig(std::string_view body) {
  auto json = protocol::ParseJson(body, "GetBrokerClusterAclConfigResponseBody");
  if (!json.ok()) return json.status();
  if (!json->isObject()) {
    return Status::Protocol("GetBrokerClusterAclConfigResponseBody is not an object");
  }
  AclConfig config;
  Status s = protocol::JsonFields(*json, "GetBrokerClusterAclConfigResponseBody")
                 .StringList("globalWhiteAddrs", &config.global_white_addrs)
                 .Array("plainAccessConfigs", &config.accounts, ReadAccount)
                 .status();
  if (!s.ok()) return s;
  return config;
}

}  // namespace admin
}  // namespace rocketmq
