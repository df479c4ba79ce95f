// TempDir: a fresh directory under /tmp, removed with everything in it on destruction.
#ifndef ROCKETMQ_TESTS_SUPPORT_TEMP_DIR_H_
#define ROCKETMQ_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace testing {

class TempDir {
 public:
  // Creates /tmp/<prefix>.XXXXXX.
  static Result<TempDir> Create(const std::string& prefix = "rmq-test");

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  void Remove();

  std::string path_;
};

// Writes `content` to `path` (replacing it); the error names the file.
Status WriteFile(const std::string& path, const std::string& content);
// Reads a whole file; the error names the file.
Result<std::string> ReadFile(const std::string& path);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_SUPPORT_TEMP_DIR_H_
