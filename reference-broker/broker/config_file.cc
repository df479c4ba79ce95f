#include "broker/config_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/logging.h"

namespace rocketmq {
namespace broker {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

Status MakeDirs(const std::string& dir) {
  if (dir.empty()) return Status::OK();
  std::string partial;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IoError("cannot create directory " + partial + ": " + ErrnoText(errno));
    }
  }
  return Status::OK();
}

std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

Status SyncDir(const std::string& dir) {
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open directory " + dir + ": " + ErrnoText(errno));
  const int rc = fsync(fd);
  const int err = errno;
  close(fd);
  if (rc != 0) return Status::IoError("cannot sync directory " + dir + ": " + ErrnoText(err));
  return Status::OK();
}

// NotFound when the file does not exist.
Result<std::string> ReadWhole(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    return Status::IoError("cannot open " + path + ": " + ErrnoText(errno));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      return Status::IoError("cannot read " + path + ": " + ErrnoText(err));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return out;
}

}  // namespace

Status WriteConfigFile(const std::string& path, const std::string& content) {
  const std::string dir = DirName(path);
  RMQ_RETURN_IF_ERROR(MakeDirs(dir));
  const std::string tmp = path + ".tmp";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("cannot create " + tmp + ": " + ErrnoText(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      close(fd);
      unlink(tmp.c_str());
      return Status::IoError("cannot write " + tmp + ": " + ErrnoText(err));
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    const int err = errno;
    close(fd);
    unlink(tmp.c_str());
    return Status::IoError("cannot sync " + tmp + ": " + ErrnoText(err));
  }
  close(fd);
  const std::string bak = path + ".bak";
  if (rename(path.c_str(), bak.c_str()) != 0 && errno != ENOENT) {
    RMQ_LOG_WARN << "cannot keep the previous " << path << " as " << bak << ": "
                 << ErrnoText(errno);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    unlink(tmp.c_str());
    return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ErrnoText(err));
  }
  return SyncDir(dir);
}

Status LoadConfigFile(const std::string& path,
                      const std::function<Status(const std::string& content)>& decode) {
  auto main = ReadWhole(path);
  Status main_error;
  if (main.ok()) {
    main_error = decode(*main);
    if (main_error.ok()) return Status::OK();
    RMQ_LOG_WARN << "cannot load " << path << " (" << main_error.message()
                 << "); trying its backup";
  } else if (main.status().code() != ErrorCode::kNotFound) {
    return main.status();
  }
  const std::string bak = path + ".bak";
  auto backup = ReadWhole(bak);
  if (!backup.ok()) {
    if (backup.status().code() == ErrorCode::kNotFound) {
      return main_error.ok() ? main.status() : main_error;
    }
    return backup.status();
  }
  Status backup_error = decode(*backup);
  if (backup_error.ok()) {
    RMQ_LOG_WARN << "loaded " << bak << " instead of " << path;
    return Status::OK();
  }
  return main_error.ok() ? backup_error.WithContext(bak) : main_error;
}

}  // namespace broker
}  // namespace rocketmq
