// Member: one Raft member of a DLedger group — election, heartbeats, log replication and
// commit — with openmessaging/dledger 0.3.1.2's rules and messages (DLedgerLeaderElector,
// DLedgerEntryPusher, MemberState; reference/dledger-trace-timer.md §2), so our members and
// Apache's can form one group.
//
// The core owns no thread and reads no clock of its own: Tick() drives its timers, the
// Handle*() methods answer peers, and time comes from the injected clock. Tests run several
// members in one thread over an in-memory transport with a fake clock and a seeded random
// generator, which makes every run repeatable. In a broker, DLedgerServer calls Tick() every
// few milliseconds from its own thread and the RPC listener calls the handlers.
//
// Rules, as DLedger has them:
//   * A member boots as CANDIDATE at the term persisted in `currterm`. A candidate asks for
//     votes (its own included) and tallies them as DLedgerLeaderElector does; a round that
//     reaches fewer than a quorum of members keeps the term (WAIT_TO_REVOTE), so a member
//     cut off from the group does not inflate its term and disrupts nobody when it returns:
//     the pre-vote equivalent DLedger relies on. A higher term seen in a vote or heartbeat
//     makes a member CANDIDATE at that term without granting the vote that carried it.
//   * Voters check the candidate's log before its term, so a member with a stale log cannot
//     make up-to-date members adopt its term.
//   * Only heartbeats make a member FOLLOWER; pushes never change role or term.
//   * The leader keeps one push state machine per follower: COMPARE (find the last entry
//     both hold), TRUNCATE (cut the follower's divergent tail), APPEND (pipelined entries,
//     re-sent after max_push_timeout_ms), and COMMIT pushes when idle.
//   * Deliberately stricter than DLedger: an index counts as committed once an entry of the
//     leader's current term is replicated on a quorum (Raft's rule), or once every member
//     holds it; DLedger also commits older-term entries held by a mere quorum, which can lose
//     them in Raft's "figure 8" case.
//
// Threading: every public method may be called from any thread; one mutex guards the state.
// RPCs and append callbacks are issued after that mutex is released.
#ifndef ROCKETMQ_DLEDGER_MEMBER_H_
#define ROCKETMQ_DLEDGER_MEMBER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "dledger/config.h"
#include "dledger/ledger_store.h"
#include "dledger/messages.h"
#include "dledger/transport.h"
#include "rocketmq/status.h"
#include "store/env.h"

namespace rocketmq {
namespace dledger {

class Member {
 public:
  using Clock = std::function<int64_t()>;  // milliseconds, monotonic
  // code::kSuccess with the committed entry, or the DLedger code of the failure.
  using AppendCallback = std::function<void(int32_t code, const Entry& entry)>;
  using RoleListener = std::function<void(Role role, int64_t term, const std::string& leader)>;

  // `store` must be recovered and outlive the member; `env` holds the `currterm` file.
  Member(DLedgerConfig config, LedgerStore* store, store::Env* env, Transport* transport,
         Clock clock, uint64_t seed);

  // Validates the configuration and loads `currterm`. Call once before anything else.
  Status Start();
  // Fails pending appends (kTermChanged) and persists the checkpoint. Idempotent.
  void Shutdown();

  // Runs what is due: elections, heartbeats, pushes, commit timeouts, periodic flushes.
  void Tick();

  VoteResponse HandleVote(const VoteRequest& request);
  HeartBeatResponse HandleHeartBeat(const HeartBeatRequest& request);
  PushEntryResponse HandlePush(const PushEntryRequest& request);

  // Leader only: appends `body` and calls `done` once it is committed (or failed). `hook`
  // sees the entry's position before it is written (LedgerStore::PosHook). Returns the code
  // of an immediate refusal (kNotLeader, kLeaderPendingFull, kDiskError...) without calling
  // `done`, or kSuccess.
  int32_t Append(std::string body, AppendCallback done, const LedgerStore::PosHook& hook = nullptr);

  // LEADERSHIP_TRANSFER (DLedgerServer.handleLeadershipTransfer). Addressed to the leader
  // (transfer_id = self): checks the transferee (a peer, less than
  // max_leadership_transfer_wait_index entries behind), refuses appends (kLeaderTransferring)
  // and asks the transferee to take over. Addressed to the transferee: waits until its log
  // reaches take_leadership_ledger_index (at most leadership_transfer_wait_timeout_ms), then
  // campaigns for the next term at once. `done` gets kSuccess once the transferee leads, or
  // the failure's code.
  void HandleLeadershipTransfer(const LeadershipTransferRequest& request,
                                std::function<void(LeadershipTransferResponse)> done);

  // Called, outside the lock, on every change of role.
  void SetRoleListener(RoleListener listener);

  // Leader: the highest index each follower acknowledged in this term (-1: none yet).
  // Empty on other roles.
  std::map<std::string, int64_t> FollowerMatchIndexes() const;

  Role role() const;
  int64_t term() const;
  std::string leader_id() const;
  const std::string& self_id() const { return config_.self_id; }
  const DLedgerConfig& config() const { return config_; }
  LedgerStore* store() const { return store_; }

 private:
  enum class ParseResult { kWaitToRevote, kRevoteImmediately, kPassed, kWaitToVoteNext };
  struct VoteRound {
    bool active = false;
    int64_t term = -1;
    int64_t deadline = 0;
    int64_t known_max_term = -1;
    int all = 0, valid = 0, accepted = 0, not_ready = 0, bigger_ledger = 0;
    bool already_has_leader = false;
  };
  struct HeartbeatRound {
    bool active = false;
    int64_t term = -1;
    int64_t deadline = 0;
    int all = 1, success = 1, not_ready = 0;
    int64_t max_term = -1;
    bool inconsistent_leader = false;
  };
  enum class PushPhase { kCompare, kTruncate, kAppend };
  struct Follower {
    std::string id;
    PushPhase phase = PushPhase::kCompare;
    int64_t compare_index = -1;
    int64_t truncate_index = -1;
    int64_t next_index = 0;    // APPEND: next entry to send
    int64_t match_index = -1;  // highest entry acknowledged in this term
    bool waiting = false;      // a COMPARE/TRUNCATE/COMMIT push is outstanding
    int64_t pause_until = 0;
    int64_t last_push = 0;
    int64_t told_commit = -1;            // the commit index of the last push
    bool live = false;                   // answered the last heartbeat (preferred-leader choice)
    std::map<int64_t, int64_t> unacked;  // APPEND: index -> time sent
    uint64_t epoch = 0;  // bumped whenever the state restarts; stale answers are dropped
  };
  // The transferee's side of a leadership transfer.
  struct TakeLeadership {
    bool active = false;
    bool campaigning = false;
    int64_t target_term = -1;
    int64_t ledger_index = -1;
    int64_t deadline = 0;
    std::function<void(LeadershipTransferResponse)> done;
  };
  struct Pending {
    int64_t term;
    int64_t deadline;
    Entry entry;
    AppendCallback done;
  };
  using Actions = std::vector<std::function<void()>>;

  int quorum() const { return static_cast<int>(peers_.size()) / 2 + 1; }
  bool IsPeer(const std::string& id) const;
  int64_t NextVoteTime(int64_t now);
  Status PersistTermLocked();

  void ChangeToCandidateLocked(int64_t term, Actions* actions);
  void ChangeToFollowerLocked(int64_t term, const std::string& leader, Actions* actions);
  void ChangeToLeaderLocked(Actions* actions);
  void NotifyRoleLocked(Actions* actions);
  void FailPendingLocked(int32_t code, Actions* actions);
  void TransferLeadershipLocked(const LeadershipTransferRequest& request,
                                std::function<void(LeadershipTransferResponse)> done,
                                Actions* actions);
  void TakeLeadershipLocked(const LeadershipTransferRequest& request,
                            std::function<void(LeadershipTransferResponse)> done, Actions* actions);
  void MaintainTakeLeadershipLocked(int64_t now, Actions* actions);
  void FinishTakeLeadershipLocked(int32_t code, Actions* actions);
  bool IsPreferred(const std::string& id) const;
  void CheckPreferredLeaderLocked(int64_t now, Actions* actions);

  void MaintainCandidateLocked(int64_t now, Actions* actions);
  void StartVoteRoundLocked(int64_t now, Actions* actions);
  void OnVoteResponse(int64_t round_term, const VoteResponse& response);
  void FinishVoteRoundLocked(int64_t now, Actions* actions);
  void MaintainLeaderLocked(int64_t now, Actions* actions);
  void SendHeartbeatsLocked(int64_t now, Actions* actions);
  void OnHeartBeatResponse(int64_t round_term, const HeartBeatResponse& response);
  void FinishHeartbeatRoundLocked(int64_t now, Actions* actions);
  VoteResponse HandleVoteLocked(const VoteRequest& request, bool self, Actions* actions);

  void PushLocked(Follower* follower, int64_t now, Actions* actions);
  void SendPushLocked(Follower* follower, PushType type, const Entry* entry, int64_t now,
                      Actions* actions);
  void OnPushResponse(const std::string& follower_id, uint64_t epoch, int64_t term, PushType type,
                      const PushEntryResponse& response);
  void ResetFollowerLocked(Follower* follower, int64_t now, int64_t pause_ms);
  void AdvanceCommitLocked(Actions* actions);
  void CompletePendingLocked(int64_t now, Actions* actions);

  static void Run(Actions* actions);

  const DLedgerConfig config_;
  LedgerStore* const store_;
  store::Env* const env_;
  Transport* const transport_;
  const Clock clock_;
  std::vector<Peer> peers_;

  mutable std::mutex mu_;
  std::mt19937_64 random_;
  bool started_ = false;
  bool shut_down_ = false;
  Role role_ = Role::kCandidate;
  int64_t term_ = 0;
  std::string voted_for_;
  std::string leader_;
  int64_t known_max_term_ = 0;
  bool need_increase_term_ = false;
  ParseResult last_parse_ = ParseResult::kWaitToRevote;
  int64_t next_vote_time_ = 0;
  VoteRound vote_;
  HeartbeatRound heartbeat_;
  int64_t last_leader_heartbeat_ = 0;
  int64_t last_send_heartbeat_ = -1;
  int64_t last_success_heartbeat_ = 0;
  std::map<std::string, Follower> followers_;
  std::map<int64_t, Pending> pending_;
  std::string transferee_;  // leader: a transfer to this member is under way
  int64_t last_preferred_check_ = 0;
  TakeLeadership take_;
  int64_t last_flush_ = 0;
  int64_t last_checkpoint_ = 0;
  RoleListener role_listener_;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_MEMBER_H_
