// SimCluster: a whole DLedger group in one thread — members over an in-memory transport, a
// fake clock and one FaultInjectionEnv per member — so elections and replication replay
// exactly for a given seed. Links can be cut per direction, members killed (unsynced bytes
// lost) and restarted from what their disk kept.
#ifndef ROCKETMQ_TESTS_UNIT_DLEDGER_SIM_CLUSTER_H_
#define ROCKETMQ_TESTS_UNIT_DLEDGER_SIM_CLUSTER_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "dledger/ledger_store.h"
#include "dledger/member.h"
#include "store/fault_injection_env.h"

namespace rocketmq {
namespace dledger {

class SimCluster {
 public:
  // `tweak` adjusts every member's configuration before it starts.
  SimCluster(int n, uint64_t seed, const std::function<void(DLedgerConfig&)>& tweak = nullptr)
      : random_(seed), seed_(seed) {
    std::string peers;
    for (int i = 0; i < n; ++i)
      peers += "n" + std::to_string(i) + "-127.0.0.1:" + std::to_string(40000 + i) + ";";
    nodes_.resize(static_cast<size_t>(n));
    links_.assign(static_cast<size_t>(n), std::vector<bool>(static_cast<size_t>(n), true));
    for (int i = 0; i < n; ++i) {
      Node& node = nodes_[static_cast<size_t>(i)];
      node.env = std::make_unique<store::FaultInjectionEnv>();
      node.transport = std::make_unique<SimTransport>(this, i);
      node.config.group = "g";
      node.config.self_id = "n" + std::to_string(i);
      node.config.peers = peers;
      node.config.store_base_dir = "/store";
      node.config.data_file_size = 8192;
      node.config.index_file_size = 32 * 128;
      node.config.heart_beat_time_interval_ms = 50;
      node.config.max_heart_beat_leak = 3;
      node.config.min_vote_interval_ms = 30;
      node.config.max_vote_interval_ms = 100;
      node.config.max_push_timeout_ms = 100;
      node.config.max_wait_ack_time_ms = 500;
      node.config.check_point_interval_ms = 100;
      node.config.rpc_timeout_ms = 200;
      if (tweak) tweak(node.config);
      Boot(i);
    }
  }

  ~SimCluster() {
    for (Node& node : nodes_) {
      if (node.member != nullptr && node.alive) node.member->Shutdown();
    }
  }

  int size() const { return static_cast<int>(nodes_.size()); }
  int64_t now() const { return now_; }
  Member& member(int i) { return *nodes_[static_cast<size_t>(i)].member; }
  LedgerStore& store(int i) { return *nodes_[static_cast<size_t>(i)].store; }
  store::FaultInjectionEnv& env(int i) { return *nodes_[static_cast<size_t>(i)].env; }
  bool alive(int i) const { return nodes_[static_cast<size_t>(i)].alive; }

  // Cuts or restores both directions between a and b.
  void SetLink(int a, int b, bool up) {
    links_[static_cast<size_t>(a)][static_cast<size_t>(b)] = up;
    links_[static_cast<size_t>(b)][static_cast<size_t>(a)] = up;
  }
  void Isolate(int i) {
    for (int j = 0; j < size(); ++j) {
      if (j != i) SetLink(i, j, false);
    }
  }
  void HealAll() {
    for (auto& row : links_) row.assign(row.size(), true);
  }

  // kill -9: the member stops; what it wrote stays (the page cache survives a process).
  void Kill(int i) {
    Node& node = nodes_[static_cast<size_t>(i)];
    node.alive = false;
    ++node.incarnation;
  }
  // Power cut: the member stops and what it did not sync is gone.
  void PowerCut(int i) {
    Kill(i);
    nodes_[static_cast<size_t>(i)].env->Crash();
  }
  void Restart(int i) {
    Node& node = nodes_[static_cast<size_t>(i)];
    node.member.reset();
    node.store.reset();
    node.env->Restart();  // a no-op unless the member lost power
    Boot(i);
  }

  // Advances the clock 1 ms at a time, delivering messages and ticking live members, and
  // checks election safety after every step.
  void Run(int64_t ms) {
    for (int64_t t = 0; t < ms; ++t) {
      ++now_;
      while (!queue_.empty() && queue_.begin()->first.first <= now_) {
        auto it = queue_.begin();
        Delivery d = std::move(it->second);
        queue_.erase(it);
        const Node& owner = nodes_[static_cast<size_t>(d.owner)];
        if (d.owner >= 0 && (!owner.alive || owner.incarnation != d.incarnation)) continue;
        d.run();
      }
      for (int i = 0; i < size(); ++i) {
        if (alive(i)) member(i).Tick();
      }
      CheckOneLeaderPerTerm();
    }
  }

  // Runs until `done` holds, at most `limit` ms; returns whether it held.
  bool RunUntil(const std::function<bool()>& done, int64_t limit) {
    for (int64_t t = 0; t < limit; t += 5) {
      if (done()) return true;
      Run(5);
    }
    return done();
  }

  // The live leader of the highest term, or -1.
  int Leader() {
    int best = -1;
    for (int i = 0; i < size(); ++i) {
      if (alive(i) && member(i).role() == Role::kLeader &&
          (best < 0 || member(i).term() > member(best).term())) {
        best = i;
      }
    }
    return best;
  }
  int WaitForLeader(int64_t limit = 5000) {
    int leader = -1;
    RunUntil(
        [&] {
          leader = Leader();
          if (leader < 0) return false;
          // Stable: every live member reachable from it follows it.
          for (int i = 0; i < size(); ++i) {
            if (i == leader || !alive(i) ||
                !links_[static_cast<size_t>(leader)][static_cast<size_t>(i)])
              continue;
            if (member(i).leader_id() != member(leader).self_id()) return false;
          }
          return true;
        },
        limit);
    return Leader();
  }

  // Appends through member i; the outcome lands in acked()/failed() when known.
  int32_t Append(int i, const std::string& body) {
    return member(i).Append(body, [this, body](int32_t code, const Entry& entry) {
      if (code == code::kSuccess) {
        acked_[entry.index] = body;
      } else {
        ++failed_;
      }
      last_code_ = code;
    });
  }
  const std::map<int64_t, std::string>& acked() const { return acked_; }
  int failed() const { return failed_; }
  int32_t last_code() const { return last_code_; }

  // Every acknowledged entry is at its index, with its body, in member i's log.
  void ExpectHoldsAcked(int i) {
    for (const auto& [index, body] : acked_) {
      Result<Entry> e = store(i).Get(index);
      ASSERT_TRUE(e.ok()) << "seed " << seed_ << " member " << i << " lost acked entry " << index
                          << ": " << e.status().ToString();
      EXPECT_EQ(e->body, body) << "seed " << seed_ << " member " << i << " index " << index;
    }
  }
  // Members i and j hold the same entries up to the smaller end.
  void ExpectSameLog(int i, int j) {
    const int64_t end = std::min(store(i).end_index(), store(j).end_index());
    for (int64_t k = 0; k <= end; ++k) {
      EXPECT_EQ(*store(i).Get(k), *store(j).Get(k)) << "seed " << seed_ << " index " << k;
    }
  }

  std::mt19937_64& random() { return random_; }

 private:
  class SimTransport : public Transport {
   public:
    SimTransport(SimCluster* cluster, int from) : cluster_(cluster), from_(from) {}
    void Vote(const VoteRequest& request, std::function<void(VoteResponse)> done) override {
      cluster_->Send<VoteResponse>(
          from_, request.remote_id, [request](Member& m) { return m.HandleVote(request); },
          std::move(done));
    }
    void HeartBeat(const HeartBeatRequest& request,
                   std::function<void(HeartBeatResponse)> done) override {
      cluster_->Send<HeartBeatResponse>(
          from_, request.remote_id, [request](Member& m) { return m.HandleHeartBeat(request); },
          std::move(done));
    }
    void Push(const PushEntryRequest& request,
              std::function<void(PushEntryResponse)> done) override {
      cluster_->Send<PushEntryResponse>(
          from_, request.remote_id, [request](Member& m) { return m.HandlePush(request); },
          std::move(done));
    }

    void LeadershipTransfer(const LeadershipTransferRequest& request,
                            std::function<void(LeadershipTransferResponse)> done) override {
      cluster_->SendTransfer(from_, request, std::move(done));
    }

   private:
    SimCluster* cluster_;
    int from_;
  };

  struct Node {
    DLedgerConfig config;
    std::unique_ptr<store::FaultInjectionEnv> env;
    std::unique_ptr<SimTransport> transport;
    std::unique_ptr<LedgerStore> store;
    std::unique_ptr<Member> member;
    bool alive = false;
    int incarnation = 0;
  };
  struct Delivery {
    int owner;  // runs only while this member lives on in the same incarnation; -1: always
    int incarnation;
    std::function<void()> run;
  };

  void Boot(int i) {
    Node& node = nodes_[static_cast<size_t>(i)];
    node.store =
        std::make_unique<LedgerStore>(node.env.get(), node.config.DefaultPath(),
                                      node.config.data_file_size, node.config.index_file_size);
    Status s = node.store->Recover();
    ASSERT_TRUE(s.ok()) << s.ToString();
    node.member = std::make_unique<Member>(
        node.config, node.store.get(), node.env.get(), node.transport.get(),
        [this] { return now_; }, seed_ * 31 + static_cast<uint64_t>(i));
    s = node.member->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
    node.alive = true;
  }

  int IndexOf(const std::string& id) const {
    for (int i = 0; i < size(); ++i) {
      if (nodes_[static_cast<size_t>(i)].config.self_id == id) return i;
    }
    return -1;
  }

  void Schedule(int64_t at, int owner, std::function<void()> run) {
    const int incarnation = owner >= 0 ? nodes_[static_cast<size_t>(owner)].incarnation : 0;
    queue_.emplace(std::make_pair(at, seq_++), Delivery{owner, incarnation, std::move(run)});
  }
  int64_t Latency() { return 1 + static_cast<int64_t>(random_() % 3); }

  template <typename Response, typename Handler>
  void Send(int from, const std::string& to_id, Handler handle,
            std::function<void(Response)> done) {
    Response failure;
    failure.code = code::kNetworkError;
    const int64_t timeout = nodes_[static_cast<size_t>(from)].config.rpc_timeout_ms;
    const int to = IndexOf(to_id);
    Schedule(now_ + Latency(), -1, [=] {
      if (to < 0 || !alive(to) || !links_[static_cast<size_t>(from)][static_cast<size_t>(to)]) {
        Schedule(now_ + timeout, from, [done, failure] { done(failure); });
        return;
      }
      Response response = handle(member(to));
      Schedule(now_ + Latency(), from, [=] {
        if (links_[static_cast<size_t>(to)][static_cast<size_t>(from)]) {
          done(response);
        } else {
          done(failure);
        }
      });
    });
  }

  // LEADERSHIP_TRANSFER is answered later (when the transferee leads or gives up).
  void SendTransfer(int from, const LeadershipTransferRequest& request,
                    std::function<void(LeadershipTransferResponse)> done) {
    LeadershipTransferResponse failure;
    failure.code = code::kNetworkError;
    const int to = IndexOf(request.remote_id);
    const int64_t timeout = nodes_[static_cast<size_t>(from)].config.rpc_timeout_ms;
    Schedule(now_ + Latency(), -1, [=] {
      if (to < 0 || !alive(to) || !links_[static_cast<size_t>(from)][static_cast<size_t>(to)]) {
        Schedule(now_ + timeout, from, [done, failure] { done(failure); });
        return;
      }
      member(to).HandleLeadershipTransfer(request, [=](LeadershipTransferResponse response) {
        Schedule(now_ + Latency(), from, [=] { done(response); });
      });
    });
  }

  void CheckOneLeaderPerTerm() {
    for (int i = 0; i < size(); ++i) {
      if (!alive(i) || member(i).role() != Role::kLeader) continue;
      const int64_t term = member(i).term();
      auto [it, inserted] = leaders_by_term_.emplace(term, i);
      if (!inserted && it->second != i) {
        ADD_FAILURE() << "seed " << seed_ << ": term " << term << " has two leaders, n"
                      << it->second << " and n" << i;
      }
    }
  }

  std::vector<Node> nodes_;
  std::vector<std::vector<bool>> links_;
  std::multimap<std::pair<int64_t, uint64_t>, Delivery> queue_;
  uint64_t seq_ = 0;
  int64_t now_ = 0;
  std::mt19937_64 random_;
  uint64_t seed_;
  std::map<int64_t, int> leaders_by_term_;
  std::map<int64_t, std::string> acked_;
  int failed_ = 0;
  int32_t last_code_ = code::kUnknown;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_DLEDGER_SIM_CLUSTER_H_
