#include "store/commit_log.h"

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <future>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/logging.h"
#include "protocol/big_endian.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;
namespace sysflag = protocol::MessageSysFlag;

namespace {

// Prepared and rolled-back transaction records get queue offset 0 and do not advance the
// queue: they are never dispatched to a ConsumeQueue.
bool TakesQueueOffset(int32_t sys_flag) {
  const int32_t type = sysflag::TransactionType(sys_flag);
  return type == sysflag::kTransactionNotType || type == sysflag::kTransactionCommitType;
}

// The body CRC covers only the body. A write torn after the body leaves the zeros of the
// preallocated file in the topic or at the end of the properties, which a real record
// never has there: topics are [%|a-zA-Z0-9_-]+ and properties end with a separator or a
// value's last character.
bool LooksTorn(const protocol::MessageRecord& record) {
  return record.topic.empty() || record.topic.find('\0') != std::string_view::npos ||
         (!record.properties.empty() && record.properties.back() == '\0');
}

// What an unwritten part of a log file starts with.
constexpr char kZeros[8] = {};

// Whether a check of the log can start at `offset` of `file`: a whole record that says it is
// at `offset`, a BLANK, zeros or the file's end is there.
bool CheckCanStartAt(const MappedFile& file, int64_t offset, bool check_crc) {
  const int64_t pos = offset - file.file_from_offset();
  const std::string_view rest(file.data() + pos, static_cast<size_t>(file.file_size() - pos));
  if (rest.empty()) return true;
  switch (protocol::ClassifyRecord(rest)) {
    case protocol::RecordKind::kBlank:
      return true;
    case protocol::RecordKind::kEndOfData:
      // Zeros only: a bad magic there means the offset is not where a record starts.
      return std::memcmp(rest.data(), kZeros, std::min(rest.size(), sizeof kZeros)) == 0;
    case protocol::RecordKind::kMessage: {
      auto record = protocol::DecodeMessageRecord(rest, check_crc);
      return record.ok() && record->physical_offset == offset && !LooksTorn(*record);
    }
  }
  return false;
}

// Whether a put's records buffer is kept for the next put: a batch's buffer past 256 KiB is
// not worth its memory; one of a single message is cheap to allocate.
bool WorthRecycling(const std::string& buffer) {
  return buffer.capacity() >= 4096 && buffer.capacity() <= 256 * 1024;
}

// The index of the first file from `from` on that holds all of `span`.
std::optional<size_t> FileHolding(const std::vector<std::shared_ptr<MappedFile>>& files,
                                  size_t from, CommitLog::RecordSpan span) {
  for (size_t i = from; i < files.size(); ++i) {
    const int64_t pos = span.offset - files[i]->file_from_offset();
    if (pos >= 0 && pos + span.size <= files[i]->file_size()) return i;
  }
  return std::nullopt;
}

// The record at `pos` of `file` if it is the one `span` describes and whole.
std::optional<protocol::MessageRecord> WholeRecordAt(const MappedFile& file, int64_t pos,
                                                     CommitLog::RecordSpan span, bool check_crc) {
  auto record = protocol::DecodeMessageRecord(
      std::string_view(file.data() + pos, static_cast<size_t>(file.file_size() - pos)), check_crc);
  if (!record.ok() || record->physical_offset != span.offset || record->total_size != span.size ||
      LooksTorn(*record)) {
    return std::nullopt;
  }
  return *std::move(record);
}

// The queue id of a "<topic>-<queueId>" key.
std::optional<int32_t> ParseQueueId(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(value);
}

}  // namespace

struct CommitLog::Request {
  std::string records;
  // Each record of `records` as Append decoded it (or the put encoded it), back to back;
  // the views point into `records`. AppendOne sets the append's fields here too: the
  // dispatcher gets them.
  std::vector<AppendedRecord> decoded;
  bool wait_store_ok = true;
  PutCallback callback;
  // Set for work that must run on the appender between two appends (no records then).
  std::function<void()> control;
};

thread_local CommitLog::HeldAppends CommitLog::t_held_appends;

namespace {
// Larger hand-overs go to the appender even when it is idle: copying and dispatching them
// takes long enough that the appender working while the handing thread reads and decodes
// the next requests beats the wakeups saved (on two cores, with big batches).
constexpr size_t kInlineAppendBytes = 64 * 1024;
}  // namespace

CommitLog::CommitLog(const MessageStoreConfig& config, Env* env, FileAllocator* allocator,
                     EntryLog* entry_log)
    : config_(config),
      sync_flush_(config.flush_type() == FlushDiskType::kSyncFlush),
      sync_master_(config.is_sync_master()),
      entry_log_(entry_log),
      own_files_(env, config.CommitLogDir(), config.mapped_file_size_commit_log, allocator),
      files_(entry_log != nullptr ? *entry_log->files() : own_files_),
      ack_(std::chrono::milliseconds(config.sync_flush_timeout)) {}

CommitLog::~CommitLog() { Shutdown(); }

// In DLedger mode the owner of the entries loaded and recovered them; the classic
// directory stays empty (Apache keeps it too).
Status CommitLog::Load() { return own_files_.Load(); }

Result<int64_t> CommitLog::Recover(bool abnormal, int64_t checkpoint_min_timestamp,
                                   RecordSpan dispatched, int64_t durable_from) {
  if (entry_log_ != nullptr) return files_.MinOffset();
  auto files = files_.Files();
  if (files.empty()) return int64_t{0};
  const bool check_crc = config_.check_crc_on_recover;
  size_t start = files.size() > 3 ? files.size() - 3 : 0;
  int64_t start_pos = 0;
  std::optional<size_t> durable_file;
  if (abnormal && durable_from >= 0) {
    durable_file = FileHolding(files, 0, RecordSpan{durable_from, 0});
    if (durable_file && CheckCanStartAt(*files[*durable_file], durable_from, check_crc)) {
      start = *durable_file;
      start_pos = durable_from - files[start]->file_from_offset();
    } else {
      durable_file.reset();
      RMQ_LOG_WARN << "the checkpoint's durable CommitLog offset " << durable_from
                   << " is not where a record starts; checking from its times instead";
    }
  }
  if (abnormal && !durable_file) {
    start = 0;
    for (size_t i = files.size(); i-- > 0;) {
      auto first = protocol::DecodeMessageRecord(
          std::string_view(files[i]->data(), static_cast<size_t>(files[i]->file_size())));
      if (first.ok() && first->store_timestamp != 0 &&
          first->store_timestamp <= checkpoint_min_timestamp) {
        start = i;
        break;
      }
    }
  }
  // The newest record the ConsumeQueues point at, when it is whole where they say it is:
  // after a crash the check starts at it if it is older than the checkpoint, after a clean
  // stop right after it.
  const std::optional<size_t> holder = dispatched.size > 0 && !durable_file
                                           ? FileHolding(files, abnormal ? start : 0, dispatched)
                                           : std::nullopt;
  if (holder) {
    MappedFile& file = *files[*holder];
    const int64_t pos = dispatched.offset - file.file_from_offset();
    const auto record = WholeRecordAt(file, pos, dispatched, check_crc);
    if (abnormal) {
      if (record && record->store_timestamp > 0 &&
          record->store_timestamp <= checkpoint_min_timestamp) {
        start = *holder;
        start_pos = pos;
      }
    } else if (record) {
      start = *holder;
      start_pos = pos + dispatched.size;
      file.SetLastStoreTimestamp(record->store_timestamp);
      last_store_timestamp_ = record->store_timestamp;
    } else {
      RMQ_LOG_WARN << "the newest record the ConsumeQueues point at (CommitLog offset "
                   << dispatched.offset << ") does not check out; checking the last files";
    }
  }
  int64_t end = files[start]->file_from_offset() + start_pos;
  // The log ended where its bytes turn to zero (not at a bad record): after a clean stop the
  // rest of the file is zeros and is not read again.
  bool ends_in_zeros = false;
  for (size_t i = start; i < files.size(); ++i) {
    MappedFile& file = *files[i];
    const int64_t size = file.file_size();
    int64_t pos = i == start ? start_pos : 0;
    bool stop = false;
    while (pos < size) {
      std::string_view rest(file.data() + pos, static_cast<size_t>(size - pos));
      protocol::RecordKind kind = protocol::ClassifyRecord(rest);
      if (kind == protocol::RecordKind::kBlank) {
        if (static_cast<int64_t>(be::Load32(rest.data())) != size - pos) {
          RMQ_LOG_WARN << "CommitLog blank record at " << file.file_from_offset() + pos
                       << " does not reach the end of its file; the log ends there";
          stop = true;
        } else {
          pos = size;
        }
        break;
      }
      if (kind == protocol::RecordKind::kEndOfData) {
        ends_in_zeros = rest.size() < 8 || std::memcmp(rest.data(), kZeros, 8) == 0;
        stop = true;
        break;
      }
      auto record = protocol::DecodeMessageRecord(rest, check_crc);
      std::string problem;
      if (!record.ok()) {
        problem = record.status().ToString();
      } else if (record->physical_offset != file.file_from_offset() + pos) {
        problem = "its PHYSICALOFFSET is " + std::to_string(record->physical_offset);
      } else if (LooksTorn(*record)) {
        problem = "its topic or properties end in zero bytes (a torn write)";
      }
      if (!problem.empty()) {
        RMQ_LOG_WARN << "CommitLog record at " << file.file_from_offset() + pos
                     << " is invalid, the log ends there: " << problem;
        stop = true;
        break;
      }
      file.SetLastStoreTimestamp(record->store_timestamp);
      last_store_timestamp_ = std::max(last_store_timestamp_, record->store_timestamp);
      pos += record->total_size;
    }
    end = file.file_from_offset() + pos;
    if (stop) break;
  }
  RMQ_RETURN_IF_ERROR(files_.TruncateDirtyFiles(end, !abnormal && ends_in_zeros ? end : INT64_MAX));
  files_.SetFlushedWhere(end);
  {
    std::lock_guard<std::mutex> lock(appended_mu_);
    appended_end_ = end;
    appended_timestamp_ = last_store_timestamp_;
  }
  RMQ_LOG_INFO << "CommitLog recovered (" << (abnormal ? "after a crash" : "clean stop")
               << "): checked from " << files[start]->file_from_offset() + start_pos
               << ", data ends at " << end;
  return files[start]->file_from_offset() + (abnormal ? start_pos : 0);
}

void CommitLog::SetQueueOffsets(std::unordered_map<std::string, int64_t> offsets) {
  queue_offsets_.clear();
  last_topic_offsets_ = nullptr;
  for (const auto& [key, next] : offsets) {
    const size_t dash = key.rfind('-');
    if (dash == std::string::npos) continue;
    const std::optional<int32_t> queue_id = ParseQueueId(std::string_view(key).substr(dash + 1));
    if (queue_id) queue_offsets_[key.substr(0, dash)][*queue_id] = next;
  }
}

int64_t CommitLog::TakeQueueOffset(std::string_view topic, int32_t queue_id) {
  if (last_topic_offsets_ == nullptr || last_topic_offsets_->first != topic) {
    auto queues = queue_offsets_.find(topic);
    if (queues == queue_offsets_.end()) {
      queues =
          queue_offsets_.emplace(std::string(topic), std::unordered_map<int32_t, int64_t>()).first;
    }
    last_topic_offsets_ = &*queues;
  }
  return last_topic_offsets_->second[queue_id]++;
}

void CommitLog::Start(std::function<void()> on_appended) {
  on_appended_ = std::move(on_appended);
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    accepting_ = true;
    appender_stop_ = false;
  }
  {
    std::lock_guard<std::mutex> lock(flush_mu_);
    flusher_stop_ = false;
  }
  appender_ = std::thread([this] { RunAppender(); });
  pthread_setname_np(appender_.native_handle(), "store-append");
  flusher_ = std::thread([this] { RunFlusher(); });
  pthread_setname_np(flusher_.native_handle(), "store-flush");
}

void CommitLog::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    accepting_ = false;
    appender_stop_ = true;
  }
  queue_cv_.notify_all();
  if (appender_.joinable()) appender_.join();
  // Waits for an append running on another thread (see Enqueue).
  { std::lock_guard<std::mutex> writer(writer_mu_); }
  {
    std::lock_guard<std::mutex> lock(flush_mu_);
    flusher_stop_ = true;
  }
  flush_cv_.notify_all();
  if (flusher_.joinable()) flusher_.join();
  if (sticky_error().ok()) FlushOnce(0);
  ack_.FailAll(PutMessageStatus::kFlushDiskTimeout,
               Status::Cancelled("the store shut down before the message was flushed"));
}

void CommitLog::Append(std::string records, bool wait_store_ok, PutCallback callback,
                       const IndexedPropertySpans* spans, size_t span_count,
                       const protocol::MessageRecord* encoded, size_t encoded_count) {
  auto refuse = [&](PutMessageStatus status, Status error) {
    if (callback) callback(PutMessageResult::Failure(status, std::move(error)));
  };
  if (records.empty()) {
    return refuse(PutMessageStatus::kMessageIllegal,
                  Status::InvalidArgument("no record to append"));
  }
  if (records.size() > static_cast<size_t>(config_.max_message_size)) {
    return refuse(PutMessageStatus::kMessageIllegal,
                  Status::ResourceExhausted("message of " + std::to_string(records.size()) +
                                            " bytes exceeds maxMessageSize " +
                                            std::to_string(config_.max_message_size)));
  }
  auto request = std::make_unique<Request>();
  // What the put says it encoded, when it says, spares decoding each record again.
  if (encoded_count > 0) request->decoded.reserve(encoded_count);
  for (size_t pos = 0; pos < records.size();) {
    const size_t index = request->decoded.size();
    std::string_view rest(records.data() + pos, records.size() - pos);
    if (encoded_count > 0) {
      if (index >= encoded_count || encoded[index].total_size <= 0 ||
          static_cast<size_t>(encoded[index].total_size) > rest.size()) {
        return refuse(PutMessageStatus::kMessageIllegal,
                      Status::InvalidArgument("the records do not match their encoded fields"));
      }
      request->decoded.push_back(AppendedRecord{encoded[index], {}});
    } else {
      auto decoded = protocol::DecodeMessageRecord(rest);
      if (!decoded.ok()) {
        return refuse(
            PutMessageStatus::kMessageIllegal,
            decoded.status().WithContext("record " + std::to_string(index) + " of the put"));
      }
      // A batch's records are mostly of one size: one allocation.
      if (index == 0) {
        request->decoded.reserve(records.size() / static_cast<size_t>(decoded->total_size));
      }
      request->decoded.push_back(AppendedRecord{*std::move(decoded), {}});
    }
    protocol::MessageRecord* record = &request->decoded.back().record;
    // A batch's records name one topic: the later ones view the first one's copy of it, so
    // that the appender and the dispatcher, on other cores, read one cache line of the put
    // for it rather than one at every record's end (comparing topics there was 3-7% of the
    // broker's CPU under full-speed batches, mostly such misses). The bytes are hot here.
    const bool first_topic = index > 0 && record->topic == request->decoded[0].record.topic;
    if (first_topic) record->topic = request->decoded[0].record.topic;
    // Both name a ConsumeQueue directory once dispatched: refuse here what could not.
    if (record->queue_id < 0 ||
        (!first_topic && (record->topic == "." || record->topic == ".." ||
                          record->topic.find('/') != std::string_view::npos))) {
      return refuse(PutMessageStatus::kMessageIllegal,
                    Status::InvalidArgument("record " + std::to_string(index) + " has topic '" +
                                            std::string(record->topic) + "' and queue id " +
                                            std::to_string(record->queue_id) +
                                            ", which cannot name a ConsumeQueue"));
    }
    pos += static_cast<size_t>(record->total_size);
  }
  if (encoded_count > 0 && request->decoded.size() != encoded_count) {
    return refuse(PutMessageStatus::kMessageIllegal,
                  Status::InvalidArgument("the records do not match their encoded fields"));
  }
  if (refusing_.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(error_mu_);
    const Status& why = sticky_error_.ok() ? blocked_ : sticky_error_;
    if (!why.ok()) {
      PutMessageResult r = PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable, why);
      if (callback) callback(r);
      return;
    }
  }
  request->records = std::move(records);
  if (span_count == request->decoded.size()) {
    for (size_t i = 0; i < span_count; ++i) request->decoded[i].spans = spans[i];
  }
  request->wait_store_ok = wait_store_ok;
  request->callback = std::move(callback);
  if (t_held_appends.depth > 0) {
    t_held_appends.requests.emplace_back(this, std::move(request));
    return;
  }
  std::vector<std::unique_ptr<Request>> one;
  one.push_back(std::move(request));
  Enqueue(&one, false);
}

Status CommitLog::AppendReplicated(int64_t offset, std::string_view data) {
  return AppendReplicated(offset, &data, 1);
}

Status CommitLog::AppendReplicated(int64_t offset, const std::string_view* pieces, size_t count,
                                   const std::function<void()>& stored) {
  {
    std::lock_guard<std::mutex> writer(writer_mu_);
    {
      std::lock_guard<std::mutex> lock(error_mu_);
      if (!sticky_error_.ok()) return sticky_error_;
    }
    const bool empty = files_.Empty();
    if (!empty && offset != files_.MaxOffset()) {
      return Status::InvalidArgument("replicated bytes start at " + std::to_string(offset) +
                                     " but the CommitLog ends at " +
                                     std::to_string(files_.MaxOffset()));
    }
    if (empty && offset % files_.file_size() != 0) {
      return Status::InvalidArgument("replicated bytes for an empty CommitLog start at " +
                                     std::to_string(offset) + ", not at a file boundary");
    }
    if (replica_cursor_ < 0) replica_cursor_ = offset;
    std::shared_ptr<MappedFile> file;
    for (size_t i = 0; i < count; ++i) {
      std::string_view rest = pieces[i];
      while (!rest.empty()) {
        if (file == nullptr) {
          auto writable = files_.Writable(offset);
          if (!writable.ok()) return writable.status();
          file = *writable;
        }
        const size_t n = std::min(rest.size(), static_cast<size_t>(file->RemainingBytes()));
        file->Stage(rest.substr(0, n));
        rest.remove_prefix(n);
        if (file->RemainingBytes() == 0) {
          // Full: written now, so that Writable() moves on to the next file.
          RMQ_RETURN_IF_ERROR(file->Commit());
          file.reset();
        }
      }
    }
    if (file != nullptr) RMQ_RETURN_IF_ERROR(file->Commit());
    TrackReplicatedRecords();
    std::lock_guard<std::mutex> lock(appended_mu_);
    // Not the log's end: a frame may end inside a record.
    appended_end_ = replica_cursor_;
    appended_timestamp_ = last_store_timestamp_;
  }
  if (stored) stored();
  if (on_appended_) on_appended_();
  return Status::OK();
}

void CommitLog::TrackReplicatedRecords() {
  const int64_t end = files_.MaxOffset();
  // The newest complete record: its file stays held for the decoding below.
  SelectedRecord newest_file;
  size_t newest_at = 0;
  bool more = true;
  while (more && replica_cursor_ < end) {
    auto rest = ReadToFileEnd(replica_cursor_);
    if (!rest.ok()) break;
    // One file lookup per file, not per record: a frame carries hundreds of records.
    const std::string_view bytes =
        rest->bytes().substr(0, static_cast<size_t>(end - replica_cursor_));
    size_t used = 0;
    size_t newest_in_view = std::string_view::npos;
    bool rolled = false;
    for (;;) {
      const std::string_view record = bytes.substr(used);
      if (record.size() < protocol::kBlankRecordLength) {
        more = false;
        break;
      }
      const protocol::RecordKind kind = protocol::ClassifyRecord(record);
      if (kind == protocol::RecordKind::kBlank) {
        rolled = true;
        break;
      }
      // Anything else the dispatcher reports; the checkpoint just stops advancing.
      const auto size = kind == protocol::RecordKind::kMessage
                            ? static_cast<size_t>(be::Load32(record.data()))
                            : 0;
      if (size == 0 || size > record.size()) {
        more = false;
        break;
      }
      newest_in_view = used;
      used += size;
    }
    if (newest_in_view != std::string_view::npos) {
      newest_file = std::move(*rest);
      newest_at = newest_in_view;
    }
    replica_cursor_ = rolled ? RollNextFile(replica_cursor_ + static_cast<int64_t>(used))
                             : replica_cursor_ + static_cast<int64_t>(used);
  }
  if (!newest_file.valid()) return;
  auto record = protocol::DecodeMessageRecord(newest_file.bytes().substr(newest_at));
  if (!record.ok() || record->store_timestamp <= 0) return;
  last_store_timestamp_ = std::max(last_store_timestamp_, record->store_timestamp);
  if (auto file = files_.FindByOffset(newest_file.offset() + static_cast<int64_t>(newest_at))) {
    file->SetLastStoreTimestamp(record->store_timestamp);
  }
}

void CommitLog::Enqueue(std::vector<std::unique_ptr<Request>>* requests, bool append_here) {
  if (append_here) {
    size_t bytes = 0;
    for (const auto& request : *requests) bytes += request->records.size();
    append_here = bytes <= kInlineAppendBytes;
  }
  if (append_here) {
    // Appending here spares the appender's wakeup and the hand-back of every answer. Only
    // when nothing is queued or being appended: what this thread queued earlier goes first.
    std::unique_lock<std::mutex> writer(writer_mu_, std::try_to_lock);
    if (writer.owns_lock()) {
      bool idle;
      {
        std::lock_guard<std::mutex> lock(queue_mu_);
        idle = accepting_ && queue_.empty();
      }
      if (idle) {
        AppendAndAcknowledge(requests);
        writer.unlock();
        if (on_appended_) on_appended_();
        return;
      }
    }
  }
  {
    std::unique_lock<std::mutex> lock(queue_mu_);
    if (accepting_) {
      for (auto& request : *requests) queue_.push_back(std::move(request));
      requests->clear();
    }
  }
  if (requests->empty()) {
    queue_cv_.notify_one();
    return;
  }
  for (auto& request : *requests) {
    if (request->callback) {
      request->callback(
          PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable,
                                    Status::IllegalState("the message store is not running")));
    }
  }
}

AppendBatch::AppendBatch() { ++CommitLog::t_held_appends.depth; }

AppendBatch::~AppendBatch() {
  if (--CommitLog::t_held_appends.depth == 0) HandOver(true);
}

void AppendBatch::HandOverNow() { HandOver(false); }

void AppendBatch::HandOver(bool append_here) {
  CommitLog::HeldAppends& held = CommitLog::t_held_appends;
  // Taken out: a callback run below may put, and hand over, again.
  auto requests = std::move(held.requests);
  held.requests = std::move(held.spare_requests);
  held.requests.clear();
  auto run = std::move(held.spare_run);
  // One hand-over per CommitLog, in the order the puts were made.
  for (size_t i = 0; i < requests.size();) {
    CommitLog* log = requests[i].first;
    run.clear();
    for (; i < requests.size() && requests[i].first == log; ++i) {
      run.push_back(std::move(requests[i].second));
    }
    log->Enqueue(&run, append_here);
  }
  requests.clear();
  run.clear();
  held.spare_requests = std::move(requests);
  held.spare_run = std::move(run);
}

void CommitLog::RemoveQueueOffsets(const std::set<std::string>& topics) {
  RunOnAppender([this, &topics] {
    for (const std::string& topic : topics) queue_offsets_.erase(topic);
    last_topic_offsets_ = nullptr;
  });
}

void CommitLog::ReplaceQueueOffsets(std::unordered_map<std::string, int64_t> offsets) {
  RunOnAppender([this, &offsets] { SetQueueOffsets(std::move(offsets)); });
}

void CommitLog::RunOnAppender(const std::function<void()>& work) {
  auto request = std::make_unique<Request>();
  std::promise<void> done;
  std::future<void> finished = done.get_future();
  request->wait_store_ok = false;
  request->control = [&] {
    work();
    done.set_value();
  };
  {
    std::unique_lock<std::mutex> lock(queue_mu_);
    if (!accepting_) {
      lock.unlock();
      work();  // no appender is running: the table is ours
      return;
    }
    queue_.push_back(std::move(request));
  }
  queue_cv_.notify_one();
  // The appender drains its queue even when stopping, so this always completes.
  finished.wait();
}

void CommitLog::SetAppendBlocked(const Status& reason) {
  std::lock_guard<std::mutex> lock(error_mu_);
  blocked_ = reason;
  refusing_.store(!sticky_error_.ok() || !blocked_.ok(), std::memory_order_release);
}

Status CommitLog::sticky_error() const {
  std::lock_guard<std::mutex> lock(error_mu_);
  return sticky_error_;
}

void CommitLog::Fail(const Status& error) {
  std::lock_guard<std::mutex> lock(error_mu_);
  if (!sticky_error_.ok()) return;
  sticky_error_ = error.WithContext("the CommitLog refuses appends after an I/O error");
  refusing_.store(true, std::memory_order_release);
  RMQ_LOG_ERROR << sticky_error_.ToString();
}

void CommitLog::RunAppender() {
  std::vector<std::unique_ptr<Request>> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return appender_stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
    }
    {
      std::lock_guard<std::mutex> writer(writer_mu_);
      {
        std::lock_guard<std::mutex> lock(queue_mu_);
        for (auto& request : queue_) batch.push_back(std::move(request));
        queue_.clear();
      }
      AppendAndAcknowledge(&batch);
    }
    batch.clear();
    if (on_appended_) on_appended_();
  }
}

void CommitLog::AppendAndAcknowledge(std::vector<std::unique_ptr<Request>>* batch) {
  // Sized once: AppendOne keeps pointers to the results until CommitStaged().
  std::vector<PutMessageResult>& results = append_results_;
  results.clear();
  results.resize(batch->size());
  for (size_t i = 0; i < batch->size(); ++i) AppendOne((*batch)[i].get(), &results[i]);
  CommitStaged();
  {
    std::lock_guard<std::mutex> lock(appended_mu_);
    appended_end_ = files_.MaxOffset();
    appended_timestamp_ = last_store_timestamp_;
  }
  if (entry_log_ == nullptr) HoldAppended(batch, results);
  bool waits = false;
  auto acknowledge = [&] {
    for (size_t i = 0; i < batch->size(); ++i) {
      const bool stored = (*batch)[i]->wait_store_ok && results[i].ok();
      const int64_t end = results[i].wrote_offset + results[i].wrote_bytes;
      AckPoint::Conditions wait_for;
      wait_for.flushed = sync_flush_ && stored && entry_log_ == nullptr;
      wait_for.replicated = sync_master_ && stored;
      // DLedger mode: every put (WAIT=false too, as in Apache) waits for its commit.
      if (entry_log_ != nullptr) {
        wait_for.replicated = results[i].ok() && (*batch)[i]->callback != nullptr;
      } else if (wait_for.replicated && !(replica_gate_ && replica_gate_(end))) {
        // Stored, and still flushed if asked: only the slave's part is given up.
        wait_for.replicated = false;
        results[i].status = PutMessageStatus::kSlaveNotAvailable;
        results[i].error = Status::IllegalState(
            "no slave is connected, or the slave is more than haSlaveFallbehindMax bytes behind");
      }
      waits = waits || wait_for.flushed;
      ack_.Submit(end, wait_for, std::move(results[i]), std::move((*batch)[i]->callback));
    }
  };
  // By reference: a std::function of the lambda itself allocated (its captures are too big).
  ack_.RunInScope(std::ref(acknowledge));
  if (waits) {
    // Taking the lock orders this notify after the flusher's predicate check: no lost wakeup.
    { std::lock_guard<std::mutex> lock(flush_mu_); }
    flush_cv_.notify_one();
  }
  // The buffers of puts not held for the dispatcher are done with.
  std::vector<std::string>& unheld = unheld_buffers_;
  for (const std::unique_ptr<Request>& request : *batch) {
    if (WorthRecycling(request->records)) unheld.push_back(std::move(request->records));
  }
  if (!unheld.empty()) RecycleRecordsBuffers(&unheld);
}

void CommitLog::HoldAppended(std::vector<std::unique_ptr<Request>>* batch,
                             const std::vector<PutMessageResult>& results) {
  // Enough for the dispatcher to run a few batches behind; beyond it holding them only
  // costs memory.
  constexpr size_t kMaxHeldBytes = 4 * 1024 * 1024;
  std::lock_guard<std::mutex> lock(appended_records_mu_);
  for (size_t i = 0; i < batch->size(); ++i) {
    Request& request = *(*batch)[i];
    if (!results[i].ok() || request.decoded.empty()) continue;
    if (appended_records_bytes_ + request.records.size() > kMaxHeldBytes) return;
    const int64_t begin = results[i].wrote_offset;
    // Puts stored back to back join one entry; a file's end (BLANK) starts the next.
    if (appended_records_.empty() || appended_records_.back().end != begin) {
      appended_records_.push_back(std::move(spare_appended_));
      appended_records_.back().begin = begin;
    }
    AppendedRecords& held = appended_records_.back();
    held.end = begin + results[i].wrote_bytes;
    held.puts.push_back(std::move(request.decoded));
    // Moving a string keeps its heap buffer, where the records' views point.
    appended_records_bytes_ += request.records.size();
    held.buffers.push_back(std::move(request.records));
  }
}

bool CommitLog::TakeAppended(int64_t offset, AppendedRecords* out, int64_t* next_at) {
  // Freed before the lock is taken; the emptied vectors go to spare_appended_ below.
  out->puts.clear();
  out->buffers.clear();
  std::lock_guard<std::mutex> lock(appended_records_mu_);
  while (!appended_records_.empty() && appended_records_.front().begin < offset) {
    appended_records_bytes_ -=
        static_cast<size_t>(appended_records_.front().end - appended_records_.front().begin);
    appended_records_.pop_front();
  }
  if (appended_records_.empty() || appended_records_.front().begin != offset) {
    *next_at = appended_records_.empty() ? INT64_MAX : appended_records_.front().begin;
    return false;
  }
  appended_records_bytes_ -=
      static_cast<size_t>(appended_records_.front().end - appended_records_.front().begin);
  std::swap(*out, appended_records_.front());
  spare_appended_ = std::move(appended_records_.front());
  appended_records_.pop_front();
  return true;
}

std::string CommitLog::TakeRecordsBuffer() {
  std::string buffer;
  std::lock_guard<std::mutex> lock(free_buffers_mu_);
  if (!free_buffers_.empty()) {
    buffer = std::move(free_buffers_.back());
    free_buffers_.pop_back();
    free_buffer_bytes_ -= buffer.capacity();
  }
  return buffer;
}

void CommitLog::RecycleRecordsBuffers(std::vector<std::string>* buffers) {
  // A dispatcher catching up gives back the buffers of many puts at once, which the puts
  // after it take one by one: half of what the held records may take.
  constexpr size_t kMaxFreeBytes = 2 * 1024 * 1024;
  // Single messages' buffers (most puts, when not batched) take no lock here.
  if (std::none_of(buffers->begin(), buffers->end(), WorthRecycling)) {
    buffers->clear();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(free_buffers_mu_);
    for (std::string& buffer : *buffers) {
      const size_t capacity = buffer.capacity();
      if (!WorthRecycling(buffer)) continue;
      if (free_buffer_bytes_ + capacity > kMaxFreeBytes) break;
      buffer.clear();
      free_buffers_.push_back(std::move(buffer));
      free_buffer_bytes_ += capacity;
    }
  }
  // What was not kept is freed here, outside the lock.
  buffers->clear();
}

void CommitLog::AppendOne(Request* request, PutMessageResult* result) {
  if (request->control) {
    request->control();  // control work has no callback to answer
    return;
  }
  if (refusing_.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(error_mu_);
    const Status& why = sticky_error_.ok() ? blocked_ : sticky_error_;
    if (!why.ok()) {
      *result = PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable, why);
      return;
    }
  }
  if (entry_log_ != nullptr) {
    *result = AppendOneAsEntries(request);
    return;
  }
  const auto total = static_cast<int32_t>(request->records.size());
  auto file = staged_file_ != nullptr ? Result<std::shared_ptr<MappedFile>>(staged_file_)
                                      : files_.Writable(0);
  if (!file.ok()) {
    *result = PutMessageResult::Failure(PutMessageStatus::kCreateMappedFileFailed, file.status());
    return;
  }
  if ((*file)->RemainingBytes() <
      int64_t{total} + static_cast<int64_t>(protocol::kBlankRecordLength)) {
    const auto remaining = static_cast<int32_t>((*file)->RemainingBytes());
    Status prepared = (*file)->PrepareUpTo((*file)->staged_end() +
                                           static_cast<int64_t>(protocol::kBlankRecordLength));
    if (!prepared.ok()) {
      *result = PutMessageResult::Failure(PutMessageStatus::kCreateMappedFileFailed, prepared);
      return;
    }
    protocol::EncodeBlankRecord(blank_record_, remaining);
    // Only the filler's 8 bytes are written; the rest of the file stays as it is (zeros).
    staged_file_ = *file;
    staged_file_->Stage(std::string_view(blank_record_, protocol::kBlankRecordLength));
    Status committed = CommitStaged();
    if (!committed.ok()) {
      *result = PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable, committed);
      return;
    }
    (*file)->SetWrotePosition(static_cast<int32_t>((*file)->file_size()));
    file = files_.Writable(0);
    if (!file.ok()) {
      *result = PutMessageResult::Failure(PutMessageStatus::kCreateMappedFileFailed, file.status());
      return;
    }
  }
  // Store times never go backwards so that searching a queue by time stays a bisection.
  const int64_t now = std::max(clock::WallMillis(), last_store_timestamp_);
  last_store_timestamp_ = now;
  const int32_t pos = (*file)->staged_end();
  // A file still being prepared in the background: never store into unwritten blocks.
  Status prepared = (*file)->PrepareUpTo(int64_t{pos} + total);
  if (!prepared.ok()) {
    *result = PutMessageResult::Failure(PutMessageStatus::kCreateMappedFileFailed, prepared);
    return;
  }
  const int64_t base = (*file)->file_from_offset() + pos;
  result->status = PutMessageStatus::kPutOk;
  result->wrote_offset = base;
  result->wrote_bytes = total;
  result->msg_num = static_cast<int32_t>(request->decoded.size());
  result->store_timestamp = now;
  char* records = request->records.data();
  size_t at = 0;
  for (size_t i = 0; i < request->decoded.size(); ++i) {
    protocol::MessageRecord& rec = request->decoded[i].record;
    int64_t queue_offset = 0;
    if (TakesQueueOffset(rec.sys_flag)) queue_offset = TakeQueueOffset(rec.topic, rec.queue_id);
    if (i == 0) result->queue_offset = queue_offset;
    rec.queue_offset = queue_offset;
    rec.physical_offset = base + static_cast<int64_t>(at);
    rec.store_timestamp = now;
    protocol::SetAppendFields(records + at, queue_offset, rec.physical_offset, now);
    at += static_cast<size_t>(rec.total_size);
  }
  // Fits: RemainingBytes() was checked above.
  (*file)->Stage(request->records);
  staged_file_ = *file;
  staged_results_.push_back(result);
  (*file)->SetLastStoreTimestamp(now);
}

Status CommitLog::CommitStaged() {
  if (staged_file_ == nullptr) return Status::OK();
  Status s = staged_file_->Commit();
  staged_file_.reset();
  // Cleared rather than swapped out: it keeps its capacity (an allocation per append).
  if (s.ok()) {
    staged_results_.clear();
    return s;
  }
  // The queue offsets these puts took are not given back: nothing is appended after this.
  Fail(s);
  for (PutMessageResult* r : staged_results_) {
    *r = PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable, sticky_error());
  }
  staged_results_.clear();
  return sticky_error();
}

PutMessageResult CommitLog::AppendOneAsEntries(Request* request) {
  const int64_t now = std::max(clock::WallMillis(), last_store_timestamp_);
  last_store_timestamp_ = now;
  PutMessageResult result;
  result.status = PutMessageStatus::kPutOk;
  result.msg_num = static_cast<int32_t>(request->decoded.size());
  result.store_timestamp = now;
  int64_t end = 0;
  size_t at = 0;
  for (size_t i = 0; i < request->decoded.size(); ++i) {
    const protocol::MessageRecord& rec = request->decoded[i].record;
    const size_t record_at = at;
    at += static_cast<size_t>(rec.total_size);
    int64_t queue_offset = 0;
    int64_t base = -1;
    // The stamp runs only once the entry is sure to be written: a refused entry takes no
    // queue offset.
    auto appended = entry_log_->Append(
        request->records.substr(record_at, static_cast<size_t>(rec.total_size)),
        [&](int64_t records_offset, std::string* record) {
          if (TakesQueueOffset(rec.sys_flag))
            queue_offset = TakeQueueOffset(rec.topic, rec.queue_id);
          base = records_offset;
          protocol::SetAppendFields(record->data(), queue_offset, records_offset, now);
        });
    if (!appended.ok()) {
      // Entries already appended for this batch stay (Apache appends a batch entry by entry
      // too); the producer learns that the put as a whole failed.
      return PutMessageResult::Failure(PutMessageStatus::kServiceNotAvailable, appended.status());
    }
    if (i == 0) {
      result.queue_offset = queue_offset;
      result.wrote_offset = base;
    }
    if (request->decoded.size() > 1) result.record_offsets.push_back(base);
    end = *appended;
  }
  result.wrote_bytes = static_cast<int32_t>(end - result.wrote_offset);
  return result;
}

void CommitLog::FlushOnce(int32_t least_pages) {
  // The owner of the entries flushes them (DLedger: every flushFileInterval).
  if (entry_log_ != nullptr) return;
  int64_t end;
  int64_t timestamp;
  {
    std::lock_guard<std::mutex> lock(appended_mu_);
    end = appended_end_;
    timestamp = appended_timestamp_;
  }
  Status s = files_.Flush(least_pages);
  if (!s.ok()) {
    Fail(s);
    ack_.FailAll(PutMessageStatus::kFlushDiskTimeout, sticky_error());
    return;
  }
  const int64_t flushed = files_.flushed_where();
  if (flushed >= end && checkpoint_ != nullptr && timestamp > 0) {
    checkpoint_->SetPhysicMsgTimestamp(timestamp);
    checkpoint_->SetPhysicOffset(end);
  }
  ack_.OnFlushed(flushed);
}

void CommitLog::RunFlusher() {
  auto last_thorough = clock::Monotonic::now();
  auto last_flush = clock::Monotonic::now();
  const auto interval = std::chrono::milliseconds(config_.flush_interval_commit_log);
  const auto thorough = std::chrono::milliseconds(config_.flush_commit_log_thorough_interval);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(flush_mu_);
      if (sync_flush_) {
        // Bounded wait: also wakes to time out requests whose flush never happened.
        flush_cv_.wait_until(
            lock,
            std::min(ack_.NextDeadline(), clock::Monotonic::now() + std::chrono::milliseconds(100)),
            [&] { return flusher_stop_ || ack_.NeedsFlush(); });
      } else if (sync_master_) {
        // Wakes in time to answer requests the slave never acknowledged.
        flush_cv_.wait_until(lock, std::min(ack_.NextDeadline(), last_flush + interval),
                             [&] { return flusher_stop_; });
      } else {
        flush_cv_.wait_for(lock, interval, [&] { return flusher_stop_; });
      }
      if (flusher_stop_) return;
    }
    if (!sticky_error().ok()) {
      ack_.FailAll(PutMessageStatus::kFlushDiskTimeout, sticky_error());
      continue;
    }
    if (sync_flush_) {
      if (ack_.NeedsFlush()) FlushOnce(0);
      ack_.ExpireOverdue();
    } else {
      if (sync_master_) {
        ack_.ExpireOverdue();
        if (clock::Monotonic::now() < last_flush + interval) continue;
      }
      last_flush = clock::Monotonic::now();
      int32_t least = config_.flush_commit_log_least_pages;
      if (clock::Monotonic::now() - last_thorough >= thorough) {
        least = 0;
        last_thorough = clock::Monotonic::now();
      }
      FlushOnce(least);
    }
  }
}

Result<SelectedRecord> CommitLog::Read(int64_t offset, int32_t size) const {
  std::shared_ptr<MappedFile> file;
  return Read(offset, size, &file);
}

Result<SelectedRecord> CommitLog::Read(int64_t offset, int32_t size,
                                       std::shared_ptr<MappedFile>* file) const {
  if (*file == nullptr || offset < (*file)->file_from_offset() ||
      offset - (*file)->file_from_offset() >= (*file)->file_size()) {
    *file = files_.FindByOffset(offset);
    if (*file == nullptr) {
      return Status::NotFound("CommitLog offset " + std::to_string(offset) +
                              " is not in the log (removed or not yet written)");
    }
  }
  const int64_t pos = offset - (*file)->file_from_offset();
  if (size <= 0 || pos + size > (*file)->wrote_position()) {
    return Status::NotFound("CommitLog range [" + std::to_string(offset) + ", +" +
                            std::to_string(size) + ") is not written");
  }
  return SelectedRecord(*file, offset, size);
}

Result<SelectedRecord> CommitLog::ReadToFileEnd(int64_t offset) const {
  auto file = files_.FindByOffset(offset);
  if (file == nullptr) {
    return Status::NotFound("CommitLog offset " + std::to_string(offset) + " is not in the log");
  }
  const int64_t pos = offset - file->file_from_offset();
  return SelectedRecord(file, offset,
                        static_cast<int32_t>(std::max<int64_t>(0, file->wrote_position() - pos)));
}

int64_t CommitLog::StoreTimeAt(int64_t offset) const {
  auto view = ReadToFileEnd(offset);
  if (!view.ok() || view->size() == 0) return -1;
  std::string_view bytes = view->bytes();
  // DLedger mode: at an entry's start (the log's first offset), the record follows its header
  // (a record never starts with the entry magic: its first field is its size).
  if (entry_log_ != nullptr) {
    const EntryLog::Frame frame = entry_log_->FrameAt(bytes);
    if (frame.kind == EntryLog::Frame::Kind::kEntry) bytes.remove_prefix(frame.header);
  }
  auto record = protocol::DecodeMessageRecord(bytes);
  return record.ok() ? record->store_timestamp : -1;
}

int CommitLog::DeleteExpiredFiles(int64_t now_ms, int64_t expired_ms, bool clean_immediately,
                                  int max_files, int64_t keep_from) {
  // The entries' owner decides about its files (DLedger's own expiry is not there yet).
  if (entry_log_ != nullptr) return 0;
  return files_.DeleteFromFront(
      [&](MappedFile& file, MappedFile& next) {
        if (clean_immediately && next.file_from_offset() <= keep_from) return true;
        // A file loaded at start-up was last written no later than its successor's first
        // message; mapped writes leave no reliable mtime to use instead.
        int64_t last = file.last_store_timestamp();
        if (last <= 0) last = StoreTimeAt(next.file_from_offset());
        if (last <= 0) last = now_ms;
        return now_ms >= last + expired_ms;
      },
      max_files);
}

}  // namespace store
}  // namespace rocketmq
