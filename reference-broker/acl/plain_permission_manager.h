// PlainPermissionManager: the accounts and white lists of every plain ACL file, and the
// access check of Apache 4.9.7's PlainPermissionManager.validate.
//
// Files (as Apache 4.9.7 finds them): every *.yml / *.yaml under <home>/conf/acl/
// (recursively), plus the default file <home>/<plainFile> (plainFile defaults to
// conf/plain_acl.yml; Apache's -Drocketmq.acl.plain.file), which is created empty when
// missing since global white list updates go there. An access key defined in two files
// counts in the first one read.
//
// Reload: ReloadIfChanged() (the broker calls it on a timer, as Apache's 5 s file watch)
// re-reads the files whose size, mtime or inode changed, and the whole set when files
// appear or disappear. A file that no longer parses, or holds an invalid account, keeps
// its last good content and the reason is logged; at Load() such a file is an error.
//
// Thread safety: Validate() may run on any number of threads; it reads an immutable
// snapshot that loads and edits replace. Edits are serialized by a mutex.
#ifndef ROCKETMQ_ACL_PLAIN_PERMISSION_MANAGER_H_
#define ROCKETMQ_ACL_PLAIN_PERMISSION_MANAGER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "acl/access_request.h"
#include "acl/acl_file.h"
#include "acl/address_pattern.h"
#include "acl/permission.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {

// Everything the files hold, as GET_BROKER_CLUSTER_ACL_CONFIG reports it.
struct AclConfigView {
  std::vector<std::string> global_white_addrs;
  std::vector<PlainAccessConfig> accounts;
};

class PlainPermissionManager {
 public:
  // `home`: ROCKETMQ_HOME (or rocketmq.home.dir); `plain_file`: the default file, relative
  // to home.
  PlainPermissionManager(std::string home, std::string plain_file);
  ~PlainPermissionManager();

  Status Load();
  void ReloadIfChanged();

  // OK when the request may proceed; otherwise the reason, worded as Apache's
  // AclException messages.
  Status Validate(const AccessRequest& request) const;

  // The admin requests. Each edits one file atomically and reloads at once.
  // Apache requires both keys in an update; the fields it leaves out keep their values.
  Status UpdateAccessConfig(const PlainAccessConfig& account,
                            const AccountUpdateFields& fields = {});
  Status DeleteAccessConfig(const std::string& access_key);
  // `file` empty: the default file.
  Status UpdateGlobalWhiteAddrs(const std::vector<std::string>& addresses, const std::string& file);

  AclConfigView AllConfig() const;
  std::map<std::string, AclDataVersion> DataVersions() const;
  // The default file's version (Apache's deprecated single "version").
  AclDataVersion DefaultFileVersion() const;
  const std::string& default_file() const { return default_file_; }

  // Defined in the .cc: one file's parsed content, and what all files hold together.
  struct FileState;
  struct Snapshot;

 private:
  std::shared_ptr<const Snapshot> snapshot() const;
  std::vector<std::string> ListFiles() const;
  // `strict`: a broken file is an error (Load) instead of keeping its last good content.
  Status Reload(bool strict);

  const std::string home_;
  const std::string default_dir_;
  const std::string default_file_;
  std::mutex edit_mutex_;  // serializes reloads and edits
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_PLAIN_PERMISSION_MANAGER_H_
