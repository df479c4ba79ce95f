#include "broker/transaction/transactional_message_service.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <vector>

#include "broker/broker_controller.h"
#include "broker/topic_validator.h"
#include "broker/transaction/check_policy.h"
#include "broker/transaction/half_message.h"
#include "broker/transaction/op_message.h"
#include "broker/transaction/transactional_message_util.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/message_id.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace transaction {
namespace {

namespace mc = protocol::MessageConst;
namespace rc = protocol::ResponseCode;
namespace sysflag = protocol::MessageSysFlag;
using remoting::RemotingCommand;

// Apache's MAX_PROCESS_TIME_LIMIT: one round never scans a queue for longer.
constexpr int64_t kMaxScanMillis = 60 * 1000;
// A store that does not acknowledge an append within this is treated as failed.
constexpr auto kPutTimeout = std::chrono::seconds(10);
// Op messages are read in batches of this many at start-up.
constexpr int32_t kLoadBatch = 32;

RemotingCommand Answer(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

std::string Describe(const protocol::EndTransactionRequestHeader& h) {
  return "producerGroup=" + h.producer_group + " msgId=" + h.msg_id +
         " tranStateTableOffset=" + std::to_string(h.tran_state_table_offset) +
         " commitLogOffset=" + std::to_string(h.commit_log_offset) +
         " fromTransactionCheck=" + (h.from_transaction_check ? "true" : "false");
}

// Apache's sendFinalMessage mapping: stored (even without flush or slave) is SUCCESS.
RemotingCommand MapFinalPut(const store::PutMessageResult& r) {
  using store::PutMessageStatus;
  const std::string detail = r.error.ok() ? std::string() : ": " + r.error.message();
  switch (r.status) {
    case PutMessageStatus::kPutOk:
    case PutMessageStatus::kFlushDiskTimeout:
    case PutMessageStatus::kFlushSlaveTimeout:
    case PutMessageStatus::kSlaveNotAvailable:
      return RemotingCommand::CreateResponse(rc::kSuccess);
    case PutMessageStatus::kCreateMappedFileFailed:
      return Answer(rc::kSystemError, "Create mapped file failed" + detail);
    case PutMessageStatus::kMessageIllegal:
    case PutMessageStatus::kPropertiesSizeExceeded:
      return Answer(
          rc::kMessageIllegal,
          "The message is illegal, maybe msg body or properties length not matched" + detail);
    case PutMessageStatus::kServiceNotAvailable:
      return Answer(rc::kServiceNotAvailable, "Service not available now" + detail);
    case PutMessageStatus::kOsPageCacheBusy:
      return Answer(rc::kSystemError, "OS page cache busy, please try another machine" + detail);
    case PutMessageStatus::kUnknownError:
      break;
  }
  return Answer(rc::kSystemError, "UNKNOWN_ERROR" + detail);
}

std::optional<std::string_view> Find(const protocol::MessageProperties& p, const char* name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace

struct TransactionalMessageService::HalfMessage {
  store::SelectedRecord bytes;  // keeps the mapped bytes `record` points into alive
  protocol::MessageRecord record;
  protocol::MessageProperties properties;
};

TransactionalMessageService::TransactionalMessageService(BrokerController* broker)
    : broker_(broker) {}

TransactionalMessageService::~TransactionalMessageService() { Stop(); }

Status TransactionalMessageService::Load() {
  store::MessageStore* store = broker_->store();
  const int64_t max = store->GetMaxOffsetInQueue(topic::kTransOpHalfTopic, kHalfQueueId);
  int64_t offset = store->GetMinOffsetInQueue(topic::kTransOpHalfTopic, kHalfQueueId);
  OpIndex index;
  while (offset < max) {
    store::GetMessageResult r =
        store->GetMessage(kTransactionConsumerGroup, topic::kTransOpHalfTopic, kHalfQueueId, offset,
                          kLoadBatch, nullptr);
    for (const store::SelectedRecord& selected : r.messages) {
      auto record = protocol::DecodeMessageRecord(selected.bytes());
      if (!record.ok()) {
        RMQ_LOG_ERROR << "op message at CommitLog offset " << selected.offset()
                      << " is unreadable, ignoring it: " << record.status().message();
        continue;
      }
      auto tags = protocol::FindProperty(record->properties, mc::kPropertyTags);
      if (!tags || *tags != kRemoveTag) {
        RMQ_LOG_ERROR << "op message at queue offset " << record->queue_offset << " has tag '"
                      << tags.value_or("") << "', not '" << kRemoveTag << "'; ignoring its body";
        index.Add(record->queue_offset, {});
        continue;
      }
      index.Add(record->queue_offset, ParseOpBody(record->body));
    }
    if (r.next_begin_offset <= offset) {
      // Half messages finished by the op messages past here look unfinished: the check
      // may ask their producers again, and their END_TRANSACTION is still accepted once.
      RMQ_LOG_ERROR << "cannot read the op queue of " << topic::kTransOpHalfTopic << " past offset "
                    << offset << " of " << max << " (" << store::GetMessageStatusName(r.status)
                    << "); the rest is ignored";
      break;
    }
    offset = r.next_begin_offset;
  }
  std::lock_guard<std::mutex> lock(mu_);
  index_ = std::move(index);
  RMQ_LOG_INFO << "transactions: " << index_.op_count() << " op messages finish "
               << index_.done_count() << " half messages";
  return Status::OK();
}

void TransactionalMessageService::Start() {
  std::lock_guard<std::mutex> lock(thread_mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "tx-check");
}

void TransactionalMessageService::Stop() {
  {
    std::lock_guard<std::mutex> lock(thread_mu_);
    stop_ = true;
  }
  thread_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TransactionalMessageService::Run() {
  const auto interval = std::chrono::milliseconds(broker_->config().transaction_check_interval);
  std::unique_lock<std::mutex> lock(thread_mu_);
  while (!stop_) {
    if (thread_cv_.wait_for(lock, interval, [this] { return stop_; })) break;
    lock.unlock();
    if (!broker_->is_slave()) CheckOnce();
    lock.lock();
  }
}

int64_t TransactionalMessageService::ConsumeOffset(const std::string& topic) const {
  const int64_t committed = broker_->consumer_offset_manager().QueryOffset(
      kTransactionConsumerGroup, topic, kHalfQueueId);
  if (committed >= 0) return committed;
  return broker_->store()->GetMinOffsetInQueue(topic, kHalfQueueId);
}

Result<TransactionalMessageService::HalfMessage> TransactionalMessageService::ReadHalfMessage(
    int64_t commit_log_offset) const {
  auto selected = broker_->store()->LookMessageByOffset(commit_log_offset);
  if (!selected.ok()) return selected.status();
  HalfMessage half;
  half.bytes = std::move(*selected);
  auto record = protocol::DecodeMessageRecord(half.bytes.bytes());
  if (!record.ok()) return record.status();
  half.record = *record;
  half.properties = protocol::DecodeMessageProperties(half.record.properties);
  return half;
}

Result<store::PutMessageResult> TransactionalMessageService::Put(std::string record) {
  std::future<store::PutMessageResult> done =
      broker_->store()->PutMessage(std::move(record), /*wait_store_ok=*/false);
  if (done.wait_for(kPutTimeout) != std::future_status::ready) {
    return Status::Timeout("the store did not acknowledge an append within 10 s");
  }
  return done.get();
}

void TransactionalMessageService::WriteOpMessages(int64_t half_offset, int64_t origin_offset) {
  std::vector<int64_t> halves{half_offset};
  if (origin_offset != half_offset) halves.push_back(origin_offset);
  for (int64_t half : halves) {
    auto op = BuildOpMessage(half, broker_->store_host(), broker_->unique_keys().Next(),
                             clock::WallMillis());
    Result<store::PutMessageResult> put =
        op.ok() ? Put(std::move(*op)) : Result<store::PutMessageResult>(op.status());
    std::lock_guard<std::mutex> lock(mu_);
    if (put.ok() && put->ok()) {
      index_.Add(put->queue_offset, {half});
    } else {
      // Still finished for this run of the broker; after a restart the check may ask again.
      index_.Add(-1, {half});
      RMQ_LOG_ERROR << "cannot write the op message of half message " << half << ": "
                    << (put.ok() ? put->error.ToString() : put.status().ToString());
    }
  }
}

std::optional<RemotingCommand> TransactionalMessageService::EndTransaction(
    const protocol::EndTransactionRequestHeader& header, const std::string& peer) {
  if (broker_->is_slave()) {
    RMQ_LOG_WARN << "END_TRANSACTION from " << peer << " refused: this broker is a slave";
    return Answer(rc::kSlaveNotAvailable, "the broker is a slave: END_TRANSACTION is forbidden");
  }
  const int32_t type = header.commit_or_rollback;
  if (type != sysflag::kTransactionCommitType && type != sysflag::kTransactionRollbackType) {
    if (type == sysflag::kTransactionNotType) {
      RMQ_LOG_INFO << "producer " << peer << " reports transaction state unknown ("
                   << Describe(header) << "); the check will ask again";
    } else {
      RMQ_LOG_WARN << "END_TRANSACTION from " << peer << " with commitOrRollback " << type
                   << " ignored (" << Describe(header) << ")";
    }
    return std::nullopt;
  }
  const char* verb = type == sysflag::kTransactionCommitType ? "commit" : "rollback";

  auto half = ReadHalfMessage(header.commit_log_offset);
  if (!half.ok() || half->record.topic != topic::kTransHalfTopic) {
    const std::string why = half.ok() ? "the message there is on topic " +
                                            std::string(half->record.topic) + ", not a half message"
                                      : half.status().message();
    RMQ_LOG_WARN << verb << " from " << peer << " for an unknown half message (" << Describe(header)
                 << "): " << why;
    return Answer(rc::kSystemError, "Find prepared transaction message failed: commitLogOffset " +
                                        std::to_string(header.commit_log_offset) + ": " + why);
  }
  const auto pgroup = Find(half->properties, mc::kPropertyProducerGroup);
  std::string wrong;
  if (!pgroup || *pgroup != header.producer_group) {
    wrong = "The producer group wrong";
  } else if (half->record.queue_offset != header.tran_state_table_offset) {
    wrong = "The transaction state table offset wrong";
  } else if (half->record.physical_offset != header.commit_log_offset) {
    wrong = "The commit log offset wrong";
  }
  if (!wrong.empty()) {
    RMQ_LOG_WARN << verb << " from " << peer << " refused: " << wrong << " (" << Describe(header)
                 << "; the half message has PGROUP=" << pgroup.value_or("") << " queue offset "
                 << half->record.queue_offset << ")";
    return Answer(rc::kSystemError, wrong);
  }

  const int64_t own = half->record.queue_offset;
  const int64_t origin = OriginQueueOffset(half->properties, own);
  {
    std::lock_guard<std::mutex> lock(mu_);
    const bool done = index_.IsDone(own) || index_.IsDone(origin);
    if (done || in_flight_.count(origin) > 0) {
      const std::string why = done ? "is already committed or rolled back"
                                   : "is being committed or rolled back by another request";
      RMQ_LOG_WARN << verb << " from " << peer << " ignored: half message " << own << " (origin "
                   << origin << ") " << why << " (" << Describe(header) << ")";
      return Answer(rc::kSystemError,
                    "the half message at queue offset " + std::to_string(own) + " " + why);
    }
    in_flight_.insert(origin);
  }

  RemotingCommand response = RemotingCommand::CreateResponse(rc::kSuccess);
  bool finished = true;
  if (type == sysflag::kTransactionCommitType) {
    auto committed =
        BuildCommittedMessage(half->record, header.commit_log_offset,
                              &broker_->schedule_service().levels(), &broker_->timer_settings());
    if (!committed.ok()) {
      response = Answer(rc::kSystemError, committed.status().message());
      finished = false;
    } else {
      auto put = Put(std::move(*committed));
      response = put.ok() ? MapFinalPut(*put) : Answer(rc::kSystemError, put.status().message());
      finished = response.code() == rc::kSuccess;
    }
    if (!finished) {
      RMQ_LOG_ERROR << "commit of half message " << own
                    << " failed: " << response.remark().value_or("") << " (" << Describe(header)
                    << ")";
    }
  } else {
    RMQ_LOG_INFO << "producer " << peer << " rolled back half message " << own << " ("
                 << Describe(header) << ")";
  }
  if (finished) WriteOpMessages(own, origin);
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_.erase(origin);
  return response;
}

bool TransactionalMessageService::SendCheck(const std::string& group,
                                            const protocol::MessageRecord& copy) {
  const protocol::MessageProperties properties = protocol::DecodeMessageProperties(copy.properties);
  auto body = BuildCheckRequestBody(copy);
  if (!body.ok()) {
    RMQ_LOG_ERROR << "cannot build the check of half message " << copy.queue_offset << ": "
                  << body.status().message();
    return false;
  }
  protocol::CheckTransactionStateRequestHeader header;
  header.tran_state_table_offset = copy.queue_offset;
  header.commit_log_offset = copy.physical_offset;
  header.offset_msg_id =
      protocol::EncodeOffsetMessageId(broker_->store_host(), copy.physical_offset);
  auto uniq = Find(properties, mc::kPropertyUniqClientMessageIdKeyidx);
  if (uniq) {
    header.msg_id = std::string(*uniq);
    header.transaction_id = header.msg_id;
  }

  std::vector<ClientChannelInfo> channels = broker_->producer_manager().Channels(group);
  std::sort(channels.begin(), channels.end(),
            [](const auto& a, const auto& b) { return a.last_update_ms > b.last_update_ms; });
  for (const ClientChannelInfo& channel : channels) {
    auto connection = broker_->channel_table().Find(channel.channel);
    if (!connection) continue;
    auto request = RemotingCommand::CreateRequest(protocol::RequestCode::kCheckTransactionState,
                                                  header.Encode());
    request.set_body(*body);
    Status s = broker_->server().InvokeOneway(connection, std::move(request));
    if (s.ok()) {
      RMQ_LOG_DEBUG << "asked producer " << channel.client_id << " of group " << group
                    << " about half message " << copy.queue_offset;
      return true;
    }
    RMQ_LOG_WARN << "cannot ask producer " << channel.client_id << " (" << channel.remote_address
                 << ") of group " << group << " about half message " << copy.queue_offset << ": "
                 << s.message();
  }
  RMQ_LOG_WARN << "no live producer of group " << group << " to ask about half message "
               << copy.queue_offset << " (msgId " << header.msg_id.value_or("")
               << "); it will be checked again next round";
  return false;
}

bool TransactionalMessageService::PutBackAndCheck(const protocol::MessageRecord& half,
                                                  const protocol::MessageProperties& properties,
                                                  bool* producer_found) {
  auto copy = RenewHalfMessage(half, properties);
  if (!copy.ok()) {
    RMQ_LOG_ERROR << "cannot copy half message " << half.queue_offset << ": "
                  << copy.status().message();
    return false;
  }
  std::string stored = *copy;
  auto put = Put(std::move(*copy));
  if (!put.ok() || !put->ok()) {
    RMQ_LOG_ERROR << "cannot re-append half message " << half.queue_offset << ": "
                  << (put.ok() ? put->error.ToString() : put.status().ToString());
    return false;
  }
  protocol::SetAppendFields(stored.data(), put->queue_offset, put->wrote_offset,
                            put->store_timestamp);
  auto decoded = protocol::DecodeMessageRecord(stored);
  if (!decoded.ok()) return false;
  const auto group = Find(properties, mc::kPropertyProducerGroup);
  *producer_found = SendCheck(std::string(group.value_or("")), *decoded);
  return true;
}

bool TransactionalMessageService::PutBackImmune(const protocol::MessageRecord& half,
                                                const protocol::MessageProperties& properties) {
  auto copy = RenewHalfMessage(half, properties);
  auto put = copy.ok() ? Put(std::move(*copy)) : Result<store::PutMessageResult>(copy.status());
  if (put.ok() && put->ok()) return true;
  RMQ_LOG_ERROR << "cannot re-append immune half message " << half.queue_offset << ": "
                << (put.ok() ? put->error.ToString() : put.status().ToString());
  return false;
}

void TransactionalMessageService::Discard(const protocol::MessageRecord& half) {
  RMQ_LOG_ERROR << "half message " << half.queue_offset << " of topic "
                << protocol::FindProperty(half.properties, mc::kPropertyRealTopic).value_or("?")
                << " was checked too many times (or is older than fileReservedTime); moving it to "
                << topic::kTransCheckMaxTimeTopic;
  broker_->topic_config_manager().CreateTopicIfAbsent(
      topic::kTransCheckMaxTimeTopic, 1,
      protocol::PermName::kPermRead | protocol::PermName::kPermWrite, 0);
  auto copy = BuildCheckMaxTimeMessage(half);
  auto put = copy.ok() ? Put(std::move(*copy)) : Result<store::PutMessageResult>(copy.status());
  if (!put.ok() || !put->ok()) {
    RMQ_LOG_ERROR << "cannot move half message " << half.queue_offset << " to "
                  << topic::kTransCheckMaxTimeTopic << ": "
                  << (put.ok() ? put->error.ToString() : put.status().ToString());
  }
}

CheckRoundStats TransactionalMessageService::CheckOnce() {
  store::MessageStore* store = broker_->store();
  const BrokerConfig& config = broker_->config();
  CheckSettings settings;
  settings.scan_start_ms = clock::WallMillis();
  settings.transaction_timeout_ms = config.transaction_time_out;
  settings.transaction_check_max = config.transaction_check_max;
  settings.file_reserved_ms = int64_t{broker_->store_config().file_reserved_time} * 3600 * 1000;

  CheckRoundStats stats;
  const int64_t half_start = ConsumeOffset(topic::kTransHalfTopic);
  const int64_t op_start = ConsumeOffset(topic::kTransOpHalfTopic);
  const int64_t half_max = store->GetMaxOffsetInQueue(topic::kTransHalfTopic, kHalfQueueId);
  stats.half_offset_before = half_start;
  int64_t offset =
      std::max(half_start, store->GetMinOffsetInQueue(topic::kTransHalfTopic, kHalfQueueId));
  const auto stopping = [this] {
    std::lock_guard<std::mutex> lock(thread_mu_);
    return stop_;
  };
  while (offset < half_max && !stopping() &&
         clock::WallMillis() - settings.scan_start_ms < kMaxScanMillis) {
    store::GetMessageResult r = store->GetMessage(kTransactionConsumerGroup, topic::kTransHalfTopic,
                                                  kHalfQueueId, offset, 1, nullptr);
    if (r.messages.empty()) {
      if (r.next_begin_offset <= offset) break;
      RMQ_LOG_WARN << "half queue offset " << offset << " holds no readable message ("
                   << store::GetMessageStatusName(r.status) << "); going on at "
                   << r.next_begin_offset;
      offset = r.next_begin_offset;
      continue;
    }
    auto record = protocol::DecodeMessageRecord(r.messages.front().bytes());
    if (!record.ok()) {
      RMQ_LOG_ERROR << "half message at queue offset " << offset
                    << " is unreadable, skipping it: " << record.status().message();
      offset = r.next_begin_offset;
      continue;
    }
    protocol::MessageProperties properties = protocol::DecodeMessageProperties(record->properties);
    const int64_t own = record->queue_offset;
    const int64_t origin = OriginQueueOffset(properties, own);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (in_flight_.count(origin) > 0) break;
      if (index_.IsDone(own) || index_.IsDone(origin)) {
        ++stats.finished;
        offset = r.next_begin_offset;
        continue;
      }
    }
    HalfMessageFacts facts;
    facts.born_timestamp = record->born_timestamp;
    facts.store_timestamp = record->store_timestamp;
    facts.check_times = Find(properties, mc::kPropertyTransactionCheckTimes);
    facts.check_immunity_seconds = Find(properties, mc::kPropertyCheckImmunityTimeInSeconds);
    settings.now_ms = clock::WallMillis();
    const CheckDecision decision = DecideCheck(facts, settings);
    if (decision.action == CheckAction::kStopScan) break;
    if (decision.action == CheckAction::kDiscard) {
      Discard(*record);
      ++stats.discarded;
    } else if (decision.action == CheckAction::kRequeueImmune) {
      properties[mc::kPropertyTransactionPreparedQueueOffset] = std::to_string(origin);
      if (!PutBackImmune(*record, properties)) break;
      ++stats.immune;
    } else {
      properties[mc::kPropertyTransactionCheckTimes] = std::to_string(decision.check_times);
      properties[mc::kPropertyTransactionPreparedQueueOffset] = std::to_string(origin);
      bool producer_found = false;
      if (!PutBackAndCheck(*record, properties, &producer_found)) break;
      ++stats.checked;
      if (!producer_found) ++stats.no_producer;
    }
    offset = r.next_begin_offset;
  }

  stats.half_offset_after = offset;
  ConsumerOffsetManager& offsets = broker_->consumer_offset_manager();
  if (offset != half_start) {
    offsets.CommitOffset(kTransactionConsumerGroup, topic::kTransHalfTopic, kHalfQueueId, offset);
  }
  int64_t op_after = op_start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    op_after = index_.AdvanceOpOffset(op_start, offset);
    const int64_t op_min = store->GetMinOffsetInQueue(topic::kTransOpHalfTopic, kHalfQueueId);
    const int64_t half_min = store->GetMinOffsetInQueue(topic::kTransHalfTopic, kHalfQueueId);
    if (op_min != pruned_op_min_ || half_min != pruned_half_min_) {
      index_.Prune(op_min, half_min);
      pruned_op_min_ = op_min;
      pruned_half_min_ = half_min;
    }
  }
  if (op_after != op_start) {
    offsets.CommitOffset(kTransactionConsumerGroup, topic::kTransOpHalfTopic, kHalfQueueId,
                         op_after);
  }
  if (stats.checked + stats.discarded + stats.immune > 0) {
    RMQ_LOG_INFO << "transaction check: half queue " << half_start << " -> " << offset << ", "
                 << stats.checked << " checked (" << stats.no_producer << " without producer), "
                 << stats.immune << " immune, " << stats.discarded << " discarded, "
                 << stats.finished << " already finished";
  }
  return stats;
}

}  // namespace transaction
}  // namespace broker
}  // namespace rocketmq
