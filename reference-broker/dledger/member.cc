#include "dledger/member.h"

#include <algorithm>

#include "common/logging.h"
#include "dledger/properties_file.h"

namespace rocketmq {
namespace dledger {

namespace {
// Unacknowledged APPEND pushes per follower (DLedgerEntryPusher's pendingMap bound).
constexpr size_t kMaxUnackedPushes = 1000;
// Idle leaders push the commit index this often (DLedgerEntryPusher).
constexpr int64_t kCommitPushIntervalMs = 1000;
}  // namespace

Member::Member(DLedgerConfig config, LedgerStore* store, store::Env* env, Transport* transport,
               Clock clock, uint64_t seed)
    : config_(std::move(config)),
      store_(store),
      env_(env),
      transport_(transport),
      clock_(std::move(clock)),
      random_(seed) {}

Status Member::Start() {
  RMQ_RETURN_IF_ERROR(Validate(config_));
  Result<std::vector<Peer>> peers = ParsePeers(config_.peers);
  if (!peers.ok()) return peers.status();
  std::lock_guard<std::mutex> lock(mu_);
  if (started_)
    return Status::IllegalState("DLedger member " + config_.self_id + " already started");
  peers_ = std::move(*peers);
  RMQ_RETURN_IF_ERROR(env_->CreateDirs(config_.DefaultPath()));
  const std::string path = config_.DefaultPath() + "/currterm";
  Result<std::map<std::string, std::string>> saved = ReadPropertiesFile(env_, path, {"currTerm"});
  if (saved.ok()) {
    try {
      term_ = std::stoll((*saved)["currTerm"]);
    } catch (const std::exception&) {
      return Status::Corruption("'" + path + "' has an unreadable currTerm");
    }
    voted_for_ = (*saved)["voteLeader"];
  } else if (saved.status().code() != ErrorCode::kNotFound) {
    return saved.status().WithContext("loading the DLedger term");
  }
  if (term_ < 0) return Status::Corruption("'" + path + "' has a negative currTerm");
  known_max_term_ = term_;
  for (const Peer& peer : peers_) {
    if (peer.id != config_.self_id) followers_[peer.id].id = peer.id;
  }
  const int64_t now = clock_();
  next_vote_time_ = NextVoteTime(now);
  last_leader_heartbeat_ = now;
  last_flush_ = now;
  last_checkpoint_ = now;
  started_ = true;
  RMQ_LOG_INFO << "DLedger member " << config_.self_id << " of group " << config_.group
               << " starts as CANDIDATE at term " << term_;
  return Status::OK();
}

void Member::Shutdown() {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || shut_down_) return;
    shut_down_ = true;
    FailPendingLocked(code::kTermChanged, &actions);
    if (take_.active) FinishTakeLeadershipLocked(code::kTakeLeadershipFailed, &actions);
  }
  Run(&actions);
  Status flushed = store_->Flush();
  if (flushed.ok()) flushed = store_->PersistCheckpoint();
  if (!flushed.ok()) {
    RMQ_LOG_ERROR << "DLedger member shutdown: " << flushed.ToString();
  }
}

void Member::SetRoleListener(RoleListener listener) {
  std::lock_guard<std::mutex> lock(mu_);
  role_listener_ = std::move(listener);
}

std::map<std::string, int64_t> Member::FollowerMatchIndexes() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, int64_t> matches;
  if (role_ != Role::kLeader) return matches;
  for (const auto& [id, follower] : followers_) matches[id] = follower.match_index;
  return matches;
}

Role Member::role() const {
  std::lock_guard<std::mutex> lock(mu_);
  return role_;
}
int64_t Member::term() const {
  std::lock_guard<std::mutex> lock(mu_);
  return term_;
}
std::string Member::leader_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return leader_;
}

bool Member::IsPeer(const std::string& id) const {
  for (const Peer& peer : peers_) {
    if (peer.id == id) return true;
  }
  return false;
}

int64_t Member::NextVoteTime(int64_t now) {
  if (take_.active && take_.campaigning) {
    std::uniform_int_distribution<int64_t> take_spread(
        0, config_.max_take_leadership_vote_interval_ms -
               config_.min_take_leadership_vote_interval_ms - 1);
    return now + config_.min_take_leadership_vote_interval_ms + take_spread(random_);
  }
  std::uniform_int_distribution<int64_t> spread(
      0, config_.max_vote_interval_ms - config_.min_vote_interval_ms - 1);
  return now + config_.min_vote_interval_ms + spread(random_);
}

Status Member::PersistTermLocked() {
  Status s = WritePropertiesFile(env_, config_.DefaultPath() + "/currterm",
                                 {{"currTerm", std::to_string(term_)}, {"voteLeader", voted_for_}});
  if (!s.ok()) {
    RMQ_LOG_ERROR << "DLedger member " << config_.self_id << ": " << s.ToString();
  }
  return s;
}

void Member::Run(Actions* actions) {
  for (auto& action : *actions) action();
  actions->clear();
}

void Member::NotifyRoleLocked(Actions* actions) {
  RMQ_LOG_INFO << "DLedger member " << config_.self_id << " is " << RoleName(role_) << " at term "
               << term_ << (leader_.empty() ? "" : ", leader " + leader_);
  if (role_ != Role::kLeader) transferee_.clear();
  if (take_.active && take_.campaigning && role_ != Role::kCandidate) {
    // TakeLeadershipTask.check: leading the target term is success; following is failure.
    if (term_ > take_.target_term) {
      FinishTakeLeadershipLocked(code::kExpiredTerm, actions);
    } else {
      FinishTakeLeadershipLocked(
          role_ == Role::kLeader ? code::kSuccess : code::kTakeLeadershipFailed, actions);
    }
  }
  if (!role_listener_) return;
  actions->push_back([listener = role_listener_, role = role_, term = term_, leader = leader_] {
    listener(role, term, leader);
  });
}

void Member::FailPendingLocked(int32_t code, Actions* actions) {
  for (auto& [index, pending] : pending_) {
    actions->push_back([done = std::move(pending.done), entry = std::move(pending.entry), code] {
      done(code, entry);
    });
  }
  pending_.clear();
}

void Member::ChangeToCandidateLocked(int64_t term, Actions* actions) {
  if (term < term_) return;
  known_max_term_ = std::max(known_max_term_, term);
  const bool changed = role_ != Role::kCandidate;
  if (role_ == Role::kLeader) {
    FailPendingLocked(code::kTermChanged, actions);
    heartbeat_.active = false;
  }
  role_ = Role::kCandidate;
  leader_.clear();
  if (changed) NotifyRoleLocked(actions);
}

void Member::ChangeToFollowerLocked(int64_t term, const std::string& leader, Actions* actions) {
  if (role_ == Role::kLeader) FailPendingLocked(code::kTermChanged, actions);
  role_ = Role::kFollower;
  term_ = term;
  leader_ = leader;
  last_parse_ = ParseResult::kWaitToRevote;
  last_leader_heartbeat_ = clock_();
  vote_.active = false;
  heartbeat_.active = false;
  NotifyRoleLocked(actions);
}

void Member::ChangeToLeaderLocked(Actions* actions) {
  role_ = Role::kLeader;
  leader_ = config_.self_id;
  last_send_heartbeat_ = -1;
  const int64_t now = clock_();
  last_success_heartbeat_ = now;
  for (auto& [id, follower] : followers_) {
    ResetFollowerLocked(&follower, now, 0);
    follower.match_index = -1;
  }
  NotifyRoleLocked(actions);
}

void Member::Tick() {
  Actions actions;
  bool flush = false;
  bool checkpoint = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || shut_down_) return;
    const int64_t now = clock_();
    switch (role_) {
      case Role::kCandidate:
        MaintainCandidateLocked(now, &actions);
        break;
      case Role::kFollower:
        if (now - last_leader_heartbeat_ >
            config_.max_heart_beat_leak * config_.heart_beat_time_interval_ms) {
          RMQ_LOG_INFO << "DLedger member " << config_.self_id << ": no heartbeat from leader "
                       << leader_ << " for " << now - last_leader_heartbeat_ << " ms";
          ChangeToCandidateLocked(term_, &actions);
        }
        break;
      case Role::kLeader:
        MaintainLeaderLocked(now, &actions);
        break;
    }
    MaintainTakeLeadershipLocked(now, &actions);
    CompletePendingLocked(now, &actions);
    if (now - last_flush_ >= config_.flush_file_interval_ms) {
      last_flush_ = now;
      flush = true;
    }
    if (now - last_checkpoint_ >= config_.check_point_interval_ms) {
      last_checkpoint_ = now;
      checkpoint = true;
    }
  }
  Run(&actions);
  // The store has its own lock: a slow sync does not hold up the handlers.
  if (flush) {
    Status s = store_->Flush();
    if (!s.ok()) {
      RMQ_LOG_ERROR << "DLedger flush: " << s.ToString();
    }
  }
  if (checkpoint) {
    Status s = store_->PersistCheckpoint();
    if (!s.ok()) {
      RMQ_LOG_ERROR << "DLedger checkpoint: " << s.ToString();
    }
  }
}

// ---- election -----------------------------------------------------------------------------

void Member::MaintainCandidateLocked(int64_t now, Actions* actions) {
  if (vote_.active) {
    if (now >= vote_.deadline) FinishVoteRoundLocked(now, actions);
    return;
  }
  if (now < next_vote_time_ && !need_increase_term_) return;
  if (last_parse_ == ParseResult::kWaitToVoteNext || need_increase_term_) {
    term_ = known_max_term_ > term_ ? known_max_term_ : term_ + 1;
    voted_for_.clear();
    PersistTermLocked();
    last_parse_ = ParseResult::kWaitToRevote;
  }
  if (need_increase_term_) {
    next_vote_time_ = NextVoteTime(now);
    need_increase_term_ = false;
    return;
  }
  StartVoteRoundLocked(now, actions);
}

void Member::StartVoteRoundLocked(int64_t now, Actions* actions) {
  std::uniform_int_distribution<int64_t> spread(0, config_.max_vote_interval_ms - 1);
  vote_ = VoteRound();
  vote_.active = true;
  vote_.term = term_;
  // DLedger waits 2000 ms + random for answers; the heartbeat interval is 2000 by default and
  // lets tests with short timings keep rounds short.
  vote_.deadline = now + config_.heart_beat_time_interval_ms + spread(random_);
  vote_.known_max_term = term_;
  VoteRequest request;
  request.group = config_.group;
  request.local_id = config_.self_id;
  request.leader_id = config_.self_id;
  request.term = term_;
  request.ledger_end_index = store_->end_index();
  request.ledger_end_term = store_->end_term();
  for (const Peer& peer : peers_) {
    request.remote_id = peer.id;
    if (peer.id == config_.self_id) continue;
    actions->push_back([this, request, term = term_] {
      transport_->Vote(request,
                       [this, term](VoteResponse response) { OnVoteResponse(term, response); });
    });
  }
  request.remote_id = config_.self_id;
  VoteResponse own = HandleVoteLocked(request, true, actions);
  // Tallied like a peer's answer (DLedger votes for itself through the same path).
  if (own.result != VoteResult::kUnknown) ++vote_.valid;
  if (own.result == VoteResult::kAccept) ++vote_.accepted;
  ++vote_.all;
  if (peers_.size() == 1) FinishVoteRoundLocked(now, actions);
}

void Member::OnVoteResponse(int64_t round_term, const VoteResponse& response) {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_ || !vote_.active || vote_.term != round_term || role_ != Role::kCandidate) {
      return;
    }
    if (response.result != VoteResult::kUnknown) ++vote_.valid;
    switch (response.result) {
      case VoteResult::kAccept:
        ++vote_.accepted;
        break;
      case VoteResult::kRejectAlreadyHasLeader:
        vote_.already_has_leader = true;
        break;
      case VoteResult::kRejectTermSmallThanLedger:
      case VoteResult::kRejectExpiredVoteTerm:
        vote_.known_max_term = std::max(vote_.known_max_term, response.term);
        break;
      case VoteResult::kRejectExpiredLedgerTerm:
      case VoteResult::kRejectSmallLedgerEndIndex:
        ++vote_.bigger_ledger;
        break;
      case VoteResult::kRejectTermNotReady:
        ++vote_.not_ready;
        break;
      default:
        break;
    }
    ++vote_.all;
    if (vote_.already_has_leader || vote_.accepted >= quorum() ||
        vote_.accepted + vote_.not_ready >= quorum() ||
        vote_.all == static_cast<int>(peers_.size())) {
      FinishVoteRoundLocked(clock_(), &actions);
    }
  }
  Run(&actions);
}

void Member::FinishVoteRoundLocked(int64_t now, Actions* actions) {
  vote_.active = false;
  if (role_ != Role::kCandidate || term_ != vote_.term) return;
  ParseResult parse;
  if (vote_.known_max_term > vote_.term) {
    parse = ParseResult::kWaitToVoteNext;
    next_vote_time_ = NextVoteTime(now);
    ChangeToCandidateLocked(vote_.known_max_term, actions);
  } else if (vote_.already_has_leader) {
    parse = ParseResult::kWaitToRevote;
    next_vote_time_ =
        NextVoteTime(now) + config_.heart_beat_time_interval_ms * config_.max_heart_beat_leak;
  } else if (vote_.valid < quorum()) {
    // Not enough members answered: keep the term, so a cut-off member does not inflate it.
    parse = ParseResult::kWaitToRevote;
    next_vote_time_ = NextVoteTime(now);
  } else if (vote_.valid - vote_.bigger_ledger < quorum()) {
    parse = ParseResult::kWaitToRevote;
    next_vote_time_ = NextVoteTime(now) + config_.max_vote_interval_ms;
  } else if (vote_.accepted >= quorum()) {
    parse = ParseResult::kPassed;
  } else if (vote_.accepted + vote_.not_ready >= quorum()) {
    parse = ParseResult::kRevoteImmediately;
    next_vote_time_ = now;
  } else {
    parse = ParseResult::kWaitToVoteNext;
    next_vote_time_ = NextVoteTime(now);
  }
  last_parse_ = parse;
  RMQ_LOG_DEBUG << "DLedger member " << config_.self_id << " vote round of term " << vote_.term
                << ": valid " << vote_.valid << " accepted " << vote_.accepted << " not ready "
                << vote_.not_ready << " bigger ledger " << vote_.bigger_ledger;
  if (parse == ParseResult::kPassed) ChangeToLeaderLocked(actions);
}

VoteResponse Member::HandleVote(const VoteRequest& request) {
  VoteResponse response;
  static_cast<RpcBase&>(response) = request;
  if (request.group != config_.group) {
    response.code = code::kUnknownGroup;
    return response;
  }
  if (request.remote_id != config_.self_id) {
    response.code = code::kUnknownMember;
    return response;
  }
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || shut_down_) {
      response.code = code::kLeaderNotReady;
      return response;
    }
    response = HandleVoteLocked(request, false, &actions);
  }
  Run(&actions);
  return response;
}

VoteResponse Member::HandleVoteLocked(const VoteRequest& request, bool self, Actions* actions) {
  VoteResponse response;
  static_cast<RpcBase&>(response) = request;
  response.term = term_;
  const int64_t end_term = store_->end_term();
  const int64_t end_index = store_->end_index();
  auto reject = [&](VoteResult result) {
    response.result = result;
    return response;
  };
  if (!IsPeer(request.leader_id)) return reject(VoteResult::kRejectUnknownLeader);
  if (!self && request.leader_id == config_.self_id) {
    return reject(VoteResult::kRejectUnexpectedLeader);
  }
  if (request.ledger_end_term < end_term) return reject(VoteResult::kRejectExpiredLedgerTerm);
  if (request.ledger_end_term == end_term && request.ledger_end_index < end_index) {
    return reject(VoteResult::kRejectSmallLedgerEndIndex);
  }
  if (request.term < term_) return reject(VoteResult::kRejectExpiredVoteTerm);
  if (request.term == term_) {
    if (!voted_for_.empty() && voted_for_ != request.leader_id) {
      return reject(leader_.empty() ? VoteResult::kRejectAlreadyVoted
                                    : VoteResult::kRejectAlreadyHasLeader);
    }
  } else {
    // A higher term: step down and adopt it on the next round, without granting this vote.
    ChangeToCandidateLocked(request.term, actions);
    need_increase_term_ = true;
    return reject(VoteResult::kRejectTermNotReady);
  }
  if (request.term < end_term) {
    response.term = end_term;
    return reject(VoteResult::kRejectTermSmallThanLedger);
  }
  // A preferred member taking leadership keeps it from an equally up-to-date rival.
  if (!self && take_.active && take_.campaigning && term_ == take_.target_term &&
      IsPreferred(config_.self_id) && request.ledger_end_term == end_term &&
      end_index >= request.ledger_end_index) {
    return reject(VoteResult::kRejectTakingLeadership);
  }
  if (voted_for_ != request.leader_id) {
    voted_for_ = request.leader_id;
    PersistTermLocked();
  }
  return reject(VoteResult::kAccept);
}

// ---- heartbeats ---------------------------------------------------------------------------

void Member::MaintainLeaderLocked(int64_t now, Actions* actions) {
  if (heartbeat_.active && now >= heartbeat_.deadline) FinishHeartbeatRoundLocked(now, actions);
  if (role_ != Role::kLeader) return;
  if (!heartbeat_.active && (last_send_heartbeat_ < 0 ||
                             now - last_send_heartbeat_ > config_.heart_beat_time_interval_ms)) {
    SendHeartbeatsLocked(now, actions);
  }
  for (auto& [id, follower] : followers_) PushLocked(&follower, now, actions);
  CheckPreferredLeaderLocked(now, actions);
}

bool Member::IsPreferred(const std::string& id) const {
  const std::string& list = config_.preferred_leader_ids;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(';', start);
    if (end == std::string::npos) end = list.size();
    if (list.compare(start, end - start, id) == 0 && end > start) return true;
    start = end + 1;
  }
  return false;
}

void Member::CheckPreferredLeaderLocked(int64_t now, Actions* actions) {
  // DLedgerServer.checkPreferredLeader, every second.
  if (config_.preferred_leader_ids.empty() || !transferee_.empty() ||
      IsPreferred(config_.self_id) || now - last_preferred_check_ < 1000) {
    return;
  }
  last_preferred_check_ = now;
  const Follower* best = nullptr;
  for (const auto& [id, follower] : followers_) {
    if (!IsPreferred(id) || !follower.live) continue;
    if (best == nullptr || follower.match_index > best->match_index) best = &follower;
  }
  if (best == nullptr ||
      store_->end_index() - best->match_index >= config_.max_leadership_transfer_wait_index) {
    return;
  }
  LeadershipTransferRequest request;
  request.group = config_.group;
  request.remote_id = config_.self_id;
  request.transfer_id = config_.self_id;
  request.transferee_id = best->id;
  request.term = term_;
  TransferLeadershipLocked(
      request,
      [self = config_.self_id](LeadershipTransferResponse response) {
        RMQ_LOG_INFO << "DLedger member " << self << " handed leadership to a preferred member: "
                     << "code " << response.code;
      },
      actions);
}

void Member::SendHeartbeatsLocked(int64_t now, Actions* actions) {
  last_send_heartbeat_ = now;
  heartbeat_ = HeartbeatRound();
  heartbeat_.active = true;
  heartbeat_.term = term_;
  heartbeat_.deadline = now + config_.heart_beat_time_interval_ms;
  if (peers_.size() == 1) {
    FinishHeartbeatRoundLocked(now, actions);
    return;
  }
  HeartBeatRequest request;
  request.group = config_.group;
  request.local_id = config_.self_id;
  request.leader_id = config_.self_id;
  request.term = term_;
  for (const Peer& peer : peers_) {
    if (peer.id == config_.self_id) continue;
    request.remote_id = peer.id;
    actions->push_back([this, request, term = term_] {
      transport_->HeartBeat(request,
                            [this, term, id = request.remote_id](HeartBeatResponse response) {
                              {
                                std::lock_guard<std::mutex> lock(mu_);
                                auto it = followers_.find(id);
                                if (it != followers_.end())
                                  it->second.live = response.code != code::kNetworkError;
                              }
                              OnHeartBeatResponse(term, response);
                            });
    });
  }
}

void Member::OnHeartBeatResponse(int64_t round_term, const HeartBeatResponse& response) {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_ || !heartbeat_.active || heartbeat_.term != round_term ||
        role_ != Role::kLeader) {
      return;
    }
    switch (response.code) {
      case code::kSuccess:
        ++heartbeat_.success;
        break;
      case code::kExpiredTerm:
        heartbeat_.max_term = std::max(heartbeat_.max_term, response.term);
        break;
      case code::kInconsistentLeader:
        heartbeat_.inconsistent_leader = true;
        break;
      case code::kTermNotReady:
        ++heartbeat_.not_ready;
        break;
      default:
        break;
    }
    ++heartbeat_.all;
    if (heartbeat_.success >= quorum() || heartbeat_.all == static_cast<int>(peers_.size())) {
      FinishHeartbeatRoundLocked(clock_(), &actions);
    }
  }
  Run(&actions);
}

void Member::FinishHeartbeatRoundLocked(int64_t now, Actions* actions) {
  heartbeat_.active = false;
  if (role_ != Role::kLeader || term_ != heartbeat_.term) return;
  if (heartbeat_.success >= quorum()) {
    last_success_heartbeat_ = now;
    return;
  }
  if (heartbeat_.success + heartbeat_.not_ready >= quorum()) {
    last_send_heartbeat_ = -1;
  } else if (heartbeat_.max_term > term_) {
    ChangeToCandidateLocked(heartbeat_.max_term, actions);
  } else if (heartbeat_.inconsistent_leader) {
    ChangeToCandidateLocked(term_, actions);
  } else if (now - last_success_heartbeat_ >
             config_.max_heart_beat_leak * config_.heart_beat_time_interval_ms) {
    RMQ_LOG_INFO << "DLedger leader " << config_.self_id << " lost its quorum";
    ChangeToCandidateLocked(term_, actions);
  }
}

HeartBeatResponse Member::HandleHeartBeat(const HeartBeatRequest& request) {
  HeartBeatResponse response;
  if (request.group != config_.group) {
    response.code = code::kUnknownGroup;
    return response;
  }
  if (request.remote_id != config_.self_id) {
    response.code = code::kUnknownMember;
    return response;
  }
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || shut_down_) {
      response.code = code::kLeaderNotReady;
      return response;
    }
    if (!IsPeer(request.leader_id)) {
      response.code = code::kUnknownMember;
      response.term = term_;
    } else if (request.leader_id == config_.self_id) {
      response.code = code::kUnexpectedMember;
      response.term = term_;
    } else if (request.term < term_) {
      response.code = code::kExpiredTerm;
      response.term = term_;
    } else if (request.term == term_) {
      if (leader_.empty()) {
        ChangeToFollowerLocked(request.term, request.leader_id, &actions);
      } else if (leader_ == request.leader_id) {
        last_leader_heartbeat_ = clock_();
      } else {
        RMQ_LOG_ERROR << "DLedger member " << config_.self_id << ": term " << term_
                      << " has leader " << leader_ << " but " << request.leader_id
                      << " claims it too";
        response.code = code::kInconsistentLeader;
      }
    } else {
      ChangeToCandidateLocked(request.term, &actions);
      need_increase_term_ = true;
      response.code = code::kTermNotReady;
    }
  }
  Run(&actions);
  return response;
}

// ---- replication (leader) -----------------------------------------------------------------

void Member::ResetFollowerLocked(Follower* follower, int64_t now, int64_t pause_ms) {
  follower->phase = PushPhase::kCompare;
  follower->compare_index = -1;
  follower->truncate_index = -1;
  follower->waiting = false;
  follower->unacked.clear();
  follower->pause_until = now + pause_ms;
  ++follower->epoch;
}

void Member::PushLocked(Follower* follower, int64_t now, Actions* actions) {
  if (now < follower->pause_until) return;
  const int64_t end = store_->end_index();
  switch (follower->phase) {
    case PushPhase::kCompare: {
      if (follower->waiting || end < 0) return;
      if (follower->compare_index < 0 || follower->compare_index > end) {
        follower->compare_index = end;
      }
      Result<Entry> entry = store_->Get(follower->compare_index);
      if (!entry.ok()) {
        RMQ_LOG_WARN << "DLedger push to " << follower->id << ": " << entry.status().ToString();
        follower->compare_index = end;
        follower->pause_until = now + config_.max_push_timeout_ms;
        return;
      }
      SendPushLocked(follower, PushType::kCompare, &*entry, now, actions);
      return;
    }
    case PushPhase::kTruncate: {
      if (follower->waiting) return;
      Result<Entry> entry = store_->Get(follower->truncate_index);
      if (!entry.ok()) {
        RMQ_LOG_WARN << "DLedger push to " << follower->id << ": " << entry.status().ToString();
        ResetFollowerLocked(follower, now, config_.max_push_timeout_ms);
        return;
      }
      SendPushLocked(follower, PushType::kTruncate, &*entry, now, actions);
      return;
    }
    case PushPhase::kAppend: {
      if (!follower->unacked.empty() &&
          now - follower->unacked.begin()->second > config_.max_push_timeout_ms) {
        // The oldest push went unanswered: start again after the acknowledged watermark.
        follower->unacked.clear();
        follower->next_index = follower->match_index + 1;
        ++follower->epoch;
      }
      while (follower->next_index <= end && follower->unacked.size() < kMaxUnackedPushes) {
        Result<Entry> entry = store_->Get(follower->next_index);
        if (!entry.ok()) {
          RMQ_LOG_WARN << "DLedger push to " << follower->id << ": " << entry.status().ToString();
          ResetFollowerLocked(follower, now, config_.max_push_timeout_ms);
          return;
        }
        follower->unacked[follower->next_index] = now;
        SendPushLocked(follower, PushType::kAppend, &*entry, now, actions);
        ++follower->next_index;
      }
      const int64_t committed = store_->committed_index();
      if (follower->unacked.empty() && !follower->waiting &&
          (committed > follower->told_commit ||
           now - follower->last_push >= kCommitPushIntervalMs)) {
        // Caught up: tell the new commit index at once (DLedger waits for the next second).
        SendPushLocked(follower, PushType::kCommit, nullptr, now, actions);
      }
      return;
    }
  }
}

void Member::SendPushLocked(Follower* follower, PushType type, const Entry* entry, int64_t now,
                            Actions* actions) {
  PushEntryRequest request;
  request.group = config_.group;
  request.local_id = config_.self_id;
  request.remote_id = follower->id;
  request.leader_id = config_.self_id;
  request.term = term_;
  request.commit_index = store_->committed_index();
  request.type = type;
  if (entry != nullptr) request.entry = *entry;
  if (type != PushType::kAppend) follower->waiting = true;
  follower->last_push = now;
  follower->told_commit = request.commit_index;
  actions->push_back([this, request = std::move(request), id = follower->id,
                      epoch = follower->epoch, term = term_, type] {
    transport_->Push(request, [this, id, epoch, term, type](PushEntryResponse response) {
      OnPushResponse(id, epoch, term, type, response);
    });
  });
}

void Member::OnPushResponse(const std::string& follower_id, uint64_t epoch, int64_t term,
                            PushType type, const PushEntryResponse& response) {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_ || role_ != Role::kLeader || term_ != term) return;
    auto it = followers_.find(follower_id);
    if (it == followers_.end() || it->second.epoch != epoch) return;
    Follower& f = it->second;
    const int64_t now = clock_();
    const bool ok = response.code == code::kSuccess;
    // Answers that mean "the logs differ here": walk back; anything else is a pause.
    const bool mismatch = response.code == code::kInconsistentState ||
                          response.code == code::kIndexOutOfRange ||
                          response.code == code::kInconsistentIndex;
    const int64_t pause = std::min<int64_t>(500, config_.max_push_timeout_ms);
    switch (type) {
      case PushType::kAppend:
        if (ok && response.index) {
          f.unacked.erase(*response.index);
          f.match_index = std::max(f.match_index, *response.index);
          AdvanceCommitLocked(&actions);
        } else if (!ok) {
          ResetFollowerLocked(&f, now, mismatch ? 0 : pause);
        }
        break;
      case PushType::kCommit:
        f.waiting = false;
        if (!ok) ResetFollowerLocked(&f, now, mismatch ? 0 : pause);
        break;
      case PushType::kTruncate:
        f.waiting = false;
        if (ok) {
          f.phase = PushPhase::kAppend;
          f.match_index = f.truncate_index;
          f.next_index = f.truncate_index + 1;
          f.compare_index = -1;
          f.unacked.clear();
          AdvanceCommitLocked(&actions);
        } else {
          ResetFollowerLocked(&f, now, mismatch ? 0 : pause);
        }
        break;
      case PushType::kCompare: {
        f.waiting = false;
        const int64_t leader_begin = store_->begin_index();
        const int64_t leader_end = store_->end_index();
        if (ok) {
          if (response.end_index == f.compare_index) {
            f.phase = PushPhase::kAppend;
            f.match_index = f.compare_index;
            f.next_index = f.compare_index + 1;
            f.compare_index = -1;
            f.unacked.clear();
            AdvanceCommitLocked(&actions);
          } else {
            f.phase = PushPhase::kTruncate;
            f.truncate_index = f.compare_index;
          }
        } else if (!mismatch) {
          ResetFollowerLocked(&f, now, pause);
        } else {
          const int64_t fb = response.begin_index;
          const int64_t fe = response.end_index;
          bool truncate_at_begin = fe < leader_begin || fb > leader_end || f.compare_index < fb;
          if (!truncate_at_begin) {
            f.compare_index = f.compare_index > fe ? fe : f.compare_index - 1;
            truncate_at_begin = f.compare_index < leader_begin;
          }
          if (truncate_at_begin) {
            f.phase = PushPhase::kTruncate;
            f.truncate_index = leader_begin;
          }
        }
        break;
      }
    }
    PushLocked(&f, now, &actions);
  }
  Run(&actions);
}

void Member::AdvanceCommitLocked(Actions* actions) {
  std::vector<int64_t> marks;
  marks.push_back(store_->end_index());
  for (const auto& [id, follower] : followers_) marks.push_back(follower.match_index);
  std::sort(marks.begin(), marks.end(), std::greater<int64_t>());
  const int64_t committed = store_->committed_index();
  const int64_t quorum_index = marks[peers_.size() / 2];
  int64_t target = -1;
  if (quorum_index > committed) {
    // Raft's rule: an entry of the current term is committed by a quorum of replicas.
    Result<Entry> entry = store_->Get(quorum_index);
    if (entry.ok() && entry->term == term_) target = quorum_index;
  }
  // An entry every member holds (acknowledged in this term) can never be overwritten, so it
  // is committed whatever its term: a new leader need not wait for an entry of its own.
  if (target < 0 && marks.back() > committed) target = marks.back();
  if (target < 0) return;
  store_->UpdateCommittedIndex(target);
  CompletePendingLocked(clock_(), actions);
}

void Member::CompletePendingLocked(int64_t now, Actions* actions) {
  const int64_t committed = store_->committed_index();
  while (!pending_.empty()) {
    auto it = pending_.begin();
    int32_t result;
    if (it->first <= committed) {
      result = code::kSuccess;
    } else if (it->second.deadline <= now) {
      result = code::kWaitQuorumAckTimeout;
    } else {
      break;
    }
    actions->push_back([done = std::move(it->second.done), entry = std::move(it->second.entry),
                        result] { done(result, entry); });
    pending_.erase(it);
  }
}

int32_t Member::Append(std::string body, AppendCallback done, const LedgerStore::PosHook& hook) {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || shut_down_ || role_ != Role::kLeader) return code::kNotLeader;
    if (!transferee_.empty()) return code::kLeaderTransferring;
    if (static_cast<int64_t>(pending_.size()) >= config_.max_pending_requests_num) {
      return code::kLeaderPendingFull;
    }
    Result<Entry> entry = store_->AppendAsLeader(std::move(body), term_, hook);
    if (!entry.ok()) {
      RMQ_LOG_ERROR << "DLedger append: " << entry.status().ToString();
      return entry.status().code() == ErrorCode::kResourceExhausted ? code::kDiskFull
                                                                    : code::kDiskError;
    }
    const int64_t now = clock_();
    Pending pending{term_, now + config_.max_wait_ack_time_ms, std::move(*entry), std::move(done)};
    pending_.emplace(pending.entry.index, std::move(pending));
    for (auto& [id, follower] : followers_) PushLocked(&follower, now, &actions);
    AdvanceCommitLocked(&actions);
  }
  Run(&actions);
  return code::kSuccess;
}

// ---- leadership transfer -------------------------------------------------------------------

void Member::HandleLeadershipTransfer(const LeadershipTransferRequest& request,
                                      std::function<void(LeadershipTransferResponse)> done) {
  LeadershipTransferResponse refusal;
  static_cast<RpcBase&>(refusal) = request;
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mu_);
    refusal.term = term_;
    refusal.leader_id = leader_;
    if (request.group != config_.group) {
      refusal.code = code::kUnknownGroup;
    } else if (request.remote_id != config_.self_id) {
      refusal.code = code::kUnknownMember;
    } else if (!started_ || shut_down_) {
      refusal.code = code::kLeaderNotReady;
    } else if (request.transfer_id == config_.self_id) {
      TransferLeadershipLocked(request, std::move(done), &actions);
    } else if (request.transferee_id == config_.self_id) {
      TakeLeadershipLocked(request, std::move(done), &actions);
    } else {
      refusal.code = code::kUnexpectedArgument;
    }
  }
  Run(&actions);
  if (refusal.code != code::kSuccess) done(refusal);
}

void Member::TransferLeadershipLocked(const LeadershipTransferRequest& request,
                                      std::function<void(LeadershipTransferResponse)> done,
                                      Actions* actions) {
  LeadershipTransferResponse refusal;
  static_cast<RpcBase&>(refusal) = request;
  refusal.term = term_;
  refusal.leader_id = leader_;
  auto follower = followers_.find(request.transferee_id);
  if (follower == followers_.end()) {
    refusal.code = code::kUnknownMember;
  } else if (request.term != term_) {
    refusal.code = code::kInconsistentTerm;
  } else if (role_ != Role::kLeader) {
    refusal.code = code::kNotLeader;
  } else if (!transferee_.empty()) {
    refusal.code = code::kLeaderTransferring;
  } else if (store_->end_index() - follower->second.match_index >=
             config_.max_leadership_transfer_wait_index) {
    refusal.code = code::kFallBehindTooMuch;
  }
  if (refusal.code != code::kSuccess) {
    actions->push_back([done = std::move(done), refusal] { done(refusal); });
    return;
  }
  RMQ_LOG_INFO << "DLedger leader " << config_.self_id << " hands leadership of term " << term_
               << " to " << request.transferee_id;
  transferee_ = request.transferee_id;
  LeadershipTransferRequest take;
  take.group = config_.group;
  take.leader_id = config_.self_id;
  take.local_id = config_.self_id;
  take.remote_id = request.transferee_id;
  take.term = term_;
  take.take_leadership_ledger_index = store_->end_index();
  take.transfer_id = config_.self_id;
  take.transferee_id = request.transferee_id;
  actions->push_back([this, take, done = std::move(done)] {
    transport_->LeadershipTransfer(
        take, [this, term = take.term, done](LeadershipTransferResponse response) {
          {
            std::lock_guard<std::mutex> lock(mu_);
            // Still leading the same term: the transfer did not happen, take appends again.
            if (response.code != code::kSuccess || term_ == term) transferee_.clear();
          }
          done(response);
        });
  });
}

void Member::TakeLeadershipLocked(const LeadershipTransferRequest& request,
                                  std::function<void(LeadershipTransferResponse)> done,
                                  Actions* actions) {
  LeadershipTransferResponse refusal;
  static_cast<RpcBase&>(refusal) = request;
  refusal.term = term_;
  if (request.transfer_id != leader_) {
    refusal.code = code::kInconsistentLeader;
  } else if (request.term != term_) {
    refusal.code = code::kInconsistentTerm;
  }
  if (refusal.code != code::kSuccess) {
    actions->push_back([done = std::move(done), refusal] { done(refusal); });
    return;
  }
  if (take_.active) FinishTakeLeadershipLocked(code::kTakeLeadershipFailed, actions);
  take_.active = true;
  take_.campaigning = false;
  take_.target_term = term_ + 1;
  take_.ledger_index = request.take_leadership_ledger_index;
  take_.deadline = clock_() + config_.leadership_transfer_wait_timeout_ms;
  take_.done = std::move(done);
  MaintainTakeLeadershipLocked(clock_(), actions);
}

void Member::MaintainTakeLeadershipLocked(int64_t now, Actions* actions) {
  if (!take_.active) return;
  if (take_.campaigning) {
    // A campaign that neither wins nor loses within an RPC timeout has failed.
    if (now > take_.deadline + config_.rpc_timeout_ms) {
      FinishTakeLeadershipLocked(code::kTakeLeadershipFailed, actions);
    }
    return;
  }
  if (store_->end_index() >= take_.ledger_index) {
    RMQ_LOG_INFO << "DLedger member " << config_.self_id << " takes leadership at term "
                 << take_.target_term;
    take_.campaigning = true;
    ChangeToCandidateLocked(take_.target_term, actions);
    need_increase_term_ = true;
  } else if (now > take_.deadline) {
    FinishTakeLeadershipLocked(code::kTakeLeadershipFailed, actions);
  }
}

void Member::FinishTakeLeadershipLocked(int32_t result, Actions* actions) {
  LeadershipTransferResponse response;
  response.group = config_.group;
  response.term = term_;
  response.leader_id = leader_;
  response.code = result;
  actions->push_back([done = std::move(take_.done), response] { done(response); });
  take_ = TakeLeadership();
}

// ---- replication (follower) ---------------------------------------------------------------

PushEntryResponse Member::HandlePush(const PushEntryRequest& request) {
  PushEntryResponse response;
  response.group = config_.group;
  response.term = request.term;
  if (request.entry) response.index = request.entry->index;
  if (request.group != config_.group) {
    response.code = code::kUnknownGroup;
    return response;
  }
  if (request.remote_id != config_.self_id) {
    response.code = code::kUnknownMember;
    return response;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_ || shut_down_) {
    response.code = code::kLeaderNotReady;
  } else if (role_ != Role::kFollower) {
    response.code = code::kNotFollower;
  } else if (request.term != term_) {
    response.code = code::kInconsistentTerm;
  } else if (request.leader_id != leader_) {
    response.code = code::kInconsistentLeader;
  } else if (request.type != PushType::kCommit && !request.entry) {
    response.code = code::kUnexpectedArgument;
  } else {
    const int64_t end = store_->end_index();
    switch (request.type) {
      case PushType::kAppend: {
        const Entry& entry = *request.entry;
        if (entry.index == end + 1) {
          Status s = store_->AppendAsFollower(entry);
          if (!s.ok()) {
            RMQ_LOG_WARN << "DLedger follower " << config_.self_id << ": " << s.ToString();
            response.code = code::kInconsistentState;
          }
        } else {
          // A duplicate is fine if identical; a gap or a different entry needs a COMPARE.
          Result<Entry> local = store_->Get(entry.index);
          if (!(entry.index <= end && local.ok() && *local == entry)) {
            response.code = code::kInconsistentState;
          }
        }
        break;
      }
      case PushType::kCommit:
        break;
      case PushType::kCompare: {
        Result<Entry> local = store_->Get(request.entry->index);
        if (!local.ok() || *local != *request.entry) response.code = code::kInconsistentState;
        break;
      }
      case PushType::kTruncate: {
        Status s = store_->Truncate(*request.entry);
        if (!s.ok()) {
          RMQ_LOG_WARN << "DLedger follower " << config_.self_id << ": " << s.ToString();
          response.code = code::kInconsistentState;
        }
        break;
      }
    }
    if (response.code == code::kSuccess && request.type != PushType::kCompare) {
      store_->UpdateCommittedIndex(request.commit_index);
    }
  }
  response.begin_index = store_->begin_index();
  response.end_index = store_->end_index();
  if (request.type != PushType::kCommit) response.count = 1;
  return response;
}

}  // namespace dledger
}  // namespace rocketmq
