// Whole DLedger groups in one thread (sim_cluster.h): election safety, replication, commit
// rules, divergent tails, restarts and hostile input. Every run replays exactly for its seed.
#include "dledger/member.h"

#include <gtest/gtest.h>

#include "sim_cluster.h"

namespace rocketmq {
namespace dledger {
namespace {

TEST(DLedgerMemberTest, ElectsOneLeaderAndReplicatesCommittedEntries) {
  SimCluster c(3, 1);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(c.Append(leader, "m" + std::to_string(i)), code::kSuccess);
  }
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 20; }, 2000));
  // Followers learn the commit index too, and hold the same bytes at the same positions.
  ASSERT_TRUE(c.RunUntil(
      [&] {
        for (int i = 0; i < 3; ++i) {
          if (c.store(i).committed_index() != 19) return false;
        }
        return true;
      },
      2000));
  for (int i = 0; i < 3; ++i) {
    c.ExpectHoldsAcked(i);
    EXPECT_EQ(c.store(i).write_pos(), c.store(leader).write_pos());
  }
  // A follower refuses appends and names the refusal.
  const int follower = (leader + 1) % 3;
  EXPECT_EQ(c.Append(follower, "x"), code::kNotLeader);
}

TEST(DLedgerMemberTest, ASingleMemberGroupCommitsAlone) {
  SimCluster c(1, 2);
  ASSERT_EQ(c.WaitForLeader(), 0);
  ASSERT_EQ(c.Append(0, "solo"), code::kSuccess);
  c.Run(1);
  EXPECT_EQ(c.acked().size(), 1u);
}

TEST(DLedgerMemberTest, ANewLeaderTakesOverWithEveryAcknowledgedEntry) {
  SimCluster c(3, 3);
  const int first = c.WaitForLeader();
  ASSERT_GE(first, 0);
  for (int i = 0; i < 10; ++i) c.Append(first, "a" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 10; }, 2000));
  const int64_t old_term = c.member(first).term();
  c.Kill(first);
  const int64_t killed_at = c.now();
  const int second = c.WaitForLeader();
  ASSERT_GE(second, 0);
  ASSERT_NE(second, first);
  EXPECT_GT(c.member(second).term(), old_term);
  // Follower timeout (3 heartbeats of 50 ms) plus a vote round or two.
  EXPECT_LT(c.now() - killed_at, 1000);
  for (int i = 0; i < 10; ++i) c.Append(second, "b" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 20; }, 2000));
  // The old leader comes back as a follower and catches up.
  c.Restart(first);
  ASSERT_TRUE(c.RunUntil([&] { return c.store(first).end_index() == 19; }, 3000));
  EXPECT_EQ(c.member(first).role(), Role::kFollower);
  for (int i = 0; i < 3; ++i) c.ExpectHoldsAcked(i);
}

TEST(DLedgerMemberTest, CommitNeedsAQuorum) {
  SimCluster c(3, 4);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  c.Isolate(leader);
  ASSERT_EQ(c.Append(leader, "alone"), code::kSuccess);
  c.Run(600);  // past max_wait_ack_time_ms
  EXPECT_TRUE(c.acked().empty());
  EXPECT_EQ(c.failed(), 1);
  EXPECT_TRUE(c.last_code() == code::kWaitQuorumAckTimeout || c.last_code() == code::kTermChanged)
      << c.last_code();
}

// A new leader inherits an entry of the old term that only two of three members hold: it is
// not committed by that quorum (Raft's "figure 8" rule), but is once every member holds it,
// without waiting for an entry of the new term.
TEST(DLedgerMemberTest, OldTermEntriesCommitOnlyWhenEveryMemberHoldsThem) {
  SimCluster c(3, 11);
  const int old_leader = c.WaitForLeader();
  ASSERT_GE(old_leader, 0);
  c.Append(old_leader, "committed");
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 1; }, 2000));
  const int holder = (old_leader + 1) % 3;
  const int other = (old_leader + 2) % 3;
  c.SetLink(old_leader, other, false);
  ASSERT_EQ(c.Append(old_leader, "inherited"), code::kSuccess);
  // Stop the old leader the moment its follower has the entry, before the answer is back.
  for (int t = 0; t < 50 && c.store(holder).end_index() < 1; ++t) c.Run(1);
  ASSERT_EQ(c.store(holder).end_index(), 1);
  c.Kill(old_leader);
  c.HealAll();
  ASSERT_TRUE(c.RunUntil([&] { return c.Leader() == holder; }, 3000));
  c.Run(500);
  EXPECT_EQ(c.store(other).end_index(), 1);  // replicated, so two of three hold it
  EXPECT_EQ(c.store(holder).committed_index(), 0) << "an old-term entry held by a quorum";
  c.Restart(old_leader);
  ASSERT_TRUE(c.RunUntil([&] { return c.store(holder).committed_index() == 1; }, 3000));
  EXPECT_EQ(c.store(holder).end_index(), 1);  // no entry of the new term was needed
  EXPECT_EQ(c.store(holder).Get(1)->body, "inherited");
}

TEST(DLedgerMemberTest, AFollowersDivergentTailIsTruncated) {
  SimCluster c(3, 5);
  const int old_leader = c.WaitForLeader();
  ASSERT_GE(old_leader, 0);
  for (int i = 0; i < 5; ++i) c.Append(old_leader, "shared" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 5; }, 2000));
  // Cut off, the old leader writes entries nobody else gets: never acknowledged.
  c.Isolate(old_leader);
  for (int i = 0; i < 4; ++i) c.Append(old_leader, "orphan" + std::to_string(i));
  c.Run(5);
  EXPECT_EQ(c.store(old_leader).end_index(), 8);
  // The other two elect a leader and write different entries at the same indexes.
  int new_leader = -1;
  ASSERT_TRUE(c.RunUntil(
      [&] {
        for (int i = 0; i < 3; ++i) {
          if (i != old_leader && c.member(i).role() == Role::kLeader) new_leader = i;
        }
        return new_leader >= 0;
      },
      3000));
  for (int i = 0; i < 6; ++i) c.Append(new_leader, "new" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 11; }, 2000));
  EXPECT_EQ(c.failed(), 4);  // the orphans timed out or lost their term
  c.HealAll();
  ASSERT_TRUE(c.RunUntil(
      [&] {
        return c.member(old_leader).role() == Role::kFollower &&
               c.store(old_leader).end_index() == c.store(new_leader).end_index();
      },
      3000));
  for (int i = 0; i < 3; ++i) c.ExpectHoldsAcked(i);
  c.ExpectSameLog(old_leader, new_leader);
  EXPECT_EQ(c.store(old_leader).Get(5)->body, "new0");
}

TEST(DLedgerMemberTest, AnIsolatedMemberNeitherInflatesItsTermNorDisruptsTheLeader) {
  SimCluster c(3, 6);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  const int cut = (leader + 1) % 3;
  const int64_t term = c.member(leader).term();
  c.Isolate(cut);
  c.Run(3000);  // many election timeouts
  EXPECT_EQ(c.member(cut).role(), Role::kCandidate);
  EXPECT_EQ(c.member(cut).term(), term) << "a candidate that reaches nobody keeps its term";
  c.HealAll();
  ASSERT_TRUE(c.RunUntil([&] { return c.member(cut).role() == Role::kFollower; }, 2000));
  EXPECT_EQ(c.Leader(), leader);
  EXPECT_EQ(c.member(leader).term(), term);
}

TEST(DLedgerMemberTest, RestartsFromDiskWithItsTermVoteAndLog) {
  SimCluster c(3, 7);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  for (int i = 0; i < 8; ++i) c.Append(leader, "d" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 8; }, 2000));
  c.Run(50);  // a flush interval
  const int64_t term = c.member(leader).term();
  for (int i = 0; i < 3; ++i) c.PowerCut(i);
  for (int i = 0; i < 3; ++i) c.Restart(i);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(c.member(i).term(), term);
    EXPECT_EQ(c.member(i).role(), Role::kCandidate);
  }
  const int again = c.WaitForLeader();
  ASSERT_GE(again, 0);
  // The old leader may win again in its own term: the voters persisted their vote for it.
  EXPECT_GE(c.member(again).term(), term);
  ASSERT_EQ(c.Append(again, "after"), code::kSuccess);
  ASSERT_TRUE(c.RunUntil(
      [&] {
        for (int i = 0; i < 3; ++i) {
          if (c.store(i).end_index() != 8) return false;
        }
        return c.acked().size() == 9;
      },
      2000));
  for (int i = 0; i < 3; ++i) c.ExpectHoldsAcked(i);
}

// Random partitions, kills and restarts with a steady load: never two leaders in a term
// (checked after every simulated millisecond), and once healed every member holds every
// acknowledged entry.
TEST(DLedgerMemberTest, SafetyUnderRandomFaults) {
  for (uint64_t seed = 100; seed < 112; ++seed) {
    SimCluster c(seed % 2 == 0 ? 3 : 5, seed);
    std::mt19937_64& rnd = c.random();
    for (int step = 0; step < 40; ++step) {
      const int what = static_cast<int>(rnd() % 6);
      const int a = static_cast<int>(rnd() % static_cast<uint64_t>(c.size()));
      const int b = static_cast<int>(rnd() % static_cast<uint64_t>(c.size()));
      if (what == 0 && a != b) c.SetLink(a, b, false);
      if (what == 1) c.HealAll();
      if (what == 2 && c.alive(a)) c.Kill(a);
      if (what == 3 && !c.alive(a)) c.Restart(a);
      for (int t = 0; t < 10; ++t) {
        const int leader = c.Leader();
        if (leader >= 0)
          c.Append(leader, "s" + std::to_string(seed) + "-" + std::to_string(step * 10 + t));
        c.Run(10);
      }
    }
    c.HealAll();
    for (int i = 0; i < c.size(); ++i) {
      if (!c.alive(i)) c.Restart(i);
    }
    const int leader = c.WaitForLeader();
    ASSERT_GE(leader, 0) << "seed " << seed;
    c.Append(leader, "final");
    ASSERT_TRUE(c.RunUntil(
        [&] {
          for (int i = 0; i < c.size(); ++i) {
            if (c.store(i).end_index() != c.store(leader).end_index()) return false;
          }
          return c.store(leader).committed_index() == c.store(leader).end_index();
        },
        5000))
        << "seed " << seed;
    EXPECT_GT(c.acked().size(), 10u) << "seed " << seed;
    for (int i = 0; i < c.size(); ++i) {
      c.ExpectHoldsAcked(i);
      c.ExpectSameLog(i, leader);
    }
  }
}

TEST(DLedgerMemberTest, LeadershipMovesToTheChosenFollower) {
  SimCluster c(3, 9);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  for (int i = 0; i < 5; ++i) c.Append(leader, "t" + std::to_string(i));
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 5; }, 2000));
  const int target = (leader + 2) % 3;
  const int64_t term = c.member(leader).term();
  LeadershipTransferRequest request;
  request.group = "g";
  request.remote_id = c.member(leader).self_id();
  request.transfer_id = c.member(leader).self_id();
  request.transferee_id = c.member(target).self_id();
  request.term = term;
  int32_t result = code::kUnknown;
  c.member(leader).HandleLeadershipTransfer(
      request, [&](LeadershipTransferResponse response) { result = response.code; });
  // While the transfer runs the leader takes no appends.
  EXPECT_EQ(c.Append(leader, "during"), code::kLeaderTransferring);
  ASSERT_TRUE(c.RunUntil([&] { return result != code::kUnknown; }, 3000));
  EXPECT_EQ(result, code::kSuccess);
  ASSERT_TRUE(c.RunUntil([&] { return c.member(leader).role() == Role::kFollower; }, 2000));
  EXPECT_EQ(c.Leader(), target);
  EXPECT_EQ(c.member(target).term(), term + 1);
  c.Append(target, "after");
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 6; }, 2000));
  for (int i = 0; i < 3; ++i) c.ExpectHoldsAcked(i);

  // Refusals name their reason.
  auto transfer = [&](int to, const std::string& from, const std::string& transferee,
                      int64_t at_term) {
    LeadershipTransferRequest r;
    r.group = "g";
    r.remote_id = c.member(to).self_id();
    r.transfer_id = from;
    r.transferee_id = transferee;
    r.term = at_term;
    int32_t code = code::kUnknown;
    c.member(to).HandleLeadershipTransfer(r, [&](LeadershipTransferResponse x) { code = x.code; });
    c.RunUntil([&] { return code != code::kUnknown; }, 1000);
    return code;
  };
  const std::string new_leader = c.member(target).self_id();
  EXPECT_EQ(transfer(target, new_leader, "n9", term + 1), code::kUnknownMember);
  EXPECT_EQ(transfer(target, new_leader, c.member(leader).self_id(), term),
            code::kInconsistentTerm);
  EXPECT_EQ(transfer(leader, c.member(leader).self_id(), new_leader, term + 1), code::kNotLeader);
  EXPECT_EQ(transfer(leader, "n7", "n8", term + 1), code::kUnexpectedArgument);
}

TEST(DLedgerMemberTest, LeadershipSettlesOnThePreferredMember) {
  SimCluster c(3, 10, [](DLedgerConfig& config) { config.preferred_leader_ids = "n2"; });
  ASSERT_TRUE(c.RunUntil([&] { return c.Leader() == 2; }, 5000));
  c.Append(2, "p");
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 1; }, 2000));
  // Back after a failover: the preferred member takes over again once it is up to date.
  c.Kill(2);
  ASSERT_TRUE(c.RunUntil([&] { return c.Leader() >= 0 && c.Leader() != 2; }, 3000));
  c.Append(c.Leader(), "q");
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().size() == 2; }, 2000));
  c.Restart(2);
  ASSERT_TRUE(c.RunUntil([&] { return c.Leader() == 2; }, 5000));
  for (int i = 0; i < 3; ++i) c.ExpectHoldsAcked(i);
}

TEST(DLedgerMemberTest, HostileRequestsGetCodesNotCrashes) {
  SimCluster c(3, 8);
  const int leader = c.WaitForLeader();
  ASSERT_GE(leader, 0);
  const int follower = (leader + 1) % 3;
  Member& m = c.member(follower);
  const int64_t term = m.term();

  VoteRequest vote;
  vote.group = "other";
  vote.remote_id = m.self_id();
  vote.leader_id = "n0";
  EXPECT_EQ(m.HandleVote(vote).code, code::kUnknownGroup);
  vote.group = "g";
  vote.remote_id = "n9";
  EXPECT_EQ(m.HandleVote(vote).code, code::kUnknownMember);
  vote.remote_id = m.self_id();
  vote.leader_id = "stranger";
  vote.term = term + 100;
  EXPECT_EQ(m.HandleVote(vote).result, VoteResult::kRejectUnknownLeader);
  // A peer with a stale log claiming a far future term is refused before its term is seen.
  vote.leader_id = c.member(leader).self_id() == "n0" ? "n2" : "n0";
  if (vote.leader_id == m.self_id()) vote.leader_id = "n1";
  vote.ledger_end_index = -1;
  vote.ledger_end_term = -1;
  c.Append(leader, "x");
  c.Run(20);
  EXPECT_EQ(m.HandleVote(vote).result, VoteResult::kRejectExpiredLedgerTerm);
  EXPECT_EQ(m.term(), term);
  EXPECT_EQ(m.role(), Role::kFollower);

  PushEntryRequest push;
  push.group = "g";
  push.remote_id = m.self_id();
  push.leader_id = c.member(leader).self_id();
  push.term = term;
  push.type = PushType::kAppend;  // no entry
  EXPECT_EQ(m.HandlePush(push).code, code::kUnexpectedArgument);
  push.type = PushType::kTruncate;
  Entry far;
  far.index = 1000;
  far.term = term;
  far.pos = 1LL << 40;
  far.body = "far";
  push.entry = far;
  EXPECT_EQ(m.HandlePush(push).code, code::kInconsistentState);
  push.type = PushType::kAppend;
  EXPECT_EQ(m.HandlePush(push).code, code::kInconsistentState);
  push.term = term + 5;
  EXPECT_EQ(m.HandlePush(push).code, code::kInconsistentTerm);

  // A heartbeat from a peer claiming a future term: TERM_NOT_READY, and a new election that
  // the group survives.
  HeartBeatRequest beat;
  beat.group = "g";
  beat.remote_id = m.self_id();
  beat.leader_id = vote.leader_id;
  beat.term = term + 3;
  EXPECT_EQ(m.HandleHeartBeat(beat).code, code::kTermNotReady);
  EXPECT_EQ(m.role(), Role::kCandidate);
  ASSERT_GE(c.WaitForLeader(), 0);
  c.Append(c.Leader(), "after");
  ASSERT_TRUE(c.RunUntil([&] { return c.acked().count(1) == 1 || c.acked().size() >= 2; }, 3000));
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
