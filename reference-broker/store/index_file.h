// IndexFile: one hash index of message keys to CommitLog offsets (protocol.md §6.3).
//
//   header (40): beginTimestamp 8 | endTimestamp 8 | beginPhyOffset 8 | endPhyOffset 8 |
//                hashSlotCount 4 | indexCount 4
//   slots:  hashSlotNum x int32, the number of the newest entry of the slot (0 = empty)
//   entries: maxIndexNum x { keyHash 4 | phyOffset 8 | timeDiff(s) 4 | prevEntry 4 }
//
// Entry 0 is never used (indexCount starts at 1). Keys are compared by hash only, so a
// lookup may return offsets of other keys: callers re-check the message's keys.
// One writer (the dispatcher) and concurrent readers, serialised by a mutex per file.
#ifndef ROCKETMQ_STORE_INDEX_FILE_H_
#define ROCKETMQ_STORE_INDEX_FILE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"
#include "store/env.h"
#include "store/mapped_file.h"

namespace rocketmq {
namespace store {

class IndexFile {
 public:
  static constexpr int64_t kHeaderSize = 40;
  static constexpr int64_t kSlotSize = 4;
  static constexpr int64_t kEntrySize = 20;

  static int64_t FileSize(int32_t hash_slot_num, int32_t max_index_num) {
    return kHeaderSize + hash_slot_num * kSlotSize + int64_t{max_index_num} * kEntrySize;
  }
  // abs(String.hashCode()), with Integer.MIN_VALUE mapped to 0, as Apache hashes keys.
  // `prefix_hash`: the String.hashCode() of what precedes `key` in the hashed string (the
  // store hashes "<topic>#<key>" without building it).
  static int32_t KeyHash(std::string_view key, int32_t prefix_hash = 0);

  // A new, empty file continuing after a previous one that ended at these values (0 if
  // none): Apache starts the new header's begin and end there.
  static Result<std::unique_ptr<IndexFile>> Create(Env* env, const std::string& path,
                                                   int32_t hash_slot_num, int32_t max_index_num,
                                                   int64_t end_phy_offset, int64_t end_timestamp);
  static Result<std::unique_ptr<IndexFile>> Open(Env* env, const std::string& path,
                                                 int32_t hash_slot_num, int32_t max_index_num);

  const std::string& path() const { return file_->path(); }
  // One key to add: its KeyHash and the message it indexes.
  struct KeyEntry {
    int32_t key_hash = 0;
    int64_t phy_offset = 0;
    int64_t store_timestamp = 0;
  };
  // Adds keys in order, under one lock (the dispatcher adds a run of messages' keys at a
  // time); returns how many fit, fewer than `count` only when the file is full.
  size_t PutKeys(const KeyEntry* entries, size_t count);
  // Adds a key; false if the file is full.
  bool PutKey(int32_t key_hash, int64_t phy_offset, int64_t store_timestamp) {
    const KeyEntry entry{key_hash, phy_offset, store_timestamp};
    return PutKeys(&entry, 1) == 1;
  }
  // Whether the message at CommitLog offset `phy_offset` is indexed here already, or one
  // after it is (a replay after a restart re-dispatches them).
  bool Covers(int64_t phy_offset) const;
  // Appends to `out` (up to max_num in total) the offsets stored under `key`'s hash with a
  // store time in [begin, end], newest first.
  void SelectPhyOffsets(std::string_view key, size_t max_num, int64_t begin, int64_t end,
                        std::vector<int64_t>* out) const;
  // Whether [begin, end] overlaps the file's time range.
  bool IsTimeMatched(int64_t begin, int64_t end) const;

  int64_t begin_timestamp() const;
  int64_t end_timestamp() const;
  int64_t begin_phy_offset() const;
  int64_t end_phy_offset() const;
  int32_t index_count() const;

  // Drops the entries of messages at or after CommitLog offset `phy_offset` and rebuilds
  // the hash slots from the entries kept (crash recovery: the caller knows the entries
  // below `phy_offset` are durable, and re-indexes the log from there). Entries end where
  // their offsets stop rising, so a torn tail goes too. Returns how many entries remain.
  int32_t CutBefore(int64_t phy_offset);
  int32_t hash_slot_count() const;

  Status Flush();
  Status Delete() { return file_->Delete(); }

 private:
  IndexFile(std::shared_ptr<MappedFile> file, int32_t hash_slot_num, int32_t max_index_num);
  int64_t Header64(int at) const;
  int32_t Header32(int at) const;
  void SetHeader64(int at, int64_t v);
  void SetHeader32(int at, int32_t v);
  // PutKeys for one key, under mu_; false if the file is full.
  bool PutKeyLocked(const KeyEntry& entry);

  std::shared_ptr<MappedFile> file_;
  int32_t hash_slot_num_;
  int32_t max_index_num_;
  mutable std::mutex mu_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_INDEX_FILE_H_
