#include "dledger/ledger_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "protocol/big_endian.h"
#include "store/fault_injection_env.h"

namespace rocketmq {
namespace dledger {
namespace {

namespace be = protocol::big_endian;

constexpr int64_t kDataFileSize = 4096;
constexpr int64_t kIndexFileSize = 32 * 64;
const char* const kDir = "/store/dledger-n0";

class LedgerStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<LedgerStore> Open() {
    auto s = std::make_unique<LedgerStore>(&env_, kDir, kDataFileSize, kIndexFileSize);
    Status recovered = s->Recover();
    EXPECT_TRUE(recovered.ok()) << recovered.ToString();
    return s;
  }
  std::string DataFile(int64_t offset) {
    return std::string(kDir) + "/data/" + store::OffsetToFileName(offset);
  }

  store::FaultInjectionEnv env_;
};

TEST_F(LedgerStoreTest, AppendsReadsAndRecovers) {
  auto s = Open();
  EXPECT_EQ(s->end_index(), -1);
  int64_t expected_pos = 0;
  for (int i = 0; i < 5; ++i) {
    Result<Entry> e = s->AppendAsLeader("body-" + std::to_string(i), 1 + i / 3);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->index, i);
    EXPECT_EQ(e->pos, expected_pos);
    expected_pos += e->size();
  }
  EXPECT_EQ(s->end_index(), 4);
  EXPECT_EQ(s->end_term(), 2);
  EXPECT_EQ(s->write_pos(), expected_pos);
  ASSERT_TRUE(s->Flush().ok());
  s.reset();

  auto again = Open();
  EXPECT_EQ(again->begin_index(), 0);
  EXPECT_EQ(again->end_index(), 4);
  EXPECT_EQ(again->end_term(), 2);
  EXPECT_EQ(again->write_pos(), expected_pos);
  for (int i = 0; i < 5; ++i) {
    Result<Entry> e = again->Get(i);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->body, "body-" + std::to_string(i));
  }
  EXPECT_EQ(again->Get(5).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(again->Get(-1).status().code(), ErrorCode::kNotFound);
}

TEST_F(LedgerStoreTest, FillsTheEndOfAFileWithABlank) {
  auto s = Open();
  const std::string body(1000, 'x');  // entries of 1048 bytes: three fit, the fourth does not
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(s->AppendAsLeader(body, 1).ok());
  Result<Entry> fourth = s->Get(3);
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(fourth->pos, kDataFileSize);
  ASSERT_TRUE(s->Flush().ok());
  Result<std::string> first = env_.GetFileContents(DataFile(0));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), static_cast<size_t>(kDataFileSize));
  EXPECT_EQ(static_cast<int32_t>(be::Load32(first->data() + 3 * 1048)), -1);
  EXPECT_EQ(static_cast<int32_t>(be::Load32(first->data() + 3 * 1048 + 4)),
            kDataFileSize - 3 * 1048);
  s.reset();
  auto again = Open();
  EXPECT_EQ(again->end_index(), 3);
  EXPECT_EQ(again->write_pos(), kDataFileSize + 1048);
  ASSERT_TRUE(again->AppendAsLeader("next", 1).ok());
  EXPECT_EQ(again->Get(4)->pos, kDataFileSize + 1048);
}

TEST_F(LedgerStoreTest, ATornTailIsCutOnRecovery) {
  auto s = Open();
  ASSERT_TRUE(s->AppendAsLeader("a", 1).ok());
  ASSERT_TRUE(s->AppendAsLeader("b", 1).ok());
  ASSERT_TRUE(s->Flush().ok());
  ASSERT_TRUE(s->AppendAsLeader("lost", 1).ok());  // never synced
  env_.Crash();
  s.reset();
  env_.Restart();
  auto again = Open();
  EXPECT_EQ(again->end_index(), 1);
  Result<Entry> next = again->AppendAsLeader("c", 2);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->index, 2);
  EXPECT_EQ(again->Get(2)->body, "c");
}

TEST_F(LedgerStoreTest, RecoveryStopsAtAnEntryWithAWrongPos) {
  auto s = Open();
  ASSERT_TRUE(s->AppendAsLeader("a", 1).ok());
  Result<Entry> b = s->AppendAsLeader("b", 1);
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE(s->Flush().ok());
  s.reset();
  Result<std::string> bytes = env_.GetFileContents(DataFile(0));
  ASSERT_TRUE(bytes.ok());
  std::string damaged = *bytes;
  be::Store64(&damaged[static_cast<size_t>(b->pos + kEntryPosOffset)], 999);
  ASSERT_TRUE(env_.SetFileContents(DataFile(0), damaged).ok());
  auto again = Open();
  EXPECT_EQ(again->end_index(), 0);
  EXPECT_EQ(again->write_pos(), b->pos);
}

TEST_F(LedgerStoreTest, RebuildsALostIndexFromTheData) {
  auto s = Open();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(s->AppendAsLeader("e" + std::to_string(i), 1).ok());
  ASSERT_TRUE(s->Flush().ok());
  s.reset();
  ASSERT_TRUE(env_.DeleteFile(std::string(kDir) + "/index/" + store::OffsetToFileName(0)).ok());
  auto again = Open();
  EXPECT_EQ(again->end_index(), 2);
  EXPECT_EQ(again->Get(1)->body, "e1");
}

TEST_F(LedgerStoreTest, FollowerAppendsMustLandAtTheLeadersPos) {
  auto s = Open();
  Entry entry;
  entry.index = 0;
  entry.term = 1;
  entry.pos = 48;  // not where this store would write it
  entry.body = "x";
  EXPECT_EQ(s->AppendAsFollower(entry).code(), ErrorCode::kIllegalState);
  entry.pos = 0;
  entry.index = 1;  // not the next index
  EXPECT_EQ(s->AppendAsFollower(entry).code(), ErrorCode::kIllegalState);
  entry.index = 0;
  EXPECT_TRUE(s->AppendAsFollower(entry).ok());
  EXPECT_EQ(s->end_index(), 0);
}

TEST_F(LedgerStoreTest, TruncateReplacesADivergentTail) {
  auto s = Open();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(s->AppendAsLeader("old" + std::to_string(i), 1).ok());
  s->UpdateCommittedIndex(1);
  // The leader's entry 2 is of term 2 at the same position: 2..4 here are cut and replaced.
  Entry leader_entry = *s->Get(2);
  leader_entry.term = 2;
  leader_entry.body = "new2";
  ASSERT_TRUE(s->Truncate(leader_entry).ok());
  EXPECT_EQ(s->end_index(), 2);
  EXPECT_EQ(s->end_term(), 2);
  EXPECT_EQ(*s->Get(2), leader_entry);
  EXPECT_EQ(s->write_pos(), leader_entry.pos + leader_entry.size());
  EXPECT_EQ(s->committed_index(), 1);
  // Truncating at an entry held identically keeps it and cuts what follows.
  ASSERT_TRUE(s->AppendAsLeader("tail", 2).ok());
  ASSERT_TRUE(s->Truncate(leader_entry).ok());
  EXPECT_EQ(s->end_index(), 2);
  ASSERT_TRUE(s->Flush().ok());
  s.reset();
  auto again = Open();
  EXPECT_EQ(again->end_index(), 2);
  EXPECT_EQ(again->Get(2)->body, "new2");
}

TEST_F(LedgerStoreTest, CheckpointKeepsTheCommittedIndex) {
  auto s = Open();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(s->AppendAsLeader("e", 1).ok());
  s->UpdateCommittedIndex(1);
  s->UpdateCommittedIndex(0);  // never goes back
  EXPECT_EQ(s->committed_index(), 1);
  EXPECT_EQ(s->committed_pos(), 2 * (kEntryHeaderSize + 1));
  ASSERT_TRUE(s->Flush().ok());
  ASSERT_TRUE(s->PersistCheckpoint().ok());
  s.reset();
  auto again = Open();
  EXPECT_EQ(again->committed_index(), 1);
  EXPECT_EQ(again->committed_pos(), 2 * (kEntryHeaderSize + 1));
  Result<std::string> text = env_.GetFileContents(std::string(kDir) + "/checkpoint");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "committedIndex=1\nendIndex=2\n");
}

TEST_F(LedgerStoreTest, RefusesAnEntryLargerThanAFile) {
  auto s = Open();
  EXPECT_EQ(s->AppendAsLeader(std::string(kDataFileSize, 'x'), 1).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(s->end_index(), -1);
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
