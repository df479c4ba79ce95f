#include "store/consume_queue.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "common/logging.h"
#include "protocol/big_endian.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;

namespace {

constexpr int64_t kFillerOffset = 0;
constexpr int32_t kFillerSize = INT_MAX;

ConsumeQueueEntry DecodeEntry(const char* p) {
  ConsumeQueueEntry e;
  e.commit_log_offset = static_cast<int64_t>(be::Load64(p));
  e.size = static_cast<int32_t>(be::Load32(p + 8));
  e.tags_code = static_cast<int64_t>(be::Load64(p + 12));
  return e;
}

void EncodeEntry(char* p, int64_t offset, int32_t size, int64_t tags_code) {
  be::Store64(p, static_cast<uint64_t>(offset));
  be::Store32(p + 8, static_cast<uint32_t>(size));
  be::Store64(p + 12, static_cast<uint64_t>(tags_code));
}

bool IsFiller(const ConsumeQueueEntry& e) { return e.IsFiller(); }

// offset + size, saturated: entries may come from a damaged file.
int64_t EntryEnd(const ConsumeQueueEntry& e) {
  if (e.commit_log_offset < 0 || e.size <= 0)
    return e.commit_log_offset < 0 ? -1 : e.commit_log_offset;
  return e.commit_log_offset > INT64_MAX - e.size ? INT64_MAX : e.commit_log_offset + e.size;
}

}  // namespace

ConsumeQueueEntry ConsumeQueueSlice::at(int32_t i) const {
  return DecodeEntry(data_ + static_cast<size_t>(i) * ConsumeQueue::kUnitSize);
}

ConsumeQueue::ConsumeQueue(Env* env, const std::string& root, std::string topic, int32_t queue_id,
                           int32_t file_size)
    : topic_(std::move(topic)),
      queue_id_(queue_id),
      file_size_(file_size),
      files_(env, root + "/" + topic_ + "/" + std::to_string(queue_id), file_size) {}

Status ConsumeQueue::Load() {
  RMQ_RETURN_IF_ERROR(files_.Load());
  files_replaced_.fetch_add(1, std::memory_order_release);
  min_logic_offset_ = files_.MinOffset();
  return Status::OK();
}

Status ConsumeQueue::Recover(bool clean_stop, bool zero_tail) {
  auto files = files_.Files();
  if (files.empty()) return Status::OK();
  size_t index = files.size() > 3 ? files.size() - 3 : 0;
  int64_t process_offset = files[index]->file_from_offset();
  int64_t max_physic = -1;
  bool ends_in_zeros = false;
  for (; index < files.size(); ++index) {
    const auto& file = files[index];
    int32_t pos = 0;
    for (; pos + kUnitSize <= file_size_; pos += kUnitSize) {
      ConsumeQueueEntry e = DecodeEntry(file->data() + pos);
      if (e.commit_log_offset < 0 || e.size <= 0) {
        static constexpr char kZeros[kUnitSize] = {};
        ends_in_zeros = std::memcmp(file->data() + pos, kZeros, kUnitSize) == 0;
        break;
      }
      if (!IsFiller(e)) max_physic = EntryEnd(e);
    }
    process_offset = file->file_from_offset() + pos;
    if (pos + kUnitSize <= file_size_) break;
  }
  Status cut_status = files_.TruncateDirtyFiles(
      process_offset, (clean_stop && ends_in_zeros) || !zero_tail ? process_offset : INT64_MAX);
  files_replaced_.fetch_add(1, std::memory_order_release);
  RMQ_RETURN_IF_ERROR(cut_status);
  files_.SetFlushedWhere(process_offset);
  max_physic_offset_ = max_physic;
  return Status::OK();
}

Status ConsumeQueue::Put(int64_t commit_log_offset, int32_t size, int64_t tags_code,
                         int64_t queue_offset) {
  if (commit_log_offset + size <= max_physic_offset_.load()) return Status::OK();
  const int64_t expect = queue_offset * kUnitSize;
  // The usual case, the entry goes into the file of the previous Put, takes no lock.
  const uint64_t version = files_replaced_.load(std::memory_order_acquire);
  if (writing_ == nullptr || version != writing_version_) {
    writing_ = files_.Last();
    writing_version_ = version;
  }
  const bool was_empty = writing_ == nullptr;
  int64_t current = was_empty ? 0 : writing_->file_from_offset() + writing_->wrote_position();
  if (was_empty) {
    current = expect - expect % file_size_;
    min_logic_offset_ = expect;
  }
  if (expect < current) {
    RMQ_LOG_WARN << "ConsumeQueue " << topic_ << "/" << queue_id_ << " already holds offset "
                 << queue_offset << "; skipping its entry";
    return Status::OK();
  }
  if (expect > current && !was_empty) {
    RMQ_LOG_ERROR << "ConsumeQueue " << topic_ << "/" << queue_id_ << " expected offset "
                  << current / kUnitSize << " but got " << queue_offset
                  << "; padding the gap with filler entries";
  }
  char entry[kUnitSize];
  while (true) {
    if (writing_ == nullptr || writing_->IsFull()) {
      Result<std::shared_ptr<MappedFile>> next = files_.Writable(current);
      if (!next.ok())
        return next.status().WithContext("ConsumeQueue " + topic_ + "/" +
                                         std::to_string(queue_id_));
      writing_ = std::move(*next);
    }
    MappedFile& file = *writing_;
    int64_t at = file.file_from_offset() + file.wrote_position();
    if (at == expect) {
      EncodeEntry(entry, commit_log_offset, size, tags_code);
      file.Append(entry, kUnitSize);
      break;
    }
    EncodeEntry(entry, kFillerOffset, kFillerSize, 0);
    file.Append(entry, kUnitSize);
    current = at + kUnitSize;
  }
  max_physic_offset_.store(commit_log_offset + size, std::memory_order_release);
  return Status::OK();
}

ConsumeQueueSlice ConsumeQueue::Read(int64_t queue_offset) const {
  const int64_t pos = queue_offset * kUnitSize;
  if (queue_offset < 0 || pos < min_logic_offset_.load()) return {};
  auto file = files_.FindByOffset(pos);
  if (file == nullptr) return {};
  const int32_t rel = static_cast<int32_t>(pos - file->file_from_offset());
  const int32_t wrote = file->wrote_position();
  if (rel >= wrote) return {};
  return ConsumeQueueSlice(file, file->data() + rel, queue_offset, (wrote - rel) / kUnitSize);
}

bool ConsumeQueue::Get(int64_t queue_offset, ConsumeQueueEntry* entry) const {
  ConsumeQueueSlice slice = Read(queue_offset);
  if (slice.count() == 0) return false;
  *entry = slice.at(0);
  return true;
}

bool ConsumeQueue::Unflushed(ConsumeQueueEntry* first) const {
  const int64_t flushed = files_.flushed_where();
  if (flushed >= files_.MaxOffset()) return false;
  if (!Get(flushed / kUnitSize, first) || IsFiller(*first)) first->commit_log_offset = -1;
  return true;
}

Status ConsumeQueue::TruncateDirty(int64_t commit_log_end, bool clean_stop, bool sync) {
  auto files = files_.Files();
  const int64_t end = files_.MaxOffset();
  int64_t cut = end;
  int64_t max_physic = -1;
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const auto& file = *it;
    int32_t pos = file->wrote_position() - kUnitSize;
    for (; pos >= 0; pos -= kUnitSize) {
      ConsumeQueueEntry e = DecodeEntry(file->data() + pos);
      if (IsFiller(e) || EntryEnd(e) <= commit_log_end) {
        if (!IsFiller(e)) max_physic = EntryEnd(e);
        break;
      }
      cut = file->file_from_offset() + pos;
    }
    if (pos >= 0) break;
  }
  if (cut < files_.MaxOffset()) {
    RMQ_LOG_INFO << "ConsumeQueue " << topic_ << "/" << queue_id_ << " cut from offset "
                 << files_.MaxOffset() / kUnitSize << " to " << cut / kUnitSize;
  }
  if (cut < files_.MaxOffset() || !clean_stop) {
    Status cut_status = files_.TruncateDirtyFiles(cut, clean_stop ? end : INT64_MAX, sync);
    files_replaced_.fetch_add(1, std::memory_order_release);
    RMQ_RETURN_IF_ERROR(cut_status);
  }
  max_physic_offset_ = max_physic;
  return Status::OK();
}

void ConsumeQueue::CorrectMinOffset(int64_t min_commit_log_offset) {
  for (const auto& file : files_.Files()) {
    const int32_t wrote = file->wrote_position();
    for (int32_t pos = 0; pos + kUnitSize <= wrote; pos += kUnitSize) {
      ConsumeQueueEntry e = DecodeEntry(file->data() + pos);
      if (!IsFiller(e) && e.commit_log_offset >= min_commit_log_offset) {
        min_logic_offset_ = std::max(min_logic_offset_.load(), file->file_from_offset() + pos);
        return;
      }
    }
  }
  min_logic_offset_ = std::max(min_logic_offset_.load(), files_.MaxOffset());
}

int ConsumeQueue::DeleteExpiredFiles(int64_t min_commit_log_offset) {
  int deleted = files_.DeleteFromFront(
      [&](MappedFile& file, MappedFile&) {
        ConsumeQueueEntry last = DecodeEntry(file.data() + file_size_ - kUnitSize);
        return EntryEnd(last) <= min_commit_log_offset;
      },
      INT_MAX);
  CorrectMinOffset(min_commit_log_offset);
  return deleted;
}

int64_t ConsumeQueue::OffsetByTime(
    int64_t timestamp,
    const std::function<int64_t(int64_t commit_log_offset, int32_t size)>& store_time_of) const {
  int64_t low = MinOffset();
  int64_t high = MaxOffset();
  while (low < high) {
    int64_t mid = low + (high - low) / 2;
    ConsumeQueueEntry e;
    int64_t t = Get(mid, &e) && !IsFiller(e) ? store_time_of(e.commit_log_offset, e.size) : -1;
    if (t >= timestamp) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

}  // namespace store
}  // namespace rocketmq
