// Crash recovery: the CommitLog cut at every byte of its last records, garbage and stale
// records after the cut, lost or damaged checkpoint, ConsumeQueues and index out of step.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "common/logging.h"
#include "protocol/big_endian.h"
#include "protocol/message_record.h"
#include "store/fault_injection_env.h"
#include "store/index_file.h"
#include "store/mapped_file.h"
#include "store/message_store.h"
#include "store/store_checkpoint.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

constexpr std::chrono::milliseconds kWait{5000};
constexpr int kQueues = 2;

MessageStoreConfig Config() {
  MessageStoreConfig c;
  c.store_path_root_dir = "/store";
  c.mapped_file_size_commit_log = 4096;
  c.mapped_file_size_consume_queue = 20 * 16;
  c.max_message_size = 1024;
  c.max_hash_slot_num = 32;
  c.max_index_num = 64;
  return c;
}

struct Written {
  int64_t offset;
  int32_t size;
  int32_t queue_id;
  std::string body;
  std::string key;
};

// A store image with messages in several CommitLog files, stopped cleanly.
class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Every recovery here warns about the cut it makes; keep the output readable.
    logging::SetLevel(LogLevel::kError);
    MessageStore store(Config(), &base_);
    ASSERT_TRUE(store.Start().ok());
    for (int i = 0; i < 120; ++i) {
      TestMessage m;
      m.queue_id = i % kQueues;
      m.body = "body-" + std::to_string(i);
      m.keys = "key-" + std::to_string(i);
      PutMessageResult r = store.PutMessage(EncodeTestMessage(m)).get();
      ASSERT_TRUE(r.ok()) << r.error.ToString();
      written_.push_back({r.wrote_offset, r.wrote_bytes, m.queue_id, m.body, m.keys});
    }
    ASSERT_TRUE(store.AwaitDispatched(store.GetMaxPhyOffset(), kWait));
    store.Shutdown();
    auto names = base_.ListDir("/store/commitlog");
    ASSERT_TRUE(names.ok());
    ASSERT_GE(names->size(), 3u);
    std::sort(names->begin(), names->end());
    last_file_ = "/store/commitlog/" + names->back();
    last_file_start_ = *FileNameToOffset(names->back());
  }

  // A fresh copy of the image, marked as crashed. Its checkpoint's offsets say the log,
  // queues and index were durable up to `durable` only (0: nothing), as a crash at that
  // point would leave them; the tests then damage what comes after.
  std::unique_ptr<FaultInjectionEnv> CrashedCopy(int64_t durable = 0) {
    auto env = std::make_unique<FaultInjectionEnv>();
    CopyTree(&base_, env.get(), "/store");
    auto abort = env->OpenFile("/store/abort", true);
    EXPECT_TRUE(abort.ok());
    auto checkpoint = StoreCheckpoint::Open(env.get(), "/store/checkpoint");
    EXPECT_TRUE(checkpoint.ok());
    (*checkpoint)->SetPhysicOffset(durable);
    (*checkpoint)->SetLogicsOffset(durable);
    (*checkpoint)->SetIndexOffset(durable);
    EXPECT_TRUE((*checkpoint)->Flush().ok());
    return env;
  }

  // The checkpoint's times rewritten as an Apache broker writes them: its offsets, which
  // Apache leaves alone, no longer belong to the times and are not used.
  static void WriteTimesAsApache(FaultInjectionEnv* env, int64_t physic, int64_t logics,
                                 int64_t index) {
    std::string bytes = *env->GetFileContents("/store/checkpoint");
    protocol::big_endian::Store64(&bytes[0], static_cast<uint64_t>(physic));
    protocol::big_endian::Store64(&bytes[8], static_cast<uint64_t>(logics));
    protocol::big_endian::Store64(&bytes[16], static_cast<uint64_t>(index));
    ASSERT_TRUE(env->SetFileContents("/store/checkpoint", bytes).ok());
  }

  // Overwrites the tags code of written_[i]'s ConsumeQueue entry with a mark no re-dispatch
  // would write; the returned check says whether the mark is still there.
  std::function<bool()> MarkQueueEntry(FaultInjectionEnv* env, size_t i) {
    const Written& marked = written_[i];
    int64_t queue_offset = 0;
    for (size_t j = 0; j < i; ++j) queue_offset += written_[j].queue_id == marked.queue_id;
    const std::string dir = "/store/consumequeue/TopicTest/" + std::to_string(marked.queue_id);
    const int64_t file_size = Config().mapped_file_size_consume_queue;
    const std::string path =
        dir + "/" + OffsetToFileName(queue_offset * 20 / file_size * file_size);
    std::string cq = *env->GetFileContents(path);
    const size_t entry_at = static_cast<size_t>(queue_offset * 20 % file_size);
    EXPECT_EQ(protocol::big_endian::Load64(cq.data() + entry_at),
              static_cast<uint64_t>(marked.offset));
    protocol::big_endian::Store64(&cq[entry_at + 12], 0x5eed);
    EXPECT_TRUE(env->SetFileContents(path, cq).ok());
    return [env, path, entry_at] {
      return protocol::big_endian::Load64(env->GetFileContents(path)->data() + entry_at + 12) ==
             0x5eedu;
    };
  }

  // Cuts the last CommitLog file at `cut` (absolute offset) and fills the rest with `tail`.
  void CutLastFile(FaultInjectionEnv* env, int64_t cut, const std::string& tail) {
    std::string content = *env->GetFileContents(last_file_);
    const size_t at = static_cast<size_t>(cut - last_file_start_);
    std::string filler = tail;
    filler.resize(content.size() - at, '\0');
    content.replace(at, content.size() - at, filler);
    ASSERT_TRUE(env->SetFileContents(last_file_, content).ok());
  }

  // Opens the store and checks it holds exactly the records ending at or before `end`.
  void VerifyRecovered(FaultInjectionEnv* env, int64_t end, const std::string& what) {
    SCOPED_TRACE(what);
    MessageStore store(Config(), env);
    Status started = store.Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    ASSERT_TRUE(store.recovered_from_crash());
    int64_t expected_end = 0;
    int64_t count[kQueues] = {};
    for (const auto& w : written_) {
      if (w.offset + w.size <= end) {
        expected_end = w.offset + w.size;
        count[w.queue_id]++;
      }
    }
    // The log ends at the last whole record (or the start of the file after a BLANK).
    EXPECT_GE(store.GetMaxPhyOffset(), expected_end);
    EXPECT_LE(store.GetMaxPhyOffset(), std::max(expected_end, last_file_start_));
    for (int q = 0; q < kQueues; ++q) {
      ASSERT_EQ(store.GetMaxOffsetInQueue("TopicTest", q), count[q]) << "queue " << q;
    }
    for (const auto& w : written_) {
      auto record = store.LookMessageByOffset(w.offset);
      if (w.offset + w.size <= end) {
        ASSERT_TRUE(record.ok()) << record.status().ToString();
        auto decoded = protocol::DecodeMessageRecord(record->bytes(), true);
        ASSERT_TRUE(decoded.ok());
        EXPECT_EQ(decoded->body, w.body);
      }
    }
    // The index names every recovered message, and nothing past the cut.
    for (const auto& w : written_) {
      if (w.offset + w.size > end) break;
      auto found = store.QueryMessage("TopicTest", w.key, 32, 0, clock::WallMillis() + 1000);
      bool named = false;
      for (const auto& m : found.messages) named = named || m.offset() == w.offset;
      ASSERT_TRUE(named) << "key " << w.key;
    }
    const Written& last = written_.back();
    if (last.offset + last.size > end) {
      auto found = store.QueryMessage("TopicTest", last.key, 32, 0, clock::WallMillis() + 1000);
      EXPECT_TRUE(found.messages.empty());
    }
    // New messages continue every queue where the recovered data ends.
    for (int q = 0; q < kQueues; ++q) {
      PutMessageResult r = store.PutMessage(EncodeTestMessage("TopicTest", q, "new")).get();
      ASSERT_TRUE(r.ok()) << r.error.ToString();
      EXPECT_EQ(r.queue_offset, count[q]);
    }
    ASSERT_TRUE(store.AwaitDispatched(store.GetMaxPhyOffset(), kWait));
    GetMessageResult got = store.GetMessage("g", "TopicTest", 0, count[0], 32, nullptr);
    ASSERT_EQ(got.status, GetMessageStatus::kFound);
    ASSERT_EQ(got.messages.size(), 1u);
  }

  // Start of the n-th last record of the log.
  int64_t NthLastRecord(size_t n) const { return written_[written_.size() - n].offset; }
  int64_t DataEnd() const { return written_.back().offset + written_.back().size; }

  FaultInjectionEnv base_;
  std::vector<Written> written_;
  std::string last_file_;
  int64_t last_file_start_ = 0;
};

TEST_F(RecoveryTest, CutAtEveryByteOfTheLastRecords) {
  const int64_t from = std::max(NthLastRecord(3), last_file_start_);
  for (int64_t cut = from; cut <= DataEnd(); ++cut) {
    auto env = CrashedCopy();
    CutLastFile(env.get(), cut, "");
    VerifyRecovered(env.get(), cut, "cut at " + std::to_string(cut));
    if (HasFatalFailure()) return;
  }
}

// Garbage where a record's header or body should be is caught by the size, position and
// body CRC checks. (Garbage in place of a record's topic or properties is not detectable
// in Apache's format, which checksums the body only; a torn write leaves the zeros of the
// preallocated file there instead, which CutAtEveryByteOfTheLastRecords covers.)
TEST_F(RecoveryTest, GarbageAfterTheCut) {
  uint32_t seed = 12345;
  std::string image = *base_.GetFileContents(last_file_);
  for (size_t n = 1; n <= 2; ++n) {
    const Written& w = written_[written_.size() - n];
    if (w.offset < last_file_start_) continue;
    auto record = protocol::DecodeMessageRecord(
        std::string_view(image).substr(static_cast<size_t>(w.offset - last_file_start_)));
    ASSERT_TRUE(record.ok());
    const int64_t body_end = w.offset + w.size - 3 - static_cast<int64_t>(record->topic.size()) -
                             static_cast<int64_t>(record->properties.size());
    for (int64_t cut = w.offset; cut <= body_end; cut += 3) {
      std::string garbage(400, '\0');
      for (char& c : garbage) {
        seed = seed * 1103515245u + 12345u;
        c = static_cast<char>(seed >> 24);
      }
      auto env = CrashedCopy();
      CutLastFile(env.get(), cut, garbage);
      VerifyRecovered(env.get(), cut, "garbage at " + std::to_string(cut));
      if (HasFatalFailure()) return;
    }
  }
}

TEST_F(RecoveryTest, StaleRecordAfterTheCutIsNotResurrected) {
  // A whole, CRC-valid record from earlier in the log, as a recycled disk block might hold.
  auto env = CrashedCopy();
  const Written& old = written_[written_.size() - 5];
  std::string content = *env->GetFileContents(last_file_);
  const std::string stale = content.substr(static_cast<size_t>(old.offset - last_file_start_),
                                           static_cast<size_t>(old.size));
  const int64_t cut = NthLastRecord(1);
  CutLastFile(env.get(), cut, stale);
  VerifyRecovered(env.get(), cut, "stale record");
}

TEST_F(RecoveryTest, CorruptBodyIsCaughtByTheCrc) {
  auto env = CrashedCopy();
  const Written& last = written_.back();
  std::string content = *env->GetFileContents(last_file_);
  const size_t body_at =
      content.find(last.body, static_cast<size_t>(last.offset - last_file_start_));
  ASSERT_NE(body_at, std::string::npos);
  content[body_at] ^= 0x20;
  ASSERT_TRUE(env->SetFileContents(last_file_, content).ok());
  VerifyRecovered(env.get(), last.offset, "flipped body bit");
}

// A checkpoint newer than the last file's first record: the check and the re-indexing start
// at that file, and the index is cut there instead of rebuilt from the start of its newest
// file (which would re-read most of the log). A torn record right after that point and
// garbage in the index entries past it are cut.
TEST_F(RecoveryTest, IndexIsCutWhereTheCheckStarts) {
  auto env = CrashedCopy();
  const int64_t later = clock::WallMillis() + 60000;
  WriteTimesAsApache(env.get(), later, later, later);
  auto index_names = *env->ListDir("/store/index");
  std::sort(index_names.begin(), index_names.end());
  ASSERT_GE(index_names.size(), 2u);
  const std::string newest = "/store/index/" + index_names.back();
  std::string index = *env->GetFileContents(newest);
  const int64_t entries =
      IndexFile::kHeaderSize + Config().max_hash_slot_num * IndexFile::kSlotSize;
  const int32_t count = static_cast<int32_t>(protocol::big_endian::Load32(index.data() + 36));
  ASSERT_GE(count, 4);
  std::fill_n(index.begin() + entries + int64_t{count - 3} * IndexFile::kEntrySize,
              3 * IndexFile::kEntrySize, '\xee');
  // A mark no re-indexing would write: the first entry's time, 1 s after the file's start.
  protocol::big_endian::Store32(&index[entries + IndexFile::kEntrySize + 12], 1);
  ASSERT_TRUE(env->SetFileContents(newest, index).ok());

  size_t torn = 0;
  while (written_[torn].offset <= last_file_start_) ++torn;
  ASSERT_LT(torn + 1, written_.size());
  const int64_t cut = written_[torn].offset + 10;
  CutLastFile(env.get(), cut, "");
  VerifyRecovered(env.get(), cut, "torn record after the checkpoint");
  // The first entry of the newest file was kept as it was, not written again.
  index = *env->GetFileContents(newest);
  EXPECT_EQ(protocol::big_endian::Load32(index.data() + entries + IndexFile::kEntrySize + 12), 1u)
      << "the newest index file was rebuilt, not cut";
}

// The check starts at the newest record older than the checkpoint that a ConsumeQueue
// points at, not at the start of its file: entries before it are kept as they are, and a
// torn record right after it is cut.
TEST_F(RecoveryTest, CheckStartsAtTheNewestRecordOlderThanTheCheckpoint) {
  auto env = CrashedCopy();
  // Store times one millisecond apart in the last file (the field is outside the body CRC), so
  // the checkpoint can fall between two of its records.
  std::string log = *env->GetFileContents(last_file_);
  size_t first = 0;
  while (written_[first].offset < last_file_start_) ++first;
  ASSERT_LT(first + 6, written_.size());
  constexpr size_t kStoreTimestampAt = 56;
  const Written& before = written_[first - 1];
  const int64_t before_file =
      before.offset / Config().mapped_file_size_commit_log * Config().mapped_file_size_commit_log;
  std::string previous = *env->GetFileContents("/store/commitlog/" + OffsetToFileName(before_file));
  auto previous_record = protocol::DecodeMessageRecord(
      std::string_view(previous).substr(static_cast<size_t>(before.offset - before_file)));
  ASSERT_TRUE(previous_record.ok());
  // Within the queries' time range (up to now + 1 s).
  const int64_t base = previous_record->store_timestamp + 1;
  for (size_t i = first; i < written_.size(); ++i) {
    const size_t at = static_cast<size_t>(written_[i].offset - last_file_start_);
    protocol::big_endian::Store64(&log[at + kStoreTimestampAt],
                                  static_cast<uint64_t>(base + int64_t(i - first)));
    auto decoded = protocol::DecodeMessageRecord(std::string_view(log).substr(at), true);
    ASSERT_TRUE(decoded.ok());
    ASSERT_EQ(decoded->store_timestamp, base + int64_t(i - first));
  }
  ASSERT_TRUE(env->SetFileContents(last_file_, log).ok());
  const size_t newest_durable = first + 4;
  const int64_t at = base + int64_t(newest_durable - first) + 3000;
  WriteTimesAsApache(env.get(), at, at, at);
  // An entry between the file's start and the checkpoint.
  auto marked = MarkQueueEntry(env.get(), newest_durable - 2);

  const int64_t cut = written_[newest_durable + 1].offset + 10;
  CutLastFile(env.get(), cut, "");
  VerifyRecovered(env.get(), cut, "torn record right after the checkpoint");
  EXPECT_TRUE(marked()) << "the ConsumeQueue was rebuilt from the start of the file";
}

// With the checkpoint's own offsets the check starts exactly where they say everything was
// durable (the times, with Apache's 3 s margin, reach back past the whole log here).
TEST_F(RecoveryTest, CheckStartsAtTheCheckpointsDurableOffset) {
  size_t first = 0;
  while (written_[first].offset < last_file_start_) ++first;
  ASSERT_LT(first + 3, written_.size());
  const size_t durable = first + 2;
  auto env = CrashedCopy(written_[durable].offset);
  auto before = MarkQueueEntry(env.get(), durable - 1);
  auto after = MarkQueueEntry(env.get(), durable);
  const int64_t cut = written_[durable + 1].offset + 10;
  CutLastFile(env.get(), cut, "");
  VerifyRecovered(env.get(), cut, "torn record after the durable offset");
  EXPECT_TRUE(before()) << "an entry below the durable offset was rebuilt";
  EXPECT_FALSE(after()) << "the entry at the durable offset was not rebuilt";
}

// Offsets that do not point at a record start (a damaged checkpoint) give way to the times.
TEST_F(RecoveryTest, DurableOffsetInsideARecordFallsBackToTheTimes) {
  auto env = CrashedCopy(NthLastRecord(2) + 1);
  const int64_t cut = NthLastRecord(1) + 10;
  CutLastFile(env.get(), cut, "");
  VerifyRecovered(env.get(), cut, "durable offset inside a record");
}

TEST_F(RecoveryTest, MissingOrDamagedCheckpoint) {
  {
    auto env = CrashedCopy();
    ASSERT_TRUE(env->DeleteFile("/store/checkpoint").ok());
    CutLastFile(env.get(), NthLastRecord(1) + 3, "");
    VerifyRecovered(env.get(), NthLastRecord(1) + 3, "no checkpoint");
  }
  {
    auto env = CrashedCopy();
    ASSERT_TRUE(env->SetFileContents("/store/checkpoint", "short").ok());
    VerifyRecovered(env.get(), DataEnd(), "truncated checkpoint");
  }
}

TEST_F(RecoveryTest, LostConsumeQueuesAreRebuiltFromTheLog) {
  FaultInjectionEnv env;
  CopyTree(&base_, &env, "/store");
  for (int q = 0; q < kQueues; ++q) {
    const std::string dir = "/store/consumequeue/TopicTest/" + std::to_string(q);
    auto names = env.ListDir(dir);
    ASSERT_TRUE(names.ok());
    for (const auto& name : *names) ASSERT_TRUE(env.DeleteFile(dir + "/" + name).ok());
  }
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  EXPECT_FALSE(store.recovered_from_crash());
  EXPECT_EQ(store.GetMaxOffsetInQueue("TopicTest", 0), 60);
  EXPECT_EQ(store.GetMaxOffsetInQueue("TopicTest", 1), 60);
  GetMessageResult got = store.GetMessage("g", "TopicTest", 1, 59, 32, nullptr);
  ASSERT_EQ(got.status, GetMessageStatus::kFound);
}

TEST_F(RecoveryTest, TornConsumeQueueTailIsRepaired) {
  auto env = CrashedCopy();
  const std::string dir = "/store/consumequeue/TopicTest/0";
  auto names = *env->ListDir(dir);
  std::sort(names.begin(), names.end());
  const std::string path = dir + "/" + names.back();
  std::string content = *env->GetFileContents(path);
  // Zero the second half of the newest ConsumeQueue file: entries lost in the crash.
  std::fill(content.begin() + static_cast<std::ptrdiff_t>(content.size() / 2), content.end(), '\0');
  ASSERT_TRUE(env->SetFileContents(path, content).ok());
  VerifyRecovered(env.get(), DataEnd(), "torn consume queue");
}

// Random bytes over the checkpoint, a ConsumeQueue file and the index: recovery and reads
// stay within bounds and keep the CommitLog's messages reachable.
TEST_F(RecoveryTest, RandomBytesInMetadataFilesAreSurvived) {
  uint32_t seed = 99;
  auto random_like = [&](const std::string& original) {
    std::string bytes(original.size(), '\0');
    for (char& c : bytes) {
      seed = seed * 1103515245u + 12345u;
      c = static_cast<char>(seed >> 24);
    }
    return bytes;
  };
  auto env = CrashedCopy();
  auto index_names = env->ListDir("/store/index");
  ASSERT_TRUE(index_names.ok());
  std::vector<std::string> paths = {"/store/checkpoint",
                                    "/store/consumequeue/TopicTest/1/00000000000000000000"};
  for (const auto& name : *index_names) paths.push_back("/store/index/" + name);
  for (const auto& path : paths) {
    auto content = env->GetFileContents(path);
    ASSERT_TRUE(content.ok()) << path;
    ASSERT_TRUE(env->SetFileContents(path, random_like(*content)).ok());
  }
  MessageStore store(Config(), env.get());
  Status started = store.Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  for (int q = 0; q < kQueues; ++q) {
    for (int64_t offset = 0; offset < store.GetMaxOffsetInQueue("TopicTest", q); offset += 16) {
      store.GetMessage("g", "TopicTest", q, offset, 32, nullptr);
    }
  }
  store.QueryMessage("TopicTest", "key-3", 32, 0, INT64_MAX);
  for (const auto& w : written_) {
    auto record = store.LookMessageByOffset(w.offset);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
  }
  EXPECT_TRUE(store.PutMessage(EncodeTestMessage("TopicTest", 0, "after")).get().ok());
}

TEST_F(RecoveryTest, CleanRestartKeepsEverything) {
  FaultInjectionEnv env;
  CopyTree(&base_, &env, "/store");
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  EXPECT_FALSE(store.recovered_from_crash());
  EXPECT_EQ(store.GetMaxPhyOffset(), DataEnd());
  EXPECT_EQ(
      store.QueryMessage("TopicTest", "key-7", 32, 0, clock::WallMillis() + 1000).messages.size(),
      1u);
}

// Flips one bit of the body of `w` in the image of `env`.
void FlipBodyBit(FaultInjectionEnv* env, const std::string& file, int64_t file_start,
                 const Written& w) {
  std::string content = *env->GetFileContents(file);
  const size_t body_at = content.find(w.body, static_cast<size_t>(w.offset - file_start));
  ASSERT_NE(body_at, std::string::npos);
  content[body_at] ^= 0x20;
  ASSERT_TRUE(env->SetFileContents(file, content).ok());
}

// After a clean stop only what follows the newest dispatched record is read again: a bit
// flipped before it goes unnoticed (reading gigabytes at every start cost seconds).
TEST_F(RecoveryTest, CleanRestartChecksOnlyAfterTheNewestDispatchedRecord) {
  FaultInjectionEnv env;
  CopyTree(&base_, &env, "/store");
  const Written& older = written_[written_.size() - 2];
  ASSERT_GE(older.offset, last_file_start_);
  FlipBodyBit(&env, last_file_, last_file_start_, older);
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  EXPECT_FALSE(store.recovered_from_crash());
  EXPECT_EQ(store.GetMaxPhyOffset(), DataEnd());
}

// When the newest dispatched record itself does not check out, the last files are checked
// as after a crash, and the log is cut before it.
TEST_F(RecoveryTest, CleanRestartWithABadNewestRecordChecksTheLastFiles) {
  FaultInjectionEnv env;
  CopyTree(&base_, &env, "/store");
  const Written& last = written_.back();
  FlipBodyBit(&env, last_file_, last_file_start_, last);
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  EXPECT_EQ(store.GetMaxPhyOffset(), last.offset);
  int64_t count = 0;
  for (const auto& w : written_) count += w.queue_id == last.queue_id ? 1 : 0;
  EXPECT_EQ(store.GetMaxOffsetInQueue("TopicTest", last.queue_id), count - 1);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
