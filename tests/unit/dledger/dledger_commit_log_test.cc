// A MessageStore whose CommitLog is a one-member DLedger group (DLedgerCommitLog over an
// in-memory env): records live in entries at pos + 48 with that offset as PHYSICALOFFSET,
// puts are answered once committed, the member becomes master only after its log is
// dispatched, and restarts — clean, and with the ConsumeQueues lost after an unclean exit —
// rebuild the queues from the committed log and go on with the right queue offsets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "../store/test_records.h"
#include "dledger/dledger_commit_log.h"
#include "dledger/entry.h"
#include "protocol/message_record.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"
#include "support/free_port.h"

namespace rocketmq {
namespace dledger {
namespace {

bool WaitFor(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

constexpr char kRoot[] = "/store";
constexpr char kTopic[] = "DLedgerTopic";

class DLedgerCommitLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.group = "g";
    config_.self_id = "n0";
    config_.peers = "n0-127.0.0.1:" + std::to_string(testing::FreeLoopbackPort());
    config_.store_base_dir = kRoot;
    config_.data_file_size = 1 << 20;
    config_.index_file_size = 1 << 16;
    config_.heart_beat_time_interval_ms = 100;
    store_config_.store_path_root_dir = kRoot;
    store_config_.mapped_file_size_commit_log = 1 << 20;
    store_config_.max_message_size = 65536;
    store_config_.mapped_file_size_consume_queue = 6000;
  }
  void TearDown() override { Stop(); }

  // Starts the member and the store, and waits until the broker side would be master.
  void Open() {
    master_ = false;
    log_ = std::make_unique<DLedgerCommitLog>(config_, &env_);
    Status s = log_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
    store_ = std::make_unique<store::MessageStore>(store_config_, &env_, log_.get());
    s = store_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
    log_->Attach(store_.get(), {[this] { master_ = true; }, [this] { master_ = false; }});
    ASSERT_TRUE(WaitFor([&] { return master_.load(); }, std::chrono::seconds(10)));
  }
  void Stop() {
    if (log_) log_->Detach();
    if (store_) store_->Shutdown();
    if (log_) log_->Shutdown();
    store_.reset();
    log_.reset();
  }

  store::PutMessageResult Put(const std::string& body) {
    return store_->PutMessage(store::EncodeTestMessage(kTopic, 0, body)).get();
  }
  // The bodies of queue 0 from offset 0.
  std::vector<std::string> Bodies() {
    std::vector<std::string> bodies;
    store::GetMessageResult got = store_->GetMessage("g", kTopic, 0, 0, 64, nullptr);
    for (const auto& m : got.messages) {
      auto record = protocol::DecodeMessageRecord(m.bytes());
      if (record.ok()) bodies.emplace_back(record->body);
    }
    return bodies;
  }

  store::FaultInjectionEnv env_;
  DLedgerConfig config_;
  store::MessageStoreConfig store_config_;
  std::unique_ptr<DLedgerCommitLog> log_;
  std::unique_ptr<store::MessageStore> store_;
  std::atomic<bool> master_{false};
};

TEST_F(DLedgerCommitLogTest, RecordsLiveInCommittedEntriesAndSurviveRestarts) {
  Open();
  int64_t previous_end = -1;
  for (int i = 0; i < 5; ++i) {
    store::PutMessageResult r = Put("m" + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.error.ToString();
    EXPECT_EQ(r.queue_offset, i);
    // The record starts right after its entry's header; PHYSICALOFFSET says so.
    auto record = store_->LookMessageByOffset(r.wrote_offset);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    auto decoded = protocol::DecodeMessageRecord(record->bytes());
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->physical_offset, r.wrote_offset);
    auto entry_head =
        store_->SelectOneMessageByOffset(r.wrote_offset - kEntryHeaderSize, kEntryHeaderSize);
    ASSERT_TRUE(entry_head.ok());
    int32_t magic = 0, size = 0;
    PeekEntryHeader(entry_head->bytes().data(), &magic, &size);
    EXPECT_EQ(magic, kEntryMagic);
    EXPECT_EQ(size, kEntryHeaderSize + record->size());
    if (previous_end >= 0) {
      EXPECT_EQ(r.wrote_offset - kEntryHeaderSize, previous_end);
    }
    previous_end = r.wrote_offset + record->size();
    // Answered only once committed: readable at once.
    EXPECT_LE(previous_end, store_->GetMaxPhyOffset());
  }
  ASSERT_TRUE(store_->AwaitDispatched(store_->GetMaxPhyOffset(), std::chrono::seconds(5)));
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4"}));
  EXPECT_EQ(log_->view().role, std::string("LEADER"));
  EXPECT_GT(store_->GetEarliestMessageTime(), 0);

  // A clean restart: the queue offsets go on.
  Stop();
  Open();
  EXPECT_EQ(Bodies().size(), 5u);
  store::PutMessageResult r = Put("m5");
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.queue_offset, 5);

  // An unclean exit that lost the ConsumeQueues: rebuilt from the committed log.
  Stop();
  ASSERT_TRUE(env_.DeleteDir(store_config_.ConsumeQueueDir()).ok());
  ASSERT_TRUE(store::WriteStringToFile(&env_, store_config_.AbortPath(), "1").ok());
  Open();
  EXPECT_TRUE(store_->recovered_from_crash());
  EXPECT_EQ(Bodies(), (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4", "m5"}));
  r = Put("m6");
  ASSERT_TRUE(r.ok()) << r.error.ToString();
  EXPECT_EQ(r.queue_offset, 6);
}

}  // namespace
}  // namespace dledger
}  // namespace rocketmq
