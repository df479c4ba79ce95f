#include "dledger/dledger_commit_log.h"

#include <algorithm>
#include <chrono>

#include "common/clock.h"
#include "common/logging.h"
#include "dledger/entry.h"
#include "protocol/big_endian.h"
#include "protocol/message_record.h"
#include "protocol/message_sysflag.h"

namespace rocketmq {
namespace dledger {

namespace be = protocol::big_endian;

namespace {
// How often the role thread looks even when nothing woke it: overdue puts are answered at
// this granularity.
constexpr std::chrono::milliseconds kRolePeriod(50);
// How often a leader on its way to master looks whether its log is dispatched (nothing
// wakes it for that).
constexpr std::chrono::milliseconds kLeaderPollPeriod(5);
}  // namespace

DLedgerCommitLog::DLedgerCommitLog(DLedgerConfig config, store::Env* env)
    : config_(config), server_(std::move(config), env) {
  server_.SetRoleListener([this](Role, int64_t, const std::string&) { Wake(); });
  server_.SetCommitListener([this] { Wake(); });
}

DLedgerCommitLog::~DLedgerCommitLog() { Shutdown(); }

Status DLedgerCommitLog::Start() { return server_.Start(); }

void DLedgerCommitLog::Attach(store::MessageStore* store, RoleHandlers handlers) {
  store_ = store;
  handlers_ = std::move(handlers);
  thread_ = std::thread([this] { Run(); });
}

void DLedgerCommitLog::Detach() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DLedgerCommitLog::Shutdown() {
  Detach();
  server_.Shutdown();
}

void DLedgerCommitLog::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    changed_ = true;
  }
  cv_.notify_one();
}

store::MappedFileQueue* DLedgerCommitLog::files() { return server_.store().data_files(); }

int64_t DLedgerCommitLog::committed_end() const { return server_.store().committed_pos(); }

store::EntryLog::Frame DLedgerCommitLog::FrameAt(std::string_view bytes) const {
  Frame frame;
  if (bytes.size() < static_cast<size_t>(kMinBlankLen)) return frame;
  int32_t magic = 0;
  int32_t size = 0;
  PeekEntryHeader(bytes.data(), &magic, &size);
  if (magic == kBlankMagic) {
    frame.kind = Frame::Kind::kBlank;
  } else if (magic == kEntryMagic && size > kEntryHeaderSize) {
    frame.kind = Frame::Kind::kEntry;
    frame.header = kEntryHeaderSize;
    frame.size = size;
  }
  return frame;
}

Result<int64_t> DLedgerCommitLog::Append(std::string record, const Stamp& stamp) {
  int64_t end = -1;
  const int32_t refused = server_.member().Append(
      std::move(record),
      // Commits reach the store through the commit listener, in log order.
      [](int32_t, const Entry&) {},
      [&](int64_t pos, std::string* body) {
        stamp(pos + kEntryHeaderSize, body);
        end = pos + kEntryHeaderSize + static_cast<int64_t>(body->size());
      });
  if (refused != code::kSuccess || end < 0) {
    return Status::IllegalState("DLedger member " + config_.self_id + " refused the append (code " +
                                std::to_string(refused) +
                                (refused == code::kNotLeader ? ", not the leader)" : ")"));
  }
  return end;
}

DLedgerCommitLog::View DLedgerCommitLog::view() const {
  const DLedgerServer& server = server_;
  View v;
  v.self_id = config_.self_id;
  v.role = RoleName(server.member().role());
  v.term = server.member().term();
  v.leader_id = server.member().leader_id();
  v.end_index = server.store().end_index();
  v.committed_index = server.store().committed_index();
  v.master_ready = master_ready_.load();
  for (const auto& [id, match] : server.member().FollowerMatchIndexes()) {
    v.peer_lag[id] = std::max<int64_t>(0, v.end_index - match);
  }
  return v;
}

void DLedgerCommitLog::AppendLeaderMark(int64_t term) {
  // A rolled-back transaction record: stored and replicated, but neither ConsumeQueue nor
  // index takes it, in our broker as in Apache's.
  const std::string properties;
  protocol::MessageRecord mark;
  mark.topic = kLeaderMarkTopic;
  mark.sys_flag = protocol::MessageSysFlag::kTransactionRollbackType;
  mark.born_timestamp = clock::WallMillis();
  mark.born_host = protocol::HostAddress::V4(0x7f000001, 0);
  mark.store_host = mark.born_host;
  auto encoded = protocol::EncodeMessageRecordToString(mark);
  if (!encoded.ok()) {
    RMQ_LOG_ERROR << "cannot encode the DLedger leader mark: " << encoded.status().ToString();
    return;
  }
  marked_term_ = term;
  store_->PutMessage(std::move(*encoded), false, [this, term](const store::PutMessageResult& r) {
    if (r.ok()) return;
    RMQ_LOG_WARN << "the DLedger leader mark of term " << term
                 << " was not committed: " << r.error.ToString();
    int64_t expected = term;
    marked_term_.compare_exchange_strong(expected, -1);
    Wake();
  });
}

bool DLedgerCommitLog::AdvanceLeader(int64_t term) {
  if (marked_term_ != term) AppendLeaderMark(term);
  LedgerStore& ledger = server_.store();
  // Apache's DLedgerRoleChangeHandler: the whole log committed, and dispatched.
  if (ledger.committed_index() != ledger.end_index()) return false;
  if (store_->dispatched_offset() < ledger.committed_pos()) return false;
  if (server_.member().term() != term) return false;
  store_->RebuildQueueOffsets();
  return true;
}

void DLedgerCommitLog::Run() {
  int64_t told = -1;
  auto last_expiry = clock::Monotonic::now();
  bool leader_pending = false;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, leader_pending ? kLeaderPollPeriod : kRolePeriod,
                   [&] { return stop_ || changed_; });
      if (stop_) return;
      changed_ = false;
    }
    const int64_t committed = server_.store().committed_pos();
    if (committed != told) {
      told = committed;
      store_->OnEntriesCommitted(committed);
    }
    if (clock::Monotonic::now() - last_expiry >= kRolePeriod) {
      last_expiry = clock::Monotonic::now();
      store_->ExpireOverdueAcks();
    }
    const Role role = server_.member().role();
    const int64_t term = server_.member().term();
    leader_pending = false;
    if (role == Role::kLeader) {
      if (handled_ == Handled::kMaster && handled_term_ == term) continue;
      if (!AdvanceLeader(term)) {
        leader_pending = true;
        continue;
      }
      handled_ = Handled::kMaster;
      handled_term_ = term;
      master_ready_ = true;
      RMQ_LOG_INFO << "DLedger member " << config_.self_id << " leads term " << term
                   << ": the broker becomes master";
      if (handlers_.become_master) handlers_.become_master();
    } else if (handled_ != Handled::kSlave) {
      handled_ = Handled::kSlave;
      handled_term_ = term;
      master_ready_ = false;
      RMQ_LOG_INFO << "DLedger member " << config_.self_id << " is " << RoleName(role)
                   << " in term " << term << ": the broker becomes slave";
      if (handlers_.become_slave) handlers_.become_slave();
    }
  }
}

}  // namespace dledger
}  // namespace rocketmq
