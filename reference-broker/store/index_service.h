// IndexService: the sequence of IndexFiles under ${root}/index (Apache's IndexService).
//
// Files are named by their creation time, yyyyMMddHHmmssSSS in local time, and a new one
// starts when the newest is full. For every dispatched message the keys "<topic>#<UNIQ_KEY>"
// and "<topic>#<each KEYS token>" are indexed (not for rolled-back transaction records).
// Written by the dispatcher thread only; queried from any thread.
#ifndef ROCKETMQ_STORE_INDEX_SERVICE_H_
#define ROCKETMQ_STORE_INDEX_SERVICE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rocketmq/status.h"
#include "store/dispatch_request.h"
#include "store/env.h"
#include "store/index_file.h"

namespace rocketmq {
namespace store {

struct IndexQueryResult {
  std::vector<int64_t> commit_log_offsets;  // newest first
  int64_t index_last_update_timestamp = 0;
  int64_t index_last_update_phy_offset = 0;
};

class IndexService {
 public:
  IndexService(Env* env, std::string dir, int32_t hash_slot_num, int32_t max_index_num);

  // Opens the existing files. A file that cannot be trusted is deleted and *rebuild_from
  // lowered to the CommitLog offset its entries start at, for the dispatcher to re-index:
  // after a crash (`last_exit_ok` false) one holding entries newer than the checkpoint's
  // index time (it may be torn), and always one pointing at or past `log_end`, where
  // recovery cut the CommitLog (its entries would name other messages later). After a
  // crash, when every entry below *rebuild_from is known durable (`durable_below_rebuild`:
  // that offset's record is older than the checkpoint's index time), each such file
  // that starts below it is cut there instead (IndexFile::CutBefore): re-indexing then
  // starts where the log's check did, not at the start of an index file that can span
  // 20 million messages.
  Status Load(bool last_exit_ok, int64_t checkpoint_index_timestamp, int64_t log_end,
              int64_t* rebuild_from, bool durable_below_rebuild = false);

  // Indexes the keys of `count` messages in CommitLog order, under one lock per file
  // written; messages already indexed are skipped (replay is idempotent).
  Status BuildIndex(const DispatchRequest* requests, size_t count);

  // Offsets stored under "<topic>#<key>" with a store time in [begin, end].
  IndexQueryResult Query(const std::string& topic, const std::string& key, size_t max_num,
                         int64_t begin, int64_t end) const;

  // Syncs the full files retired since the last call, and the newest file when `newest`.
  // Returns the store time up to which the index is now durable (0: nothing synced).
  //
  // The newest file is synced rarely (MessageStore decides): its hash slots are stored
  // into at random, so nearly every slot page (~4,900 with 5 million slots) is dirty after
  // a second of load; a sync write-protects them all (a TLB shootdown to the other core
  // per page: ~13 ms of CPU and 30-200 ms of wall time per sync here, with a 6-9 ms stall
  // of both cores inside it) and the dispatcher, the broker's I/O thread at low rates,
  // takes a write fault on each again (~3,000 a second at 10k msgs/s). Apache syncs an
  // index file only once it is full.
  Result<int64_t> Flush(bool newest = true);

  // Closes the files Load() unlinked (see unlinked_); the housekeeping thread calls it.
  void ReleaseUnlinked();
  // Deletes files (never the newest) whose entries all point below `min_commit_log_offset`.
  int DeleteExpired(int64_t min_commit_log_offset);

  size_t file_count() const;

 private:
  // The newest file, or a new one when there is none or `roll`.
  Result<IndexFile*> Writable(bool roll);
  // Adds pending_keys_ to the newest file, rolling to a new one when it fills.
  Status PutPendingKeys();
  std::string NewFileName() const;

  Env* env_;
  std::string dir_;
  int32_t hash_slot_num_;
  int32_t max_index_num_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<IndexFile>> files_;
  // The topic BuildIndex indexed last and the JavaStringHash of "<topic>#" (under mu_).
  std::string prefix_topic_;
  int32_t prefix_hash_ = 0;
  // CommitLog offset of the message Put indexed last (-1: none since Load), under mu_. The
  // newest file ends there, so it cannot hold a message after it: no Covers() check.
  int64_t last_put_offset_ = -1;
  // The keys BuildIndex collects for one PutKeys (under mu_; kept for its capacity).
  std::vector<IndexFile::KeyEntry> pending_keys_;
  // Full files retired since the last Flush(); they are synced once more then dropped here.
  std::vector<std::shared_ptr<IndexFile>> retired_;
  // Files Load() distrusted and unlinked while still open: their blocks are freed when the
  // last reference goes, in ReleaseUnlinked() on the housekeeping thread, not on
  // the start's path (freeing a 420 MB index file inside unlink() took 2.8 s of a crash
  // recovery here).
  std::vector<std::shared_ptr<IndexFile>> unlinked_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_INDEX_SERVICE_H_
