#include "store/store_checkpoint.h"

#include <algorithm>

#include "common/logging.h"
#include "protocol/big_endian.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;

StoreCheckpoint::StoreCheckpoint(std::shared_ptr<MappedFile> file) : file_(std::move(file)) {
  const char* p = file_->data();
  physic_ = static_cast<int64_t>(be::Load64(p));
  logics_ = static_cast<int64_t>(be::Load64(p + 8));
  index_ = static_cast<int64_t>(be::Load64(p + 16));
}

Result<std::unique_ptr<StoreCheckpoint>> StoreCheckpoint::Open(Env* env, const std::string& path) {
  Result<std::shared_ptr<MappedFile>> file = Status::NotFound(path);
  if (env->FileExists(path)) {
    file = MappedFile::Open(env, path, 0, kFileSize);
    if (!file.ok()) {
      RMQ_LOG_WARN << "replacing unusable checkpoint: " << file.status().ToString();
    }
  }
  if (!file.ok()) file = MappedFile::Create(env, path, 0, kFileSize);
  if (!file.ok()) return file.status().WithContext("opening the store checkpoint");
  return std::unique_ptr<StoreCheckpoint>(new StoreCheckpoint(std::move(*file)));
}

int64_t StoreCheckpoint::MinTimestamp() const {
  int64_t min = std::min(physic_.load(), logics_.load()) - 3000;
  return std::max<int64_t>(min, 0);
}

int64_t StoreCheckpoint::MinTimestampIndex() const {
  return std::min(MinTimestamp(), index_.load());
}

Status StoreCheckpoint::Flush() {
  char* p = file_->data();
  be::Store64(p, static_cast<uint64_t>(physic_.load()));
  be::Store64(p + 8, static_cast<uint64_t>(logics_.load()));
  be::Store64(p + 16, static_cast<uint64_t>(index_.load()));
  return file_->SyncAll().WithContext("flushing the store checkpoint");
}

}  // namespace store
}  // namespace rocketmq
