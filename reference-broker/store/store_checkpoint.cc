#include "store/store_checkpoint.h"

#include <algorithm>
#include <cstring>

#include "common/logging.h"
#include "protocol/big_endian.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;

namespace {
constexpr char kOffsetsMagic[8] = {'R', 'M', 'Q', 'C', 'K', 'P', 'T', '1'};
}  // namespace

StoreCheckpoint::StoreCheckpoint(std::shared_ptr<MappedFile> file) : file_(std::move(file)) {
  const char* p = file_->data();
  physic_ = static_cast<int64_t>(be::Load64(p));
  logics_ = static_cast<int64_t>(be::Load64(p + 8));
  index_ = static_cast<int64_t>(be::Load64(p + 16));
  const char* ours = p + kOffsetsAt;
  if (std::memcmp(ours, kOffsetsMagic, sizeof kOffsetsMagic) == 0 &&
      std::memcmp(ours + 32, p, 24) == 0) {
    physic_offset_ = static_cast<int64_t>(be::Load64(ours + 8));
    logics_offset_ = static_cast<int64_t>(be::Load64(ours + 16));
    index_offset_ = static_cast<int64_t>(be::Load64(ours + 24));
  }
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

void StoreCheckpoint::ClampOffsets(int64_t log_end) {
  for (std::atomic<int64_t>* offset : {&physic_offset_, &logics_offset_, &index_offset_}) {
    if (offset->load() > log_end) offset->store(log_end);
  }
}

std::optional<int64_t> StoreCheckpoint::DurableOffset(bool with_index) const {
  int64_t durable = std::min(physic_offset_.load(), logics_offset_.load());
  if (with_index) durable = std::min(durable, index_offset_.load());
  if (durable < 0) return std::nullopt;
  return durable;
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
  char* ours = p + kOffsetsAt;
  std::memcpy(ours, kOffsetsMagic, sizeof kOffsetsMagic);
  be::Store64(ours + 8, static_cast<uint64_t>(physic_offset_.load()));
  be::Store64(ours + 16, static_cast<uint64_t>(logics_offset_.load()));
  be::Store64(ours + 24, static_cast<uint64_t>(index_offset_.load()));
  std::memcpy(ours + 32, p, 24);
  return file_->SyncAll().WithContext("flushing the store checkpoint");
}

}  // namespace store
}  // namespace rocketmq
