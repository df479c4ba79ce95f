// CommitLog: the store's single append-only log of message records (protocol.md §6.1).
//
// Threads (both owned and joined here):
//  - the appender: drains the queue of appends in batches. Producers' threads validate and
//    enqueue encoded records (Append); the appender assigns queue offsets, sets
//    QUEUEOFFSET / PHYSICALOFFSET / STORETIMESTAMP in the request's own bytes, writes the
//    batch's records with one pwritev (MappedFile::Stage / Commit: nothing is stored through
//    the mapping, so flushes cost no TLB shootdowns), and hands each request to the
//    AckPoint. One writer at a time (writer_mu_) beats several contending on a 2-core
//    machine, and batching is what makes group commit possible. An AppendBatch of at most 64 KiB
//    ending while the appender is idle (nothing queued, nothing being appended) appends on its own
//    thread instead: the broker's I/O thread then stores the sends of one read and answers them
//    without two thread switches. Bigger ones keep the appender working in parallel.
//  - the flusher: SYNC_FLUSH: whenever requests wait, one fdatasync covers all of them
//    (group commit), then the AckPoint completes them. ASYNC_FLUSH: every
//    flushIntervalCommitLog ms, when flushCommitLogLeastPages pages are pending (any amount
//    after flushCommitLogThoroughInterval).
//
// On a SYNC_MASTER a request with WAIT=true also waits for a slave to acknowledge its end
// (AckPoint), or is answered SLAVE_NOT_AVAILABLE at once when the replica gate says no slave
// can. On a slave, the HA client writes the master's bytes verbatim (AppendReplicated).
//
// A record that does not fit in the rest of a file (with 8 bytes to spare) is preceded by
// the 8-byte BLANK filler and goes to the start of the next file; a batch is never split.
// After an I/O error (a failed flush, a failed write) the log refuses every further append
// with the same, sticky error instead of writing on top of an unknown state.
#ifndef ROCKETMQ_STORE_COMMIT_LOG_H_
#define ROCKETMQ_STORE_COMMIT_LOG_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "protocol/message_record.h"
#include "store/ack_point.h"
#include "store/dispatch_request.h"
#include "store/entry_log.h"
#include "store/env.h"
#include "store/file_allocator.h"
#include "store/mapped_file_queue.h"
#include "store/message_store_config.h"
#include "store/put_message_result.h"
#include "store/selected_record.h"
#include "store/store_checkpoint.h"

namespace rocketmq {
namespace store {

// Holds the puts this thread makes while it is alive and hands them to the appender
// together when it ends: one wakeup of the appender for a run of puts instead of one per
// put (the broker opens one around the requests of one network read). Scopes nest; the
// outermost one hands over, or appends the puts itself when the appender is idle: their
// callbacks may then run on this thread, in the scope's destructor, so hold no lock a
// callback takes. Keep it short: held puts wait for its end.
class AppendBatch {
 public:
  AppendBatch();
  ~AppendBatch();
  AppendBatch(const AppendBatch&) = delete;
  AppendBatch& operator=(const AppendBatch&) = delete;

  // Hands what this thread's batch holds to the appender now. A thread about to wait for a
  // put must call it (MessageStore's future-returning PutMessage does): its put may be held.
  static void HandOverNow();

 private:
  // `append_here`: the puts may be appended on this thread (see CommitLog::Enqueue).
  static void HandOver(bool append_here);
};

class CommitLog {
 public:
  // With `entry_log` (DLedger mode) the records live in that log's entries instead of files
  // of their own: see entry_log.h.
  CommitLog(const MessageStoreConfig& config, Env* env, FileAllocator* allocator,
            EntryLog* entry_log = nullptr);
  // Shutdown()s.
  ~CommitLog();
  CommitLog(const CommitLog&) = delete;
  CommitLog& operator=(const CommitLog&) = delete;

  Status Load();
  // From now on the flusher records the store time of the newest durable message here.
  // Only before Start().
  void AttachCheckpoint(StoreCheckpoint* checkpoint) { checkpoint_ = checkpoint; }

  // Checks the tail of the log record by record (magic, size, position, and the body CRC
  // if checkCRCOnRecover) and cuts it where the valid records end. A clean stop
  // (`abnormal` false) checks the last three files; after a crash the check starts at the
  // last file whose first message is no newer than `checkpoint_min_timestamp`, the point
  // up to which the checkpoint proves everything durable. Returns the offset the check
  // started at: everything from there on must be dispatched again.
  //
  // After a clean stop, `dispatched` (when size > 0) is the newest record the ConsumeQueues
  // point at: everything up to it was dispatched and flushed before the stop, so once that
  // one record checks out the check starts after it instead (reading three 1 GiB files cost
  // seconds at every start-up). After a crash, `dispatched` (when size > 0) is a record
  // the ConsumeQueues point at that should be older than the checkpoint: if it checks out
  // (CRC included) and is, everything before it was durable and the check starts at it,
  // not at the start of its file. Both give way after a crash to `durable_from` (>= 0), the
  // checkpoint's offset below which everything is durable, when a record, a BLANK record or
  // the end of the data is there: the check starts at it.
  struct RecordSpan {
    int64_t offset;
    int32_t size;
  };
  Result<int64_t> Recover(bool abnormal, int64_t checkpoint_min_timestamp,
                          RecordSpan dispatched = RecordSpan{0, 0}, int64_t durable_from = -1);

  // Next queue offset of each "<topic>-<queueId>", rebuilt from the ConsumeQueues after
  // recovery. Only before Start().
  void SetQueueOffsets(std::unordered_map<std::string, int64_t> offsets);

  // Starts the appender and the flusher. `on_appended` runs after every batch, on the
  // thread that appended it, once no lock of the log is held (the dispatcher uses it).
  void Start(std::function<void()> on_appended);
  // See AckPoint; only before Start().
  void SetAckScope(AckScope scope) { ack_.SetScope(std::move(scope)); }
  // SYNC_MASTER: whether a slave can acknowledge a request ending at the offset (one is
  // connected and not too far behind, Apache's isSlaveOK). Runs on the appending thread
  // with the writer lock held: keep it to a few atomic loads. Only before Start().
  void SetReplicaGate(std::function<bool(int64_t end_offset)> gate) {
    replica_gate_ = std::move(gate);
  }
  // A slave holds the log up to `offset`: completes the requests waiting for it. Callbacks
  // run on the calling thread.
  void OnReplicated(int64_t offset) { ack_.OnReplicated(offset); }
  // Answers the requests past syncFlushTimeout (the flusher calls it too; the HA service
  // calls it so that a SYNC_MASTER under ASYNC_FLUSH answers on time).
  void ExpireOverdueAcks() { ack_.ExpireOverdue(); }
  // Slave: writes `data`, bytes of the master's log starting at its offset `offset`,
  // which must be where this log ends (or anywhere on the file grid while it is empty).
  // The bytes may end inside a record; the dispatcher waits for the rest. The store time of
  // the newest complete record goes to the checkpoint as on a master, so that a slave's
  // crash recovery starts near its end rather than at its first file. The bytes are
  // written with pwritev, as a master's appends: storing through the mapping made every
  // new page fault in (and zero-fill, read-ahead included) first, a third of a slave's CPU.
  Status AppendReplicated(int64_t offset, std::string_view data);
  // The same for `count` pieces back to back (several transfers of a read at once).
  // `stored`, when set, runs once the bytes are written and before the dispatcher is told
  // (the slave acknowledges there: Apache's slave reports before its dispatcher runs too).
  Status AppendReplicated(int64_t offset, const std::string_view* pieces, size_t count,
                          const std::function<void()>& stored = nullptr);
  // Appends everything accepted so far, flushes it, answers whatever still waits, and joins
  // both threads. Appends after this are refused.
  void Shutdown();

  // Takes one record or a batch of back-to-back records, encoded by
  // protocol::EncodeMessageRecord (offsets and store time are set here). `wait_store_ok`
  // false (the WAIT=false property) acknowledges at append even under SYNC_FLUSH.
  // `callback` runs exactly once, on a store thread or, for a refusal, right here.
  // `spans` (null, or one per record) go to the dispatcher with the records. `encoded`
  // (null, or one per record): each record as EncodeMessageRecord wrote it into `records`
  // (its `written`), which spares decoding them again.
  void Append(std::string records, bool wait_store_ok, PutCallback callback,
              const IndexedPropertySpans* spans = nullptr, size_t span_count = 0,
              const protocol::MessageRecord* encoded = nullptr, size_t encoded_count = 0);

  // A record as Append decoded it (or its put encoded it), and where its indexed properties
  // are if its put said.
  struct AppendedRecord {
    protocol::MessageRecord record;
    IndexedPropertySpans spans;
  };
  // Records appended here, as Append decoded them, with the append's fields set: the
  // dispatcher dispatches them from this instead of reading and decoding the log again.
  struct AppendedRecords {
    int64_t begin = 0;  // CommitLog offset of the first record
    int64_t end = 0;    // and where the last one ends
    // Each put's records, the puts back to back from `begin` on; their views point into
    // `buffers`. Kept per put: joining them into one vector copied every record again (and
    // again as it grew) while the dispatcher was behind.
    std::vector<std::vector<AppendedRecord>> puts;
    std::vector<std::string> buffers;
  };
  // Moves to `*out` the appended records held from `offset` on and returns true, or returns
  // false and sets `*next_at` to where the next held ones begin (INT64_MAX if none). Drops
  // those held before `offset`. Records are held only until about 4 MiB wait (a dispatcher
  // that far behind decodes the log). What `*out` held is dropped; its vectors keep their
  // capacity for the records appended next (two allocations per append spared).
  bool TakeAppended(int64_t offset, AppendedRecords* out, int64_t* next_at);
  // An empty buffer for the records of a coming put: one that held records dispatched
  // already when there is one, so that a batch's buffer (larger than what the allocator's
  // thread caches keep) is not allocated by the putting thread and freed by the dispatcher
  // each time, through the allocator's shared arena.
  std::string TakeRecordsBuffer();
  // Gives the dispatched records' buffers back for TakeRecordsBuffer; empties `buffers`.
  void RecycleRecordsBuffers(std::vector<std::string>* buffers);

  // Forgets the next queue offsets of `topics` (being deleted). Runs on the appender,
  // between two appends, and returns once done.
  void RemoveQueueOffsets(const std::set<std::string>& topics);

  // While `reason` is not OK, appends are refused with it (disk nearly full).
  void SetAppendBlocked(const Status& reason);
  // The sticky I/O error, OK if none.
  Status sticky_error() const;

  int64_t MinOffset() const { return files_.MinOffset(); }
  // In DLedger mode, the committed end: readers and the dispatcher never go past it.
  int64_t MaxOffset() const {
    return entry_log_ != nullptr ? entry_log_->committed_end() : files_.MaxOffset();
  }
  EntryLog* entry_log() const { return entry_log_; }
  // Replaces the next queue offsets (a new DLedger leader rebuilds them from the
  // ConsumeQueues, Apache's recoverTopicQueueTable). Runs on the appender, between two
  // appends, and returns once done.
  void ReplaceQueueOffsets(std::unordered_map<std::string, int64_t> offsets);
  int64_t FlushedOffset() const { return files_.flushed_where(); }
  int64_t file_size() const { return files_.file_size(); }
  // Start of the file after the one holding `offset`.
  int64_t RollNextFile(int64_t offset) const { return offset + file_size() - offset % file_size(); }

  // `size` bytes at `offset`; NotFound if they are not (or no longer) all in the log.
  Result<SelectedRecord> Read(int64_t offset, int32_t size) const;
  // Read for a run of records (a pull): `*file` keeps the file of the last read, looked up
  // (under the file list's lock) only when `offset` lies outside it. The reference keeps that
  // file mapped, like each SelectedRecord's, even if expiry deletes it meanwhile.
  Result<SelectedRecord> Read(int64_t offset, int32_t size,
                              std::shared_ptr<MappedFile>* file) const;
  // The written bytes from `offset` to the end of the data in the file holding it.
  Result<SelectedRecord> ReadToFileEnd(int64_t offset) const;
  // STORETIMESTAMP of the record at `offset`, -1 if there is no readable record there.
  int64_t StoreTimeAt(int64_t offset) const;

  // Deletes files (never the newest) last written more than `expired_ms` before `now_ms`,
  // or, if `clean_immediately`, any that ends at or below `keep_from` (the first offset still
  // to be kept); at most `max_files`, from the oldest on. Returns how many.
  int DeleteExpiredFiles(int64_t now_ms, int64_t expired_ms, bool clean_immediately, int max_files,
                         int64_t keep_from = INT64_MAX);

 private:
  friend class AppendBatch;
  struct Request;
  // This thread's AppendBatch: its nesting depth and the puts it holds, by CommitLog.
  struct HeldAppends {
    int depth = 0;
    std::vector<std::pair<CommitLog*, std::unique_ptr<Request>>> requests;
    // Empty vectors with the capacity of the last hand-over, for the next one: a read turn
    // allocated and freed both (a nested hand-over finds them taken and uses its own).
    std::vector<std::pair<CommitLog*, std::unique_ptr<Request>>> spare_requests;
    std::vector<std::unique_ptr<Request>> spare_run;
  };
  static thread_local HeldAppends t_held_appends;
  // Queues `*requests` for the appender (or refuses them when it is stopped): one wakeup.
  // With `append_here`, appends them on this thread instead when the appender is idle;
  // their callbacks may then run here too. The caller clears `*requests` after.
  void Enqueue(std::vector<std::unique_ptr<Request>>* requests, bool append_here);
  void RunAppender();
  // Appends a batch and hands every result to the AckPoint. With writer_mu_ held; the
  // caller runs on_appended_ after releasing it.
  void AppendAndAcknowledge(std::vector<std::unique_ptr<Request>>* batch);
  void RunFlusher();
  // Stages the request's records in the current file; `*result` must stay in place until
  // CommitStaged() (which may fail it).
  void AppendOne(Request* request, PutMessageResult* result);
  // Writes what AppendOne staged. A failed write fails the sticky way, and so do the puts
  // it held; the error is returned. With writer_mu_ held.
  Status CommitStaged();
  // DLedger mode: each record of the request becomes one entry of the EntryLog.
  PutMessageResult AppendOneAsEntries(Request* request);
  // Runs `work` on the appender between two appends (on this thread when none runs).
  void RunOnAppender(const std::function<void()>& work);
  // Takes the next offset of a topic's queue (on the appender).
  int64_t TakeQueueOffset(std::string_view topic, int32_t queue_id);
  // Slave: moves replica_cursor_ over the records now complete and notes the newest one's
  // store time. With writer_mu_ held.
  void TrackReplicatedRecords();
  void Fail(const Status& error);
  void FlushOnce(int32_t least_pages);

  const MessageStoreConfig config_;
  const bool sync_flush_;
  const bool sync_master_;
  std::function<bool(int64_t)> replica_gate_;
  StoreCheckpoint* checkpoint_ = nullptr;
  EntryLog* const entry_log_;
  MappedFileQueue own_files_;
  MappedFileQueue& files_;  // own_files_, or the EntryLog's
  AckPoint ack_;
  std::function<void()> on_appended_;

  // Appender queue.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<std::unique_ptr<Request>> queue_;
  bool accepting_ = false;
  bool appender_stop_ = false;

  // Held by whoever appends (the appender, or a thread appending its own batch); guards
  // the writer state below and the files' write positions.
  std::mutex writer_mu_;
  // Next queue offset by topic, then queue id: looked up with the topic's bytes in the
  // record, so that a put builds no "<topic>-<queueId>" string.
  std::map<std::string, std::unordered_map<int32_t, int64_t>, std::less<>> queue_offsets_;
  // The entry of the topic TakeQueueOffset took from last: a batch names one topic, and so
  // do most loads, which then skip the topic's string comparisons. Null after an erase.
  decltype(queue_offsets_)::value_type* last_topic_offsets_ = nullptr;
  int64_t last_store_timestamp_ = 0;
  // The file holding staged records, and the results of the puts they belong to.
  std::shared_ptr<MappedFile> staged_file_;
  std::vector<PutMessageResult*> staged_results_;
  // AppendAndAcknowledge's results, kept for their capacity (an allocation per append).
  std::vector<PutMessageResult> append_results_;
  // The buffers of the puts it did not hold for the dispatcher, on their way back to
  // free_buffers_ (kept for its capacity).
  std::vector<std::string> unheld_buffers_;
  char blank_record_[8];  // the BLANK filler staged at a file's end
  // Slave: the start of the first replicated record not yet seen whole (-1: the log's end
  // at the next AppendReplicated, which recovery left on a record boundary).
  int64_t replica_cursor_ = -1;

  // Publishes the records of the puts `batch` stored (AppendedRecords). With writer_mu_ held.
  void HoldAppended(std::vector<std::unique_ptr<Request>>* batch,
                    const std::vector<PutMessageResult>& results);

  // Appended records for the dispatcher, in CommitLog order, and their bytes.
  std::mutex appended_records_mu_;
  std::deque<AppendedRecords> appended_records_;
  size_t appended_records_bytes_ = 0;
  // Empty vectors with capacity, from the dispatcher's last TakeAppended, for the next entry.
  AppendedRecords spare_appended_;

  // Buffers of dispatched records, emptied, for TakeRecordsBuffer (the last given first).
  std::mutex free_buffers_mu_;
  std::vector<std::string> free_buffers_;
  size_t free_buffer_bytes_ = 0;  // their capacities

  // The end of the newest whole record appended and its store time, for the flusher's
  // checkpoint update.
  std::mutex appended_mu_;
  int64_t appended_end_ = 0;
  int64_t appended_timestamp_ = 0;

  std::mutex flush_mu_;
  std::condition_variable flush_cv_;
  bool flusher_stop_ = false;

  mutable std::mutex error_mu_;
  Status sticky_error_;
  Status blocked_;
  std::atomic<bool> refusing_{false};

  std::thread appender_;
  std::thread flusher_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_COMMIT_LOG_H_
