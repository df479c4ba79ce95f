// MessageStore: the broker's message store (Apache's DefaultMessageStore), one directory
// in Apache's on-disk format:
//
//   ${storePathRootDir}/commitlog/<20-digit offset>     records (protocol.md §6.1)
//   ${storePathRootDir}/consumequeue/<topic>/<queueId>/  queue index (§6.2)
//   ${storePathRootDir}/index/<yyyyMMddHHmmssSSS>        key index (§6.3)
//   ${storePathRootDir}/checkpoint, abort, lock          (§6.4, §6.5)
//
// Threads, all owned and joined by Shutdown(): the CommitLog's appender and flusher, the
// file allocator, the dispatcher (ConsumeQueue + index + listener), and a housekeeping
// thread (ConsumeQueue/index flush + checkpoint every flushIntervalConsumeQueue, expiry
// every cleanResourceInterval).
//
// Start() recovers: after a clean stop it trusts the checkpoint and checks only the tail;
// after a crash (the abort file is still there) it re-checks the CommitLog from the
// checkpoint on, cuts a torn tail, and rebuilds ConsumeQueue and index entries from there.
// Everything acknowledged under SYNC_FLUSH survives a crash.
#ifndef ROCKETMQ_STORE_MESSAGE_STORE_H_
#define ROCKETMQ_STORE_MESSAGE_STORE_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "rocketmq/status.h"
#include "store/commit_log.h"
#include "store/consume_queue.h"
#include "store/dispatch_request.h"
#include "store/dispatcher.h"
#include "store/entry_log.h"
#include "store/env.h"
#include "store/file_allocator.h"
#include "store/get_message_result.h"
#include "store/index_service.h"
#include "store/message_store_config.h"
#include "store/put_message_result.h"
#include "store/selected_record.h"
#include "store/store_checkpoint.h"

namespace rocketmq {
namespace store {

struct QueryMessageResult {
  // Records whose key hash matches, newest first: check their keys, hashes collide.
  std::vector<SelectedRecord> messages;
  int64_t index_last_update_timestamp = 0;
  int64_t index_last_update_phy_offset = 0;
};

class MessageStore {
 public:
  // Runs on the dispatcher thread for every message that reached a ConsumeQueue (the
  // broker wakes long polls of topic@queueId with it). Keep it short.
  using DispatchListener = std::function<void(const DispatchRequest&)>;

  // With `entry_log` (DLedger mode, owned by the caller, started before Start()) the
  // CommitLog's records live in that log's entries: see entry_log.h.
  explicit MessageStore(MessageStoreConfig config, Env* env = Env::Posix(),
                        EntryLog* entry_log = nullptr);
  // Shutdown()s.
  ~MessageStore();
  MessageStore(const MessageStore&) = delete;
  MessageStore& operator=(const MessageStore&) = delete;

  // Hooks; set them before Start().
  void SetDispatchListener(DispatchListener listener) { listener_ = std::move(listener); }
  // Replaces the default tags code (hash of TAGS); the broker uses it to store the deliver
  // time of SCHEDULE_TOPIC_XXXX messages instead.
  void SetTagsCodeFn(Dispatcher::TagsCodeFn fn) { tags_code_fn_ = std::move(fn); }
  // The lowest CommitLog offset a consumer still needs (INT64_MAX: none). When the disk is
  // so full that unexpired files are deleted, files at or above it are kept unless
  // deleteUnconsumedWhenDiskFull. Called on the housekeeping thread.
  using RetentionFloor = std::function<int64_t()>;
  void SetRetentionFloor(RetentionFloor floor) { retention_floor_ = std::move(floor); }
  // Wraps every run of put callbacks (a batch of appends, of flushed requests); the broker
  // sends the replies of one batch together.
  void SetAckScope(AckScope scope);
  // Runs after every append (of puts, or of replicated bytes), on the appending thread, with
  // no store lock held; the HA master uses it to wake its senders. Keep it short.
  void SetAppendListener(std::function<void()> listener) { append_listener_ = std::move(listener); }
  // SYNC_MASTER: see CommitLog::SetReplicaGate.
  void SetReplicaGate(std::function<bool(int64_t end_offset)> gate) {
    commit_log_->SetReplicaGate(std::move(gate));
  }

  // Replication (the broker's ha/ service drives these).
  // Master: a slave holds the CommitLog up to `offset`; completes SYNC_MASTER puts.
  void OnReplicated(int64_t offset) { commit_log_->OnReplicated(offset); }
  // Master: answers puts whose slave acknowledgement is overdue.
  void ExpireOverdueAcks() { commit_log_->ExpireOverdueAcks(); }
  // Master: the CommitLog bytes from `offset` to the end of the file holding it (what one
  // HA transfer may send); NotFound when the offset is not in the log.
  Result<SelectedRecord> ReadCommitLogToFileEnd(int64_t offset) const {
    return commit_log_->ReadToFileEnd(offset);
  }
  int64_t commit_log_file_size() const { return commit_log_->file_size(); }
  // Slave: appends the master's bytes at `offset` (Apache's appendToCommitLog); they are
  // dispatched to the ConsumeQueues and the index like local appends.
  Status AppendToCommitLog(int64_t offset, std::string_view data) {
    return commit_log_->AppendReplicated(offset, data);
  }
  // The same for `count` pieces of bytes back to back from `offset`; `stored` runs once
  // they are written, before they are dispatched.
  Status AppendToCommitLog(int64_t offset, const std::string_view* pieces, size_t count,
                           const std::function<void()>& stored = nullptr) {
    return commit_log_->AppendReplicated(offset, pieces, count, stored);
  }

  // DLedger mode. The log is committed up to `end`: completes the puts waiting for it and
  // dispatches what became readable. Call it without locks of the log's owner.
  void OnEntriesCommitted(int64_t end) {
    commit_log_->OnReplicated(end);
    dispatcher_->Notify();
  }
  // DLedger mode, a new leader once everything committed is dispatched: the next queue
  // offsets become the ConsumeQueues' ends (Apache's recoverTopicQueueTable).
  void RebuildQueueOffsets();

  // Locks the directory, recovers, and starts the threads.
  Status Start();
  // Clean stop: appends everything accepted, flushes all, removes the abort marker (kept if
  // an I/O error happened, so the next start re-checks). Idempotent.
  void Shutdown();
  // Whether Start() found the abort marker of an unclean exit.
  bool recovered_from_crash() const { return recovered_from_crash_; }

  // Stores encoded records (one, or a batch back to back; see CommitLog::Append).
  void PutMessage(std::string records, bool wait_store_ok, PutCallback callback,
                  const IndexedPropertySpans* spans = nullptr, size_t span_count = 0,
                  const protocol::MessageRecord* encoded = nullptr, size_t encoded_count = 0);
  std::future<PutMessageResult> PutMessage(std::string records, bool wait_store_ok = true);
  // An empty buffer to encode a coming put's records into (see CommitLog::TakeRecordsBuffer).
  std::string TakeRecordsBuffer() { return commit_log_->TakeRecordsBuffer(); }

  // Up to `max_count` messages of topic/queueId from queue offset `offset` (Apache's
  // getMessage, protocol.md §8.1). `filter` may be null (everything matches).
  GetMessageResult GetMessage(const std::string& group, const std::string& topic, int32_t queue_id,
                              int64_t offset, int32_t max_count, const MessageFilter* filter) const;

  // Queue offsets; 0 for unknown queues.
  int64_t GetMaxOffsetInQueue(const std::string& topic, int32_t queue_id) const;
  int64_t GetMinOffsetInQueue(const std::string& topic, int32_t queue_id) const;
  // The first queue offset stored at or after `timestamp` (ms), max offset if none.
  int64_t GetOffsetInQueueByTime(const std::string& topic, int32_t queue_id,
                                 int64_t timestamp) const;
  // CommitLog offset of a queue entry, -1 if absent.
  int64_t GetCommitLogOffsetInQueue(const std::string& topic, int32_t queue_id,
                                    int64_t queue_offset) const;
  // Apache's checkInDiskByConsumeOffset: whether the message at a queue offset lies further
  // from the CommitLog's end than accessMessageInMemoryMaxRatio of RAM, so that reading it
  // may wait for the disk. False when the queue has no such entry.
  bool CheckInDiskByConsumeOffset(const std::string& topic, int32_t queue_id,
                                  int64_t consume_offset) const;
  // Whether a read of topic/queue_id from `consume_offset` stays in memory: the queue has
  // nothing there yet (a caught-up consumer), or the offset is at most `max_backlog` entries
  // behind the queue's end and not CheckInDiskByConsumeOffset. One look-up of the queue
  // (the broker asks before every pull it may answer on an I/O thread).
  bool ReadsFromMemory(const std::string& topic, int32_t queue_id, int64_t consume_offset,
                       int64_t max_backlog) const;
  // Store time of the message at a queue offset, -1 if absent.
  int64_t GetMessageStoreTimestamp(const std::string& topic, int32_t queue_id,
                                   int64_t queue_offset) const;
  // Store time of the oldest message of a queue / of the whole store, -1 if none.
  int64_t GetEarliestMessageTime(const std::string& topic, int32_t queue_id) const;
  int64_t GetEarliestMessageTime() const;

  int64_t GetMinPhyOffset() const { return commit_log_->MinOffset(); }
  int64_t GetMaxPhyOffset() const { return commit_log_->MaxOffset(); }
  // Used fraction (0..1) of the disks holding the CommitLog and the ConsumeQueues, as the
  // store's Env reports them (Apache's commitLogDiskRatio / consumeQueueDiskRatio).
  Result<double> CommitLogDiskRatio() const;
  Result<double> ConsumeQueueDiskRatio() const;

  // The whole record at a CommitLog offset.
  Result<SelectedRecord> LookMessageByOffset(int64_t commit_log_offset) const;
  Result<SelectedRecord> SelectOneMessageByOffset(int64_t commit_log_offset, int32_t size) const {
    return commit_log_->Read(commit_log_offset, size);
  }
  // Messages stored under `key` (a KEYS token or UNIQ_KEY) in [begin, end] ms.
  QueryMessageResult QueryMessage(const std::string& topic, const std::string& key, int32_t max_num,
                                  int64_t begin, int64_t end) const;

  // Removes the ConsumeQueues of `topics` and restarts their queue offsets at 0 (Apache's
  // deleteTopics; their records stay in the CommitLog until it expires). Returns how many
  // of the topics had queues.
  int DeleteTopics(const std::set<std::string>& topics);

  // Everything before this CommitLog offset is in the ConsumeQueues and the index.
  int64_t dispatched_offset() const { return dispatcher_->dispatched_offset(); }
  bool AwaitDispatched(int64_t commit_log_offset, std::chrono::milliseconds timeout) {
    return dispatcher_->AwaitDispatched(commit_log_offset, timeout);
  }
  // CommitLog bytes not yet in the ConsumeQueues (runtime statistics).
  int64_t DispatchBehindBytes() const {
    return std::max<int64_t>(0, GetMaxPhyOffset() - dispatched_offset());
  }

  // One round of the housekeeping thread, callable directly (tests, admin commands).
  // Flushes the ConsumeQueues and index (all pending pages when least_pages is 0) and
  // writes the checkpoint.
  Status FlushConsumeQueues(int32_t least_pages);
  // Expiry at wall time `now_ms`: deletes CommitLog files older than fileReservedTime at a
  // deleteWhen hour or when the disk passes diskMaxUsedSpaceRatio, then the ConsumeQueue
  // and index files that only point below the new minimum; refuses appends while the
  // disk is above diskSpaceWarningLevelRatio. Returns CommitLog files deleted.
  int CleanExpiredFiles(int64_t now_ms);

  const MessageStoreConfig& config() const { return config_; }

 private:
  // After a crash: the newest record the ConsumeQueues point at stored no later than
  // `timestamp` (bisecting the busiest queues), where the CommitLog check may start.
  CommitLog::RecordSpan NewestRecordOlderThan(int64_t timestamp) const;
  Status Recover();
  Status LoadConsumeQueues();
  // Stores a run of requests in CommitLog order: their ConsumeQueue entries, then their
  // keys in the index (one lock), then tells the listener.
  Status Dispatch(const DispatchRequest* requests, size_t count);
  // FindOrCreateConsumeQueue through dispatch_queues_.
  Result<ConsumeQueue*> DispatchTarget(std::string_view topic, int32_t queue_id);
  std::shared_ptr<ConsumeQueue> FindConsumeQueue(std::string_view topic, int32_t queue_id) const;
  Result<std::shared_ptr<ConsumeQueue>> FindOrCreateConsumeQueue(std::string_view topic,
                                                                 int32_t queue_id);
  std::vector<std::shared_ptr<ConsumeQueue>> AllConsumeQueues() const;
  void RunHousekeeping();
  // Says once, loudly, when forced deletion starts or stops being held back by unconsumed
  // messages.
  void ReportHeldDeletion(bool held, double used_ratio, int64_t keep_from);
  // A slave's log may end inside a record whose rest the master has not sent yet: what
  // the dispatcher could not dispatch is only that, not a stalled dispatch.
  bool OnlyPartialRecordUndispatched() const;

  const MessageStoreConfig config_;
  Env* env_;
  DispatchListener listener_;
  std::function<void()> append_listener_;
  Dispatcher::TagsCodeFn tags_code_fn_;
  RetentionFloor retention_floor_;
  // Whether forced deletion was last held back by unconsumed messages, so that it is
  // reported when it starts and when it ends rather than every clean-up round.
  bool forced_deletion_held_ = false;

  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<StoreCheckpoint> checkpoint_;
  std::unique_ptr<FileAllocator> allocator_;
  std::unique_ptr<CommitLog> commit_log_;
  std::unique_ptr<IndexService> index_;
  std::unique_ptr<Dispatcher> dispatcher_;

  // accessMessageInMemoryMaxRatio of RAM: how far behind the CommitLog's end a read still
  // finds its record in memory.
  int64_t InMemoryBytes() const;

  mutable std::mutex queues_mu_;
  // Looked up by the record's topic bytes on every dispatch: no string is built.
  using QueuesOfTopic = std::map<int32_t, std::shared_ptr<ConsumeQueue>>;
  std::map<std::string, QueuesOfTopic, std::less<>> queues_;
  // Bumped (under queues_mu_) whenever a queue leaves queues_ or is replaced, so that
  // dispatch_queues_ never stores into a deleted queue.
  std::atomic<uint64_t> queues_replaced_{0};
  // The dispatcher's own lookup of the queues it stores into (used only under the
  // dispatcher's lock), without the lock that every pull takes (FindConsumeQueue was 3% of
  // the broker under an async load): the topic of the previous message first, then a
  // short scan of the topics; within a topic by queue id.
  struct DispatchQueuesOfTopic {
    std::string topic;
    std::vector<std::shared_ptr<ConsumeQueue>> by_id;
  };
  std::vector<DispatchQueuesOfTopic> dispatch_topics_;
  size_t dispatch_topic_hit_ = 0;
  std::shared_ptr<ConsumeQueue> dispatch_uncached_queue_;  // a queue id past the table
  uint64_t dispatch_queues_version_ = 0;

  std::atomic<int64_t> last_dispatched_timestamp_{0};
  // Dispatched CommitLog offset at the last sync of the newest index file (FlushConsumeQueues:
  // the housekeeping thread, or with it stopped).
  int64_t index_synced_at_ = 0;
  bool recovered_from_crash_ = false;
  bool running_ = false;
  int64_t total_memory_bytes_ = 0;

  std::mutex housekeeping_mu_;
  std::condition_variable housekeeping_cv_;
  bool housekeeping_stop_ = false;
  std::thread housekeeping_;
};

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_STORE_MESSAGE_STORE_H_
