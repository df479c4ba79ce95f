#include "store/index_service.h"

#include <algorithm>
#include <ctime>

#include "common/clock.h"
#include "common/logging.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace store {

namespace {

bool IsIndexFileName(const std::string& name) {
  return name.size() == 17 && name.find_first_not_of("0123456789") == std::string::npos;
}

std::string LocalTimeName(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s%03d", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace

IndexService::IndexService(Env* env, std::string dir, int32_t hash_slot_num, int32_t max_index_num)
    : env_(env),
      dir_(std::move(dir)),
      hash_slot_num_(hash_slot_num),
      max_index_num_(max_index_num) {}

Status IndexService::Load(bool last_exit_ok, int64_t checkpoint_index_timestamp, int64_t log_end,
                          int64_t* rebuild_from, bool durable_below_rebuild) {
  const int64_t cut_at = *rebuild_from;
  RMQ_RETURN_IF_ERROR(env_->CreateDirs(dir_));
  auto names = env_->ListDir(dir_);
  if (!names.ok()) return names.status();
  std::sort(names->begin(), names->end());
  std::vector<std::shared_ptr<IndexFile>> files;
  std::vector<std::shared_ptr<IndexFile>> unlinked;
  // Once one file is distrusted, every newer one goes too: re-indexing appends to the
  // newest file and skips messages below its end.
  bool distrust = false;
  for (const auto& name : *names) {
    if (!IsIndexFileName(name)) continue;
    const std::string path = dir_ + "/" + name;
    auto file = IndexFile::Open(env_, path, hash_slot_num_, max_index_num_);
    if (!file.ok() && file.status().code() != ErrorCode::kCorruption) return file.status();
    distrust = distrust || !file.ok() ||
               (!last_exit_ok && (*file)->end_timestamp() > checkpoint_index_timestamp) ||
               ((*file)->index_count() > 1 && (*file)->end_phy_offset() >= log_end);
    if (distrust && !last_exit_ok && durable_below_rebuild && file.ok() &&
        (*file)->begin_phy_offset() < cut_at && cut_at <= log_end) {
      const int32_t before = (*file)->index_count();
      const int32_t kept = (*file)->CutBefore(cut_at);
      RMQ_LOG_INFO << "index file " << path << " cut before CommitLog offset " << cut_at << " ("
                   << before << " to " << kept << " entries)";
      files.push_back(std::shared_ptr<IndexFile>(std::move(*file)));
      continue;
    }
    if (distrust) {
      if (file.ok()) *rebuild_from = std::min(*rebuild_from, (*file)->begin_phy_offset());
      RMQ_LOG_WARN << "index file " << path << " cannot be trusted after recovery; "
                   << "deleting it to rebuild it from the CommitLog";
      RMQ_RETURN_IF_ERROR(env_->DeleteFile(path));
      if (file.ok()) unlinked.push_back(std::shared_ptr<IndexFile>(std::move(*file)));
      continue;
    }
    files.push_back(std::shared_ptr<IndexFile>(std::move(*file)));
  }
  std::lock_guard<std::mutex> lock(mu_);
  files_ = std::move(files);
  last_put_offset_ = -1;
  for (auto& file : unlinked) unlinked_.push_back(std::move(file));
  return Status::OK();
}

std::string IndexService::NewFileName() const {
  std::string name = LocalTimeName(clock::WallMillis());
  // Names order the files, so a new name must sort after the newest, even when files are
  // created within one millisecond or the clock stepped back. The digits stay sortable.
  if (!files_.empty()) {
    const std::string& p = files_.back()->path();
    const std::string newest = p.substr(p.size() - 17);
    if (name <= newest) name = std::to_string(std::stoll(newest) + 1);
  }
  while (env_->FileExists(dir_ + "/" + name)) name = std::to_string(std::stoll(name) + 1);
  return name;
}

Result<IndexFile*> IndexService::Writable(bool roll) {
  if (!files_.empty() && !roll) return files_.back().get();
  int64_t end_phy = 0;
  int64_t end_ts = 0;
  if (!files_.empty()) {
    end_phy = files_.back()->end_phy_offset();
    end_ts = files_.back()->end_timestamp();
    retired_.push_back(files_.back());
  }
  auto file = IndexFile::Create(env_, dir_ + "/" + NewFileName(), hash_slot_num_, max_index_num_,
                                end_phy, end_ts);
  if (!file.ok()) return file.status();
  files_.push_back(std::shared_ptr<IndexFile>(std::move(*file)));
  return files_.back().get();
}

Status IndexService::PutPendingKeys() {
  const IndexFile::KeyEntry* keys = pending_keys_.data();
  size_t left = pending_keys_.size();
  bool roll = false;
  while (left > 0) {
    auto file = Writable(roll);
    if (!file.ok()) return file.status();
    // PutKeys stops only when the file is full: the rest goes to a new one.
    const size_t put = (*file)->PutKeys(keys, left);
    if (put == 0 && roll) {
      return Status::Internal("a fresh index file refused the key of the message at offset " +
                              std::to_string(keys->phy_offset));
    }
    if (put > 0) last_put_offset_ = keys[put - 1].phy_offset;
    keys += put;
    left -= put;
    roll = put == 0 || left > 0;
  }
  return Status::OK();
}

Status IndexService::BuildIndex(const DispatchRequest* requests, size_t count) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_keys_.clear();
  for (size_t i = 0; i < count; ++i) {
    const DispatchRequest& request = requests[i];
    // Offsets rise through `requests`: the keys pending are all before this one.
    const bool after_last_put =
        last_put_offset_ >= 0 && request.commit_log_offset > last_put_offset_;
    if (!after_last_put && !files_.empty() && files_.back()->Covers(request.commit_log_offset)) {
      continue;
    }
    if (protocol::MessageSysFlag::TransactionType(request.sys_flag) ==
        protocol::MessageSysFlag::kTransactionRollbackType) {
      continue;
    }
    // Keys are stored as "<topic>#<key>"; the prefix is hashed once per topic (one topic
    // usually sends many messages).
    if (request.topic != prefix_topic_) {
      prefix_topic_.assign(request.topic);
      prefix_hash_ = protocol::JavaStringHash("#", protocol::JavaStringHash(request.topic));
    }
    auto add = [&](std::string_view key) {
      pending_keys_.push_back(IndexFile::KeyEntry{IndexFile::KeyHash(key, prefix_hash_),
                                                  request.commit_log_offset,
                                                  request.store_timestamp});
    };
    if (!request.uniq_key.empty()) add(request.uniq_key);
    for (std::string_view key : protocol::SplitKeys(request.keys)) add(key);
  }
  return PutPendingKeys();
}

IndexQueryResult IndexService::Query(const std::string& topic, const std::string& key,
                                     size_t max_num, int64_t begin, int64_t end) const {
  IndexQueryResult result;
  std::vector<std::shared_ptr<IndexFile>> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    files = files_;
  }
  if (files.empty()) return result;
  result.index_last_update_timestamp = files.back()->end_timestamp();
  result.index_last_update_phy_offset = files.back()->end_phy_offset();
  const std::string full_key = topic + "#" + key;
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    if ((*it)->IsTimeMatched(begin, end)) {
      (*it)->SelectPhyOffsets(full_key, max_num, begin, end, &result.commit_log_offsets);
    }
    if ((*it)->begin_timestamp() < begin || result.commit_log_offsets.size() >= max_num) break;
  }
  return result;
}

Result<int64_t> IndexService::Flush(bool newest) {
  std::vector<std::shared_ptr<IndexFile>> to_flush;
  {
    std::lock_guard<std::mutex> lock(mu_);
    to_flush.swap(retired_);
    if (newest && !files_.empty()) to_flush.push_back(files_.back());
  }
  if (to_flush.empty()) return int64_t{0};
  const int64_t covered = to_flush.back()->end_timestamp();
  for (size_t i = 0; i < to_flush.size(); ++i) {
    Status s = to_flush[i]->Flush();
    if (!s.ok()) {
      // The retired files not synced yet are tried again at the next call.
      const size_t retired = newest ? to_flush.size() - 1 : to_flush.size();
      std::lock_guard<std::mutex> lock(mu_);
      retired_.insert(retired_.begin(), to_flush.begin() + static_cast<std::ptrdiff_t>(i),
                      to_flush.begin() + static_cast<std::ptrdiff_t>(std::max(i, retired)));
      return s;
    }
  }
  return covered;
}

void IndexService::ReleaseUnlinked() {
  std::vector<std::shared_ptr<IndexFile>> unlinked;
  {
    std::lock_guard<std::mutex> lock(mu_);
    unlinked.swap(unlinked_);
  }
  // The last references go here, outside the lock: the file system frees the blocks now.
}

int IndexService::DeleteExpired(int64_t min_commit_log_offset) {
  std::vector<std::shared_ptr<IndexFile>> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (files_.size() > 1 && files_.front()->end_phy_offset() < min_commit_log_offset) {
      doomed.push_back(files_.front());
      files_.erase(files_.begin());
    }
  }
  for (const auto& file : doomed) {
    Status s = file->Delete();
    if (!s.ok()) {
      RMQ_LOG_WARN << "deleting expired index file: " << s.ToString();
    }
  }
  return static_cast<int>(doomed.size());
}

size_t IndexService::file_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return files_.size();
}

}  // namespace store
}  // namespace rocketmq
