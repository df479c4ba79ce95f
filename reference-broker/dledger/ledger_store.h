// LedgerStore: the Raft log on disk, in the layout of DLedger 0.3.1.2's DLedgerMmapFileStore.
//
//   <dir>/data/<20-digit offset>   data files (entries, see entry.h), fixed size, blank-filled
//   <dir>/index/<20-digit offset>  index files: 32-byte unit per entry at index * 32
//   <dir>/checkpoint               endIndex, committedIndex (properties)
//
// The data files are the truth: Recover() scans them, checks every entry's magic, size, pos,
// contiguous index and non-decreasing term, cuts a torn tail, and repairs the index from them.
// Positions are identical on every member (followers write each entry at the leader's pos and
// apply the same blank rule), so a store moves between members and between Apache's DLedger
// broker and ours.
//
// Durability: appends are mapped writes; Flush() makes them durable (the member calls it
// every flushFileInterval, as DLedger does, and before it answers a push).
//
// Threading: every method takes the store's mutex; readers may call Get from any thread.
#ifndef ROCKETMQ_DLEDGER_LEDGER_STORE_H_
#define ROCKETMQ_DLEDGER_LEDGER_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "dledger/entry.h"
#include "rocketmq/status.h"
#include "store/env.h"
#include "store/mapped_file_queue.h"

namespace rocketmq {
namespace dledger {

class LedgerStore {
 public:
  // `dir` is DLedgerConfig::DefaultPath().
  LedgerStore(store::Env* env, std::string dir, int64_t data_file_size, int64_t index_file_size);

  // Loads the files and recovers the ledger's end (see the file comment).
  Status Recover();

  int64_t begin_index() const;
  int64_t end_index() const;  // -1 when empty
  int64_t end_term() const;   // -1 when empty
  int64_t committed_index() const;
  // One past the last byte written to the data files.
  int64_t write_pos() const;
  // End of the last committed entry: what a reader may read up to.
  int64_t committed_pos() const;

  // Called with the entry's position before it is written, to put that position into the
  // body (RocketMQ's PHYSICALOFFSET = pos + 48); must not change the body's size.
  using PosHook = std::function<void(int64_t pos, std::string* body)>;
  // Appends `body` as the next entry of `term` (the leader's path); fills in index and pos.
  Result<Entry> AppendAsLeader(std::string body, int64_t term, const PosHook& hook = nullptr);
  // Appends an entry made by the leader. IllegalState (DLedger's INCONSISTENT_STATE) unless it
  // is the next index and lands at its pos here.
  Status AppendAsFollower(const Entry& entry);
  // Makes `entry` (the leader's) the last entry: cuts everything after it, and writes it if
  // the local entry at its index differs (DLedgerMmapFileStore.truncate).
  Status Truncate(const Entry& entry);

  // The entry at `index`; NotFound outside [begin, end].
  Result<Entry> Get(int64_t index) const;

  // Raises the committed index to min(index, end); never lowers it.
  void UpdateCommittedIndex(int64_t index);
  // Called after every raise of the committed index, with no lock of the store held (but
  // perhaps the member's): keep it to a wake-up. Set before the member starts.
  void SetCommitListener(std::function<void()> listener) { commit_listener_ = std::move(listener); }

  // The data files, for readers of the records inside entries (a broker's CommitLog).
  store::MappedFileQueue* data_files() { return &data_; }

  Status Flush();
  // Writes `checkpoint` (endIndex, committedIndex).
  Status PersistCheckpoint();

 private:
  Status AppendLocked(Entry* entry, bool as_leader, const PosHook& hook = nullptr);
  Status WriteIndexUnitLocked(const Entry& entry);
  Status CutLocked(int64_t data_pos, int64_t next_index);
  Result<Entry> GetLocked(int64_t index) const;

  store::Env* env_;
  std::string dir_;
  mutable std::mutex mu_;
  store::MappedFileQueue data_;
  store::MappedFileQueue index_;
  int64_t begin_index_ = -1;
  int64_t end_index_ = -1;
  int64_t end_term_ = -1;
  int64_t committed_index_ = -1;
  int64_t committed_pos_ = 0;
  std::function<void()> commit_listener_;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_LEDGER_STORE_H_
