#include "acl/plain_permission_manager.h"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/logging.h"
#include "remoting/acl_signature.h"

namespace rocketmq {
namespace acl {
namespace {

constexpr size_t kKeyMinLength = 6;  // Apache's ACCESS_KEY_MIN_LENGTH / SECRET_KEY_MIN_LENGTH

struct FileStamp {
  int64_t mtime_ns = -1;
  int64_t size = -1;
  uint64_t inode = 0;
  bool operator==(const FileStamp& o) const {
    return mtime_ns == o.mtime_ns && size == o.size && inode == o.inode;
  }
};

// Constant-time, so that response times tell nothing about how much of a forged signature
// matched (Apache 4.9.7 compares with equals; its successor compares in constant time).
bool SameSignature(const std::string& expected, const std::string& given) {
  return expected.size() == given.size() &&
         CRYPTO_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

FileStamp Stamp(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return {};
  return FileStamp{static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec,
                   static_cast<int64_t>(info.st_size), static_cast<uint64_t>(info.st_ino)};
}

Status CheckKeys(const PlainAccessConfig& config) {
  if (config.access_key.size() <= kKeyMinLength || config.secret_key.size() <= kKeyMinLength) {
    return Status::InvalidArgument("The accessKey=" + config.access_key +
                                   " and secretKey=" + config.secret_key +
                                   " cannot be null and length should longer than 6");
  }
  return Status::OK();
}

}  // namespace

// One account ready for checks (Apache's PlainAccessResource built from the file).
struct CompiledAccount {
  PlainAccessConfig config;
  AddressPattern white;
  Perm default_topic_perm = kDeny;
  Perm default_group_perm = kDeny;
  std::map<std::string, Perm> perms;  // topic or %RETRY%group
};

namespace {

Result<CompiledAccount> CompileAccount(const PlainAccessConfig& config) {
  if (Status s = CheckKeys(config); !s.ok()) return s;
  CompiledAccount account;
  account.config = config;
  auto white = AddressPattern::Parse(config.white_remote_address);
  if (!white.ok()) return white.status();
  account.white = std::move(*white);
  account.default_topic_perm = ParsePerm(config.default_topic_perm);
  account.default_group_perm = ParsePerm(config.default_group_perm);
  for (const std::string& entry : config.group_perms) {
    auto perm = ParseResourcePerm(entry, false);
    if (!perm.ok()) return perm.status();
    account.perms[protocol::topic::RetryTopic(perm->resource)] = perm->perm;
  }
  for (const std::string& entry : config.topic_perms) {
    auto perm = ParseResourcePerm(entry, true);
    if (!perm.ok()) return perm.status();
    account.perms[perm->resource] = perm->perm;
  }
  return account;
}

}  // namespace

struct PlainPermissionManager::FileState {
  FileStamp stamp;
  AclFileContent content;
  std::vector<AddressPattern> global_white;
  std::vector<CompiledAccount> accounts;
};

struct PlainPermissionManager::Snapshot {
  std::vector<std::string> files;  // read order
  std::map<std::string, std::shared_ptr<const FileState>> states;
  std::vector<AddressPattern> global_white;
  std::map<std::string, const CompiledAccount*> accounts;  // by access key, into `states`
};

namespace {

Result<std::shared_ptr<const PlainPermissionManager::FileState>> ReadFileState(
    const std::string& path);

}  // namespace

PlainPermissionManager::PlainPermissionManager(std::string home, std::string plain_file)
    : home_(std::move(home)),
      default_dir_(home_ + "/conf/acl"),
      default_file_(home_ + "/" + plain_file),
      snapshot_(std::make_shared<Snapshot>()) {}

PlainPermissionManager::~PlainPermissionManager() = default;

std::shared_ptr<const PlainPermissionManager::Snapshot> PlainPermissionManager::snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  return snapshot_;
}

std::vector<std::string> PlainPermissionManager::ListFiles() const {
  std::vector<std::string> files;
  std::error_code error;
  if (std::filesystem::is_directory(default_dir_, error)) {
    for (auto it = std::filesystem::recursive_directory_iterator(default_dir_, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      const std::string path = it->path().string();
      const std::string extension = it->path().extension().string();
      if (it->is_regular_file(error) && (extension == ".yml" || extension == ".yaml")) {
        files.push_back(path);
      }
    }
    std::sort(files.begin(), files.end());
  }
  if (std::find(files.begin(), files.end(), default_file_) == files.end() &&
      std::filesystem::exists(default_file_, error)) {
    files.push_back(default_file_);
  }
  return files;
}

Status PlainPermissionManager::Load() {
  if (home_.empty() || home_ == "/") {
    return Status::InvalidArgument(
        "ACL needs ROCKETMQ_HOME (or rocketmq.home.dir) to find conf/plain_acl.yml");
  }
  std::error_code error;
  if (!std::filesystem::exists(default_file_, error)) {
    // Apache creates the default file, where global white list updates are written.
    std::filesystem::create_directories(std::filesystem::path(default_file_).parent_path(), error);
    std::ofstream create(default_file_, std::ios::app);
    if (!create) return Status::IoError("cannot create " + default_file_);
  }
  std::lock_guard<std::mutex> lock(edit_mutex_);
  return Reload(true);
}

void PlainPermissionManager::ReloadIfChanged() {
  std::lock_guard<std::mutex> lock(edit_mutex_);
  const auto current = snapshot();
  const std::vector<std::string> files = ListFiles();
  bool changed = files != current->files;
  for (size_t i = 0; !changed && i < files.size(); ++i) {
    changed = !(Stamp(files[i]) == current->states.at(files[i])->stamp);
  }
  if (changed) Reload(false).ok();
}

namespace {

Result<std::shared_ptr<const PlainPermissionManager::FileState>> ReadFileState(
    const std::string& path) {
  auto state = std::make_shared<PlainPermissionManager::FileState>();
  state->stamp = Stamp(path);
  auto content = ReadAclFile(path);
  if (!content.ok()) return content.status();
  for (const std::string& address : content->global_white_remote_addresses) {
    auto pattern = AddressPattern::Parse(address);
    if (!pattern.ok()) return Status::InvalidArgument(path + ": " + pattern.status().message());
    state->global_white.push_back(std::move(*pattern));
  }
  for (const PlainAccessConfig& config : content->accounts) {
    auto account = CompileAccount(config);
    if (!account.ok()) return Status::InvalidArgument(path + ": " + account.status().message());
    state->accounts.push_back(std::move(*account));
  }
  state->content = std::move(*content);
  return std::shared_ptr<const PlainPermissionManager::FileState>(std::move(state));
}

}  // namespace

Status PlainPermissionManager::Reload(bool strict) {
  const auto previous = snapshot();
  auto next = std::make_shared<Snapshot>();
  for (const std::string& path : ListFiles()) {
    auto old = previous->states.find(path);
    std::shared_ptr<const FileState> state;
    if (old != previous->states.end() && old->second->stamp == Stamp(path)) {
      state = old->second;
    } else {
      auto read = ReadFileState(path);
      if (read.ok()) {
        state = std::move(*read);
        RMQ_LOG_INFO << "ACL file " << path << " loaded: " << state->accounts.size()
                     << " accounts, " << state->global_white.size() << " global white addresses";
      } else if (strict) {
        return read.status();
      } else if (old != previous->states.end()) {
        RMQ_LOG_ERROR << "ACL file " << path << " not reloaded, keeping its last good content: "
                      << read.status().message();
        state = old->second;
      } else {
        RMQ_LOG_ERROR << "ACL file " << path << " ignored: " << read.status().message();
        continue;
      }
    }
    next->files.push_back(path);
    next->states[path] = state;
  }
  for (const std::string& path : next->files) {
    const FileState& state = *next->states[path];
    next->global_white.insert(next->global_white.end(), state.global_white.begin(),
                              state.global_white.end());
    for (const CompiledAccount& account : state.accounts) {
      if (!next->accounts.emplace(account.config.access_key, &account).second) {
        RMQ_LOG_WARN << "ACL access key " << account.config.access_key << " in " << path
                     << " is already defined in another file; this one is ignored";
      }
    }
  }
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  snapshot_ = std::move(next);
  return Status::OK();
}

Status PlainPermissionManager::Validate(const AccessRequest& request) const {
  const auto current = snapshot();
  for (const AddressPattern& pattern : current->global_white) {
    if (pattern.Matches(request.remote_ip)) return Status::OK();
  }
  if (!request.access_key) return Status::InvalidArgument("No accessKey is configured");
  const std::string& access_key = *request.access_key;
  auto found = current->accounts.find(access_key);
  if (found == current->accounts.end()) {
    return Status::InvalidArgument("No acl config for " + access_key);
  }
  const CompiledAccount& owned = *found->second;
  if (owned.white.Matches(request.remote_ip)) return Status::OK();
  if (!request.signature || request.command == nullptr ||
      !SameSignature(
          remoting::AclRequestSignature(*request.command, remoting::AclContentSide::kServer,
                                        owned.config.secret_key),
          *request.signature)) {
    return Status::InvalidArgument("Check signature failed for accessKey=" + access_key);
  }
  // Message traces publish whatever account sends them (Apache skips the check too).
  if (auto trace = request.needed.find(protocol::topic::kTraceTopic);
      trace != request.needed.end() && trace->second == kPub) {
    return Status::OK();
  }
  if (NeedAdminPerm(request.request_code) && !owned.config.admin) {
    return Status::InvalidArgument(
        "Need admin permission for request code=" + std::to_string(request.request_code) +
        ", but accessKey=" + access_key + " is not");
  }
  // Apache: an admin without any topicPerms/groupPerms may use every resource.
  if (owned.perms.empty() && owned.config.admin) return Status::OK();
  for (const auto& [resource, needed] : request.needed) {
    const bool is_group = protocol::topic::IsRetryTopic(resource);
    auto perm = owned.perms.find(resource);
    const Perm have = perm != owned.perms.end()
                          ? perm->second
                          : (is_group ? owned.default_group_perm : owned.default_topic_perm);
    if (!CheckPermission(needed, have)) {
      // Apache says "No default permission" for both cases; the account is added here.
      return Status::InvalidArgument("No default permission for " + ResourceName(resource) +
                                     " (accessKey=" + access_key + " has " + PermName(have) +
                                     ", needs " + PermName(needed) + ")");
    }
  }
  return Status::OK();
}

Status PlainPermissionManager::UpdateAccessConfig(const PlainAccessConfig& account,
                                                  const AccountUpdateFields& fields) {
  if (Status s = CheckKeys(account); !s.ok()) return s;
  if (Status s = CheckResourcePerms(account.topic_perms); !s.ok()) return s;
  if (Status s = CheckResourcePerms(account.group_perms); !s.ok()) return s;
  if (auto compiled = CompileAccount(account); !compiled.ok()) return compiled.status();
  std::lock_guard<std::mutex> lock(edit_mutex_);
  const auto current = snapshot();
  std::string file = default_file_;
  for (const std::string& path : current->files) {
    const auto& accounts = current->states.at(path)->accounts;
    if (std::any_of(accounts.begin(), accounts.end(), [&](const CompiledAccount& a) {
          return a.config.access_key == account.access_key;
        })) {
      file = path;
      break;
    }
  }
  if (Status s = UpsertAccountInFile(file, account, fields); !s.ok()) return s;
  return Reload(false);
}

Status PlainPermissionManager::DeleteAccessConfig(const std::string& access_key) {
  if (access_key.empty()) return Status::InvalidArgument("no accessKey given");
  std::lock_guard<std::mutex> lock(edit_mutex_);
  const auto current = snapshot();
  for (const std::string& path : current->files) {
    const auto& accounts = current->states.at(path)->accounts;
    if (std::any_of(accounts.begin(), accounts.end(),
                    [&](const CompiledAccount& a) { return a.config.access_key == access_key; })) {
      if (Status s = DeleteAccountInFile(path, access_key); !s.ok()) return s;
      return Reload(false);
    }
  }
  return Status::NotFound("no account with accessKey " + access_key);
}

Status PlainPermissionManager::UpdateGlobalWhiteAddrs(const std::vector<std::string>& addresses,
                                                      const std::string& file) {
  const std::string path = file.empty() ? default_file_ : file;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::InvalidArgument(path + " does not exist or is a directory");
  }
  if (path.compare(0, home_.size(), home_) != 0) {
    return Status::InvalidArgument(path + " is not in the directory rocketmq.home.dir " + home_);
  }
  for (const std::string& address : addresses) {
    if (auto pattern = AddressPattern::Parse(address); !pattern.ok()) return pattern.status();
  }
  std::lock_guard<std::mutex> lock(edit_mutex_);
  if (Status s = SetGlobalWhiteAddressesInFile(path, addresses); !s.ok()) return s;
  return Reload(false);
}

AclConfigView PlainPermissionManager::AllConfig() const {
  const auto current = snapshot();
  AclConfigView view;
  std::set<std::string> seen;
  for (const std::string& path : current->files) {
    const AclFileContent& content = current->states.at(path)->content;
    view.global_white_addrs.insert(view.global_white_addrs.end(),
                                   content.global_white_remote_addresses.begin(),
                                   content.global_white_remote_addresses.end());
    for (const PlainAccessConfig& account : content.accounts) {
      if (seen.insert(account.access_key).second) view.accounts.push_back(account);
    }
  }
  return view;
}

std::map<std::string, AclDataVersion> PlainPermissionManager::DataVersions() const {
  const auto current = snapshot();
  std::map<std::string, AclDataVersion> versions;
  for (const auto& [path, state] : current->states) versions[path] = state->content.data_version;
  return versions;
}

AclDataVersion PlainPermissionManager::DefaultFileVersion() const {
  const auto current = snapshot();
  auto found = current->states.find(default_file_);
  return found != current->states.end() ? found->second->content.data_version : AclDataVersion{};
}

}  // namespace acl
}  // namespace rocketmq
