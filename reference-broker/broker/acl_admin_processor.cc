#include "broker/acl_admin_processor.h"

#include "acl/text.h"
#include "broker/broker_controller.h"
#include "common/logging.h"
#include "protocol/json_writer.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;
using remoting::RemotingCommand;

constexpr char kAclOff[] = "ACL is not enabled on this broker (aclEnable=false)";

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

std::optional<std::string> Field(const RemotingCommand& request, const char* key) {
  const std::string* value = request.FindExtField(key);
  return value != nullptr ? std::optional<std::string>(*value) : std::nullopt;
}

// Apache's UtilAll.split: comma-separated, pieces trimmed, empty pieces dropped.
std::vector<std::string> SplitList(const std::optional<std::string>& text) {
  std::vector<std::string> items;
  if (!text) return items;
  for (const std::string& piece : acl::SplitNonEmpty(*text, ',')) {
    std::string trimmed = acl::Trim(piece);
    if (!trimmed.empty()) items.push_back(std::move(trimmed));
  }
  return items;
}

void WriteVersion(protocol::JsonWriter* out, const acl::AclDataVersion& version) {
  out->BeginObject()
      .Field("counter", version.counter)
      .Field("timestamp", version.timestamp)
      .EndObject();
}

void WriteStrings(protocol::JsonWriter* out, const std::vector<std::string>& items) {
  out->BeginArray();
  for (const std::string& item : items) out->String(item);
  out->EndArray();
}

}  // namespace

const std::vector<int32_t>& AclAdminProcessor::Codes() {
  static const std::vector<int32_t> codes = {
      rq::kUpdateAndCreateAclConfig, rq::kDeleteAclConfig, rq::kGetBrokerClusterAclInfo,
      rq::kUpdateGlobalWhiteAddrsConfig, rq::kGetBrokerClusterAclConfig};
  return codes;
}

remoting::ProcessResult AclAdminProcessor::Process(const std::shared_ptr<remoting::Connection>&,
                                                   remoting::RemotingCommand& request) {
  switch (request.code()) {
    case rq::kUpdateAndCreateAclConfig:
      return UpdateAccessConfig(request);
    case rq::kDeleteAclConfig:
      return DeleteAccessConfig(request);
    case rq::kUpdateGlobalWhiteAddrsConfig:
      return UpdateGlobalWhiteAddrs(request);
    case rq::kGetBrokerClusterAclInfo:
      return GetAclInfo();
    case rq::kGetBrokerClusterAclConfig:
      return GetAclConfig();
    default:
      return Error(rc::kRequestCodeNotSupported,
                   " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand AclAdminProcessor::UpdateAccessConfig(const Command& request) {
  if (!manager_) return Error(rc::kUpdateAndCreateAclConfigFailed, kAclOff);
  const std::optional<std::string> access_key = Field(request, "accessKey");
  if (!access_key) {
    return Error(rc::kUpdateAndCreateAclConfigFailed, "the custom field <accessKey> is null");
  }
  acl::PlainAccessConfig account;
  account.access_key = *access_key;
  account.secret_key = Field(request, "secretKey").value_or("");
  account.white_remote_address = Field(request, "whiteRemoteAddress").value_or("");
  account.admin = Field(request, "admin").value_or("false") == "true";
  account.default_topic_perm = Field(request, "defaultTopicPerm");
  account.default_group_perm = Field(request, "defaultGroupPerm");
  account.topic_perms = SplitList(Field(request, "topicPerms"));
  account.group_perms = SplitList(Field(request, "groupPerms"));
  acl::AccountUpdateFields fields;
  fields.white_remote_address = request.FindExtField("whiteRemoteAddress") != nullptr;
  fields.topic_perms = request.FindExtField("topicPerms") != nullptr;
  fields.group_perms = request.FindExtField("groupPerms") != nullptr;
  if (Status s = manager_->UpdateAccessConfig(account, fields); !s.ok()) {
    RMQ_LOG_WARN << "ACL: updating accessKey " << account.access_key << " failed: " << s.message();
    return Error(rc::kUpdateAndCreateAclConfigFailed, s.message());
  }
  RMQ_LOG_INFO << "ACL: accessKey " << account.access_key << " updated";
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand AclAdminProcessor::DeleteAccessConfig(const Command& request) {
  if (!manager_) return Error(rc::kDeleteAclConfigFailed, kAclOff);
  const std::string access_key = Field(request, "accessKey").value_or("");
  if (Status s = manager_->DeleteAccessConfig(access_key); !s.ok()) {
    RMQ_LOG_WARN << "ACL: deleting accessKey " << access_key << " failed: " << s.message();
    return Error(rc::kDeleteAclConfigFailed,
                 "The accesskey[" + access_key +
                     "] corresponding to accessConfig has been deleted failed: " + s.message());
  }
  RMQ_LOG_INFO << "ACL: accessKey " << access_key << " deleted";
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand AclAdminProcessor::UpdateGlobalWhiteAddrs(const Command& request) {
  if (!manager_) return Error(rc::kUpdateGlobalWhiteAddrsConfigFailed, kAclOff);
  const std::optional<std::string> addresses = Field(request, "globalWhiteAddrs");
  if (!addresses) {
    return Error(rc::kUpdateGlobalWhiteAddrsConfigFailed,
                 "the custom field <globalWhiteAddrs> is null");
  }
  const std::string file = Field(request, "aclFileFullPath").value_or("");
  if (Status s = manager_->UpdateGlobalWhiteAddrs(SplitList(addresses), file); !s.ok()) {
    RMQ_LOG_WARN << "ACL: updating global white addresses failed: " << s.message();
    return Error(
        rc::kUpdateGlobalWhiteAddrsConfigFailed,
        "The globalWhiteAddresses[" + *addresses + "] has been updated failed: " + s.message());
  }
  return RemotingCommand::CreateResponse(rc::kSuccess);
}

RemotingCommand AclAdminProcessor::GetAclInfo() {
  if (!manager_) return Error(rc::kSystemError, kAclOff);
  protocol::JsonWriter version;
  WriteVersion(&version, manager_->DefaultFileVersion());
  protocol::JsonWriter all;
  all.BeginObject();
  for (const auto& [path, file_version] : manager_->DataVersions()) {
    all.Key(path);
    WriteVersion(&all, file_version);
  }
  all.EndObject();
  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  response.SetExtField("version", version.Take());
  response.SetExtField("allAclFileVersion", all.Take());
  response.SetExtField("brokerAddr", broker_->BrokerAddr());
  response.SetExtField("brokerName", broker_->config().broker_name);
  response.SetExtField("clusterName", broker_->config().broker_cluster_name);
  return response;
}

RemotingCommand AclAdminProcessor::GetAclConfig() {
  if (!manager_) return Error(rc::kSystemError, kAclOff);
  const acl::AclConfigView view = manager_->AllConfig();
  protocol::JsonWriter out;
  out.BeginObject().Key("globalWhiteAddrs");
  WriteStrings(&out, view.global_white_addrs);
  out.Key("plainAccessConfigs").BeginArray();
  // fastjson's order: keys sorted, absent values left out.
  for (const acl::PlainAccessConfig& account : view.accounts) {
    out.BeginObject().Field("accessKey", account.access_key).Field("admin", account.admin);
    if (account.default_group_perm) out.Field("defaultGroupPerm", *account.default_group_perm);
    if (account.default_topic_perm) out.Field("defaultTopicPerm", *account.default_topic_perm);
    out.Key("groupPerms");
    WriteStrings(&out, account.group_perms);
    out.Field("secretKey", account.secret_key);
    out.Key("topicPerms");
    WriteStrings(&out, account.topic_perms);
    out.Field("whiteRemoteAddress", account.white_remote_address);
    out.EndObject();
  }
  out.EndArray().EndObject();
  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  response.set_body(out.Take());
  return response;
}

}  // namespace broker
}  // namespace rocketmq
