// The POSIX Env: pwrite/pread, fdatasync, mmap(MAP_SHARED), flock, statvfs.
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "store/env.h"

namespace rocketmq {
namespace store {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string msg = what + " '" + path + "' failed: " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status::ResourceExhausted(msg + " (disk full)");
  if (err == ENOENT) return Status::NotFound(msg);
  return Status::IoError(msg);
}

class PosixRegion final : public MappedRegion {
 public:
  PosixRegion(char* data, size_t size) : data_(data), size_(size) {}
  ~PosixRegion() override { munmap(data_, size_); }
  char* data() override { return data_; }
  size_t size() const override { return size_; }
  // Advice only: a kernel that refuses it costs speed, never correctness.
  void AdviseRandomAccess(size_t offset, size_t length) override {
    Advise(offset, length, MADV_RANDOM);
  }
  void AdviseNormalAccess(size_t offset, size_t length) override {
    Advise(offset, length, MADV_NORMAL);
  }

 private:
  void Advise(size_t offset, size_t length, int advice) {
    // madvise wants a page-aligned start: widen the range down to its page.
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t from = std::min(offset, size_) / page * page;
    const size_t to = std::min(size_, offset + length);
    if (to > from) (void)madvise(data_ + from, to - from, advice);
  }

  char* data_;
  size_t size_;
};

class PosixFile final : public File {
 public:
  PosixFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixFile() override { close(fd_); }

  const std::string& path() const override { return path_; }
  int descriptor() const override { return fd_; }

  Status Write(uint64_t offset, const void* data, size_t n) override {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = pwrite(fd_, p, n, static_cast<off_t>(offset));
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write to", path_, errno);
      }
      p += w;
      n -= static_cast<size_t>(w);
      offset += static_cast<uint64_t>(w);
    }
    return Status::OK();
  }

  Status WriteGather(uint64_t offset, const std::string_view* pieces, size_t count) override {
    constexpr size_t kMaxIov = IOV_MAX < 1024 ? IOV_MAX : 1024;
    struct iovec iov[kMaxIov];
    size_t next = 0;  // first piece not yet in iov
    size_t skip = 0;  // bytes of pieces[next] already written (after a short write)
    while (next < count) {
      size_t n = 0;
      for (size_t i = next; i < count && n < kMaxIov; ++i, ++n) {
        const size_t from = i == next ? skip : 0;
        iov[n].iov_base = const_cast<char*>(pieces[i].data() + from);
        iov[n].iov_len = pieces[i].size() - from;
      }
      ssize_t w = pwritev(fd_, iov, static_cast<int>(n), static_cast<off_t>(offset));
      if (w < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write to", path_, errno);
      }
      offset += static_cast<uint64_t>(w);
      // Step over what was written: whole pieces, then part of one after a short write.
      auto left = static_cast<size_t>(w);
      while (next < count && left >= pieces[next].size() - skip) {
        left -= pieces[next].size() - skip;
        skip = 0;
        ++next;
      }
      skip += left;
    }
    return Status::OK();
  }

  Result<size_t> Read(uint64_t offset, void* out, size_t n) override {
    char* p = static_cast<char*>(out);
    size_t done = 0;
    while (done < n) {
      ssize_t r = pread(fd_, p + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read from", path_, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

  Status Sync() override {
    // fdatasync also writes back pages dirtied through a MAP_SHARED mapping, and on this
    // kind of machine it is several times cheaper than msync over the same range.
    if (fdatasync(fd_) != 0) return ErrnoStatus("fdatasync", path_, errno);
    return Status::OK();
  }

  Status Truncate(uint64_t size) override {
    if (ftruncate(fd_, static_cast<off_t>(size)) != 0) return ErrnoStatus("truncate", path_, errno);
    return Status::OK();
  }

  Status Allocate(uint64_t offset, uint64_t n) override {
    if (fallocate(fd_, 0, static_cast<off_t>(offset), static_cast<off_t>(n)) == 0) {
      return Status::OK();
    }
    if (errno == EOPNOTSUPP || errno == ENOSYS) {
      return Status::NotSupported("fallocate on '" + path_ + "'");
    }
    return ErrnoStatus("fallocate", path_, errno);
  }

  Result<uint64_t> Size() override {
    struct stat st;
    if (fstat(fd_, &st) != 0) return ErrnoStatus("stat", path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

  Result<uint64_t> NextData(uint64_t offset) override { return Seek(offset, SEEK_DATA); }
  Result<uint64_t> NextHole(uint64_t offset) override { return Seek(offset, SEEK_HOLE); }

  Result<std::unique_ptr<MappedRegion>> Map(size_t length) override {
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED) return ErrnoStatus("mmap", path_, errno);
    return std::unique_ptr<MappedRegion>(new PosixRegion(static_cast<char*>(p), length));
  }

 private:
  // lseek(SEEK_DATA / SEEK_HOLE); past the last data (ENXIO) is the file's size, and a file
  // system without them counts everything as data.
  Result<uint64_t> Seek(uint64_t offset, int whence) {
    off_t at = lseek(fd_, static_cast<off_t>(offset), whence);
    if (at >= 0) return static_cast<uint64_t>(at);
    if (errno == ENXIO) return Size();
    if (errno == EINVAL || errno == EOPNOTSUPP) return whence == SEEK_DATA ? offset : Size();
    return ErrnoStatus("seeking data in", path_, errno);
  }

  std::string path_;
  int fd_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  // Closing the descriptor releases the lock.
  ~PosixFileLock() override { close(fd_); }

 private:
  int fd_;
};

class PosixEnv final : public Env {
 public:
  Result<std::unique_ptr<File>> OpenFile(const std::string& path, bool create) override {
    int fd = open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
    if (fd < 0) return ErrnoStatus("open", path, errno);
    return std::unique_ptr<File>(new PosixFile(path, fd));
  }

  bool FileExists(const std::string& path) override { return access(path.c_str(), F_OK) == 0; }

  Status CreateDirs(const std::string& path) override {
    if (path.empty())
      return Status::InvalidArgument("cannot create a directory with an empty path");
    // Every start opens each ConsumeQueue's existing directory: one stat instead of a
    // failing mkdir per path component (6000 of them for 1024 queues).
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::OK();
    size_t pos = 0;
    while (pos != std::string::npos) {
      pos = path.find('/', pos + 1);
      std::string prefix = path.substr(0, pos);
      if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
        return ErrnoStatus("mkdir", prefix, errno);
      }
    }
    if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::IoError("'" + path + "' exists but is not a directory");
    }
    return Status::OK();
  }

  Result<std::vector<std::string>> ListDir(const std::string& path) override {
    DIR* dir = opendir(path.c_str());
    if (dir == nullptr) return ErrnoStatus("list directory", path, errno);
    std::vector<std::string> names;
    while (struct dirent* e = readdir(dir)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      names.emplace_back(e->d_name);
    }
    closedir(dir);
    return names;
  }

  Status DeleteFile(const std::string& path) override {
    if (unlink(path.c_str()) != 0) return ErrnoStatus("delete", path, errno);
    return Status::OK();
  }

  Status DeleteDir(const std::string& path) override {
    if (rmdir(path.c_str()) != 0) return ErrnoStatus("remove directory", path, errno);
    return Status::OK();
  }

  Status SyncDir(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open directory", path, errno);
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    if (rc != 0) return ErrnoStatus("fsync directory", path, err);
    return Status::OK();
  }

  Status SyncFileSystem(const std::string& path) override {
    int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("open directory", path, errno);
    int rc = syncfs(fd);
    int err = errno;
    close(fd);
    if (rc != 0) return ErrnoStatus("syncfs", path, err);
    return Status::OK();
  }

  Result<DiskUsage> GetDiskUsage(const std::string& path) override {
    struct statvfs vfs;
    if (statvfs(path.c_str(), &vfs) != 0) return ErrnoStatus("statvfs", path, errno);
    DiskUsage usage;
    usage.total_bytes = static_cast<uint64_t>(vfs.f_blocks) * vfs.f_frsize;
    usage.available_bytes = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
    return usage;
  }

  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus("open lock file", path, errno);
    // A write lock on the first byte, as Apache takes it (FileChannel.tryLock(0, 1, false)
    // is an fcntl lock), so a Java broker and this one exclude each other. The open-file-
    // description flavour also excludes a second store inside this process.
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 1;
    if (fcntl(fd, F_OFD_SETLK, &lock) != 0) {
      int err = errno;
      close(fd);
      if (err == EAGAIN || err == EACCES) {
        return Status::IllegalState("store lock '" + path +
                                    "' is held by another process (is another broker using "
                                    "this store directory?)");
      }
      return ErrnoStatus("lock", path, err);
    }
    return std::unique_ptr<FileLock>(new PosixFileLock(fd));
  }
};

}  // namespace

Env* Env::Posix() {
  static PosixEnv* env = new PosixEnv();  // never destroyed: used until process exit
  return env;
}

}  // namespace store
}  // namespace rocketmq
