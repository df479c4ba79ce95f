// EntryLog: a log that holds the CommitLog's records for it, one record per entry behind a
// header of its own — DLedger mode (Apache's DLedgerCommitLog), where the Raft group's log
// is the CommitLog. The store stays the same above it: the CommitLog assigns queue offsets
// and stamps each record (PHYSICALOFFSET = where the record starts inside its entry), the
// AckPoint acknowledges a put once the log reports it committed (OnReplicated), and readers
// and the dispatcher read records where the entries hold them, never past the committed end.
//
// The store knows no more of the format than the frame of an entry (Frame): the owner of
// the log (reference-broker/dledger) keeps the rest.
#ifndef ROCKETMQ_STORE_ENTRY_LOG_H_
#define ROCKETMQ_STORE_ENTRY_LOG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "rocketmq/status.h"
#include "store/mapped_file_queue.h"

namespace rocketmq {
namespace store {

class EntryLog {
 public:
  struct Frame {
    enum class Kind { kEntry, kBlank, kNone };
    Kind kind = Kind::kNone;
    int32_t header = 0;  // bytes before the record
    int32_t size = 0;    // the whole entry, header included
  };
  // Sets the record's offsets and store time before it is written; `records_offset` is the
  // log offset its first byte lands at. Must not change its size.
  using Stamp = std::function<void(int64_t records_offset, std::string* record)>;

  virtual ~EntryLog() = default;

  // The files the entries live in (loaded and recovered by the owner), on the CommitLog's
  // file grid; the store reads records from them.
  virtual MappedFileQueue* files() = 0;
  // End of the last committed entry: nothing after it is dispatched or read.
  virtual int64_t committed_end() const = 0;
  // What the bytes at an entry boundary are: an entry (kNone when not one), or the blank
  // that fills a file's end (the next entry is at the start of the next file).
  virtual Frame FrameAt(std::string_view bytes) const = 0;
  // Appends one record as one entry (leader only); returns where the entry ends. The store
  // learns of its commit through MessageStore::OnEntriesCommitted.
  virtual Result<int64_t> Append(std::string record, const Stamp& stamp) = 0;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_ENTRY_LOG_H_
