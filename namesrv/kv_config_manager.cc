#include "namesrv/kv_config_manager.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include <json/json.h>

#include "common/logging.h"

namespace rocketmq {
namespace namesrv {
namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

// mkdir -p for the directory part of `path`.
Status MakeParentDirs(const std::string& path) {
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    const std::string dir = path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IoError("cannot create directory " + dir + ": " + ErrnoText(errno));
    }
  }
  return Status::OK();
}

// Writes `content` to `path` through a temporary file and rename, so that a crash leaves
// either the old or the new file, never a torn one.
Status WriteFileAtomically(const std::string& path, const std::string& content) {
  RMQ_RETURN_IF_ERROR(MakeParentDirs(path));
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("cannot create " + tmp + ": " + ErrnoText(errno));
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::IoError("cannot write " + tmp + ": " + ErrnoText(err));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Status::IoError("cannot sync " + tmp + ": " + ErrnoText(err));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ErrnoText(err));
  }
  return Status::OK();
}

}  // namespace

KvConfigManager::KvConfigManager(std::string path) : path_(std::move(path)) {}

Status KvConfigManager::Load() {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) {
    if (errno != ENOENT) {
      return Status::IoError("cannot use KV config path " + path_ + ": " + ErrnoText(errno));
    }
    RMQ_LOG_INFO << "KV config " << path_ << " does not exist yet; starting empty";
    return Status::OK();
  }
  if (S_ISDIR(info.st_mode)) {
    return Status::IoError("cannot read KV config " + path_ + ": it is a directory");
  }
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status::IoError("cannot read KV config " + path_ + ": " + ErrnoText(errno));
  std::ostringstream text;
  text << in.rdbuf();

  Json::CharReaderBuilder builder;
  std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
  Json::Value root;
  std::string errors;
  const std::string content = text.str();
  if (!reader->parse(content.data(), content.data() + content.size(), &root, &errors)) {
    return Status::Corruption("KV config " + path_ + " is not valid JSON: " + errors);
  }
  if (!root.isObject()) return Status::Corruption("KV config " + path_ + " is not a JSON object");
  const Json::Value& table = root["configTable"];
  std::map<std::string, Table> loaded;
  if (!table.isNull()) {
    if (!table.isObject()) {
      return Status::Corruption("KV config " + path_ + ": configTable is not an object");
    }
    for (const auto& ns : table.getMemberNames()) {
      const Json::Value& entries = table[ns];
      if (!entries.isObject()) {
        return Status::Corruption("KV config " + path_ + ": namespace '" + ns +
                                  "' is not an object");
      }
      Table& out = loaded[ns];
      for (const auto& key : entries.getMemberNames()) {
        const Json::Value& value = entries[key];
        if (!value.isString()) {
          return Status::Corruption("KV config " + path_ + ": value of '" + ns + "/" + key +
                                    "' is not a string");
        }
        out[key] = value.asString();
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  config_table_ = std::move(loaded);
  RMQ_LOG_INFO << "loaded KV config " << path_ << " (" << config_table_.size() << " namespaces)";
  return Status::OK();
}

Status KvConfigManager::PersistLocked() const {
  Json::Value table(Json::objectValue);
  for (const auto& [ns, entries] : config_table_) {
    Json::Value out(Json::objectValue);
    for (const auto& [key, value] : entries) out[key] = value;
    table[ns] = out;
  }
  Json::Value root(Json::objectValue);
  root["configTable"] = table;
  Json::StreamWriterBuilder writer;
  writer["indentation"] = "";
  const Status s = WriteFileAtomically(path_, Json::writeString(writer, root));
  if (!s.ok()) {
    RMQ_LOG_ERROR << "KV config change is not persisted: " << s.message();
    return s.WithContext("KV config changed in memory but not persisted");
  }
  return s;
}

Status KvConfigManager::Put(const std::string& ns, const std::string& key,
                            const std::string& value) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& entries = config_table_[ns];
  const bool existed = entries.count(key) != 0;
  entries[key] = value;
  RMQ_LOG_INFO << "KV config " << (existed ? "updated" : "created") << ": namespace " << ns
               << " key " << key << " value " << value;
  return PersistLocked();
}

Status KvConfigManager::Delete(const std::string& ns, const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto entries = config_table_.find(ns);
  if (entries == config_table_.end() || entries->second.erase(key) == 0) return Status::OK();
  RMQ_LOG_INFO << "KV config deleted: namespace " << ns << " key " << key;
  return PersistLocked();
}

std::optional<std::string> KvConfigManager::Get(const std::string& ns,
                                                const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto entries = config_table_.find(ns);
  if (entries == config_table_.end()) return std::nullopt;
  auto it = entries->second.find(key);
  if (it == entries->second.end()) return std::nullopt;
  return it->second;
}

std::optional<KvConfigManager::Table> KvConfigManager::GetNamespace(const std::string& ns) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto entries = config_table_.find(ns);
  if (entries == config_table_.end()) return std::nullopt;
  return entries->second;
}

}  // namespace namesrv
}  // namespace rocketmq
