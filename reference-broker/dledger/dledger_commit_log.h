// DLedgerCommitLog: a broker's CommitLog on a DLedger group (Apache 4.9.7's DLedgerCommitLog
// and DLedgerRoleChangeHandler). It embeds the member (DLedgerServer) and is the store's
// EntryLog: each CommitLog record is the body of one entry, so the record's PHYSICALOFFSET
// is the entry's pos + 48, and the store reads, dispatches and acknowledges only what the
// group committed.
//
// Role changes, on its own thread (`rmq-dl-role`), as Apache's handler does them:
//   * leader: appends one marker record of its own term (a rolled-back transaction record,
//     which no ConsumeQueue or index takes), because a leader commits older terms' entries
//     only through one of its own (member.h); waits until its whole log is committed and
//     dispatched; rebuilds the next queue offsets from the ConsumeQueues; then calls
//     `become_master`.
//   * follower or candidate: calls `become_slave` once per change.
// The same thread tells the store of every commit (puts answered, dispatch) and answers
// puts whose commit is overdue.
//
// Start order: Start() (recovers the log, joins the group), then the MessageStore with this
// as its EntryLog, then Attach(); Shutdown() after the store's.
#ifndef ROCKETMQ_DLEDGER_DLEDGER_COMMIT_LOG_H_
#define ROCKETMQ_DLEDGER_DLEDGER_COMMIT_LOG_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "dledger/config.h"
#include "dledger/dledger_server.h"
#include "store/entry_log.h"
#include "store/message_store.h"

namespace rocketmq {
namespace dledger {

// The marker a new leader appends (see the file comment).
constexpr char kLeaderMarkTopic[] = "RMQ_SYS_DLEDGER_LEADER_MARK";

class DLedgerCommitLog : public store::EntryLog {
 public:
  struct RoleHandlers {
    std::function<void()> become_master;
    std::function<void()> become_slave;
  };
  // What GET_BROKER_RUNTIME_INFO shows of the group.
  struct View {
    std::string self_id;
    std::string role;
    int64_t term = -1;
    std::string leader_id;
    int64_t end_index = -1;
    int64_t committed_index = -1;
    bool master_ready = false;
    // Leader only: how many entries each follower is behind the leader's end.
    std::map<std::string, int64_t> peer_lag;
  };

  explicit DLedgerCommitLog(DLedgerConfig config, store::Env* env = store::Env::Posix());
  ~DLedgerCommitLog() override;
  DLedgerCommitLog(const DLedgerCommitLog&) = delete;
  DLedgerCommitLog& operator=(const DLedgerCommitLog&) = delete;

  Status Start();
  // `store` (started, with this as its EntryLog) outlives the next Shutdown(); the handlers
  // run on the role thread.
  void Attach(store::MessageStore* store, RoleHandlers handlers);
  // Stops the role thread (no more handler calls, no more store calls). Idempotent.
  void Detach();
  // Detach()es, then stops the member. Idempotent.
  void Shutdown();

  View view() const;
  const DLedgerConfig& config() const { return config_; }

  // store::EntryLog
  store::MappedFileQueue* files() override;
  int64_t committed_end() const override;
  Frame FrameAt(std::string_view bytes) const override;
  Result<int64_t> Append(std::string record, const Stamp& stamp) override;

 private:
  void Run();
  // One step of the leader's way to master; true once it is master.
  bool AdvanceLeader(int64_t term);
  void AppendLeaderMark(int64_t term);
  void Wake();

  const DLedgerConfig config_;
  DLedgerServer server_;
  store::MessageStore* store_ = nullptr;
  RoleHandlers handlers_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool changed_ = false;
  bool stop_ = false;
  std::thread thread_;

  // Role thread only.
  enum class Handled { kNone, kMaster, kSlave };
  Handled handled_ = Handled::kNone;
  int64_t handled_term_ = -1;
  // The term whose marker was appended (-1 again when it failed, so that it is retried).
  std::atomic<int64_t> marked_term_{-1};
  std::atomic<bool> master_ready_{false};
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_DLEDGER_COMMIT_LOG_H_
