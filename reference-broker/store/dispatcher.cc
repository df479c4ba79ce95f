#include "store/dispatcher.h"

#include <pthread.h>

#include <algorithm>
#include <climits>
#include <iterator>
#include <optional>
#include <string_view>

#include "common/logging.h"
#include "protocol/big_endian.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace rocketmq {
namespace store {

namespace be = protocol::big_endian;
namespace mc = protocol::MessageConst;

namespace {
// The most a notifying thread dispatches itself: a few hundred messages, so that an I/O
// thread never stalls on a backlog (after a restart, behind a slow disk).
constexpr int64_t kInlineDispatchBytes = 256 * 1024;

// The most records handed to the sink at once: a replay reads up to a whole CommitLog file.
constexpr size_t kMaxBatchRecords = 256;

// The properties every request carries, found in one pass, in this order.
constexpr std::string_view kIndexedProperties[] = {
    mc::kPropertyKeys, mc::kPropertyUniqClientMessageIdKeyidx, mc::kPropertyTags};
}  // namespace

Dispatcher::Dispatcher(CommitLog* log, Sink sink) : log_(log), sink_(std::move(sink)) {}

Dispatcher::~Dispatcher() { Stop(); }

Status Dispatcher::Replay(int64_t from) {
  std::lock_guard<std::mutex> dispatching(dispatch_mu_);
  dispatched_.store(from, std::memory_order_release);
  return DispatchAvailable();
}

void Dispatcher::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = false;
    started_ = true;
  }
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "store-dispatch");
}

void Dispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Waits for a dispatch running on a notifying thread.
  std::lock_guard<std::mutex> dispatching(dispatch_mu_);
  started_ = false;
}

void Dispatcher::Notify() {
  if (log_->MaxOffset() - dispatched_offset() <= kInlineDispatchBytes) {
    std::unique_lock<std::mutex> dispatching(dispatch_mu_, std::try_to_lock);
    bool running;
    {
      std::lock_guard<std::mutex> lock(mu_);
      running = started_ && !stop_;
    }
    // An error leaves the rest to the thread, which retries and logs it.
    if (dispatching.owns_lock() && running && DispatchAvailable().ok()) return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  cv_.notify_one();
}

bool Dispatcher::AwaitDispatched(int64_t offset, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return progress_cv_.wait_for(lock, timeout, [&] { return dispatched_offset() >= offset; });
}

void Dispatcher::Run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || pending_; });
      if (stop_) break;
      pending_ = false;
    }
    std::lock_guard<std::mutex> dispatching(dispatch_mu_);
    Status s = DispatchAvailable();
    if (!s.ok()) {
      RMQ_LOG_ERROR << "dispatching the CommitLog stalled: " << s.ToString();
    }
  }
  // Whatever was appended before the stop is still dispatched.
  std::lock_guard<std::mutex> dispatching(dispatch_mu_);
  Status s = DispatchAvailable();
  if (!s.ok()) {
    RMQ_LOG_ERROR << "dispatching the CommitLog at stop failed: " << s.ToString();
  }
}

void Dispatcher::AddRequest(const protocol::MessageRecord& record, int64_t offset,
                            const IndexedPropertySpans* spans) {
  if (batch_size_ == batch_.size()) batch_.emplace_back();
  DispatchRequest& request = batch_[batch_size_++];
  request.topic = record.topic;
  request.queue_id = record.queue_id;
  request.commit_log_offset = offset;
  request.msg_size = record.total_size;
  request.store_timestamp = record.store_timestamp;
  request.queue_offset = record.queue_offset;
  request.sys_flag = record.sys_flag;
  request.prepared_transaction_offset = record.prepared_transaction_offset;
  request.properties = record.properties;
  const size_t properties_size = record.properties.size();
  auto within = [properties_size](IndexedPropertySpans::Span span) {
    return span.at <= properties_size && span.size <= properties_size - span.at;
  };
  if (spans != nullptr && spans->known && within(spans->keys) && within(spans->uniq_key) &&
      within(spans->tags)) {
    request.keys = record.properties.substr(spans->keys.at, spans->keys.size);
    request.uniq_key = record.properties.substr(spans->uniq_key.at, spans->uniq_key.size);
    request.tags = record.properties.substr(spans->tags.at, spans->tags.size);
  } else {
    std::optional<std::string_view> found[std::size(kIndexedProperties)];
    protocol::FindProperties(record.properties, kIndexedProperties, std::size(kIndexedProperties),
                             found);
    request.keys = found[0].value_or("");
    request.uniq_key = found[1].value_or("");
    request.tags = found[2].value_or("");
  }
  request.tags_code =
      tags_code_fn_ ? tags_code_fn_(request) : protocol::JavaStringHash(request.tags);
}

Status Dispatcher::DispatchBatch() {
  Status s = batch_size_ == 0 ? Status::OK() : sink_(batch_.data(), batch_size_);
  batch_size_ = 0;
  return s;
}

void Dispatcher::SetDispatched(int64_t pos) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    dispatched_.store(pos, std::memory_order_release);
  }
  progress_cv_.notify_all();
}

Status Dispatcher::DispatchAvailable() {
  int64_t pos = dispatched_offset();
  Status result;
  const EntryLog* entries = log_->entry_log();
  int64_t end;
  CommitLog::AppendedRecords& appended = taken_;
  while (pos < (end = log_->MaxOffset())) {
    if (pos < log_->MinOffset()) pos = log_->MinOffset();
    // What the appender decoded already needs no second decoding (nor the log's pages).
    int64_t appended_at = INT64_MAX;
    if (log_->TakeAppended(pos, &appended, &appended_at)) {
      // Runs of up to kMaxBatchRecords, across the puts' boundaries.
      size_t in_run = 0;
      const protocol::MessageRecord* last = nullptr;
      auto dispatch_run = [&] {
        result = DispatchBatch();
        if (result.ok()) pos = last->physical_offset + last->total_size;
        in_run = 0;
      };
      for (const std::vector<CommitLog::AppendedRecord>& put : appended.puts) {
        for (const CommitLog::AppendedRecord& held : put) {
          AddRequest(held.record, held.record.physical_offset, &held.spans);
          last = &held.record;
          if (++in_run == kMaxBatchRecords) dispatch_run();
          if (!result.ok()) break;
        }
        if (!result.ok()) break;
      }
      if (result.ok() && in_run > 0) dispatch_run();
      // The records are let go now, not when the next ones are taken.
      appended.puts.clear();
      log_->RecycleRecordsBuffers(&appended.buffers);
      SetDispatched(pos);
      if (!result.ok()) break;
      continue;
    }
    auto view = log_->ReadToFileEnd(pos);
    if (!view.ok()) {
      result = view.status();
      break;
    }
    // In DLedger mode the file holds entries not committed yet after the end. Decoding stops
    // where appended records are held.
    std::string_view bytes =
        view->bytes().substr(0, static_cast<size_t>(std::min(end, appended_at) - pos));
    // Files are left only through a BLANK record, so no data here means no data yet.
    if (bytes.empty()) break;
    size_t used = 0;
    // The bytes of the records the sink has stored: what a failing batch goes back to.
    size_t stored = 0;
    bool rolled = false;
    protocol::MessageRecord record;
    while (used < bytes.size()) {
      std::string_view rest = bytes.substr(used);
      // DLedger mode: the record sits behind the entry's header.
      size_t header = 0;
      if (entries != nullptr) {
        const EntryLog::Frame frame = entries->FrameAt(rest);
        if (frame.kind == EntryLog::Frame::Kind::kBlank) {
          rolled = true;
          break;
        }
        if (frame.kind != EntryLog::Frame::Kind::kEntry ||
            static_cast<size_t>(frame.size) > rest.size() || frame.header >= frame.size) {
          result = Status::Corruption("the DLedger log holds no valid entry at offset " +
                                      std::to_string(pos + static_cast<int64_t>(used)));
          break;
        }
        header = static_cast<size_t>(frame.header);
        rest = rest.substr(header, static_cast<size_t>(frame.size) - header);
      }
      // A slave receives the master's log in frames that may end inside a record: what
      // is only partly there is dispatched once the rest arrives.
      if (rest.size() < protocol::kBlankRecordLength) break;
      protocol::RecordKind kind = protocol::ClassifyRecord(rest);
      if (kind == protocol::RecordKind::kMessage &&
          static_cast<int64_t>(be::Load32(rest.data())) > static_cast<int64_t>(rest.size())) {
        break;
      }
      if (kind == protocol::RecordKind::kBlank) {
        rolled = true;
        break;
      }
      const Status decoded = protocol::DecodeMessageRecordForDispatch(rest, &record);
      if (kind != protocol::RecordKind::kMessage || !decoded.ok()) {
        result = Status::Corruption("CommitLog holds no valid record at offset " +
                                    std::to_string(pos + static_cast<int64_t>(used)) + ": " +
                                    (decoded.ok() ? "bad magic" : decoded.message()));
        break;
      }
      AddRequest(record, pos + static_cast<int64_t>(used + header), nullptr);
      used += header + static_cast<size_t>(record.total_size);
      if (batch_size_ >= kMaxBatchRecords) {
        result = DispatchBatch();
        if (!result.ok()) {
          used = stored;
          break;
        }
        stored = used;
      }
    }
    // What was read before a corrupt record is still stored.
    const Status batch = DispatchBatch();
    if (!batch.ok()) {
      if (result.ok()) result = batch;
      used = stored;
      rolled = false;
    }
    const bool stuck = !rolled && used == 0;  // the rest has not arrived yet
    pos = rolled ? log_->RollNextFile(pos) : pos + static_cast<int64_t>(used);
    SetDispatched(pos);
    if (!result.ok() || stuck) break;
  }
  return result;
}

}  // namespace store
}  // namespace rocketmq
