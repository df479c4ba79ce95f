// Three DLedger members as processes on loopback: a leader is elected, appends are
// acknowledged once a majority holds them, and after the leader is killed with SIGKILL a new
// leader takes appends within 10 s and still serves every acknowledged entry.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "dledger/rpc_codec.h"
#include "remoting/remoting_client.h"
#include "support/child_process.h"
#include "support/free_port.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace dledger {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using testing::ChildProcess;

class DLedgerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = rocketmq::testing::TempDir::Create("rmq-dledger");
    ASSERT_TRUE(dir.ok()) << dir.status().ToString();
    dir_ = std::make_unique<rocketmq::testing::TempDir>(std::move(*dir));
    for (int i = 0; i < 3; ++i) {
      const int port = testing::FreeLoopbackPort();
      ASSERT_GT(port, 0);
      addresses_.push_back("127.0.0.1:" + std::to_string(port));
      peers_ += "n" + std::to_string(i) + "-" + addresses_.back() + ";";
    }
    nodes_.resize(3);
    for (int i = 0; i < 3; ++i) StartNode(i);
    ASSERT_TRUE(client_.Start().ok());
  }
  void TearDown() override { client_.Shutdown(); }

  void StartNode(int i) {
    auto node = ChildProcess::Spawn(
        DLEDGER_NODE_BIN, {"--group=g", "--selfId=n" + std::to_string(i), "--peers=" + peers_,
                           "--storeDir=" + dir_->path(), "--heartbeatMs=300",
                           "--dataFileSize=4194304", "--indexFileSize=1048576"});
    ASSERT_TRUE(node.ok()) << node.status().ToString();
    nodes_[static_cast<size_t>(i)] = std::move(*node);
    auto listening = nodes_[static_cast<size_t>(i)]->WaitForListening(std::chrono::seconds(10));
    ASSERT_TRUE(listening.ok()) << listening.status().ToString();
  }

  Result<std::string> Call(int i, RequestCode code, std::string body) {
    auto request = remoting::RemotingCommand::CreateRequest(static_cast<int32_t>(code));
    request.set_body(std::move(body));
    auto reply = client_.InvokeSync(addresses_[static_cast<size_t>(i)], std::move(request),
                                    std::chrono::seconds(5));
    if (!reply.ok()) return reply.status();
    if (reply->code() != 200)
      return Status::Protocol("frame code " + std::to_string(reply->code()));
    return reply->body().Flatten();
  }

  // The member's append answer code (and the entry index on success).
  int32_t Append(int i, const std::string& body, int64_t* index) {
    AppendEntryRequest request;
    request.group = "g";
    request.remote_id = "n" + std::to_string(i);
    request.body = body;
    Result<std::string> reply = Call(i, RequestCode::kAppend, EncodeAppendEntryRequest(request));
    if (!reply.ok()) return code::kNetworkError;
    AppendEntryResponse response;
    if (!DecodeAppendEntryResponse(*reply, &response).ok()) return code::kUnknown;
    *index = response.index;
    return response.code;
  }

  Result<std::string> Get(int i, int64_t index) {
    GetEntriesRequest request;
    request.group = "g";
    request.remote_id = "n" + std::to_string(i);
    request.begin_index = index;
    Result<std::string> reply = Call(i, RequestCode::kGet, EncodeGetEntriesRequest(request));
    if (!reply.ok()) return reply.status();
    GetEntriesResponse response;
    RMQ_RETURN_IF_ERROR(DecodeGetEntriesResponse(*reply, &response));
    if (response.code != code::kSuccess || response.entries.empty()) {
      return Status::NotFound("entry " + std::to_string(index) + ": code " +
                              std::to_string(response.code));
    }
    return response.entries[0].body;
  }

  // Tries every live member until one accepts the append; returns its index or -1.
  int AppendAnywhere(const std::string& body, const std::vector<bool>& alive, int64_t* index,
                     milliseconds limit) {
    const auto deadline = steady_clock::now() + limit;
    while (steady_clock::now() < deadline) {
      for (int i = 0; i < 3; ++i) {
        if (alive[static_cast<size_t>(i)] && Append(i, body, index) == code::kSuccess) return i;
      }
      std::this_thread::sleep_for(milliseconds(50));  // an election is under way
    }
    return -1;
  }

  std::unique_ptr<rocketmq::testing::TempDir> dir_;
  std::vector<std::string> addresses_;
  std::string peers_;
  std::vector<std::unique_ptr<ChildProcess>> nodes_;
  remoting::RemotingClient client_{remoting::RemotingClientOptions{}};
};

TEST_F(DLedgerProcessTest, ANewLeaderServesAppendsWithin10sOfAKillAndNothingAckedIsLost) {
  std::vector<bool> alive(3, true);
  std::map<int64_t, std::string> acked;
  int64_t index = -1;
  int leader = AppendAnywhere("first", alive, &index, std::chrono::seconds(15));
  ASSERT_GE(leader, 0) << "no leader elected";
  acked[index] = "first";
  const auto appending = steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    const std::string body = "before-" + std::to_string(i);
    ASSERT_EQ(Append(leader, body, &index), code::kSuccess);
    acked[index] = body;
  }
  std::printf("50 sequential appends, each acknowledged once committed: %lld us each\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(
                                         steady_clock::now() - appending)
                                         .count() /
                                     50));
  // A follower refuses with NOT_LEADER.
  EXPECT_EQ(Append((leader + 1) % 3, "x", &index), code::kNotLeader);

  // LEADERSHIP_TRANSFER to the leader moves leadership to the member it names.
  const int chosen = (leader + 1) % 3;
  LeadershipTransferRequest transfer;
  transfer.group = "g";
  transfer.remote_id = "n" + std::to_string(leader);
  transfer.transfer_id = transfer.remote_id;
  transfer.transferee_id = "n" + std::to_string(chosen);
  GetEntriesRequest probe;  // the leader's term, read from any answer
  probe.group = "g";
  probe.remote_id = transfer.remote_id;
  probe.begin_index = 0;
  Result<std::string> probed = Call(leader, RequestCode::kGet, EncodeGetEntriesRequest(probe));
  ASSERT_TRUE(probed.ok());
  GetEntriesResponse probe_answer;
  ASSERT_TRUE(DecodeGetEntriesResponse(*probed, &probe_answer).ok());
  transfer.term = probe_answer.term;
  Result<std::string> moved =
      Call(leader, RequestCode::kLeadershipTransfer, EncodeLeadershipTransferRequest(transfer));
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  LeadershipTransferResponse moved_answer;
  ASSERT_TRUE(DecodeLeadershipTransferResponse(*moved, &moved_answer).ok());
  ASSERT_EQ(moved_answer.code, code::kSuccess) << *moved;
  ASSERT_EQ(AppendAnywhere("transferred", alive, &index, std::chrono::seconds(5)), chosen);
  acked[index] = "transferred";
  leader = chosen;

  nodes_[static_cast<size_t>(leader)]->Signal(SIGKILL);
  ASSERT_TRUE(nodes_[static_cast<size_t>(leader)]->WaitForExit(std::chrono::seconds(5)).ok());
  alive[static_cast<size_t>(leader)] = false;
  const auto killed = steady_clock::now();
  const int next = AppendAnywhere("after-kill", alive, &index, std::chrono::seconds(10));
  const auto took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - killed);
  ASSERT_GE(next, 0) << "no member took appends within 10 s of the leader's death";
  EXPECT_NE(next, leader);
  acked[index] = "after-kill";
  std::printf("new leader n%d took appends %lld ms after the kill\n", next,
              static_cast<long long>(took.count()));
  for (const auto& [i, body] : acked) {
    Result<std::string> got = Get(next, i);
    ASSERT_TRUE(got.ok()) << "acked entry " << i << ": " << got.status().ToString();
    EXPECT_EQ(*got, body);
  }

  // The old leader returns from its store and catches up as a follower.
  StartNode(leader);
  const int64_t last = acked.rbegin()->first;
  const auto deadline = steady_clock::now() + std::chrono::seconds(10);
  Result<std::string> caught_up = Status::NotFound("not yet");
  while (steady_clock::now() < deadline) {
    caught_up = Get(leader, last);
    if (caught_up.ok()) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(caught_up.ok()) << caught_up.status().ToString();
  EXPECT_EQ(*caught_up, "after-kill");
  EXPECT_EQ(Append(leader, "y", &index), code::kNotLeader);
}

TEST_F(DLedgerProcessTest, GarbageOnTheDLedgerPortIsRefusedAndTheMemberLivesOn) {
  // Undecodable bodies: SYSTEM_ERROR frames, as DLedger answers a parse exception.
  for (RequestCode code :
       {RequestCode::kVote, RequestCode::kHeartBeat, RequestCode::kPush, RequestCode::kAppend}) {
    auto request = remoting::RemotingCommand::CreateRequest(static_cast<int32_t>(code));
    request.set_body("{not json");
    auto reply = client_.InvokeSync(addresses_[0], std::move(request), std::chrono::seconds(5));
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    EXPECT_EQ(reply->code(), 1);
  }
  // A vote for a far future term from a member with an empty log is answered, not obeyed
  // blindly, and the group still elects a leader and takes appends.
  VoteRequest vote;
  vote.group = "g";
  vote.remote_id = "n0";
  vote.local_id = "n1";
  vote.leader_id = "n1";
  vote.term = 1000000;
  Result<std::string> answer = Call(0, RequestCode::kVote, EncodeVoteRequest(vote));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  int64_t index = -1;
  EXPECT_GE(
      AppendAnywhere("still-alive", std::vector<bool>(3, true), &index, std::chrono::seconds(15)),
      0);
  for (auto& node : nodes_) EXPECT_TRUE(node->Running());
}

// The broker checks the DLedger keys with messages naming them.
TEST(DLedgerBrokerSettingsTest, TheBrokerNamesBadDLedgerKeys) {
  auto dir = rocketmq::testing::TempDir::Create("rmq-dledger-broker");
  ASSERT_TRUE(dir.ok());
  const std::vector<std::string> common = {"--storePathRootDir=" + dir->path(),
                                           "--listenPort=0",
                                           "--bindAddress=127.0.0.1",
                                           "--enableDLegerCommitLog=true",
                                           "--dLegerGroup=broker-a",
                                           "--dLegerPeers=n0-127.0.0.1:40911;n1-127.0.0.1:40912"};
  std::vector<std::string> stranger = common;
  stranger.push_back("--dLegerSelfId=n7");
  auto bad = ChildProcess::Spawn(BROKER_BIN, stranger);
  ASSERT_TRUE(bad.ok());
  auto code = (*bad)->WaitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 1);
  EXPECT_NE((*bad)->StderrText().find("dLegerSelfId 'n7' is not one of the members"),
            std::string::npos)
      << (*bad)->StderrText();

  std::vector<std::string> odd_index = common;
  odd_index.push_back("--dLegerSelfId=n1");
  odd_index.push_back("--dLegerMappedFileSizeForEntryIndex=4100");
  auto refused = ChildProcess::Spawn(BROKER_BIN, odd_index);
  ASSERT_TRUE(refused.ok());
  code = (*refused)->WaitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 1);
  EXPECT_NE((*refused)->StderrText().find("not a multiple of 32"), std::string::npos)
      << (*refused)->StderrText();
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
