// The store's side of replication, without a network: a SYNC_MASTER store acknowledging
// at its replica watermark, and a slave store fed the master's bytes in arbitrary pieces.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "protocol/message_record.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"
#include "store/store_checkpoint.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

using std::chrono::milliseconds;

MessageStoreConfig Config(const std::string& root, const std::string& role) {
  MessageStoreConfig c;
  c.store_path_root_dir = root;
  c.mapped_file_size_commit_log = 16 * 1024;
  c.mapped_file_size_consume_queue = 20 * 50;
  c.max_message_size = 4096;
  c.max_hash_slot_num = 64;
  c.max_index_num = 100;
  c.flush_interval_commit_log = 10;
  c.flush_interval_consume_queue = 10;
  c.clean_resource_interval = 3600 * 1000;
  c.sync_flush_timeout = 300;
  c.broker_role = role;
  return c;
}

class ReplicationTest : public ::testing::Test {
 protected:
  std::unique_ptr<MessageStore> Open(const MessageStoreConfig& config,
                                     std::function<bool(int64_t)> gate = nullptr) {
    auto store = std::make_unique<MessageStore>(config, &env_);
    if (gate) store->SetReplicaGate(std::move(gate));
    Status s = store->Start();
    EXPECT_TRUE(s.ok()) << s.ToString();
    return s.ok() ? std::move(store) : nullptr;
  }
  FaultInjectionEnv env_;
};

TEST_F(ReplicationTest, SyncMasterAnswersOnceTheSlaveAcknowledged) {
  auto master = Open(Config("/m", "SYNC_MASTER"), [](int64_t) { return true; });
  ASSERT_NE(master, nullptr);
  auto first = master->PutMessage(EncodeTestMessage("T", 0, "a"));
  EXPECT_EQ(first.wait_for(milliseconds(50)), std::future_status::timeout);
  master->OnReplicated(master->GetMaxPhyOffset() - 1);  // not quite there
  EXPECT_EQ(first.wait_for(milliseconds(50)), std::future_status::timeout);
  master->OnReplicated(master->GetMaxPhyOffset());
  ASSERT_EQ(first.wait_for(milliseconds(2000)), std::future_status::ready);
  EXPECT_EQ(first.get().status, PutMessageStatus::kPutOk);

  // WAIT=false never waits for the slave.
  EXPECT_EQ(master->PutMessage(EncodeTestMessage("T", 0, "b"), false).get().status,
            PutMessageStatus::kPutOk);
  // Nobody acknowledges: FLUSH_SLAVE_TIMEOUT after syncFlushTimeout.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(master->PutMessage(EncodeTestMessage("T", 0, "c")).get().status,
            PutMessageStatus::kFlushSlaveTimeout);
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(250));
}

TEST_F(ReplicationTest, SyncMasterWithoutASlaveAnswersSlaveNotAvailableAtOnce) {
  auto master = Open(Config("/m", "SYNC_MASTER"), [](int64_t) { return false; });
  ASSERT_NE(master, nullptr);
  PutMessageResult r = master->PutMessage(EncodeTestMessage("T", 0, "a")).get();
  EXPECT_EQ(r.status, PutMessageStatus::kSlaveNotAvailable);
  // Stored all the same, as in Apache: the producer is told the slave has not got it.
  EXPECT_TRUE(master->AwaitDispatched(r.wrote_offset + r.wrote_bytes, milliseconds(2000)));
  EXPECT_EQ(master->GetMaxOffsetInQueue("T", 0), 1);
}

TEST_F(ReplicationTest, SlaveAppliesTheMastersBytesInAnyPiecesAndDispatchesThem) {
  auto master = Open(Config("/m", "ASYNC_MASTER"));
  MessageStoreConfig slave_config = Config("/s", "SLAVE");
  slave_config.flush_commit_log_least_pages = 0;  // flush whatever is there
  auto slave = Open(slave_config);
  ASSERT_NE(master, nullptr);
  ASSERT_NE(slave, nullptr);
  // Enough to fill the first 16 KiB file: the copy crosses its BLANK filler.
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(
        master->PutMessage(EncodeTestMessage("T", i % 2, std::string(300, 'x'))).get().ok());
  }
  const int64_t end = master->GetMaxPhyOffset();
  ASSERT_GT(end, 16 * 1024);
  // 7-byte pieces, cut without regard to records, each read as an HA transfer would.
  for (int64_t at = 0; at < end;) {
    auto view = master->ReadCommitLogToFileEnd(at);
    ASSERT_TRUE(view.ok()) << view.status().ToString();
    const auto n = std::min<int64_t>(7, view->size());
    ASSERT_GT(n, 0);
    Status s = slave->AppendToCommitLog(at, view->bytes().substr(0, static_cast<size_t>(n)));
    ASSERT_TRUE(s.ok()) << s.ToString();
    at += n;
  }
  EXPECT_EQ(slave->GetMaxPhyOffset(), end);
  ASSERT_TRUE(slave->AwaitDispatched(end, milliseconds(2000)));
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 0), 30);
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 1), 30);
  for (int64_t at = 0; at < end;) {
    auto m = master->ReadCommitLogToFileEnd(at);
    auto s = slave->ReadCommitLogToFileEnd(at);
    ASSERT_TRUE(m.ok() && s.ok());
    ASSERT_EQ(m->bytes(), s->bytes()) << "at " << at;
    at += m->size();
  }

  // The checkpoint learns the newest replicated store time, as on a master: a crash
  // recovery of the slave starts near its end.
  const int64_t newest = master->GetEarliestMessageTime();
  bool noted = false;
  for (int i = 0; i < 200 && !noted; ++i) {
    ASSERT_TRUE(slave->FlushConsumeQueues(0).ok());
    auto checkpoint = StoreCheckpoint::Open(&env_, "/s/checkpoint");
    ASSERT_TRUE(checkpoint.ok());
    noted = (*checkpoint)->physic_msg_timestamp() >= newest && newest > 0;
    if (!noted) std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(noted);

  // Bytes for anywhere but the slave's end are refused.
  EXPECT_FALSE(slave->AppendToCommitLog(end + 1, "x").ok());
  EXPECT_FALSE(slave->AppendToCommitLog(end - 1, "x").ok());
}

TEST_F(ReplicationTest, SlaveAppliesManyPiecesAcrossAFileEndInOneWrite) {
  auto master = Open(Config("/m", "ASYNC_MASTER"));
  auto slave = Open(Config("/s", "SLAVE"));
  ASSERT_NE(master, nullptr);
  ASSERT_NE(slave, nullptr);
  for (int i = 0; i < 80; ++i) {
    ASSERT_TRUE(
        master->PutMessage(EncodeTestMessage("T", i % 2, std::string(300, 'y'))).get().ok());
  }
  const int64_t end = master->GetMaxPhyOffset();
  ASSERT_GT(end, 16 * 1024);
  // What the HA client hands over after one read: the bodies of several transfers, in
  // pieces as its input buffer holds them, the first file's end among them.
  std::string copy;
  for (int64_t at = 0; at < end;) {
    auto view = master->ReadCommitLogToFileEnd(at);
    ASSERT_TRUE(view.ok()) << view.status().ToString();
    copy.append(view->bytes());
    at += view->size();
  }
  ASSERT_EQ(static_cast<int64_t>(copy.size()), end);
  std::vector<std::string_view> pieces;
  const size_t sizes[] = {5, 1000, 3, 4093};
  for (size_t at = 0, i = 0; at < copy.size(); ++i) {
    const size_t n = std::min(sizes[i % 4], copy.size() - at);
    pieces.emplace_back(copy.data() + at, n);
    at += n;
  }
  Status s = slave->AppendToCommitLog(0, pieces.data(), pieces.size());
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(slave->GetMaxPhyOffset(), end);
  ASSERT_TRUE(slave->AwaitDispatched(end, milliseconds(2000)));
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 0), 40);
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 1), 40);
  for (int64_t at = 0; at < end;) {
    auto m = master->ReadCommitLogToFileEnd(at);
    auto r = slave->ReadCommitLogToFileEnd(at);
    ASSERT_TRUE(m.ok() && r.ok());
    ASSERT_EQ(m->bytes(), r->bytes()) << "at " << at;
    at += m->size();
  }
}

TEST_F(ReplicationTest, ACrashedSlaveRecoversWhatWasFlushed) {
  auto master = Open(Config("/m", "ASYNC_MASTER"));
  ASSERT_NE(master, nullptr);
  for (int i = 0; i < 79; ++i) {
    ASSERT_TRUE(master->PutMessage(EncodeTestMessage("T", 0, std::string(300, 'z'))).get().ok());
  }
  // The last record is stored in a later millisecond than every other, so that a checkpoint
  // at its store time means every byte is flushed (one at an earlier record's time does not).
  const int64_t last_at = master->GetMaxPhyOffset();
  const int64_t before_last = clock::WallMillis();
  while (clock::WallMillis() <= before_last) std::this_thread::sleep_for(milliseconds(1));
  ASSERT_TRUE(master->PutMessage(EncodeTestMessage("T", 0, std::string(300, 'z'))).get().ok());
  const int64_t end = master->GetMaxPhyOffset();
  auto last_view = master->ReadCommitLogToFileEnd(last_at);
  ASSERT_TRUE(last_view.ok());
  auto last = protocol::DecodeMessageRecord(last_view->bytes());
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  MessageStoreConfig config = Config("/s", "SLAVE");
  config.flush_commit_log_least_pages = 0;
  auto slave = Open(config);
  ASSERT_NE(slave, nullptr);
  for (int64_t at = 0; at < end;) {
    auto view = master->ReadCommitLogToFileEnd(at);
    ASSERT_TRUE(view.ok());
    ASSERT_TRUE(slave->AppendToCommitLog(at, view->bytes()).ok());
    at += view->size();
  }
  ASSERT_TRUE(slave->AwaitDispatched(end, milliseconds(2000)));
  // Flushed (the checkpoint moved), then the power goes.
  bool flushed = false;
  for (int i = 0; i < 200 && !flushed; ++i) {
    ASSERT_TRUE(slave->FlushConsumeQueues(0).ok());
    auto checkpoint = StoreCheckpoint::Open(&env_, "/s/checkpoint");
    ASSERT_TRUE(checkpoint.ok());
    flushed = (*checkpoint)->physic_msg_timestamp() >= last->store_timestamp;
    if (!flushed) std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_TRUE(flushed);
  env_.Crash();
  slave.reset();
  env_.Restart();
  slave = Open(config);
  ASSERT_NE(slave, nullptr);
  EXPECT_TRUE(slave->recovered_from_crash());
  EXPECT_EQ(slave->GetMaxPhyOffset(), end);
  ASSERT_TRUE(slave->AwaitDispatched(end, milliseconds(2000)));
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 0), 80);
}

TEST_F(ReplicationTest, AnEmptySlaveStartsWhereTheMasterSendsFrom) {
  auto slave = Open(Config("/s", "SLAVE"));
  ASSERT_NE(slave, nullptr);
  // Report 0 gets the start of the master's last file, here the third.
  EXPECT_FALSE(slave->AppendToCommitLog(100, "x").ok());  // not on the file grid
  auto master = Open(Config("/m", "ASYNC_MASTER"));
  ASSERT_NE(master, nullptr);
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(master->PutMessage(EncodeTestMessage("T", 0, std::string(300, 'y'))).get().ok());
  }
  const int64_t from = master->GetMaxPhyOffset() - master->GetMaxPhyOffset() % (16 * 1024);
  ASSERT_GT(from, 0);
  auto view = master->ReadCommitLogToFileEnd(from);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(slave->AppendToCommitLog(from, view->bytes()).ok());
  EXPECT_EQ(slave->GetMinPhyOffset(), from);
  EXPECT_EQ(slave->GetMaxPhyOffset(), master->GetMaxPhyOffset());
}

TEST_F(ReplicationTest, ASlaveStoppedInsideARecordStopsCleanlyAndResumesAtItsStart) {
  auto master = Open(Config("/m", "ASYNC_MASTER"));
  ASSERT_NE(master, nullptr);
  ASSERT_TRUE(master->PutMessage(EncodeTestMessage("T", 0, "first")).get().ok());
  const int64_t boundary = master->GetMaxPhyOffset();
  ASSERT_TRUE(master->PutMessage(EncodeTestMessage("T", 0, "second")).get().ok());
  auto view = master->ReadCommitLogToFileEnd(0);
  ASSERT_TRUE(view.ok());
  {
    auto slave = Open(Config("/s", "SLAVE"));
    ASSERT_NE(slave, nullptr);
    // Everything but the last 10 bytes of the second record.
    const auto cut = static_cast<size_t>(view->size() - 10);
    ASSERT_TRUE(slave->AppendToCommitLog(0, view->bytes().substr(0, cut)).ok());
    ASSERT_TRUE(slave->AwaitDispatched(boundary, milliseconds(2000)));
    EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 0), 1);
  }
  auto slave = Open(Config("/s", "SLAVE"));
  ASSERT_NE(slave, nullptr);
  EXPECT_FALSE(slave->recovered_from_crash());
  // The torn record is cut: the slave asks for it again from its start.
  EXPECT_EQ(slave->GetMaxPhyOffset(), boundary);
  ASSERT_TRUE(
      slave->AppendToCommitLog(boundary, view->bytes().substr(static_cast<size_t>(boundary))).ok());
  ASSERT_TRUE(slave->AwaitDispatched(master->GetMaxPhyOffset(), milliseconds(2000)));
  EXPECT_EQ(slave->GetMaxOffsetInQueue("T", 0), 2);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
