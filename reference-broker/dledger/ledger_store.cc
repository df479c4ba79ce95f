#include "dledger/ledger_store.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "common/logging.h"
#include "dledger/properties_file.h"
#include "protocol/big_endian.h"

namespace rocketmq {
namespace dledger {

namespace be = protocol::big_endian;

LedgerStore::LedgerStore(store::Env* env, std::string dir, int64_t data_file_size,
                         int64_t index_file_size)
    : env_(env),
      dir_(std::move(dir)),
      data_(env, dir_ + "/data", data_file_size),
      index_(env, dir_ + "/index", index_file_size) {}

int64_t LedgerStore::begin_index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return begin_index_;
}
int64_t LedgerStore::end_index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_index_;
}
int64_t LedgerStore::end_term() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_term_;
}
int64_t LedgerStore::committed_index() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_index_;
}
int64_t LedgerStore::committed_pos() const {
  std::lock_guard<std::mutex> lock(mu_);
  return committed_pos_;
}
int64_t LedgerStore::write_pos() const {
  std::lock_guard<std::mutex> lock(mu_);
  return data_.MaxOffset();
}

Status LedgerStore::Recover() {
  std::lock_guard<std::mutex> lock(mu_);
  RMQ_RETURN_IF_ERROR(data_.Load().WithContext("loading the DLedger data files"));
  RMQ_RETURN_IF_ERROR(index_.Load().WithContext("loading the DLedger index files"));
  const int64_t file_size = data_.file_size();
  const auto files = data_.Files();
  int64_t end_pos = files.empty() ? 0 : files.front()->file_from_offset();
  int64_t expected_index = -1;
  int64_t last_term = -1;
  bool stop = false;
  for (size_t f = 0; f < files.size() && !stop; ++f) {
    const store::MappedFile& file = *files[f];
    int64_t off = 0;
    for (;;) {
      if (off + kMinBlankLen > file_size) {
        // An entry always leaves room for a blank, so a file ends exactly here.
        end_pos = file.file_from_offset() + file_size;
        break;
      }
      int32_t magic = 0;
      int32_t size = 0;
      PeekEntryHeader(file.data() + off, &magic, &size);
      if (magic == kBlankMagic) {
        end_pos = file.file_from_offset() + file_size;
        break;
      }
      if (magic == 0 && size == 0) {
        stop = true;
        break;
      }
      Result<Entry> entry = DecodeEntry(file.data() + off, static_cast<size_t>(file_size - off));
      const int64_t abs = file.file_from_offset() + off;
      std::string problem;
      if (!entry.ok()) {
        problem = entry.status().message();
      } else if (entry->pos != abs) {
        problem = "entry " + std::to_string(entry->index) + " says pos " +
                  std::to_string(entry->pos) + " but lies at " + std::to_string(abs);
      } else if (expected_index != -1 && entry->index != expected_index) {
        problem = "index " + std::to_string(entry->index) + " where " +
                  std::to_string(expected_index) + " was expected";
      } else if (entry->term < last_term) {
        problem =
            "term " + std::to_string(entry->term) + " after term " + std::to_string(last_term);
      }
      if (!problem.empty()) {
        RMQ_LOG_WARN << "DLedger store '" << dir_ << "': cutting the log at " << abs << ": "
                     << problem;
        stop = true;
        break;
      }
      if (begin_index_ == -1) begin_index_ = entry->index;
      RMQ_RETURN_IF_ERROR(WriteIndexUnitLocked(*entry));
      expected_index = entry->index + 1;
      last_term = entry->term;
      end_index_ = entry->index;
      end_term_ = entry->term;
      off += entry->size();
      end_pos = abs + entry->size();
    }
  }
  RMQ_RETURN_IF_ERROR(data_.TruncateDirtyFiles(end_pos));
  RMQ_RETURN_IF_ERROR(index_.TruncateDirtyFiles((end_index_ + 1) * kIndexUnitSize));
  data_.SetFlushedWhere(end_pos);
  index_.SetFlushedWhere((end_index_ + 1) * kIndexUnitSize);

  Result<std::map<std::string, std::string>> checkpoint =
      ReadPropertiesFile(env_, dir_ + "/checkpoint", {"committedIndex"});
  if (checkpoint.ok()) {
    try {
      committed_index_ = std::min<int64_t>(std::stoll((*checkpoint)["committedIndex"]), end_index_);
    } catch (const std::exception&) {
      RMQ_LOG_WARN << "DLedger store '" << dir_ << "': unreadable committedIndex in checkpoint";
      committed_index_ = -1;
    }
  }
  if (committed_index_ < -1) committed_index_ = -1;
  if (committed_index_ >= 0) {
    Result<Entry> last = GetLocked(committed_index_);
    if (!last.ok()) return last.status().WithContext("recovering the DLedger committed position");
    committed_pos_ = last->pos + last->size();
  } else {
    committed_pos_ = files.empty() ? 0 : files.front()->file_from_offset();
  }
  RMQ_LOG_INFO << "DLedger store '" << dir_ << "' recovered: entries [" << begin_index_ << ", "
               << end_index_ << "], end term " << end_term_ << ", committed " << committed_index_;
  return Status::OK();
}

Status LedgerStore::WriteIndexUnitLocked(const Entry& entry) {
  IndexUnit unit;
  unit.magic = entry.magic;
  unit.pos = entry.pos;
  unit.size = entry.size();
  unit.index = entry.index;
  unit.term = entry.term;
  char bytes[kIndexUnitSize];
  EncodeIndexUnit(unit, bytes);
  const int64_t offset = entry.index * kIndexUnitSize;
  const int64_t max = index_.MaxOffset();
  if (offset < max && !index_.Empty()) {
    std::shared_ptr<store::MappedFile> file = index_.FindByOffset(offset);
    if (file == nullptr) {
      return Status::Corruption("DLedger index has no file for entry " +
                                std::to_string(entry.index));
    }
    char* at = file->data() + (offset - file->file_from_offset());
    if (std::memcmp(at, bytes, sizeof(bytes)) != 0) {
      std::memcpy(at, bytes, sizeof(bytes));
      // Flush() only follows the write position; a repaired unit behind it is synced now.
      RMQ_RETURN_IF_ERROR(file->SyncAll());
    }
    return Status::OK();
  }
  if (offset != max && !index_.Empty()) {
    return Status::Corruption("DLedger index ends at " + std::to_string(max / kIndexUnitSize) +
                              ", cannot add entry " + std::to_string(entry.index));
  }
  Result<std::shared_ptr<store::MappedFile>> file = index_.Writable(offset);
  if (!file.ok()) return file.status();
  if ((*file)->file_from_offset() + (*file)->wrote_position() != offset) {
    (*file)->SetWrotePosition(static_cast<int32_t>(offset - (*file)->file_from_offset()));
  }
  if (!(*file)->Append(bytes, sizeof(bytes))) {
    return Status::Internal("DLedger index unit did not fit its file");
  }
  return Status::OK();
}

Status LedgerStore::AppendLocked(Entry* entry, bool as_leader, const PosHook& hook) {
  const int64_t size = entry->size();
  if (size + kMinBlankLen > data_.file_size()) {
    return Status::InvalidArgument("DLedger entry of " + std::to_string(size) +
                                   " bytes does not fit a data file of " +
                                   std::to_string(data_.file_size()));
  }
  if (!as_leader && entry->index != end_index_ + 1) {
    return Status::IllegalState("DLedger entry " + std::to_string(entry->index) +
                                " is not the next one after " + std::to_string(end_index_));
  }
  Result<std::shared_ptr<store::MappedFile>> file = data_.Writable(as_leader ? 0 : entry->pos);
  if (!file.ok()) return file.status();
  if (size + kMinBlankLen > (*file)->RemainingBytes()) {
    char blank[kMinBlankLen];
    be::Store32(blank, static_cast<uint32_t>(kBlankMagic));
    be::Store32(blank + 4, static_cast<uint32_t>((*file)->RemainingBytes()));
    if (!(*file)->Append(blank, sizeof(blank))) {
      return Status::Internal("DLedger blank filler did not fit");
    }
    (*file)->SetWrotePosition(static_cast<int32_t>((*file)->file_size()));
    file = data_.Writable(0);
    if (!file.ok()) return file.status();
  }
  const int64_t pos = (*file)->file_from_offset() + (*file)->wrote_position();
  if (as_leader) {
    entry->index = end_index_ + 1;
    entry->pos = pos;
    if (hook) {
      const size_t before = entry->body.size();
      hook(pos, &entry->body);
      if (entry->body.size() != before) {
        return Status::Internal("a DLedger append hook changed the size of the body");
      }
    }
  } else if (entry->pos != pos) {
    return Status::IllegalState("DLedger entry " + std::to_string(entry->index) + " has pos " +
                                std::to_string(entry->pos) + " but would land at " +
                                std::to_string(pos));
  }
  std::string bytes;
  bytes.reserve(static_cast<size_t>(size));
  EncodeEntry(*entry, &bytes);
  if (!(*file)->Append(bytes.data(), bytes.size())) {
    return Status::Internal("DLedger entry did not fit its data file");
  }
  RMQ_RETURN_IF_ERROR(WriteIndexUnitLocked(*entry));
  if (begin_index_ == -1) begin_index_ = entry->index;
  end_index_ = entry->index;
  end_term_ = entry->term;
  return Status::OK();
}

Result<Entry> LedgerStore::AppendAsLeader(std::string body, int64_t term, const PosHook& hook) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry entry;
  entry.term = term;
  entry.body = std::move(body);
  RMQ_RETURN_IF_ERROR(AppendLocked(&entry, true, hook));
  return entry;
}

Status LedgerStore::AppendAsFollower(const Entry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry copy = entry;
  return AppendLocked(&copy, false);
}

Status LedgerStore::CutLocked(int64_t data_pos, int64_t next_index) {
  RMQ_RETURN_IF_ERROR(data_.TruncateDirtyFiles(data_pos));
  return index_.TruncateDirtyFiles(next_index * kIndexUnitSize);
}

Status LedgerStore::Truncate(const Entry& entry) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<Entry> local = GetLocked(entry.index);
  const bool existed = local.ok() && *local == entry;
  const int64_t cut_pos = existed ? entry.pos + entry.size() : entry.pos;
  if (cut_pos > data_.MaxOffset() && !data_.Empty()) {
    return Status::IllegalState("cannot truncate the DLedger log at " + std::to_string(cut_pos) +
                                ": it ends at " + std::to_string(data_.MaxOffset()));
  }
  RMQ_RETURN_IF_ERROR(CutLocked(cut_pos, entry.index));
  if (committed_index_ >= entry.index + (existed ? 1 : 0)) {
    RMQ_LOG_ERROR << "DLedger store '" << dir_ << "': truncation at entry " << entry.index
                  << " removes committed entries up to " << committed_index_;
    committed_index_ = entry.index - (existed ? 0 : 1);
  }
  end_index_ = entry.index - 1;
  end_term_ = -1;
  if (existed) {
    RMQ_RETURN_IF_ERROR(WriteIndexUnitLocked(entry));
    end_index_ = entry.index;
    end_term_ = entry.term;
  } else {
    Entry copy = entry;
    RMQ_RETURN_IF_ERROR(AppendLocked(&copy, false));
  }
  if (begin_index_ == -1 || begin_index_ > entry.index) begin_index_ = entry.index;
  return Status::OK();
}

Result<Entry> LedgerStore::Get(int64_t index) const {
  std::lock_guard<std::mutex> lock(mu_);
  return GetLocked(index);
}

Result<Entry> LedgerStore::GetLocked(int64_t index) const {
  if (index < begin_index_ || index > end_index_ || index < 0) {
    return Status::NotFound("DLedger entry " + std::to_string(index) + " is outside [" +
                            std::to_string(begin_index_) + ", " + std::to_string(end_index_) + "]");
  }
  std::shared_ptr<store::MappedFile> index_file = index_.FindByOffset(index * kIndexUnitSize);
  if (index_file == nullptr) {
    return Status::Corruption("DLedger index has no file for entry " + std::to_string(index));
  }
  const IndexUnit unit = DecodeIndexUnit(index_file->data() +
                                         (index * kIndexUnitSize - index_file->file_from_offset()));
  std::shared_ptr<store::MappedFile> data_file = data_.FindByOffset(unit.pos);
  if (unit.index != index || data_file == nullptr) {
    return Status::Corruption("DLedger index unit of entry " + std::to_string(index) +
                              " points nowhere (pos " + std::to_string(unit.pos) + ")");
  }
  const int64_t off = unit.pos - data_file->file_from_offset();
  Result<Entry> entry =
      DecodeEntry(data_file->data() + off, static_cast<size_t>(data_file->file_size() - off));
  if (!entry.ok()) return entry.status();
  if (entry->index != index) {
    return Status::Corruption("DLedger data at " + std::to_string(unit.pos) + " holds entry " +
                              std::to_string(entry->index) + ", not " + std::to_string(index));
  }
  return entry;
}

void LedgerStore::UpdateCommittedIndex(int64_t index) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t target = std::min(index, end_index_);
    if (target <= committed_index_) return;
    Result<Entry> last = GetLocked(target);
    if (!last.ok()) {
      RMQ_LOG_ERROR << "DLedger store '" << dir_ << "': cannot commit " << target << ": "
                    << last.status().ToString();
      return;
    }
    committed_index_ = target;
    committed_pos_ = last->pos + last->size();
  }
  if (commit_listener_) commit_listener_();
}

Status LedgerStore::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  RMQ_RETURN_IF_ERROR(data_.Flush(0));
  return index_.Flush(0);
}

Status LedgerStore::PersistCheckpoint() {
  int64_t end = 0;
  int64_t committed = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    end = end_index_;
    committed = committed_index_;
  }
  return WritePropertiesFile(
      env_, dir_ + "/checkpoint",
      {{"committedIndex", std::to_string(committed)}, {"endIndex", std::to_string(end)}});
}

}  // namespace dledger
}  // namespace rocketmq
