#include "acl/acl_file.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace rocketmq {
namespace acl {
namespace {

// yaml-cpp reports problems by exception; they stop here and become a Status.
Result<YAML::Node> LoadDocument(const std::string& text, const std::string& what) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(what + ": malformed YAML: " + e.what());
  }
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(path + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read failed");
  return text.str();
}

Status WriteAtomically(const std::string& path, const YAML::Node& document) {
  YAML::Emitter out;
  out << document;
  if (!out.good()) return Status::Internal(path + ": cannot write YAML: " + out.GetLastError());
  const std::string temp = path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << out.c_str() << '\n';
    file.flush();
    if (!file) return Status::IoError(temp + ": write failed: " + std::strerror(errno));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    std::remove(temp.c_str());
    return Status::IoError("rename " + temp + " to " + path + ": " + error);
  }
  return Status::OK();
}

Result<YAML::Node> LoadForEdit(const std::string& path) {
  auto text = ReadText(path);
  if (!text.ok() && text.status().code() != ErrorCode::kNotFound) return text.status();
  auto document = LoadDocument(text.ok() ? *text : std::string(), path);
  if (!document.ok()) return document;
  if (document->IsNull()) return YAML::Node(YAML::NodeType::Map);
  if (!document->IsMap()) return Status::InvalidArgument(path + ": not a YAML mapping");
  return document;
}

// Apache's updateAclConfigFileVersion: the first dataVersion entry's counter plus one,
// stamped now.
void NextDataVersion(YAML::Node& document) {
  int64_t counter = 0;
  const YAML::Node versions = document["dataVersion"];
  if (versions.IsSequence() && versions.size() > 0 && versions[0]["counter"]) {
    try {
      counter = versions[0]["counter"].as<int64_t>();
    } catch (const YAML::Exception&) {
      counter = 0;
    }
  }
  YAML::Node version(YAML::NodeType::Map);
  version["counter"] = counter + 1;
  version["timestamp"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  YAML::Node list(YAML::NodeType::Sequence);
  list.push_back(version);
  document["dataVersion"] = list;
}

Status ReadStringList(const YAML::Node& node, const std::string& what,
                      std::vector<std::string>* out) {
  if (!node || node.IsNull()) return Status::OK();
  if (!node.IsSequence()) return Status::InvalidArgument(what + " is not a list");
  for (const YAML::Node& item : node) {
    if (item.IsNull()) continue;
    if (!item.IsScalar()) return Status::InvalidArgument(what + " holds a non-scalar entry");
    out->push_back(item.Scalar());
  }
  return Status::OK();
}

// A scalar's text, or nothing for an absent or null key (Java's null).
Result<std::optional<std::string>> OptionalScalar(const YAML::Node& map, const char* key,
                                                  const std::string& what) {
  const YAML::Node node = map[key];
  if (!node || node.IsNull()) return std::optional<std::string>();
  if (!node.IsScalar()) return Status::InvalidArgument(what + "." + key + " is not a scalar");
  return std::optional<std::string>(node.Scalar());
}

Result<PlainAccessConfig> ReadAccount(const YAML::Node& node, const std::string& what) {
  if (!node.IsMap()) return Status::InvalidArgument(what + " is not a mapping");
  PlainAccessConfig account;
  auto access_key = OptionalScalar(node, "accessKey", what);
  auto secret_key = OptionalScalar(node, "secretKey", what);
  auto white = OptionalScalar(node, "whiteRemoteAddress", what);
  auto admin = OptionalScalar(node, "admin", what);
  auto topic_perm = OptionalScalar(node, "defaultTopicPerm", what);
  auto group_perm = OptionalScalar(node, "defaultGroupPerm", what);
  for (const auto* field : {&access_key, &secret_key, &white, &admin, &topic_perm, &group_perm}) {
    if (!field->ok()) return field->status();
  }
  account.access_key = access_key->value_or("");
  account.secret_key = secret_key->value_or("");
  account.white_remote_address = white->value_or("");
  if (admin->has_value()) {
    const std::string& flag = **admin;
    if (flag != "true" && flag != "false") {
      return Status::InvalidArgument(what + ".admin is not true or false: " + flag);
    }
    account.admin = flag == "true";
  }
  account.default_topic_perm = *topic_perm;
  account.default_group_perm = *group_perm;
  if (Status s = ReadStringList(node["topicPerms"], what + ".topicPerms", &account.topic_perms);
      !s.ok()) {
    return s;
  }
  if (Status s = ReadStringList(node["groupPerms"], what + ".groupPerms", &account.group_perms);
      !s.ok()) {
    return s;
  }
  return account;
}

}  // namespace

Result<AclFileContent> ParseAclYaml(const std::string& text, const std::string& what) {
  auto document = LoadDocument(text, what);
  if (!document.ok()) return document.status();
  AclFileContent content;
  if (document->IsNull()) return content;
  if (!document->IsMap()) return Status::InvalidArgument(what + ": not a YAML mapping");
  if (Status s = ReadStringList((*document)["globalWhiteRemoteAddresses"],
                                what + ": globalWhiteRemoteAddresses",
                                &content.global_white_remote_addresses);
      !s.ok()) {
    return s;
  }
  const YAML::Node accounts = (*document)["accounts"];
  if (accounts && !accounts.IsNull()) {
    if (!accounts.IsSequence()) return Status::InvalidArgument(what + ": accounts is not a list");
    for (size_t i = 0; i < accounts.size(); ++i) {
      auto account = ReadAccount(accounts[i], what + ": accounts[" + std::to_string(i) + "]");
      if (!account.ok()) return account.status();
      content.accounts.push_back(std::move(*account));
    }
  }
  const YAML::Node versions = (*document)["dataVersion"];
  if (versions.IsSequence() && versions.size() > 0 && versions[0].IsMap()) {
    try {
      if (versions[0]["counter"])
        content.data_version.counter = versions[0]["counter"].as<int64_t>();
      if (versions[0]["timestamp"]) {
        content.data_version.timestamp = versions[0]["timestamp"].as<int64_t>();
      }
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument(what + ": dataVersion: " + e.what());
    }
  }
  return content;
}

Result<AclFileContent> ReadAclFile(const std::string& path) {
  auto text = ReadText(path);
  if (!text.ok()) return text.status();
  return ParseAclYaml(*text, path);
}

Status UpsertAccountInFile(const std::string& path, const PlainAccessConfig& account,
                           const AccountUpdateFields& fields) {
  auto document = LoadForEdit(path);
  if (!document.ok()) return document.status();
  YAML::Node accounts = (*document)["accounts"];
  if (!accounts || !accounts.IsSequence()) {
    accounts = YAML::Node(YAML::NodeType::Sequence);
    (*document)["accounts"] = accounts;
  }
  std::optional<size_t> index;
  for (size_t i = 0; i < accounts.size() && !index; ++i) {
    const YAML::Node existing = accounts[i];
    if (existing.IsMap() && existing["accessKey"] && existing["accessKey"].IsScalar() &&
        existing["accessKey"].Scalar() == account.access_key) {
      index = i;
    }
  }
  if (!index) {
    accounts.push_back(YAML::Node(YAML::NodeType::Map));
    index = accounts.size() - 1;
  }
  // yaml-cpp nodes are references: edits to `entry` land in the document.
  YAML::Node entry = accounts[*index];
  // Apache writes what the update carries and keeps the rest of the existing entry.
  entry["accessKey"] = account.access_key;
  if (!account.secret_key.empty()) entry["secretKey"] = account.secret_key;
  if (fields.white_remote_address) entry["whiteRemoteAddress"] = account.white_remote_address;
  entry["admin"] = account.admin;
  if (account.default_topic_perm && !account.default_topic_perm->empty()) {
    entry["defaultTopicPerm"] = *account.default_topic_perm;
  }
  if (account.default_group_perm && !account.default_group_perm->empty()) {
    entry["defaultGroupPerm"] = *account.default_group_perm;
  }
  if (fields.topic_perms) entry["topicPerms"] = account.topic_perms;
  if (fields.group_perms) entry["groupPerms"] = account.group_perms;
  NextDataVersion(*document);
  return WriteAtomically(path, *document);
}

Status DeleteAccountInFile(const std::string& path, const std::string& access_key) {
  auto document = LoadForEdit(path);
  if (!document.ok()) return document.status();
  const YAML::Node accounts = (*document)["accounts"];
  YAML::Node kept(YAML::NodeType::Sequence);
  bool found = false;
  if (accounts && accounts.IsSequence()) {
    for (const YAML::Node& existing : accounts) {
      if (existing.IsMap() && existing["accessKey"] && existing["accessKey"].IsScalar() &&
          existing["accessKey"].Scalar() == access_key) {
        found = true;
        continue;
      }
      kept.push_back(existing);
    }
  }
  if (!found) return Status::NotFound(path + " has no account " + access_key);
  (*document)["accounts"] = kept;
  NextDataVersion(*document);
  return WriteAtomically(path, *document);
}

Status SetGlobalWhiteAddressesInFile(const std::string& path,
                                     const std::vector<std::string>& addresses) {
  auto document = LoadForEdit(path);
  if (!document.ok()) return document.status();
  (*document)["globalWhiteRemoteAddresses"] = addresses;
  NextDataVersion(*document);
  return WriteAtomically(path, *document);
}

}  // namespace acl
}  // namespace rocketmq
