#include "store/message_store.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <ctime>

#include "common/clock.h"
#include "common/logging.h"
#include "protocol/big_endian.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace store {

namespace sysflag = protocol::MessageSysFlag;

namespace {

// Log bytes dispatched between two syncs of the newest index file outside thorough flushes
// (MessageStore::FlushConsumeQueues).
constexpr int64_t kIndexSyncLogBytes = int64_t{256} << 20;

bool GoesToConsumeQueue(int32_t sys_flag) {
  const int32_t type = sysflag::TransactionType(sys_flag);
  return type == sysflag::kTransactionNotType || type == sysflag::kTransactionCommitType;
}

int64_t PhysicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  return pages > 0 && page_size > 0 ? static_cast<int64_t>(pages) * page_size : INT64_MAX;
}

bool ParseQueueId(const std::string& name, int32_t* id) {
  if (name.empty() || name.size() > 9 ||
      name.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *id = std::stoi(name);
  return true;
}

}  // namespace

MessageStore::MessageStore(MessageStoreConfig config, Env* env, EntryLog* entry_log)
    : config_(std::move(config)), env_(env) {
  allocator_ = std::make_unique<FileAllocator>(env_, config_.WritesZerosAhead());
  commit_log_ = std::make_unique<CommitLog>(config_, env_, allocator_.get(), entry_log);
  index_ = std::make_unique<IndexService>(env_, config_.IndexDir(), config_.max_hash_slot_num,
                                          config_.max_index_num);
  dispatcher_ = std::make_unique<Dispatcher>(
      commit_log_.get(),
      [this](const DispatchRequest* requests, size_t count) { return Dispatch(requests, count); });
  total_memory_bytes_ = PhysicalMemoryBytes();
}

MessageStore::~MessageStore() { Shutdown(); }

Status MessageStore::Start() {
  if (running_) return Status::IllegalState("the message store is already started");
  RMQ_RETURN_IF_ERROR(config_.Validate());
  RMQ_RETURN_IF_ERROR(env_->CreateDirs(config_.store_path_root_dir));
  auto lock = env_->LockFile(config_.LockPath());
  if (!lock.ok()) return lock.status();
  lock_ = std::move(*lock);
  recovered_from_crash_ = env_->FileExists(config_.AbortPath());
  auto checkpoint = StoreCheckpoint::Open(env_, config_.CheckpointPath());
  if (!checkpoint.ok()) return checkpoint.status();
  checkpoint_ = std::move(*checkpoint);
  commit_log_->AttachCheckpoint(checkpoint_.get());
  if (tags_code_fn_) dispatcher_->SetTagsCodeFn(tags_code_fn_);

  Status recovered = Recover();
  if (!recovered.ok()) {
    lock_.reset();
    return recovered.WithContext("recovering the message store in '" + config_.store_path_root_dir +
                                 "'");
  }
  RMQ_RETURN_IF_ERROR(WriteStringToFile(env_, config_.AbortPath(), std::to_string(getpid())));
  RMQ_RETURN_IF_ERROR(env_->SyncDir(config_.store_path_root_dir));
  allocator_->Start();
  commit_log_->Start([this] {
    // The HA service first: a SYNC_MASTER's answer waits for the slave, not for dispatch.
    if (append_listener_) append_listener_();
    dispatcher_->Notify();
  });
  dispatcher_->Start();
  {
    std::lock_guard<std::mutex> guard(housekeeping_mu_);
    housekeeping_stop_ = false;
  }
  housekeeping_ = std::thread([this] { RunHousekeeping(); });
  pthread_setname_np(housekeeping_.native_handle(), "store-housekeep");
  running_ = true;
  CleanExpiredFiles(clock::WallMillis());
  RMQ_LOG_INFO << "message store started in " << config_.store_path_root_dir << " ("
               << config_.flush_disk_type << ", CommitLog " << commit_log_->MinOffset() << ".."
               << commit_log_->MaxOffset() << ")";
  return Status::OK();
}

Status MessageStore::Recover() {
  RMQ_RETURN_IF_ERROR(commit_log_->Load());
  RMQ_RETURN_IF_ERROR(LoadConsumeQueues());
  const bool abnormal = recovered_from_crash_;
  // After a crash TruncateDirty below zeroes each queue's tail, once.
  for (const auto& cq : AllConsumeQueues()) {
    RMQ_RETURN_IF_ERROR(cq->Recover(!abnormal, /*zero_tail=*/!abnormal));
  }

  const int64_t min_timestamp =
      config_.message_index_enable ? checkpoint_->MinTimestampIndex() : checkpoint_->MinTimestamp();
  CommitLog::RecordSpan dispatched{0, 0};
  if (!abnormal) {
    for (const auto& cq : AllConsumeQueues()) {
      ConsumeQueueEntry last;
      if (cq->max_physic_offset() > dispatched.offset + dispatched.size &&
          cq->Get(cq->MaxOffset() - 1, &last) && !last.IsFiller() &&
          last.commit_log_offset + last.size == cq->max_physic_offset()) {
        dispatched = {last.commit_log_offset, last.size};
      }
    }
  }
  // The checkpoint's offsets say exactly where the durable part ends; its times (the
  // fallback for stores an Apache broker wrote last) need Apache's 3 s margin.
  const int64_t durable =
      abnormal ? checkpoint_->DurableOffset(config_.message_index_enable).value_or(-1) : -1;
  if (abnormal) {
    RMQ_LOG_INFO << "the checkpoint says the CommitLog is durable to "
                 << checkpoint_->physic_offset() << ", the ConsumeQueues to "
                 << checkpoint_->logics_offset() << ", the index to " << checkpoint_->index_offset()
                 << " (-1: unknown)";
    dispatched = NewestRecordOlderThan(min_timestamp);
  }
  auto scan_from = commit_log_->Recover(abnormal, min_timestamp, dispatched, durable);
  if (!scan_from.ok()) return scan_from.status();
  const int64_t log_min = commit_log_->MinOffset();
  const int64_t log_end = commit_log_->MaxOffset();
  checkpoint_->ClampOffsets(log_end);

  // Where dispatching resumes: after a clean stop, where the ConsumeQueues end; after a
  // crash, where the CommitLog check started (everything after it is rebuilt).
  int64_t reput_from = *scan_from;
  if (!abnormal) {
    reput_from = log_min;
    for (const auto& cq : AllConsumeQueues()) {
      reput_from = std::max(reput_from, cq->max_physic_offset());
    }
  }
  if (config_.message_index_enable) {
    // The check started at a record older than the checkpoint's times: every index entry
    // below it was flushed, so the index is cut there rather than rebuilt from its start.
    bool durable_below = abnormal && durable >= 0 && reput_from == durable;
    if (abnormal && !durable_below && reput_from > log_min && reput_from < log_end) {
      auto first = commit_log_->ReadToFileEnd(reput_from);
      if (first.ok()) {
        auto record = protocol::DecodeMessageRecord(first->bytes());
        durable_below = record.ok() && record->physical_offset == reput_from &&
                        record->store_timestamp > 0 && record->store_timestamp <= min_timestamp;
      }
    }
    RMQ_RETURN_IF_ERROR(index_->Load(!abnormal, checkpoint_->index_msg_timestamp(), log_end,
                                     &reput_from, durable_below));
  }
  reput_from = std::min(std::max(reput_from, log_min), log_end);
  // After a crash the zeros over dropped entries (in most queues) become durable with the
  // rebuilt entries, in the one syncfs after the replay: an fdatasync per queue (a journal
  // commit each) cost about 3 ms, seconds with a 1024-queue topic, and a second syncfs
  // here, 1-3 s of a start while other processes wrote. Until then the checkpoint claims
  // nothing past reput_from. After a clean stop a queue rarely has anything to drop, and a
  // file-system-wide sync could wait for other processes' writes.
  for (const auto& cq : AllConsumeQueues()) {
    RMQ_RETURN_IF_ERROR(
        cq->TruncateDirty(abnormal ? reput_from : log_end, !abnormal, /*sync=*/!abnormal));
    cq->CorrectMinOffset(log_min);
  }
  if (abnormal) {
    RMQ_LOG_WARN << "the previous run did not stop cleanly: rebuilding queues and index from "
                 << "CommitLog offset " << reput_from << " to " << log_end;
  }
  // After a clean stop with nothing to replay, the queues, index and checkpoint are as the
  // last shutdown flushed them: syncing them again cost two disk flushes (8 ms) of the start.
  const bool nothing_to_flush = !abnormal && reput_from == log_end;
  RMQ_RETURN_IF_ERROR(dispatcher_->Replay(reput_from));
  if (dispatcher_->dispatched_offset() < log_end) {
    return Status::Corruption("dispatching the recovered CommitLog stopped at offset " +
                              std::to_string(dispatcher_->dispatched_offset()) + " of " +
                              std::to_string(log_end));
  }
  std::unordered_map<std::string, int64_t> offsets;
  for (const auto& cq : AllConsumeQueues()) {
    offsets[cq->topic() + "-" + std::to_string(cq->queue_id())] = cq->MaxOffset();
  }
  commit_log_->SetQueueOffsets(std::move(offsets));
  if (nothing_to_flush) return Status::OK();
  if (abnormal) {
    // After a crash most queues were rebuilt: one syncfs makes them durable, where an
    // fdatasync per queue (a device cache flush each) cost 1-4 s of the start with a
    // 1024-queue topic. The flush below then only syncs the index and the checkpoint.
    RMQ_RETURN_IF_ERROR(env_->SyncFileSystem(config_.ConsumeQueueDir()));
    for (const auto& cq : AllConsumeQueues()) cq->MarkFlushed();
  }
  return FlushConsumeQueues(0);
}

CommitLog::RecordSpan MessageStore::NewestRecordOlderThan(int64_t timestamp) const {
  CommitLog::RecordSpan found{0, 0};
  if (timestamp <= 0) return found;
  // The busiest queues point closest to the checkpoint; a few suffice for a hint.
  auto queues = AllConsumeQueues();
  constexpr size_t kProbed = 4;
  const size_t probed = std::min(kProbed, queues.size());
  std::partial_sort(
      queues.begin(), queues.begin() + static_cast<std::ptrdiff_t>(probed), queues.end(),
      [](const auto& a, const auto& b) { return a->max_physic_offset() > b->max_physic_offset(); });
  for (size_t i = 0; i < probed; ++i) {
    const ConsumeQueue& cq = *queues[i];
    // Store times rise along a queue; an entry that cannot be read counts as too new.
    auto older = [&](int64_t queue_offset, ConsumeQueueEntry* e) {
      if (!cq.Get(queue_offset, e) || e->IsFiller()) return false;
      const int64_t t = commit_log_->StoreTimeAt(e->commit_log_offset);
      return t > 0 && t <= timestamp;
    };
    int64_t low = cq.MinOffset();
    int64_t high = cq.MaxOffset();
    ConsumeQueueEntry e;
    while (low < high) {
      const int64_t mid = low + (high - low) / 2;
      if (older(mid, &e)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    if (low > cq.MinOffset() && older(low - 1, &e) && e.commit_log_offset > found.offset) {
      found = {e.commit_log_offset, e.size};
    }
  }
  return found;
}

void MessageStore::RebuildQueueOffsets() {
  std::unordered_map<std::string, int64_t> offsets;
  for (const auto& cq : AllConsumeQueues()) {
    offsets[cq->topic() + "-" + std::to_string(cq->queue_id())] = cq->MaxOffset();
  }
  commit_log_->ReplaceQueueOffsets(std::move(offsets));
}

Status MessageStore::LoadConsumeQueues() {
  const std::string root = config_.ConsumeQueueDir();
  RMQ_RETURN_IF_ERROR(env_->CreateDirs(root));
  auto topics = env_->ListDir(root);
  if (!topics.ok()) return topics.status();
  for (const auto& topic : *topics) {
    auto ids = env_->ListDir(root + "/" + topic);
    if (!ids.ok()) continue;  // a stray file, not a topic directory
    for (const auto& name : *ids) {
      int32_t queue_id = 0;
      if (!ParseQueueId(name, &queue_id)) {
        RMQ_LOG_WARN << "ignoring '" << root << "/" << topic << "/" << name << "': not a queue id";
        continue;
      }
      auto cq = std::make_shared<ConsumeQueue>(env_, root, topic, queue_id,
                                               config_.mapped_file_size_consume_queue);
      RMQ_RETURN_IF_ERROR(cq->Load());
      std::lock_guard<std::mutex> guard(queues_mu_);
      queues_[topic][queue_id] = std::move(cq);
      queues_replaced_.fetch_add(1, std::memory_order_release);
    }
  }
  return Status::OK();
}

void MessageStore::Shutdown() {
  if (!running_) return;
  running_ = false;
  commit_log_->Shutdown();
  dispatcher_->Stop();
  {
    std::lock_guard<std::mutex> guard(housekeeping_mu_);
    housekeeping_stop_ = true;
  }
  housekeeping_cv_.notify_all();
  if (housekeeping_.joinable()) housekeeping_.join();
  Status flushed = FlushConsumeQueues(0);
  allocator_->Stop();
  std::string problem;
  if (!flushed.ok()) {
    problem = flushed.ToString();
  } else if (!commit_log_->sticky_error().ok()) {
    problem = commit_log_->sticky_error().ToString();
  } else if (dispatcher_->dispatched_offset() < commit_log_->MaxOffset() &&
             !OnlyPartialRecordUndispatched()) {
    problem = "dispatching stopped at CommitLog offset " +
              std::to_string(dispatcher_->dispatched_offset()) + " of " +
              std::to_string(commit_log_->MaxOffset());
  }
  const bool clean = problem.empty();
  if (clean) {
    Status s = env_->DeleteFile(config_.AbortPath());
    if (!s.ok()) {
      RMQ_LOG_WARN << "removing the abort marker: " << s.ToString();
    }
  } else {
    RMQ_LOG_WARN << "message store stopped with errors (" << problem
                 << "); the next start will run a crash recovery";
  }
  lock_.reset();
  RMQ_LOG_INFO << "message store stopped" << (clean ? " cleanly" : "");
}

bool MessageStore::OnlyPartialRecordUndispatched() const {
  auto rest = commit_log_->ReadToFileEnd(dispatcher_->dispatched_offset());
  if (!rest.ok()) return false;
  const std::string_view bytes = rest->bytes();
  if (bytes.size() < protocol::kBlankRecordLength) return true;
  return protocol::ClassifyRecord(bytes) == protocol::RecordKind::kMessage &&
         static_cast<int64_t>(protocol::big_endian::Load32(bytes.data())) >
             static_cast<int64_t>(bytes.size());
}

void MessageStore::SetAckScope(AckScope scope) { commit_log_->SetAckScope(std::move(scope)); }

void MessageStore::PutMessage(std::string records, bool wait_store_ok, PutCallback callback,
                              const IndexedPropertySpans* spans, size_t span_count,
                              const protocol::MessageRecord* encoded, size_t encoded_count) {
  commit_log_->Append(std::move(records), wait_store_ok, std::move(callback), spans, span_count,
                      encoded, encoded_count);
}

std::future<PutMessageResult> MessageStore::PutMessage(std::string records, bool wait_store_ok) {
  auto promise = std::make_shared<std::promise<PutMessageResult>>();
  std::future<PutMessageResult> future = promise->get_future();
  commit_log_->Append(std::move(records), wait_store_ok,
                      [promise](const PutMessageResult& r) { promise->set_value(r); });
  // The caller is about to wait for the future.
  AppendBatch::HandOverNow();
  return future;
}

Status MessageStore::Dispatch(const DispatchRequest* requests, size_t count) {
  if (count == 0) return Status::OK();
  for (size_t i = 0; i < count; ++i) {
    const DispatchRequest& request = requests[i];
    if (!GoesToConsumeQueue(request.sys_flag)) continue;
    auto cq = DispatchTarget(request.topic, request.queue_id);
    if (!cq.ok()) return cq.status();
    RMQ_RETURN_IF_ERROR((*cq)->Put(request.commit_log_offset, request.msg_size, request.tags_code,
                                   request.queue_offset));
  }
  if (config_.message_index_enable) RMQ_RETURN_IF_ERROR(index_->BuildIndex(requests, count));
  last_dispatched_timestamp_.store(requests[count - 1].store_timestamp, std::memory_order_release);
  if (!listener_) return Status::OK();
  for (size_t i = 0; i < count; ++i) {
    if (GoesToConsumeQueue(requests[i].sys_flag)) listener_(requests[i]);
  }
  return Status::OK();
}

Result<ConsumeQueue*> MessageStore::DispatchTarget(std::string_view topic, int32_t queue_id) {
  // Past these a scan costs more than the locked lookup it replaces, or the table too much.
  constexpr size_t kMaxDispatchTopics = 64;
  constexpr int32_t kMaxDispatchQueueId = 4096;
  const uint64_t version = queues_replaced_.load(std::memory_order_acquire);
  if (version != dispatch_queues_version_) {
    dispatch_topics_.clear();
    dispatch_queues_version_ = version;
  }
  if (dispatch_topic_hit_ >= dispatch_topics_.size() ||
      dispatch_topics_[dispatch_topic_hit_].topic != topic) {
    size_t i = 0;
    while (i < dispatch_topics_.size() && dispatch_topics_[i].topic != topic) ++i;
    if (i == dispatch_topics_.size()) {
      if (dispatch_topics_.size() >= kMaxDispatchTopics) dispatch_topics_.clear();
      i = dispatch_topics_.size();
      dispatch_topics_.push_back(DispatchQueuesOfTopic{std::string(topic), {}});
    }
    dispatch_topic_hit_ = i;
  }
  auto& by_id = dispatch_topics_[dispatch_topic_hit_].by_id;
  if (queue_id >= 0 && static_cast<size_t>(queue_id) < by_id.size() && by_id[queue_id] != nullptr) {
    return by_id[queue_id].get();
  }
  auto cq = FindOrCreateConsumeQueue(topic, queue_id);
  if (!cq.ok()) return cq.status();
  if (queue_id >= kMaxDispatchQueueId) {
    // Held here so that the queue outlives this dispatch even if its topic is deleted.
    dispatch_uncached_queue_ = std::move(*cq);
    return dispatch_uncached_queue_.get();
  }
  if (static_cast<size_t>(queue_id) >= by_id.size()) by_id.resize(queue_id + 1);
  by_id[queue_id] = std::move(*cq);
  return by_id[queue_id].get();
}

std::shared_ptr<ConsumeQueue> MessageStore::FindConsumeQueue(std::string_view topic,
                                                             int32_t queue_id) const {
  std::lock_guard<std::mutex> guard(queues_mu_);
  auto t = queues_.find(topic);
  if (t == queues_.end()) return nullptr;
  auto q = t->second.find(queue_id);
  return q == t->second.end() ? nullptr : q->second;
}

Result<std::shared_ptr<ConsumeQueue>> MessageStore::FindOrCreateConsumeQueue(std::string_view topic,
                                                                             int32_t queue_id) {
  if (auto cq = FindConsumeQueue(topic, queue_id)) return cq;
  if (topic.empty() || topic.find('/') != std::string::npos || topic == "." || topic == "..") {
    return Status::InvalidArgument("topic '" + std::string(topic) +
                                   "' cannot name a ConsumeQueue directory");
  }
  if (queue_id < 0) {
    return Status::InvalidArgument("queue id " + std::to_string(queue_id) + " of topic '" +
                                   std::string(topic) + "' is negative");
  }
  auto cq = std::make_shared<ConsumeQueue>(env_, config_.ConsumeQueueDir(), std::string(topic),
                                           queue_id, config_.mapped_file_size_consume_queue);
  RMQ_RETURN_IF_ERROR(cq->Load());
  std::lock_guard<std::mutex> guard(queues_mu_);
  auto t = queues_.find(topic);
  if (t == queues_.end()) t = queues_.emplace(std::string(topic), QueuesOfTopic()).first;
  auto& slot = t->second[queue_id];
  if (!slot) slot = cq;
  return slot;
}

std::vector<std::shared_ptr<ConsumeQueue>> MessageStore::AllConsumeQueues() const {
  std::vector<std::shared_ptr<ConsumeQueue>> all;
  std::lock_guard<std::mutex> guard(queues_mu_);
  for (const auto& topic : queues_) {
    for (const auto& queue : topic.second) all.push_back(queue.second);
  }
  return all;
}

GetMessageResult MessageStore::GetMessage(const std::string& /*group*/, const std::string& topic,
                                          int32_t queue_id, int64_t offset, int32_t max_count,
                                          const MessageFilter* filter) const {
  GetMessageResult result;
  result.next_begin_offset = offset;
  // A slave keeps the consumer's offset: its queues may simply lag behind the master's.
  // Asked only on the paths that correct (comparing the role string cost ~70 instructions,
  // as much as reading a record, on every pull).
  auto correction = [&](int64_t fixed) { return config_.is_slave() ? offset : fixed; };
  auto cq = FindConsumeQueue(topic, queue_id);
  if (cq == nullptr) {
    result.status = GetMessageStatus::kNoMatchedLogicQueue;
    result.next_begin_offset = correction(0);
    return result;
  }
  result.min_offset = cq->MinOffset();
  result.max_offset = cq->MaxOffset();
  if (result.max_offset == 0) {
    result.status = GetMessageStatus::kNoMessageInQueue;
    result.next_begin_offset = correction(0);
    return result;
  }
  if (offset < result.min_offset) {
    result.status = GetMessageStatus::kOffsetTooSmall;
    result.next_begin_offset = correction(result.min_offset);
    return result;
  }
  if (offset == result.max_offset) {
    result.status = GetMessageStatus::kOffsetOverflowOne;
    return result;
  }
  if (offset > result.max_offset) {
    result.status = GetMessageStatus::kOffsetOverflowBadly;
    result.next_begin_offset =
        correction(result.min_offset == 0 ? result.min_offset : result.max_offset);
    return result;
  }
  ConsumeQueueSlice slice = cq->Read(offset);
  if (slice.count() == 0) {
    result.status = GetMessageStatus::kOffsetFoundNull;
    const int64_t per_file = config_.mapped_file_size_consume_queue / ConsumeQueue::kUnitSize;
    result.next_begin_offset = correction(offset + per_file - offset % per_file);
    return result;
  }
  // Read after the slice: every entry in it was dispatched from bytes already in the log, so
  // only damage puts one past this end. Read before, an entry dispatched in between would
  // look damaged and be skipped while next_begin_offset moves past it (a lost message).
  const int64_t max_offset_py = commit_log_->MaxOffset();
  result.status = GetMessageStatus::kNoMatchedMessage;
  const int64_t in_memory = InMemoryBytes();
  const int32_t max_filtered = std::max(16000 / ConsumeQueue::kUnitSize, max_count);
  int64_t next_file_start = INT64_MIN;
  int64_t max_pulling = 0;
  std::shared_ptr<MappedFile> file;  // of the last record read: one lookup per file crossed
  int32_t i = 0;
  for (; i < slice.count() && i < max_filtered; ++i) {
    const ConsumeQueueEntry e = slice.at(i);
    // Fillers point at nothing; an entry outside the log can only come from damage.
    if (e.IsFiller() || e.commit_log_offset < 0 || e.commit_log_offset >= max_offset_py ||
        e.size <= 0) {
      continue;
    }
    max_pulling = e.commit_log_offset;
    if (next_file_start != INT64_MIN && e.commit_log_offset < next_file_start) continue;
    const bool in_disk = max_offset_py - e.commit_log_offset > in_memory;
    const auto count = static_cast<int32_t>(result.messages.size());
    if (result.buffer_total_size != 0 && count != 0) {
      if (max_count <= count) break;
      const int64_t max_bytes = in_disk ? config_.max_transfer_bytes_on_message_in_disk
                                        : config_.max_transfer_bytes_on_message_in_memory;
      const int32_t max_msgs = in_disk ? config_.max_transfer_count_on_message_in_disk
                                       : config_.max_transfer_count_on_message_in_memory;
      if (result.buffer_total_size + e.size > max_bytes || count > max_msgs - 1) break;
    }
    if (filter != nullptr && !filter->IsMatchedByConsumeQueue(e.tags_code)) continue;
    auto record = commit_log_->Read(e.commit_log_offset, e.size, &file);
    if (!record.ok()) {
      if (result.buffer_total_size == 0) result.status = GetMessageStatus::kMessageWasRemoving;
      next_file_start = commit_log_->RollNextFile(e.commit_log_offset);
      continue;
    }
    if (filter != nullptr && !filter->IsMatchedByCommitLog(record->bytes())) continue;
    result.buffer_total_size += record->size();
    // max_count bounds the answer (at least one record is taken whatever it says): one
    // allocation rather than one per doubling.
    if (result.messages.empty()) {
      result.messages.reserve(std::max(1, std::min(slice.count() - i, max_count)));
    }
    result.messages.push_back(std::move(*record));
    result.status = GetMessageStatus::kFound;
    next_file_start = INT64_MIN;
  }
  result.next_begin_offset = offset + i;
  result.suggest_pulling_from_slave = max_offset_py - max_pulling > in_memory;
  return result;
}

int MessageStore::DeleteTopics(const std::set<std::string>& topics) {
  std::vector<std::shared_ptr<ConsumeQueue>> doomed;
  int found = 0;
  {
    std::lock_guard<std::mutex> guard(queues_mu_);
    for (const auto& topic : topics) {
      auto it = queues_.find(topic);
      if (it == queues_.end()) continue;
      found++;
      for (auto& queue : it->second) doomed.push_back(queue.second);
      queues_.erase(it);
      queues_replaced_.fetch_add(1, std::memory_order_release);
    }
  }
  for (const auto& cq : doomed) {
    Status s = cq->DeleteAll();
    if (!s.ok()) {
      RMQ_LOG_WARN << "deleting ConsumeQueue " << cq->topic() << "/" << cq->queue_id() << ": "
                   << s.ToString();
    }
  }
  for (const auto& topic : topics) {
    if (env_->FileExists(config_.ConsumeQueueDir() + "/" + topic)) {
      Status s = env_->DeleteDir(config_.ConsumeQueueDir() + "/" + topic);
      if (!s.ok()) {
        RMQ_LOG_WARN << "deleting topic directory: " << s.ToString();
      }
    }
  }
  commit_log_->RemoveQueueOffsets(topics);
  if (found > 0) {
    RMQ_LOG_INFO << "deleted the ConsumeQueues of " << found << " topic(s)";
  }
  return found;
}

int64_t MessageStore::GetMaxOffsetInQueue(const std::string& topic, int32_t queue_id) const {
  auto cq = FindConsumeQueue(topic, queue_id);
  return cq ? cq->MaxOffset() : 0;
}

int64_t MessageStore::GetMinOffsetInQueue(const std::string& topic, int32_t queue_id) const {
  auto cq = FindConsumeQueue(topic, queue_id);
  return cq ? cq->MinOffset() : 0;
}

int64_t MessageStore::GetOffsetInQueueByTime(const std::string& topic, int32_t queue_id,
                                             int64_t timestamp) const {
  auto cq = FindConsumeQueue(topic, queue_id);
  if (cq == nullptr) return 0;
  return cq->OffsetByTime(
      timestamp, [this](int64_t offset, int32_t) { return commit_log_->StoreTimeAt(offset); });
}

int64_t MessageStore::GetCommitLogOffsetInQueue(const std::string& topic, int32_t queue_id,
                                                int64_t queue_offset) const {
  auto cq = FindConsumeQueue(topic, queue_id);
  ConsumeQueueEntry e;
  return cq && cq->Get(queue_offset, &e) ? e.commit_log_offset : -1;
}

bool MessageStore::CheckInDiskByConsumeOffset(const std::string& topic, int32_t queue_id,
                                              int64_t consume_offset) const {
  const int64_t offset = GetCommitLogOffsetInQueue(topic, queue_id, consume_offset);
  if (offset < 0) return false;
  return commit_log_->MaxOffset() - offset > InMemoryBytes();
}

bool MessageStore::ReadsFromMemory(const std::string& topic, int32_t queue_id,
                                   int64_t consume_offset, int64_t max_backlog) const {
  auto cq = FindConsumeQueue(topic, queue_id);
  const int64_t max_offset = cq ? cq->MaxOffset() : 0;
  if (consume_offset >= max_offset) return true;
  if (max_offset - consume_offset > max_backlog) return false;
  ConsumeQueueEntry e;
  if (!cq->Get(consume_offset, &e)) return true;
  return commit_log_->MaxOffset() - e.commit_log_offset <= InMemoryBytes();
}

int64_t MessageStore::InMemoryBytes() const {
  return static_cast<int64_t>(static_cast<double>(total_memory_bytes_) *
                              config_.access_message_in_memory_max_ratio / 100.0);
}

int64_t MessageStore::GetMessageStoreTimestamp(const std::string& topic, int32_t queue_id,
                                               int64_t queue_offset) const {
  const int64_t offset = GetCommitLogOffsetInQueue(topic, queue_id, queue_offset);
  return offset < 0 ? -1 : commit_log_->StoreTimeAt(offset);
}

int64_t MessageStore::GetEarliestMessageTime(const std::string& topic, int32_t queue_id) const {
  return GetMessageStoreTimestamp(topic, queue_id, GetMinOffsetInQueue(topic, queue_id));
}

int64_t MessageStore::GetEarliestMessageTime() const {
  return commit_log_->StoreTimeAt(commit_log_->MinOffset());
}

Result<SelectedRecord> MessageStore::LookMessageByOffset(int64_t commit_log_offset) const {
  auto head = commit_log_->Read(commit_log_offset, 4);
  if (!head.ok()) return head.status();
  const auto size = static_cast<int32_t>(protocol::big_endian::Load32(head->bytes().data()));
  return commit_log_->Read(commit_log_offset, size);
}

QueryMessageResult MessageStore::QueryMessage(const std::string& topic, const std::string& key,
                                              int32_t max_num, int64_t begin, int64_t end) const {
  QueryMessageResult result;
  if (!config_.message_index_enable) return result;
  if (max_num <= 0) max_num = config_.default_query_max_num;
  const auto limit = static_cast<size_t>(std::min(max_num, config_.max_msgs_num_batch));
  IndexQueryResult found = index_->Query(topic, key, limit, begin, end);
  result.index_last_update_timestamp = found.index_last_update_timestamp;
  result.index_last_update_phy_offset = found.index_last_update_phy_offset;
  for (int64_t offset : found.commit_log_offsets) {
    auto record = LookMessageByOffset(offset);
    if (record.ok()) result.messages.push_back(std::move(*record));
  }
  return result;
}

Status MessageStore::FlushConsumeQueues(int32_t least_pages) {
  if (checkpoint_ == nullptr) return Status::IllegalState("the message store is not started");
  const int64_t dispatched_ts = last_dispatched_timestamp_.load(std::memory_order_acquire);
  const int64_t dispatched_before = dispatcher_->dispatched_offset();
  Status result;
  for (const auto& cq : AllConsumeQueues()) {
    Status s = cq->Flush(least_pages);
    if (!s.ok() && result.ok()) result = s;
  }
  if (config_.message_index_enable) {
    // The newest index file is synced at a thorough flush (least_pages 0: every
    // flushConsumeQueueThoroughInterval, at shutdown) or once the log moved
    // kIndexSyncLogBytes past its last sync, full files at the next round (see
    // IndexService::Flush). The checkpoint's index time, where a crash recovery starts to
    // re-check and re-index the log, then stays at most that much log behind.
    const int64_t dispatched = dispatcher_->dispatched_offset();
    const bool newest = least_pages == 0 || dispatched - index_synced_at_ >= kIndexSyncLogBytes;
    auto covered = index_->Flush(newest);
    if (covered.ok() && newest) {
      index_synced_at_ = dispatched;
      checkpoint_->SetIndexOffset(dispatched);
    }
    if (!covered.ok()) {
      if (result.ok()) result = covered.status();
    } else if (*covered > 0) {
      checkpoint_->SetIndexMsgTimestamp(*covered);
    }
  }
  if (!result.ok()) {
    RMQ_LOG_ERROR << "flushing ConsumeQueues / index failed: " << result.ToString();
    return result;
  }
  // Every queue entry of a message stored at or before `durable` has been flushed: the
  // newest message dispatched before this flush, or just before the oldest entry a queue
  // still holds unflushed. Waiting for a complete flush (flushConsumeQueueThoroughInterval,
  // a minute) instead left the checkpoint so far behind that a crash recovery re-read
  // gigabytes of log.
  // The same in CommitLog offsets: the start of the oldest entry still unflushed.
  int64_t durable = dispatched_ts;
  int64_t durable_offset = dispatched_before;
  for (const auto& cq : AllConsumeQueues()) {
    ConsumeQueueEntry first;
    if (!cq->Unflushed(&first)) continue;
    durable_offset = std::min(durable_offset, first.commit_log_offset);
    if (durable <= 0) continue;
    const int64_t stored =
        first.commit_log_offset < 0 ? -1 : commit_log_->StoreTimeAt(first.commit_log_offset);
    durable = stored > 0 ? std::min(durable, stored - 1) : 0;
  }
  if (durable > checkpoint_->logics_msg_timestamp()) checkpoint_->SetLogicsMsgTimestamp(durable);
  checkpoint_->SetLogicsOffset(durable_offset);
  return checkpoint_->Flush();
}

Result<double> MessageStore::CommitLogDiskRatio() const {
  auto usage = env_->GetDiskUsage(config_.CommitLogDir());
  if (!usage.ok()) return usage.status();
  return usage->UsedRatio();
}

Result<double> MessageStore::ConsumeQueueDiskRatio() const {
  auto usage = env_->GetDiskUsage(config_.ConsumeQueueDir());
  if (!usage.ok()) return usage.status();
  return usage->UsedRatio();
}

int MessageStore::CleanExpiredFiles(int64_t now_ms) {
  bool clean_immediately = false;
  bool space_to_delete = false;
  auto usage = env_->GetDiskUsage(config_.CommitLogDir());
  if (usage.ok()) {
    const double used = usage->UsedRatio() * 100.0;
    if (used > config_.disk_space_warning_level_ratio) {
      clean_immediately = true;
      commit_log_->SetAppendBlocked(Status::ResourceExhausted(
          "disk of " + config_.CommitLogDir() + " is " + std::to_string(static_cast<int>(used)) +
          "% full, above diskSpaceWarningLevelRatio " +
          std::to_string(config_.disk_space_warning_level_ratio) + "%"));
    } else {
      clean_immediately = used > config_.disk_space_clean_forcibly_ratio;
      commit_log_->SetAppendBlocked(Status::OK());
    }
    space_to_delete = used > config_.disk_max_used_space_ratio;
  } else {
    RMQ_LOG_WARN << "checking disk usage: " << usage.status().ToString();
  }
  const std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  const std::vector<int> hours = config_.DeleteHours();
  const bool time_up = std::find(hours.begin(), hours.end(), local.tm_hour) != hours.end();
  if (config_.message_index_enable) index_->ReleaseUnlinked();
  int deleted = 0;
  if (time_up || space_to_delete || clean_immediately) {
    const int64_t reserved_ms = int64_t{config_.file_reserved_time} * 3600 * 1000;
    const bool forced = clean_immediately && config_.clean_file_forcibly_enable;
    const int64_t keep_from =
        forced && !config_.delete_unconsumed_when_disk_full && retention_floor_ ? retention_floor_()
                                                                                : INT64_MAX;
    deleted = commit_log_->DeleteExpiredFiles(now_ms, reserved_ms, forced, 10, keep_from);
    ReportHeldDeletion(forced && keep_from < commit_log_->MaxOffset(),
                       usage.ok() ? usage->UsedRatio() : 0.0, keep_from);
  } else {
    ReportHeldDeletion(false, 0.0, INT64_MAX);
  }
  if (deleted > 0) {
    const int64_t min_offset = commit_log_->MinOffset();
    for (const auto& cq : AllConsumeQueues()) cq->DeleteExpiredFiles(min_offset);
    if (config_.message_index_enable) index_->DeleteExpired(min_offset);
    RMQ_LOG_INFO << "expired " << deleted << " CommitLog file(s); the log now starts at "
                 << min_offset;
  }
  return deleted;
}

void MessageStore::ReportHeldDeletion(bool held, double used_ratio, int64_t keep_from) {
  if (held == forced_deletion_held_) return;
  forced_deletion_held_ = held;
  if (held) {
    RMQ_LOG_ERROR << "disk of " << config_.CommitLogDir() << " is "
                  << static_cast<int>(used_ratio * 100.0)
                  << "% full, above diskSpaceCleanForciblyRatio "
                  << config_.disk_space_clean_forcibly_ratio << "%, but the CommitLog from offset "
                  << keep_from
                  << " holds messages not consumed yet: they are kept, and appends will be "
                     "refused above diskSpaceWarningLevelRatio "
                  << config_.disk_space_warning_level_ratio
                  << "% (free space, or set deleteUnconsumedWhenDiskFull=true to delete them)";
  } else {
    RMQ_LOG_WARN << "forced deletion is no longer held back by unconsumed messages";
  }
}

void MessageStore::RunHousekeeping() {
  const auto flush_every = std::chrono::milliseconds(config_.flush_interval_consume_queue);
  const auto clean_every = std::chrono::milliseconds(config_.clean_resource_interval);
  const auto thorough_every =
      std::chrono::milliseconds(config_.flush_consume_queue_thorough_interval);
  auto next_flush = clock::Monotonic::now() + flush_every;
  auto next_clean = clock::Monotonic::now() + clean_every;
  auto last_thorough = clock::Monotonic::now();
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(housekeeping_mu_);
      housekeeping_cv_.wait_until(lock, std::min(next_flush, next_clean),
                                  [&] { return housekeeping_stop_; });
      if (housekeeping_stop_) return;
    }
    const auto now = clock::Monotonic::now();
    if (now >= next_flush) {
      int32_t least = config_.flush_consume_queue_least_pages;
      if (now - last_thorough >= thorough_every) {
        least = 0;
        last_thorough = now;
      }
      FlushConsumeQueues(least);
      next_flush = now + flush_every;
    }
    if (now >= next_clean) {
      CleanExpiredFiles(clock::WallMillis());
      next_clean = now + clean_every;
    }
  }
}

}  // namespace store
}  // namespace rocketmq
