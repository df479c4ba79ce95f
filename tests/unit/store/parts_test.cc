// ConsumeQueue, IndexFile, CommitLog, StoreCheckpoint, AckPoint and config on their own.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "common/settings.h"
#include "protocol/big_endian.h"
#include "protocol/java_string_hash.h"
#include "protocol/message_record.h"
#include "store/ack_point.h"
#include "store/commit_log.h"
#include "store/consume_queue.h"
#include "store/fault_injection_env.h"
#include "store/index_file.h"
#include "store/index_service.h"
#include "store/message_store_config.h"
#include "store/store_checkpoint.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

namespace be = protocol::big_endian;

TEST(IndexFileTest, KeyHashOfIntegerMinValueIsZero) {
  // "polygenelubricants".hashCode() is Integer.MIN_VALUE, whose Math.abs stays negative.
  EXPECT_EQ(IndexFile::KeyHash("polygenelubricants"), 0);
}

TEST(IndexFileTest, KeyHashWithPrefixHashesTheConcatenation) {
  EXPECT_EQ(IndexFile::KeyHash("key-1", protocol::JavaStringHash("Topic#")),
            IndexFile::KeyHash("Topic#key-1"));
  EXPECT_EQ(IndexFile::KeyHash("lubricants", protocol::JavaStringHash("polygene")), 0);
}

// A started CommitLog of 4 KiB files in memory.
class CommitLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.store_path_root_dir = "/s";
    config_.mapped_file_size_commit_log = 4096;
    log_ = std::make_unique<CommitLog>(config_, &env_, nullptr);
    ASSERT_TRUE(log_->Load().ok());
    log_->Start(nullptr);
  }
  void TearDown() override { log_->Shutdown(); }

  PutMessageResult Put(const std::string& records) {
    std::promise<PutMessageResult> done;
    log_->Append(records, false, [&](const PutMessageResult& r) { done.set_value(r); });
    return done.get_future().get();
  }

  FaultInjectionEnv env_;
  MessageStoreConfig config_;
  std::unique_ptr<CommitLog> log_;
};

// The appender hands the records it decoded to the dispatcher, with the fields the append
// set: they must say what the log says.
TEST_F(CommitLogTest, AppendedRecordsMatchTheLogAndAreTakenInOrder) {
  CommitLog& log = *log_;
  const std::string batch = EncodeTestMessage("A", 1, "a0") + EncodeTestMessage("A", 1, "a1") +
                            EncodeTestMessage("B", 0, "b0");
  const PutMessageResult first = Put(batch);
  ASSERT_TRUE(first.ok());
  // Enough single puts to roll into the next file (a BLANK ends the first).
  std::vector<PutMessageResult> singles;
  while (singles.empty() || singles.back().wrote_offset < 4096) {
    singles.push_back(Put(EncodeTestMessage("A", 1, "s" + std::to_string(singles.size()))));
    ASSERT_TRUE(singles.back().ok());
  }
  CommitLog::AppendedRecords held;
  int64_t next_at = 0;
  ASSERT_TRUE(log.TakeAppended(0, &held, &next_at));
  EXPECT_EQ(held.begin, 0);
  // The puts of the first file joined one entry, each put's records as it was put; the
  // next file's start begins another.
  ASSERT_EQ(held.puts.size(), singles.size());
  EXPECT_EQ(held.puts[0].size(), 3u);
  for (size_t i = 1; i < held.puts.size(); ++i) EXPECT_EQ(held.puts[i].size(), 1u);
  EXPECT_EQ(held.end,
            singles[singles.size() - 2].wrote_offset + singles[singles.size() - 2].wrote_bytes);
  std::vector<const protocol::MessageRecord*> records;
  for (const auto& put : held.puts) {
    for (const CommitLog::AppendedRecord& appended : put) records.push_back(&appended.record);
  }
  std::vector<int64_t> queue_offsets;
  int64_t at = held.begin;
  for (const protocol::MessageRecord* held_record : records) {
    const protocol::MessageRecord& record = *held_record;
    // Back to back from the entry's begin.
    EXPECT_EQ(record.physical_offset, at);
    at += record.total_size;
    auto bytes = log.Read(record.physical_offset, record.total_size);
    ASSERT_TRUE(bytes.ok());
    auto stored = protocol::DecodeMessageRecord(bytes->bytes(), true);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->topic, record.topic);
    EXPECT_EQ(stored->queue_offset, record.queue_offset);
    EXPECT_EQ(stored->store_timestamp, record.store_timestamp);
    EXPECT_EQ(stored->properties, record.properties);
    if (record.topic == "A") queue_offsets.push_back(record.queue_offset);
  }
  EXPECT_EQ(at, held.end);
  for (size_t i = 0; i < queue_offsets.size(); ++i) EXPECT_EQ(queue_offsets[i], int64_t(i));
  // The next entry starts the second file; asking past it drops it.
  EXPECT_FALSE(log.TakeAppended(held.end, &held, &next_at));
  EXPECT_EQ(next_at, 4096);
  EXPECT_FALSE(log.TakeAppended(4097, &held, &next_at));
  EXPECT_EQ(next_at, INT64_MAX);
}

// The entry held after a take is made of the taken one's emptied vectors: it must hold its
// own puts only.
TEST_F(CommitLogTest, EntryHeldAfterATakeHoldsOnlyItsOwnPuts) {
  CommitLog& log = *log_;
  ASSERT_TRUE(Put(EncodeTestMessage("A", 0, "a")).ok());
  ASSERT_TRUE(Put(EncodeTestMessage("A", 0, "b")).ok());
  CommitLog::AppendedRecords held;
  int64_t next_at = 0;
  ASSERT_TRUE(log.TakeAppended(0, &held, &next_at));
  ASSERT_EQ(held.puts.size(), 2u);
  const PutMessageResult c = Put(EncodeTestMessage("A", 0, "c"));
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(log.TakeAppended(held.end, &held, &next_at));
  EXPECT_EQ(held.begin, c.wrote_offset);
  EXPECT_EQ(held.end, c.wrote_offset + c.wrote_bytes);
  ASSERT_EQ(held.puts.size(), 1u);
  ASSERT_EQ(held.puts[0].size(), 1u);
  EXPECT_EQ(held.puts[0][0].record.physical_offset, c.wrote_offset);
  ASSERT_EQ(held.buffers.size(), 1u);
  EXPECT_EQ(held.buffers[0].size(), static_cast<size_t>(c.wrote_bytes));
}

// A pull reads its records through one file reference, looked up again only when a record
// lies in another file: the bytes must be those of a lookup per record.
TEST_F(CommitLogTest, RunOfReadsLooksUpEachFileCrossedAndReadsTheSameBytes) {
  CommitLog& log = *log_;
  std::vector<PutMessageResult> puts;
  while (puts.empty() || puts.back().wrote_offset < 2 * 4096) {
    puts.push_back(Put(EncodeTestMessage("A", 0, "m" + std::to_string(puts.size()))));
    ASSERT_TRUE(puts.back().ok());
  }
  std::shared_ptr<MappedFile> file;
  for (const PutMessageResult& put : puts) {
    auto run = log.Read(put.wrote_offset, put.wrote_bytes, &file);
    auto alone = log.Read(put.wrote_offset, put.wrote_bytes);
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(alone.ok());
    EXPECT_EQ(run->bytes(), alone->bytes());
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->file_from_offset(), put.wrote_offset - put.wrote_offset % 4096);
  }
  // Past the written bytes of the file it holds: not found, as without the reference.
  const PutMessageResult& last = puts.back();
  EXPECT_FALSE(log.Read(last.wrote_offset + last.wrote_bytes, 16, &file).ok());
  EXPECT_FALSE(log.Read(last.wrote_offset + 4096, 16, &file).ok());
}

TEST(ConsumeQueueTest, EntriesLayoutAndReload) {
  FaultInjectionEnv env;
  ConsumeQueue cq(&env, "/s/consumequeue", "T", 1, 20 * 4);
  ASSERT_TRUE(cq.Load().ok());
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(cq.Put(1000 + i * 100, 100, 7 + i, i).ok());
  // Replaying an entry already present changes nothing.
  ASSERT_TRUE(cq.Put(1200, 100, 9, 2).ok());
  EXPECT_EQ(cq.MaxOffset(), 6);
  EXPECT_EQ(cq.max_physic_offset(), 1600);
  auto file = env.GetFileContents("/s/consumequeue/T/1/00000000000000000080");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(be::Load64(file->data()), 1400u);  // entry 4: offset | size | tags code
  EXPECT_EQ(be::Load32(file->data() + 8), 100u);
  EXPECT_EQ(be::Load64(file->data() + 12), 11u);
  ConsumeQueueSlice slice = cq.Read(5);
  ASSERT_EQ(slice.count(), 1);
  EXPECT_EQ(slice.at(0).commit_log_offset, 1500);

  ConsumeQueue reloaded(&env, "/s/consumequeue", "T", 1, 20 * 4);
  ASSERT_TRUE(reloaded.Load().ok());
  ASSERT_TRUE(reloaded.Recover().ok());
  EXPECT_EQ(reloaded.MaxOffset(), 6);
  ASSERT_TRUE(reloaded.TruncateDirty(1350).ok());
  EXPECT_EQ(reloaded.MaxOffset(), 3);
  EXPECT_EQ(reloaded.max_physic_offset(), 1300);
  reloaded.CorrectMinOffset(1100);
  EXPECT_EQ(reloaded.MinOffset(), 1);
  EXPECT_EQ(reloaded.OffsetByTime(50, [](int64_t offset, int32_t) { return offset / 10; }), 1);
  EXPECT_EQ(reloaded.OffsetByTime(125, [](int64_t offset, int32_t) { return offset / 10; }), 3);
}

TEST(ConsumeQueueTest, QueueStartingPastZeroIsPadded) {
  FaultInjectionEnv env;
  ConsumeQueue cq(&env, "/s/consumequeue", "T", 0, 20 * 4);
  ASSERT_TRUE(cq.Load().ok());
  ASSERT_TRUE(cq.Put(5000, 50, 0, 6).ok());
  EXPECT_EQ(cq.MinOffset(), 6);
  EXPECT_EQ(cq.MaxOffset(), 7);
  ConsumeQueueEntry e;
  ASSERT_TRUE(cq.Get(6, &e));
  EXPECT_EQ(e.commit_log_offset, 5000);
  EXPECT_FALSE(cq.Get(5, &e));
}

TEST(IndexFileTest, ApacheLayoutAndChains) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s/index").ok());
  auto file = IndexFile::Create(&env, "/s/index/f", 8, 16, 0, 0);
  ASSERT_TRUE(file.ok());
  const int64_t t0 = 1700000000000;
  ASSERT_TRUE((*file)->PutKey(IndexFile::KeyHash("T#a"), 100, t0));
  ASSERT_TRUE((*file)->PutKey(IndexFile::KeyHash("T#b"), 200, t0 + 5000));
  ASSERT_TRUE((*file)->PutKey(IndexFile::KeyHash("T#a"), 300, t0 + 9000));
  std::vector<int64_t> found;
  (*file)->SelectPhyOffsets("T#a", 10, t0, t0 + 10000, &found);
  EXPECT_EQ(found, (std::vector<int64_t>{300, 100}));
  found.clear();
  (*file)->SelectPhyOffsets("T#a", 10, t0 + 1000, t0 + 10000, &found);
  EXPECT_EQ(found, std::vector<int64_t>{300});
  EXPECT_TRUE((*file)->IsTimeMatched(t0 - 10, t0 + 1));
  EXPECT_FALSE((*file)->IsTimeMatched(t0 + 20000, t0 + 30000));

  auto bytes = *env.GetFileContents("/s/index/f");
  ASSERT_EQ(bytes.size(), static_cast<size_t>(40 + 8 * 4 + 16 * 20));
  EXPECT_EQ(static_cast<int64_t>(be::Load64(bytes.data())), t0);             // beginTimestamp
  EXPECT_EQ(static_cast<int64_t>(be::Load64(bytes.data() + 8)), t0 + 9000);  // endTimestamp
  EXPECT_EQ(be::Load64(bytes.data() + 16), 100u);                            // beginPhyOffset
  EXPECT_EQ(be::Load64(bytes.data() + 24), 300u);                            // endPhyOffset
  EXPECT_EQ(be::Load32(bytes.data() + 36), 4u);                              // indexCount
  // Entry 3 (the second "T#a"): hash, offset, seconds since begin, previous entry 1.
  const char* entry = bytes.data() + 40 + 8 * 4 + 3 * 20;
  EXPECT_EQ(static_cast<int32_t>(be::Load32(entry)), IndexFile::KeyHash("T#a"));
  EXPECT_EQ(be::Load64(entry + 4), 300u);
  EXPECT_EQ(be::Load32(entry + 12), 9u);
  EXPECT_EQ(be::Load32(entry + 16), 1u);
  const int64_t slot = IndexFile::KeyHash("T#a") % 8;
  EXPECT_EQ(be::Load32(bytes.data() + 40 + slot * 4), 3u);
}

TEST(IndexFileTest, FullFileRefusesKeys) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  auto file = IndexFile::Create(&env, "/s/f", 4, 3, 0, 0);
  ASSERT_TRUE(file.ok());
  EXPECT_TRUE((*file)->PutKey(IndexFile::KeyHash("a"), 1, 1000));
  EXPECT_TRUE((*file)->PutKey(IndexFile::KeyHash("b"), 2, 1000));
  EXPECT_EQ((*file)->index_count(), 3);
  EXPECT_FALSE((*file)->PutKey(IndexFile::KeyHash("c"), 3, 1000));
}

TEST(IndexFileTest, PutKeysStopsWhereTheFileFills) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  auto file = IndexFile::Create(&env, "/s/f", 4, 3, 0, 0);
  ASSERT_TRUE(file.ok());
  const IndexFile::KeyEntry keys[] = {{IndexFile::KeyHash("a"), 1, 1000},
                                      {IndexFile::KeyHash("b"), 2, 1000},
                                      {IndexFile::KeyHash("c"), 3, 1000}};
  EXPECT_EQ((*file)->PutKeys(keys, 3), 2u);
  EXPECT_EQ((*file)->index_count(), 3);
  EXPECT_EQ((*file)->end_phy_offset(), 2);
  EXPECT_EQ((*file)->PutKeys(keys + 2, 1), 0u);
}

TEST(IndexFileTest, CoversTheMessagesUpToItsLastEntry) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  auto empty = IndexFile::Create(&env, "/s/e", 4, 8, 0, 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE((*empty)->Covers(0));
  auto file = IndexFile::Create(&env, "/s/f", 4, 8, 0, 0);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->PutKey(IndexFile::KeyHash("a"), 100, 1000));
  EXPECT_TRUE((*file)->Covers(0));
  EXPECT_TRUE((*file)->Covers(100));
  EXPECT_FALSE((*file)->Covers(101));
  // A file continuing after another starts at its end, the offset of the last message indexed.
  auto next = IndexFile::Create(&env, "/s/n", 4, 8, 100, 1000);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE((*next)->Covers(99));
  EXPECT_TRUE((*next)->Covers(100));
  EXPECT_FALSE((*next)->Covers(101));
}

// The newest index file is synced only when asked (MessageStore asks rarely: a sync
// write-protects every dirty hash-slot page); a file that filled up is synced at the next
// call either way, and the time returned is how far the index is durable.
TEST(IndexServiceTest, SyncsFullFilesAlwaysAndTheNewestOnlyWhenAsked) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s/index").ok());
  IndexService index(&env, "/s/index", 4, 3);  // two keys per file (entry 0 is unused)
  int64_t rebuild_from = 0;
  ASSERT_TRUE(index.Load(true, 0, 0, &rebuild_from).ok());
  const int64_t t0 = 1700000000000;
  std::vector<DispatchRequest> requests(3);
  const std::string keys[] = {"a", "b", "c"};
  for (size_t i = 0; i < requests.size(); ++i) {
    requests[i].topic = "T";
    requests[i].commit_log_offset = 100 * static_cast<int64_t>(i + 1);
    requests[i].msg_size = 100;
    requests[i].store_timestamp = t0 + 1000 * static_cast<int64_t>(i);
    requests[i].uniq_key = keys[i];
  }

  ASSERT_TRUE(index.BuildIndex(requests.data(), 2).ok());
  uint64_t syncs = env.sync_count();
  auto covered = index.Flush(/*newest=*/false);
  ASSERT_TRUE(covered.ok());
  EXPECT_EQ(*covered, 0) << "nothing full to sync, the newest file was not asked for";
  EXPECT_EQ(env.sync_count(), syncs);

  ASSERT_TRUE(index.BuildIndex(requests.data() + 2, 1).ok());  // rolls to a second file
  ASSERT_EQ(index.file_count(), 2u);
  syncs = env.sync_count();
  covered = index.Flush(/*newest=*/false);
  ASSERT_TRUE(covered.ok());
  EXPECT_EQ(*covered, t0 + 1000) << "durable up to the full file's last message";
  EXPECT_EQ(env.sync_count(), syncs + 1);

  syncs = env.sync_count();
  covered = index.Flush(/*newest=*/true);
  ASSERT_TRUE(covered.ok());
  EXPECT_EQ(*covered, t0 + 2000);
  EXPECT_EQ(env.sync_count(), syncs + 1) << "the full file was synced already";
}

TEST(StoreCheckpointTest, BigEndianFieldsSurviveReopen) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  {
    auto cp = StoreCheckpoint::Open(&env, "/s/checkpoint");
    ASSERT_TRUE(cp.ok());
    (*cp)->SetPhysicMsgTimestamp(1700000005000);
    (*cp)->SetLogicsMsgTimestamp(1700000004000);
    (*cp)->SetIndexMsgTimestamp(1700000000000);
    ASSERT_TRUE((*cp)->Flush().ok());
  }
  env.Crash();
  env.Restart();
  auto bytes = *env.GetFileContents("/s/checkpoint");
  ASSERT_EQ(bytes.size(), 4096u);
  EXPECT_EQ(be::Load64(bytes.data()), 1700000005000u);
  auto cp = StoreCheckpoint::Open(&env, "/s/checkpoint");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ((*cp)->logics_msg_timestamp(), 1700000004000);
  EXPECT_EQ((*cp)->MinTimestamp(), 1700000001000);
  EXPECT_EQ((*cp)->MinTimestampIndex(), 1700000000000);
}

TEST(StoreCheckpointTest, OffsetsHoldOnlyWhileTheTimesAreTheirs) {
  FaultInjectionEnv env;
  ASSERT_TRUE(env.CreateDirs("/s").ok());
  {
    auto cp = StoreCheckpoint::Open(&env, "/s/checkpoint");
    ASSERT_TRUE(cp.ok());
    EXPECT_FALSE((*cp)->DurableOffset(false)) << "a new checkpoint knows no offsets";
    (*cp)->SetPhysicMsgTimestamp(1700000005000);
    (*cp)->SetPhysicOffset(9000);
    (*cp)->SetLogicsOffset(7000);
    EXPECT_EQ((*cp)->DurableOffset(false), 7000);
    EXPECT_FALSE((*cp)->DurableOffset(true)) << "the index offset is unknown";
    (*cp)->SetIndexOffset(5000);
    ASSERT_TRUE((*cp)->Flush().ok());
  }
  env.Crash();
  env.Restart();
  {
    auto cp = StoreCheckpoint::Open(&env, "/s/checkpoint");
    ASSERT_TRUE(cp.ok());
    EXPECT_EQ((*cp)->DurableOffset(true), 5000);
    (*cp)->ClampOffsets(6000);
    EXPECT_EQ((*cp)->DurableOffset(false), 6000);
  }
  // An Apache broker rewrites the times and leaves the rest of the file as it was.
  std::string bytes = *env.GetFileContents("/s/checkpoint");
  be::Store64(&bytes[0], 1700000009000u);
  ASSERT_TRUE(env.SetFileContents("/s/checkpoint", bytes).ok());
  auto cp = StoreCheckpoint::Open(&env, "/s/checkpoint");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ((*cp)->physic_msg_timestamp(), 1700000009000);
  EXPECT_FALSE((*cp)->DurableOffset(false));
}

TEST(AckPointTest, CompletesInOffsetOrderAndTimesOut) {
  AckPoint ack(std::chrono::milliseconds(0));
  std::vector<int64_t> done;
  auto record = [&](const PutMessageResult& r) {
    done.push_back(r.ok() ? r.wrote_offset : -r.wrote_offset);
  };
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  r.wrote_offset = 10;
  const AckPoint::Conditions flushed{true, false};
  ack.Submit(20, flushed, r, record);
  r.wrote_offset = 20;
  ack.Submit(30, flushed, r, record);
  r.wrote_offset = 30;
  ack.Submit(40, {}, r, record);  // WAIT=false: at once
  EXPECT_EQ(done, std::vector<int64_t>{30});
  ack.OnFlushed(25);
  EXPECT_EQ(done, (std::vector<int64_t>{30, 10}));
  ack.ExpireOverdue();  // zero timeout: the second one is overdue
  EXPECT_EQ(done, (std::vector<int64_t>{30, 10, -20}));
  EXPECT_FALSE(ack.HasWaiters());
}

TEST(AckPointTest, SyncMasterWaitsForTheSlaveAndTheDiskWhenBothAreAsked) {
  AckPoint ack(std::chrono::milliseconds(60000));
  std::vector<int64_t> done;
  auto record = [&](const PutMessageResult& r) { done.push_back(r.wrote_offset); };
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  r.wrote_offset = 0;
  ack.Submit(10, {true, true}, r, record);  // SYNC_FLUSH + SYNC_MASTER
  r.wrote_offset = 10;
  ack.Submit(20, {false, true}, r, record);  // SYNC_MASTER only
  ack.OnFlushed(20);
  EXPECT_TRUE(done.empty());  // the slave has nothing yet
  ack.OnReplicated(10);
  EXPECT_EQ(done, std::vector<int64_t>{0});
  ack.OnReplicated(5);  // an older acknowledgement changes nothing
  ack.OnReplicated(25);
  EXPECT_EQ(done, (std::vector<int64_t>{0, 10}));
  EXPECT_FALSE(ack.HasWaiters());
}

TEST(AckPointTest, AWaiterReachedLaterIsNotHeldBehindAnUnreachedOne) {
  AckPoint ack(std::chrono::milliseconds(60000));
  std::vector<int64_t> done;
  auto record = [&](const PutMessageResult& r) { done.push_back(r.wrote_offset); };
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  r.wrote_offset = 0;
  ack.Submit(10, {true, true}, r, record);
  r.wrote_offset = 10;
  ack.Submit(20, {true, false}, r, record);  // the slave was unavailable: disk only
  ack.OnFlushed(20);
  EXPECT_EQ(done, std::vector<int64_t>{10});
  ack.OnReplicated(10);
  EXPECT_EQ(done, (std::vector<int64_t>{10, 0}));
}

TEST(AckPointTest, AWindowOfWaitersAlwaysInFlightCompletesEachOnceInOrder) {
  // A SYNC_MASTER under load: requests keep arriving while earlier ones are acknowledged,
  // so the queue is never empty when a report completes a run of them (the queue then
  // reuses its storage); every 7th also waits for the disk, which arrives later.
  AckPoint ack(std::chrono::milliseconds(60000));
  std::vector<int64_t> done;
  auto record = [&](const PutMessageResult& r) { done.push_back(r.wrote_offset); };
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  constexpr int64_t kWindow = 300;
  constexpr int64_t kTotal = 5000;
  for (int64_t i = 0; i < kTotal; ++i) {
    r.wrote_offset = i;
    ack.Submit(i + 1, {i % 7 == 0, true}, r, record);
    if (i >= kWindow && i % 50 == 0) {
      ack.OnReplicated(i - kWindow);
      ack.OnFlushed(i - kWindow - 100);
    }
  }
  ack.OnReplicated(kTotal);
  ack.OnFlushed(kTotal);
  EXPECT_FALSE(ack.HasWaiters());
  std::vector<int64_t> sorted = done;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted.size(), static_cast<size_t>(kTotal));
  for (int64_t i = 0; i < kTotal; ++i) EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
  // Only the disk reorders: a replicated request completes after no later replicated one
  // that waited for the same condition.
  int64_t last_slave_only = -1;
  for (int64_t offset : done) {
    if (offset % 7 == 0) continue;
    EXPECT_GT(offset, last_slave_only);
    last_slave_only = offset;
  }
}

TEST(AckPointTest, OnlyRequestsWaitingForTheDiskAskForAFlush) {
  AckPoint ack(std::chrono::milliseconds(60000));
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  ack.Submit(10, {false, true}, r, nullptr);  // waits for the slave only
  EXPECT_TRUE(ack.HasWaiters());
  EXPECT_FALSE(ack.NeedsFlush());  // the flusher must not spin on it
  ack.Submit(20, {true, true}, r, nullptr);
  EXPECT_TRUE(ack.NeedsFlush());
  ack.OnFlushed(20);
  EXPECT_FALSE(ack.NeedsFlush());
  EXPECT_TRUE(ack.HasWaiters());
  ack.OnReplicated(20);
  EXPECT_FALSE(ack.HasWaiters());
}

TEST(AckPointTest, TimeoutNamesTheMissingCondition) {
  AckPoint ack(std::chrono::milliseconds(0));
  std::vector<PutMessageStatus> done;
  auto record = [&](const PutMessageResult& r) { done.push_back(r.status); };
  PutMessageResult r;
  r.status = PutMessageStatus::kPutOk;
  ack.Submit(10, {true, false}, r, record);
  ack.Submit(20, {false, true}, r, record);
  ack.Submit(30, {true, true}, r, record);
  ack.ExpireOverdue();
  EXPECT_EQ(done, (std::vector<PutMessageStatus>{PutMessageStatus::kFlushDiskTimeout,
                                                 PutMessageStatus::kFlushSlaveTimeout,
                                                 PutMessageStatus::kFlushSlaveTimeout}));
}

TEST(MessageStoreConfigTest, HaKeysDefaultsAndValidation) {
  MessageStoreConfig config;
  Settings settings("broker");
  RegisterMessageStoreSettings(&config, &settings);
  EXPECT_EQ(config.broker_role, "ASYNC_MASTER");
  EXPECT_EQ(config.ha_listen_port, MessageStoreConfig::kHaListenPortFromListenPort);
  EXPECT_EQ(config.ha_send_heartbeat_interval, 5000);
  EXPECT_EQ(config.ha_housekeeping_interval, 20000);
  EXPECT_EQ(config.ha_transfer_batch_size, 32768);
  EXPECT_EQ(config.ha_slave_fallbehind_max, 268435456);
  EXPECT_TRUE(config.ha_master_address.empty());
  auto props = Properties::Parse(
      "brokerRole=SLAVE\nhaMasterAddress=10.0.0.1:10912\nhaListenPort=20912\n"
      "haTransferBatchSize=65536\nhaSlaveFallbehindMax=1024\n",
      "broker.conf");
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(settings.Apply(*props).ok());
  EXPECT_TRUE(config.is_slave());
  EXPECT_EQ(config.ha_master_address, "10.0.0.1:10912");
  EXPECT_EQ(config.ha_listen_port, 20912);
  EXPECT_TRUE(config.Validate().ok());

  auto bad = Properties::Parse("haMasterAddress=nohost\n", "broker.conf");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE(settings.Apply(*bad).ok());
  auto role = Properties::Parse("brokerRole=BACKUP\n", "broker.conf");
  ASSERT_TRUE(role.ok());
  EXPECT_FALSE(settings.Apply(*role).ok());

  MessageStoreConfig master;
  master.ha_master_address = "10.0.0.1:10912";  // only a slave has a master
  EXPECT_FALSE(master.Validate().ok());
}

TEST(MessageStoreConfigTest, ApacheKeysDefaultsAndValidation) {
  MessageStoreConfig config;
  Settings settings("broker");
  RegisterMessageStoreSettings(&config, &settings);
  EXPECT_EQ(config.mapped_file_size_commit_log, 1073741824);
  EXPECT_EQ(config.mapped_file_size_consume_queue, 6000000);
  EXPECT_EQ(config.flush_disk_type, "ASYNC_FLUSH");
  EXPECT_EQ(config.file_reserved_time, 72);
  EXPECT_EQ(config.delete_when, "04");
  EXPECT_TRUE(config.Validate().ok());
  auto props = Properties::Parse(
      "storePathRootDir=/data/store\nflushDiskType=SYNC_FLUSH\nmapedFileSizeCommitLog=65536\n"
      "maxMessageSize=1024\ndeleteWhen=01;13\n",
      "broker.conf");
  ASSERT_TRUE(props.ok());
  ASSERT_TRUE(settings.Apply(*props).ok());
  EXPECT_EQ(config.flush_type(), FlushDiskType::kSyncFlush);
  EXPECT_EQ(config.mapped_file_size_commit_log, 65536);
  EXPECT_EQ(config.CommitLogDir(), "/data/store/commitlog");
  EXPECT_EQ(config.DeleteHours(), (std::vector<int>{1, 13}));
  EXPECT_TRUE(config.Validate().ok());

  Status bad = settings.Set("flushDiskType", "LAZY", "test");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.ToString().find("flushDiskType"), std::string::npos);
  EXPECT_FALSE(settings.Set("deleteWhen", "25", "test").ok());
  config.mapped_file_size_consume_queue = 1001;
  Status invalid = config.Validate();
  EXPECT_NE(invalid.message().find("mappedFileSizeConsumeQueue"), std::string::npos);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
