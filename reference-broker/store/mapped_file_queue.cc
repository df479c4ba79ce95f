#include "store/mapped_file_queue.h"

#include <algorithm>

#include "common/logging.h"

namespace rocketmq {
namespace store {

MappedFileQueue::MappedFileQueue(Env* env, std::string dir, int64_t file_size,
                                 FileAllocator* allocator)
    : env_(env), dir_(std::move(dir)), file_size_(file_size), allocator_(allocator) {}

Status MappedFileQueue::Load() {
  // Listed first: at start-up every ConsumeQueue's directory exists (it was found by
  // listing), and a start on 1024 queues should not pay a directory creation per queue.
  auto names = env_->ListDir(dir_);
  if (!names.ok() && names.status().code() == ErrorCode::kNotFound) {
    RMQ_RETURN_IF_ERROR(env_->CreateDirs(dir_));
    names = env_->ListDir(dir_);
  }
  if (!names.ok()) return names.status();
  std::vector<std::pair<int64_t, std::string>> found;
  for (const auto& name : *names) {
    auto offset = FileNameToOffset(name);
    if (!offset.ok()) {
      RMQ_LOG_WARN << "ignoring '" << dir_ << "/" << name << "': not a store file name";
      continue;
    }
    found.emplace_back(*offset, name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::shared_ptr<MappedFile>> files;
  for (size_t i = 0; i < found.size(); ++i) {
    const std::string path = dir_ + "/" + found[i].second;
    if (found[i].first % file_size_ != 0) {
      return Status::Corruption("store file '" + path + "' does not start on a multiple of " +
                                "the configured file size " + std::to_string(file_size_));
    }
    if (!files.empty() && found[i].first != files.back()->file_from_offset() + file_size_) {
      RMQ_RETURN_IF_ERROR(DropUnwrittenAfterGap(found, i, files.back()->path()));
      break;
    }
    // Without an allocator files are created kReserveBlocks (queues): mapped the same way.
    auto file = MappedFile::Open(env_, path, found[i].first, file_size_, allocator_ == nullptr);
    if (!file.ok()) {
      if (i + 1 == found.size() && file.status().code() == ErrorCode::kCorruption) {
        RMQ_LOG_WARN << "deleting '" << path
                     << "', an interrupted preallocation: " << file.status().message();
        RMQ_RETURN_IF_ERROR(env_->DeleteFile(path));
        break;
      }
      return file.status();
    }
    (*file)->SetWrotePosition(static_cast<int32_t>(file_size_));
    (*file)->SetFlushedPosition(static_cast<int32_t>(file_size_));
    files.push_back(std::move(*file));
  }
  std::lock_guard<std::mutex> lock(mu_);
  files_ = std::move(files);
  return Status::OK();
}

namespace {
// No record or ConsumeQueue entry starts with this many zero bytes (a record's size, an
// entry's message size, are never 0): a file starting so was never written.
constexpr size_t kUnwrittenProbe = 20;
}  // namespace

Status MappedFileQueue::DropUnwrittenAfterGap(
    const std::vector<std::pair<int64_t, std::string>>& found, size_t first,
    const std::string& before) {
  for (size_t i = first; i < found.size(); ++i) {
    const std::string path = dir_ + "/" + found[i].second;
    auto file = env_->OpenFile(path, false);
    if (!file.ok()) return file.status();
    char head[kUnwrittenProbe] = {};
    auto read = (*file)->Read(0, head, sizeof head);
    if (!read.ok()) return read.status();
    if (std::any_of(head, head + *read, [](char c) { return c != 0; })) {
      return Status::Corruption("store file '" + path + "' does not follow '" + before +
                                "': a file is missing in between");
    }
  }
  // Files made ahead of the writer (the allocator's next file) by a process that died before
  // the file between was created: nothing was in them.
  for (size_t i = found.size(); i-- > first;) {
    const std::string path = dir_ + "/" + found[i].second;
    RMQ_LOG_WARN << "deleting '" << path << "': it follows a missing file ('" << before
                 << "' is the last one in sequence) and was never written";
    RMQ_RETURN_IF_ERROR(env_->DeleteFile(path));
  }
  return Status::OK();
}

std::vector<std::shared_ptr<MappedFile>> MappedFileQueue::Files() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_;
}

std::shared_ptr<MappedFile> MappedFileQueue::First() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.empty() ? nullptr : files_.front();
}

std::shared_ptr<MappedFile> MappedFileQueue::Last() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.empty() ? nullptr : files_.back();
}

bool MappedFileQueue::Empty() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.empty();
}

Result<std::shared_ptr<MappedFile>> MappedFileQueue::Writable(int64_t start_offset) {
  int64_t create_at;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!files_.empty() && !files_.back()->IsFull()) return files_.back();
    create_at = files_.empty() ? start_offset - start_offset % file_size_
                               : files_.back()->file_from_offset() + file_size_;
  }
  const std::string path = dir_ + "/" + OffsetToFileName(create_at);
  Result<std::shared_ptr<MappedFile>> file =
      allocator_ != nullptr
          ? allocator_->Take(path, create_at, dir_ + "/" + OffsetToFileName(create_at + file_size_),
                             create_at + file_size_, file_size_)
          : MappedFile::Create(env_, path, create_at, file_size_,
                               MappedFile::Preallocation::kReserveBlocks);
  if (!file.ok()) return file.status().WithContext("creating the next file of '" + dir_ + "'");
  std::lock_guard<std::mutex> lock(mu_);
  files_.push_back(*file);
  return file;
}

std::shared_ptr<MappedFile> MappedFileQueue::FindByOffset(int64_t offset) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.empty() || offset < files_.front()->file_from_offset()) return nullptr;
  size_t index = static_cast<size_t>((offset - files_.front()->file_from_offset()) / file_size_);
  if (index >= files_.size()) return nullptr;
  return files_[index];
}

int64_t MappedFileQueue::MinOffset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.empty() ? 0 : files_.front()->file_from_offset();
}

int64_t MappedFileQueue::MaxOffset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.empty() ? 0 : files_.back()->file_from_offset() + files_.back()->wrote_position();
}

Status MappedFileQueue::Flush(int32_t least_pages) {
  for (;;) {
    std::shared_ptr<MappedFile> file = FindByOffset(flushed_where());
    if (file == nullptr) file = First();
    if (file == nullptr) return Status::OK();
    int32_t wrote = file->wrote_position();
    int32_t flushed = file->flushed_position();
    if (wrote <= flushed) {
      // Fully flushed; move on only if the writer has moved on too.
      int64_t end = file->file_from_offset() + flushed;
      if (file->IsFull() && FindByOffset(end) != nullptr && flushed_where() < end) {
        SetFlushedWhere(end);
        continue;
      }
      return Status::OK();
    }
    bool able = file->IsFull() || (least_pages > 0 ? file->UnflushedPages() >= least_pages : true);
    if (!able) return Status::OK();
    auto done = file->Flush();
    if (!done.ok()) return done.status();
    SetFlushedWhere(file->file_from_offset() + *done);
    if (*done < file->file_size()) return Status::OK();
  }
}

void MappedFileQueue::MarkFlushed() {
  for (const auto& file : Files()) file->SetFlushedPosition(file->wrote_position());
  SetFlushedWhere(MaxOffset());
}

Status MappedFileQueue::TruncateDirtyFiles(int64_t offset, int64_t known_zero_from, bool sync) {
  std::vector<std::shared_ptr<MappedFile>> doomed;
  std::shared_ptr<MappedFile> holder;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!files_.empty() && files_.back()->file_from_offset() > offset) {
      doomed.push_back(files_.back());
      files_.pop_back();
    }
    if (!files_.empty() && offset - files_.back()->file_from_offset() < file_size_) {
      holder = files_.back();
    }
  }
  for (auto& file : doomed) RMQ_RETURN_IF_ERROR(file->Delete());
  if (holder != nullptr) {
    const int64_t base = holder->file_from_offset();
    RMQ_RETURN_IF_ERROR(holder->TruncateTo(
        static_cast<int32_t>(offset - base),
        known_zero_from == INT64_MAX ? INT64_MAX : std::max(offset, known_zero_from) - base, sync));
  }
  if (flushed_where() > offset) SetFlushedWhere(offset);
  return Status::OK();
}

int MappedFileQueue::DeleteFromFront(
    const std::function<bool(MappedFile& file, MappedFile& next)>& expired, int max_files) {
  int deleted = 0;
  while (deleted < max_files) {
    std::shared_ptr<MappedFile> file;
    std::shared_ptr<MappedFile> next;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (files_.size() < 2) break;
      file = files_[0];
      next = files_[1];
    }
    if (!expired(*file, *next)) break;
    Status s = file->Delete();
    if (!s.ok()) {
      RMQ_LOG_WARN << "expiring store file failed: " << s.ToString();
      break;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!files_.empty() && files_.front() == file) files_.erase(files_.begin());
    deleted++;
  }
  return deleted;
}

Status MappedFileQueue::DeleteAll() {
  std::vector<std::shared_ptr<MappedFile>> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    files.swap(files_);
  }
  for (auto& file : files) RMQ_RETURN_IF_ERROR(file->Delete());
  SetFlushedWhere(0);
  return env_->DeleteDir(dir_);
}

}  // namespace store
}  // namespace rocketmq
