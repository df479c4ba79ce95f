#include "acl_commands.h"

#include "json_out.h"

namespace rocketmq {
namespace admin_cli {
namespace {

OptionSpec Req(char s, const char* name, const char* help) { return {s, name, true, true, help}; }
OptionSpec Opt(char s, const char* name, const char* help) { return {s, name, true, false, help}; }

// -b ADDR, or every master of -c CLUSTER.
Result<std::vector<std::string>> Brokers(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  if (a.Has("brokerAddr")) return std::vector<std::string>{a.Get("brokerAddr")};
  if (!a.Has("clusterName"))
    return Status::InvalidArgument("give -b BROKER_ADDR or -c CLUSTER_NAME");
  return c.admin->GetClusterMasters(a.Get("clusterName"));
}

// Apache's UtilAll.split: comma-separated, empty pieces dropped.
std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

// Runs `each` on every target broker; the JSON answer lists them.
template <typename Each>
Status ForEachBroker(CommandContext& c, Each each, const std::string& done) {
  auto brokers = Brokers(c);
  if (!brokers.ok()) return brokers.status();
  for (const std::string& addr : *brokers) {
    RMQ_RETURN_IF_ERROR(each(addr));
    if (!c.json) c.out += done + " " + addr + " success.\n";
  }
  if (c.json) {
    JsonOut out;
    out.BeginObject().Key("brokers").Strings(*brokers).EndObject();
    c.out = out.str() + "\n";
  }
  return Status::OK();
}

Status UpdateAclConfig(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  AclAccount account;
  account.access_key = a.Get("accessKey");
  account.secret_key = a.Get("secretKey");
  account.white_remote_address = a.Get("whiteRemoteAddress");
  account.default_topic_perm = a.Get("defaultTopicPerm");
  account.default_group_perm = a.Get("defaultGroupPerm");
  account.topic_perms = SplitComma(a.Get("topicPerms"));
  account.group_perms = SplitComma(a.Get("groupPerms"));
  auto admin = a.GetBool("admin", false);
  if (!admin.ok()) return admin.status();
  account.admin = *admin;
  return ForEachBroker(
      c, [&](const std::string& addr) { return c.admin->UpdateAclAccount(addr, account); },
      "create or update plain access config to");
}

Status DeleteAclConfig(CommandContext& c) {
  const std::string access_key = c.args->Get("accessKey");
  return ForEachBroker(
      c, [&](const std::string& addr) { return c.admin->DeleteAclAccount(addr, access_key); },
      "delete plain access config account from");
}

Status UpdateGlobalWhiteAddr(CommandContext& c) {
  const std::vector<std::string> addresses = SplitComma(c.args->Get("globalWhiteRemoteAddresses"));
  const std::string file = c.args->Get("aclFileFullPath");
  return ForEachBroker(
      c,
      [&](const std::string& addr) {
        return c.admin->UpdateGlobalWhiteAddresses(addr, addresses, file);
      },
      "update global white remote addresses to");
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return text + "]";
}

Status GetAclConfig(CommandContext& c) {
  auto brokers = Brokers(c);
  if (!brokers.ok()) return brokers.status();
  JsonOut out;
  if (c.json) out.BeginObject();
  for (const std::string& addr : *brokers) {
    auto config = c.admin->GetAclConfig(addr);
    if (!config.ok()) return config.status();
    if (c.json) {
      out.Key(addr).BeginObject().Key("globalWhiteAddrs").Strings(config->global_white_addrs);
      out.Key("plainAccessConfigs").BeginArray();
      for (const AclAccount& account : config->accounts) {
        out.BeginObject()
            .Field("accessKey", account.access_key)
            .Field("secretKey", account.secret_key)
            .Field("whiteRemoteAddress", account.white_remote_address)
            .Field("admin", account.admin)
            .Field("defaultTopicPerm", account.default_topic_perm)
            .Field("defaultGroupPerm", account.default_group_perm)
            .Key("topicPerms")
            .Strings(account.topic_perms)
            .Key("groupPerms")
            .Strings(account.group_perms)
            .EndObject();
      }
      out.EndArray().EndObject();
      continue;
    }
    // mqadmin's layout: each PlainAccessConfig field by name.
    char line[512];
    std::snprintf(line, sizeof(line), "\n%-20s: %s\n\naccounts:\n", "globalWhiteRemoteAddresses",
                  JoinList(config->global_white_addrs).c_str());
    c.out += line;
    for (const AclAccount& account : config->accounts) {
      const std::pair<const char*, std::string> fields[] = {
          {"accessKey", account.access_key},
          {"secretKey", account.secret_key},
          {"whiteRemoteAddress", account.white_remote_address},
          {"admin", account.admin ? "true" : "false"},
          {"defaultTopicPerm", account.default_topic_perm},
          {"defaultGroupPerm", account.default_group_perm},
          {"topicPerms", JoinList(account.topic_perms)},
          {"groupPerms", JoinList(account.group_perms)},
      };
      for (const auto& [name, value] : fields) {
        std::snprintf(line, sizeof(line), "  %-18s: %s\n", name, value.c_str());
        c.out += line;
      }
      c.out += "\n";
    }
  }
  if (c.json) {
    out.EndObject();
    c.out = out.str() + "\n";
  }
  return Status::OK();
}

}  // namespace

const std::vector<Command>& AclCommands() {
  static const std::vector<Command> commands = {
      {{"updateAclConfig",
        "Update acl config yaml file in broker",
        {Opt('b', "brokerAddr", "update acl config file to which broker"),
         Opt('c', "clusterName", "update acl config file to which cluster"),
         Req('a', "accessKey", "set accessKey in acl config file"),
         Opt('s', "secretKey", "set secretKey in acl config file"),
         Opt('w', "whiteRemoteAddress", "set white ip Address for account in acl config file"),
         Opt('i', "defaultTopicPerm", "set default topicPerm in acl config file"),
         Opt('u', "defaultGroupPerm", "set default GroupPerm in acl config file"),
         Opt('t', "topicPerms", "set topicPerms list,eg: topicA=DENY,topicD=SUB"),
         Opt('g', "groupPerms", "set groupPerms list,eg: groupD=DENY,groupD=SUB"),
         Opt('m', "admin", "set admin flag in acl config file")}},
       UpdateAclConfig},
      {{"deleteAclConfig",
        "Delete Acl Config Account in broker",
        {Opt('b', "brokerAddr", "delete acl config account from which broker"),
         Opt('c', "clusterName", "delete acl config account from which cluster"),
         Req('a', "accessKey", "set accessKey in acl config file for deleting which account")}},
       DeleteAclConfig},
      {{"updateGlobalWhiteAddr",
        "Update global white address for acl Config File in broker",
        {Opt('b', "brokerAddr", "update global white address to which broker"),
         Opt('c', "clusterName", "update global white address to which cluster"),
         Req('g', "globalWhiteRemoteAddresses",
             "set globalWhiteRemoteAddress list,eg: 10.10.103.*,192.168.0.*"),
         Opt('p', "aclFileFullPath",
             "update global white address of specified acl file,eg: /xxx/plain_test.yml")}},
       UpdateGlobalWhiteAddr},
      {{"getAclConfig",
        "List all of acl config information in cluster",
        {Opt('b', "brokerAddr", "query acl config version for which broker"),
         Opt('c', "clusterName", "query acl config version for specified cluster")}},
       GetAclConfig},
  };
  return commands;
}

}  // namespace admin_cli
}  // namespace rocketmq
