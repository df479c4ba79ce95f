// A fresh directory under /tmp for one test, removed with everything in it afterwards.
#ifndef ROCKETMQ_TESTS_UNIT_STORE_TEMP_DIR_H_
#define ROCKETMQ_TESTS_UNIT_STORE_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace rocketmq {
namespace store {

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/rmq-store-test-XXXXXX";
    const char* made = mkdtemp(pattern);
    path_ = made != nullptr ? made : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_STORE_TEMP_DIR_H_
