#include "dledger/rpc_codec.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace rocketmq {
namespace dledger {
namespace {

// The APPEND push and its answer as DLedger 0.3.1.2's jar writes them
// (reference/dledger-trace-timer.md §1.4).
constexpr char kJarPush[] =
    R"({"batch":false,"batchEntry":[],"code":200,"commitIndex":6,"count":1,"entry":{"body":"AQID/w==","bodyCrc":0,"chainCrc":0,"channel":0,"index":7,"magic":1,"pos":1234,"size":52,"term":3},"firstEntryIndex":7,"group":"g1","lastEntryIndex":7,"leaderId":"n0","localId":"n0","remoteId":"n1","term":3,"totalSize":0,"type":"APPEND"})";
constexpr char kJarPushAnswer[] =
    R"({"beginIndex":0,"code":200,"count":1,"endIndex":7,"group":"g1","index":7,"term":3})";

TEST(DLedgerRpcCodecTest, PushMatchesTheJarByteForByte) {
  PushEntryRequest push;
  push.group = "g1";
  push.local_id = "n0";
  push.remote_id = "n1";
  push.leader_id = "n0";
  push.term = 3;
  push.commit_index = 6;
  Entry entry;
  entry.index = 7;
  entry.term = 3;
  entry.pos = 1234;
  entry.body = std::string("\x01\x02\x03\xff", 4);
  push.entry = entry;
  EXPECT_EQ(EncodePushEntryRequest(push), kJarPush);

  PushEntryRequest back;
  ASSERT_TRUE(DecodePushEntryRequest(kJarPush, &back).ok());
  EXPECT_EQ(back.type, PushType::kAppend);
  EXPECT_EQ(back.commit_index, 6);
  ASSERT_TRUE(back.entry.has_value());
  EXPECT_EQ(*back.entry, entry);
  EXPECT_EQ(back.remote_id, "n1");

  PushEntryResponse answer;
  answer.group = "g1";
  answer.term = 3;
  answer.index = 7;
  answer.count = 1;
  answer.begin_index = 0;
  answer.end_index = 7;
  EXPECT_EQ(EncodePushEntryResponse(answer), kJarPushAnswer);
  PushEntryResponse decoded;
  ASSERT_TRUE(DecodePushEntryResponse(kJarPushAnswer, &decoded).ok());
  EXPECT_EQ(decoded.index.value_or(-9), 7);
  EXPECT_EQ(decoded.end_index, 7);
}

TEST(DLedgerRpcCodecTest, HeartbeatAndVoteBodies) {
  EXPECT_EQ(EncodeHeartBeatResponse(HeartBeatResponse()), R"({"code":200,"term":-1})");
  VoteRequest vote;
  vote.group = "g";
  vote.local_id = "n1";
  vote.remote_id = "n0";
  vote.leader_id = "n1";
  vote.term = 4;
  vote.ledger_end_index = 10;
  vote.ledger_end_term = 3;
  const std::string json = EncodeVoteRequest(vote);
  EXPECT_EQ(
      json,
      R"({"code":200,"group":"g","leaderId":"n1","ledgerEndIndex":10,"ledgerEndTerm":3,"localId":"n1","remoteId":"n0","term":4})");
  VoteRequest back;
  ASSERT_TRUE(DecodeVoteRequest(json, &back).ok());
  EXPECT_EQ(back.ledger_end_index, 10);
  EXPECT_EQ(back.leader_id, "n1");
  VoteResponse answer;
  ASSERT_TRUE(
      DecodeVoteResponse(R"({"code":200,"term":5,"voteResult":"REJECT_ALREADY_VOTED"})", &answer)
          .ok());
  EXPECT_EQ(answer.result, VoteResult::kRejectAlreadyVoted);
  EXPECT_EQ(answer.term, 5);
}

TEST(DLedgerRpcCodecTest, LeadershipTransferBody) {
  LeadershipTransferRequest r;
  r.group = "g";
  r.leader_id = "n0";
  r.local_id = "n0";
  r.remote_id = "n2";
  r.term = 4;
  r.transfer_id = "n0";
  r.transferee_id = "n2";
  r.take_leadership_ledger_index = 99;
  const std::string json = EncodeLeadershipTransferRequest(r);
  EXPECT_EQ(
      json,
      R"({"code":200,"group":"g","leaderId":"n0","localId":"n0","remoteId":"n2","takeLeadershipLedgerIndex":99,"term":4,"transferId":"n0","transfereeId":"n2"})");
  LeadershipTransferRequest back;
  ASSERT_TRUE(DecodeLeadershipTransferRequest(json, &back).ok());
  EXPECT_EQ(back.transferee_id, "n2");
  EXPECT_EQ(back.take_leadership_ledger_index, 99);
}

TEST(DLedgerRpcCodecTest, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  for (const char* text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    Result<std::string> back = Base64Decode(Base64Encode(text));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, text);
  }
  EXPECT_FALSE(Base64Decode("Zg=").ok());
  EXPECT_FALSE(Base64Decode("Z===").ok());
  EXPECT_FALSE(Base64Decode("Zg=a").ok());
  EXPECT_FALSE(Base64Decode("Zm9v!A==").ok());
  EXPECT_FALSE(Base64Decode("Zg==Zg==").ok());
}

TEST(DLedgerRpcCodecTest, GarbageIsAnErrorNotACrash) {
  PushEntryRequest push;
  VoteResponse vote;
  EXPECT_FALSE(DecodePushEntryRequest("", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest("{", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest("[]", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest(R"({"type":"BOGUS"})", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest(R"({"term":"x"})", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest(R"({"entry":5})", &push).ok());
  EXPECT_FALSE(
      DecodePushEntryRequest(R"({"entry":{"index":1,"pos":0,"term":1,"body":"%%%%"}})", &push)
          .ok());
  EXPECT_FALSE(
      DecodePushEntryRequest(R"({"entry":{"index":1,"pos":0,"term":1,"magic":7}})", &push).ok());
  EXPECT_FALSE(DecodePushEntryRequest(R"({"batchEntry":[{}]})", &push).ok());
  EXPECT_FALSE(DecodeVoteResponse(R"({"voteResult":"MAYBE"})", &vote).ok());
  std::mt19937 rnd(7);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rnd() % 64, '\0');
    for (char& c : junk) c = static_cast<char>(rnd());
    if (i % 2 == 0) junk = std::string(kJarPush).substr(0, rnd() % sizeof(kJarPush)) + junk;
    PushEntryRequest p;
    (void)DecodePushEntryRequest(junk, &p);
    VoteRequest v;
    (void)DecodeVoteRequest(junk, &v);
    GetEntriesResponse g;
    (void)DecodeGetEntriesResponse(junk, &g);
  }
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
