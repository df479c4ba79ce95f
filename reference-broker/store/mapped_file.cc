#include "store/mapped_file.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/logging.h"

namespace rocketmq {
namespace store {
namespace {

constexpr int32_t kPageSize = 4096;
// Preallocation writes zeros in chunks of this size: big enough to be cheap per syscall,
// small enough not to hold much memory.
constexpr size_t kZeroChunk = 1 << 20;
// A partially created file is synced every this many prepared bytes: the zeros reach the
// disk in the background rather than in the writer's first flushes.
constexpr int64_t kPrepareSyncBytes = 64 << 20;

bool AllZero(const char* p, size_t n) {
  static const char kZeros[kPageSize] = {};
  while (n > 0) {
    size_t k = std::min<size_t>(n, kPageSize);
    if (std::memcmp(p, kZeros, k) != 0) return false;
    p += k;
    n -= k;
  }
  return true;
}

// kZeroChunk zero bytes, the source of every zero a store file gets written.
const char* ZeroChunk() {
  static const std::vector<char> zeros(kZeroChunk, '\0');
  return zeros.data();
}

Status ReserveOrWriteZeros(File* file, int64_t size, MappedFile::Preallocation preallocation) {
  RMQ_RETURN_IF_ERROR(file->Truncate(0));
  if (preallocation != MappedFile::Preallocation::kWriteZeros) {
    RMQ_RETURN_IF_ERROR(file->Truncate(static_cast<uint64_t>(size)));
    Status reserved = file->Allocate(0, static_cast<uint64_t>(size));
    if (reserved.code() != ErrorCode::kNotSupported) {
      // A CommitLog file is created ahead of the writer and may see a crash before any
      // record in it is synced: its size must already be durable, or the store will not
      // load (a file shorter than the configured size). Queue files keep the cheap path.
      if (!reserved.ok() || preallocation != MappedFile::Preallocation::kReserveBlocksSequential) {
        return reserved;
      }
      return file->Sync();
    }
  }
  for (int64_t done = 0; done < size;) {
    const int64_t n = std::min<int64_t>(size - done, static_cast<int64_t>(kZeroChunk));
    RMQ_RETURN_IF_ERROR(
        file->Write(static_cast<uint64_t>(done), ZeroChunk(), static_cast<size_t>(n)));
    done += n;
  }
  return file->Sync();
}

}  // namespace

std::string OffsetToFileName(int64_t offset) {
  char name[32];
  std::snprintf(name, sizeof name, "%020lld", static_cast<long long>(offset));
  return name;
}

Result<int64_t> FileNameToOffset(const std::string& name) {
  if (name.size() != 20 ||
      !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("'" + name + "' is not a store file name (20 decimal digits)");
  }
  int64_t value = 0;
  for (char c : name) {
    if (value > (INT64_MAX - (c - '0')) / 10) {
      return Status::InvalidArgument("store file name '" + name + "' overflows a 64-bit offset");
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

MappedFile::MappedFile(Env* env, std::string path, int64_t file_from_offset, int64_t size,
                       std::unique_ptr<File> file, std::unique_ptr<MappedRegion> region)
    : env_(env),
      path_(std::move(path)),
      file_from_offset_(file_from_offset),
      file_size_(size),
      file_(std::move(file)),
      region_(std::move(region)),
      prepared_end_(size),
      synced_end_(size) {}

MappedFile::~MappedFile() = default;

Result<std::shared_ptr<MappedFile>> MappedFile::Create(Env* env, const std::string& path,
                                                       int64_t file_from_offset, int64_t size,
                                                       Preallocation preallocation) {
  if (size <= 0 || size > INT32_MAX) {
    return Status::InvalidArgument("store file size " + std::to_string(size) +
                                   " is not in (0, 2^31)");
  }
  auto file = env->OpenFile(path, true);
  if (!file.ok()) return file.status();
  Status prepared = ReserveOrWriteZeros(file->get(), size, preallocation);
  if (!prepared.ok()) {
    env->DeleteFile(path);
    return prepared.WithContext("preallocating store file");
  }
  auto region = (*file)->Map(static_cast<size_t>(size));
  if (!region.ok()) return region.status();
  std::shared_ptr<MappedFile> mapped(
      new MappedFile(env, path, file_from_offset, size, std::move(*file), std::move(*region)));
  if (preallocation == Preallocation::kReserveBlocks) mapped->AdviseRandomAccess();
  return mapped;
}

Result<std::shared_ptr<MappedFile>> MappedFile::CreatePartial(Env* env, const std::string& path,
                                                              int64_t file_from_offset,
                                                              int64_t size) {
  if (size <= 0 || size > INT32_MAX) {
    return Status::InvalidArgument("store file size " + std::to_string(size) +
                                   " is not in (0, 2^31)");
  }
  auto file = env->OpenFile(path, true);
  if (!file.ok()) return file.status();
  // Full size first: a crash leaves a file that loads (its unwritten blocks read as zeros),
  // never a short one.
  Status sized = (*file)->Truncate(0);
  if (sized.ok()) sized = (*file)->Truncate(static_cast<uint64_t>(size));
  // Durable before anyone may write into it: a file whose zeros all fit in the first chunk
  // is never synced by PrepareMore.
  if (sized.ok()) sized = (*file)->Sync();
  if (!sized.ok()) {
    env->DeleteFile(path);
    return sized.WithContext("creating store file");
  }
  auto region = (*file)->Map(static_cast<size_t>(size));
  if (!region.ok()) {
    env->DeleteFile(path);
    return region.status();
  }
  std::shared_ptr<MappedFile> mapped(
      new MappedFile(env, path, file_from_offset, size, std::move(*file), std::move(*region)));
  mapped->prepared_end_.store(0);
  mapped->synced_end_ = 0;
  Status first = mapped->PrepareUpTo(std::min<int64_t>(size, static_cast<int64_t>(kZeroChunk)));
  if (!first.ok()) {
    mapped.reset();
    env->DeleteFile(path);
    return first;
  }
  return mapped;
}

Status MappedFile::PrepareUpTo(int64_t end) {
  end = std::min(end, file_size_);
  if (end <= prepared_end()) return Status::OK();
  std::lock_guard<std::mutex> lock(prepare_mu_);
  for (int64_t at = prepared_end(); at < end;) {
    const int64_t n = std::min<int64_t>(file_size_ - at, static_cast<int64_t>(kZeroChunk));
    Status s = file_->Write(static_cast<uint64_t>(at), ZeroChunk(), static_cast<size_t>(n));
    if (!s.ok()) {
      return s.WithContext("writing zeros at " + std::to_string(at) + " of store file '" + path_ +
                           "' ahead of the writer");
    }
    at += n;
    prepared_end_.store(at, std::memory_order_release);
  }
  return Status::OK();
}

Result<bool> MappedFile::PrepareMore() {
  int64_t prepared = prepared_end();
  if (prepared < file_size_) {
    RMQ_RETURN_IF_ERROR(PrepareUpTo(prepared + static_cast<int64_t>(kZeroChunk)));
    prepared = prepared_end();
  }
  bool sync = false;
  {
    std::lock_guard<std::mutex> lock(prepare_mu_);
    if (prepared >= file_size_ ? synced_end_ < file_size_
                               : prepared - synced_end_ >= kPrepareSyncBytes) {
      synced_end_ = prepared;
      sync = true;
    }
  }
  if (sync) RMQ_RETURN_IF_ERROR(file_->Sync().WithContext("syncing the zeros of '" + path_ + "'"));
  return prepared >= file_size_;
}

void MappedFile::AdviseRandomAccess() {
  region_->AdviseRandomAccess(0, static_cast<size_t>(file_size_));
  random_access_ = true;
}

Result<std::shared_ptr<MappedFile>> MappedFile::Open(Env* env, const std::string& path,
                                                     int64_t file_from_offset, int64_t size,
                                                     bool random_access) {
  auto file = env->OpenFile(path, false);
  if (!file.ok()) return file.status();
  auto actual = (*file)->Size();
  if (!actual.ok()) return actual.status();
  if (static_cast<int64_t>(*actual) != size) {
    return Status::Corruption("store file '" + path + "' is " + std::to_string(*actual) +
                              " bytes, the configured file size is " + std::to_string(size));
  }
  auto region = (*file)->Map(static_cast<size_t>(size));
  if (!region.ok()) return region.status();
  std::shared_ptr<MappedFile> mapped(
      new MappedFile(env, path, file_from_offset, size, std::move(*file), std::move(*region)));
  if (random_access) mapped->AdviseRandomAccess();
  return mapped;
}

bool MappedFile::Stage(std::string_view bytes) {
  const int64_t end = int64_t{staged_end()} + static_cast<int64_t>(bytes.size());
  if (end > file_size_) return false;
  staged_.push_back(bytes);
  staged_end_.store(static_cast<int32_t>(end), std::memory_order_relaxed);
  return true;
}

Status MappedFile::Commit() {
  if (staged_.empty()) return Status::OK();
  const int32_t from = wrote_position();
  const int32_t to = staged_end();
  // A file still being prepared in the background: never write into unwritten blocks (the
  // zeros written there later would overwrite the records).
  Status s = PrepareUpTo(to);
  if (s.ok()) s = file_->WriteGather(static_cast<uint64_t>(from), staged_.data(), staged_.size());
  staged_.clear();
  if (!s.ok()) {
    staged_end_.store(from, std::memory_order_relaxed);
    return s.WithContext("writing " + std::to_string(to - from) + " bytes at " +
                         std::to_string(from) + " of '" + path_ + "'");
  }
  wrote_position_.store(to, std::memory_order_release);
  return Status::OK();
}

bool MappedFile::Append(const void* bytes, size_t n) {
  int32_t pos = wrote_position();
  if (static_cast<int64_t>(pos) + static_cast<int64_t>(n) > file_size_) return false;
  if (!PrepareUpTo(pos + static_cast<int64_t>(n)).ok()) return false;
  std::memcpy(data() + pos, bytes, n);
  SetWrotePosition(pos + static_cast<int32_t>(n));
  return true;
}

Result<int32_t> MappedFile::Flush() {
  int32_t target = wrote_position();
  if (target <= flushed_position()) return flushed_position();
  Status s = file_->Sync();
  if (!s.ok()) return s.WithContext("flushing '" + path_ + "'");
  SetFlushedPosition(target);
  return target;
}

Status MappedFile::SyncAll() { return file_->Sync().WithContext("syncing '" + path_ + "'"); }

int32_t MappedFile::UnflushedPages() const {
  return wrote_position() / kPageSize - flushed_position() / kPageSize;
}

Status MappedFile::TruncateTo(int32_t pos, int64_t known_zero_from, bool sync) {
  if (pos < 0 || pos > file_size_) {
    return Status::InvalidArgument("truncating '" + path_ + "' to " + std::to_string(pos) +
                                   ", outside its size " + std::to_string(file_size_));
  }
  bool dirtied = false;
  const int64_t check_end = std::min<int64_t>(file_size_, known_zero_from);
  // Only the regions the file system holds data for are read: the rest of a file that only
  // reserved its blocks reads as zeros, and reading it (faulting in zeroed pages) cost most
  // of a crash recovery with 1 GiB CommitLog files and 1024 ConsumeQueues. The scan's faults
  // must not read around (read_ahead_kb, 8 MiB here): the file system counts cached pages
  // of a reserved block as data, so each region read made the next megabytes "data" and the
  // walk went on through the whole rest of a 1 GiB CommitLog file (6.8 s of a recovery).
  if (!random_access_ && pos < check_end) {
    region_->AdviseRandomAccess(static_cast<size_t>(pos), static_cast<size_t>(check_end - pos));
  }
  for (int64_t at = pos; at < check_end;) {
    auto data_at = file_->NextData(static_cast<uint64_t>(at));
    if (!data_at.ok()) return data_at.status().WithContext("truncating '" + path_ + "'");
    at = std::max(at, static_cast<int64_t>(*data_at));
    if (at >= check_end) break;
    auto hole_at = file_->NextHole(static_cast<uint64_t>(at));
    if (!hole_at.ok()) return hole_at.status().WithContext("truncating '" + path_ + "'");
    const int64_t data_end = std::min<int64_t>(check_end, static_cast<int64_t>(*hole_at));
    if (data_end <= at) break;  // the file changed under us: nothing more to check
    while (at < data_end) {
      int64_t end = std::min<int64_t>(data_end, (at / kPageSize + 1) * kPageSize);
      size_t n = static_cast<size_t>(end - at);
      if (!AllZero(data() + at, n)) {
        std::memset(data() + at, 0, n);
        dirtied = true;
      }
      at = end;
    }
  }
  if (!random_access_ && pos < check_end) {
    // The log's readers read ahead again (a consumer catching up on cold records).
    region_->AdviseNormalAccess(static_cast<size_t>(pos), static_cast<size_t>(check_end - pos));
  }
  if (dirtied && sync) {
    Status s = file_->Sync();
    if (!s.ok()) return s.WithContext("truncating '" + path_ + "'");
  }
  SetWrotePosition(pos);
  SetFlushedPosition(pos);
  return Status::OK();
}

Status MappedFile::Delete() {
  if (deleted_.exchange(true)) return Status::OK();
  Status s = env_->DeleteFile(path_);
  if (!s.ok() && s.code() != ErrorCode::kNotFound) return s;
  RMQ_LOG_INFO << "deleted store file " << path_;
  return Status::OK();
}

}  // namespace store
}  // namespace rocketmq
