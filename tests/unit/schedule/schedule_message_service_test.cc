#include "broker/schedule/schedule_message_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "broker/schedule/schedule_topic.h"
#include "common/clock.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace schedule {
namespace {

using std::chrono::milliseconds;

store::MessageStoreConfig SmallConfig() {
  store::MessageStoreConfig c;
  c.store_path_root_dir = "/store";
  c.mapped_file_size_commit_log = 64 * 1024;
  c.mapped_file_size_consume_queue = 20 * 100;
  c.max_message_size = 4096;
  c.max_hash_slot_num = 64;
  c.max_index_num = 100;
  c.flush_interval_commit_log = 10;
  c.flush_interval_consume_queue = 10;
  c.clean_resource_interval = 3600 * 1000;
  return c;
}

// A store and a schedule service wired as the broker wires them: the tags-code hook and the
// dispatch listener.
class ScheduleMessageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testing::TempDir::Create("rmq-schedule-unit");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<testing::TempDir>(std::move(*dir));
  }
  void TearDown() override {
    if (service_) service_->Shutdown();
    if (store_) store_->Shutdown();
  }

  void Open(const std::string& levels_text) {
    auto levels = DelayLevelTable::Parse(levels_text);
    ASSERT_TRUE(levels.ok());
    levels_ = *levels;
    store_ = std::make_unique<store::MessageStore>(SmallConfig(), &env_);
    ScheduleMessageService::Options options;
    options.offsets_path = dir_->File("delayOffset.json");
    service_ = std::make_unique<ScheduleMessageService>(
        store_.get(), levels_, options, [](const std::string& topic) { return topic != "Gone"; });
    const DelayLevelTable* table = &service_->levels();
    store_->SetTagsCodeFn([table](const store::DispatchRequest& r) { return TagsCode(*table, r); });
    ScheduleMessageService* service = service_.get();
    store_->SetDispatchListener(
        [service](const store::DispatchRequest& r) { service->OnDispatched(r); });
    ASSERT_TRUE(store_->Start().ok());
    Status s = service_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Reopen(const std::string& levels_text) {
    service_->Shutdown();
    service_.reset();
    store_->Shutdown();
    store_.reset();
    Open(levels_text);
  }

  // Stores what a send with DELAY=level to topic/queue stores.
  int64_t PutDelayed(const std::string& topic, int32_t queue_id, int32_t level,
                     const std::string& body) {
    protocol::MessageProperties props{{"DELAY", std::to_string(level)}, {"UNIQ_KEY", "U-" + body}};
    std::string target = topic;
    int32_t queue = queue_id;
    auto moved = MoveToScheduleTopic(levels_, 0, &props, &target, &queue);
    EXPECT_TRUE(moved.ok() && *moved);
    return PutRaw(target, queue, protocol::EncodeMessageProperties(props), body);
  }

  int64_t PutRaw(const std::string& topic, int32_t queue_id, const std::string& properties,
                 const std::string& body) {
    protocol::MessageRecord r;
    r.topic = topic;
    r.queue_id = queue_id;
    r.body = body;
    r.body_crc = protocol::MaskedCrc32(body);
    r.properties = properties;
    r.born_timestamp = clock::WallMillis();
    r.born_host = protocol::HostAddress::V4(0x7F000001, 50000);
    r.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
    auto encoded = protocol::EncodeMessageRecordToString(r);
    EXPECT_TRUE(encoded.ok());
    store::PutMessageResult result = store_->PutMessage(*encoded, true).get();
    EXPECT_TRUE(result.ok()) << result.error.ToString();
    return result.wrote_offset;
  }

  bool WaitForMaxOffset(const std::string& topic, int32_t queue_id, int64_t offset) {
    const auto deadline = clock::Deadline::After(milliseconds(5000));
    while (!deadline.Expired()) {
      if (store_->GetMaxOffsetInQueue(topic, queue_id) >= offset) return true;
      std::this_thread::sleep_for(milliseconds(2));
    }
    return false;
  }

  std::vector<protocol::MessageRecord> Read(const std::string& topic, int32_t queue_id,
                                            std::vector<std::string>* storage) {
    store::GetMessageResult got = store_->GetMessage("G", topic, queue_id, 0, 32, nullptr);
    std::vector<protocol::MessageRecord> out;
    storage->reserve(got.messages.size());
    for (const auto& m : got.messages) {
      storage->emplace_back(m.bytes());
      auto record = protocol::DecodeMessageRecord(storage->back());
      EXPECT_TRUE(record.ok());
      if (record.ok()) out.push_back(*record);
    }
    return out;
  }

  store::FaultInjectionEnv env_;
  std::unique_ptr<testing::TempDir> dir_;
  DelayLevelTable levels_ = *DelayLevelTable::Parse("1s");
  std::unique_ptr<store::MessageStore> store_;
  std::unique_ptr<ScheduleMessageService> service_;
};

TEST_F(ScheduleMessageServiceTest, DeliversInOrderAndSkipsWhatCannotBeDelivered) {
  Open("0s 1h");
  PutDelayed("Orders", 1, 1, "first");
  // No REAL_TOPIC / REAL_QID: cannot be restored.
  std::string broken;
  protocol::AppendProperty(&broken, "DELAY", "1");
  PutRaw("SCHEDULE_TOPIC_XXXX", 0, broken, "broken");
  PutDelayed("Gone", 0, 1, "to a deleted topic");
  PutDelayed("Orders", 1, 1, "second");

  ASSERT_TRUE(WaitForMaxOffset("Orders", 1, 2));
  std::vector<std::string> storage;
  auto delivered = Read("Orders", 1, &storage);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].body, "first");
  EXPECT_EQ(delivered[1].body, "second");
  auto props = protocol::DecodeMessageProperties(delivered[1].properties);
  EXPECT_EQ(props["UNIQ_KEY"], "U-second");
  EXPECT_EQ(props["REAL_TOPIC"], "Orders");
  EXPECT_EQ(store_->GetMaxOffsetInQueue("Gone", 0), 0);

  // Every record of the level was looked at, the skipped ones included.
  const auto deadline = clock::Deadline::After(milliseconds(5000));
  while (service_->offsets().Get(1).value_or(0) < 4 && !deadline.Expired()) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  EXPECT_EQ(service_->offsets().Get(1), 4);
  std::map<std::string, std::string> stats;
  service_->BuildRunningStats(&stats);
  EXPECT_EQ(stats["scheduleMessageOffset_1"], "4,4");
  EXPECT_EQ(stats.count("scheduleMessageOffset_2"), 0u);

  service_->Shutdown();
  auto file = testing::ReadFile(dir_->File("delayOffset.json"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(*file, "{\n\t\"offsetTable\":{1:4\n\t}\n}");
}

TEST_F(ScheduleMessageServiceTest, NothingIsDeliveredBeforeItIsDue) {
  Open("1s");
  const int64_t sent = clock::WallMillis();
  const int64_t offset = PutDelayed("Later", 0, 1, "in a second");
  auto scheduled = store_->LookMessageByOffset(offset);
  ASSERT_TRUE(scheduled.ok());
  const int64_t stored_at = protocol::DecodeMessageRecord(scheduled->bytes())->store_timestamp;
  ASSERT_TRUE(WaitForMaxOffset("Later", 0, 1));
  const int64_t arrived = clock::WallMillis();
  std::vector<std::string> storage;
  auto delivered = Read("Later", 0, &storage);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_GE(delivered[0].store_timestamp, stored_at + 1000);
  EXPECT_GE(arrived - sent, 1000);
  // A loose bound; the lateness is measured in the process test.
  EXPECT_LT(delivered[0].store_timestamp - (stored_at + 1000), 900);
}

TEST_F(ScheduleMessageServiceTest, ResumesFromTheSavedOffsetsAfterARestart) {
  Open("0s 1s");
  PutDelayed("Orders", 0, 1, "one");
  PutDelayed("Orders", 0, 1, "two");
  ASSERT_TRUE(WaitForMaxOffset("Orders", 0, 2));
  // Waiting for level 2 survives the restart.
  PutDelayed("Orders", 1, 2, "after the restart");
  Reopen("0s 1s");
  PutDelayed("Orders", 0, 1, "three");
  ASSERT_TRUE(WaitForMaxOffset("Orders", 0, 3));
  ASSERT_TRUE(WaitForMaxOffset("Orders", 1, 1));
  std::vector<std::string> storage;
  auto delivered = Read("Orders", 0, &storage);
  ASSERT_EQ(delivered.size(), 3u);
  EXPECT_EQ(delivered[2].body, "three");
  auto later = Read("Orders", 1, &storage);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].body, "after the restart");
}

TEST_F(ScheduleMessageServiceTest, RefusedWritesAreRetriedFromTheSameMessage) {
  Open("1s");
  PutDelayed("Orders", 0, 1, "waits out a full disk");
  PutDelayed("Orders", 0, 1, "and keeps its place");
  // The disk fills up before they are due: the store refuses appends.
  env_.SetDiskUsage(100, 1);
  store_->CleanExpiredFiles(clock::WallMillis());
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_EQ(store_->GetMaxOffsetInQueue("Orders", 0), 0);
  EXPECT_FALSE(service_->offsets().Get(1).has_value());

  env_.SetDiskUsage(100, 100);
  store_->CleanExpiredFiles(clock::WallMillis());
  ASSERT_TRUE(WaitForMaxOffset("Orders", 0, 2));
  std::vector<std::string> storage;
  auto delivered = Read("Orders", 0, &storage);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].body, "waits out a full disk");
  EXPECT_EQ(delivered[1].body, "and keeps its place");
}

TEST_F(ScheduleMessageServiceTest, OffsetsOutsideTheQueueAreCorrected) {
  ASSERT_TRUE(
      testing::WriteFile(dir_->File("delayOffset.json"), "{\"offsetTable\":{1:50,2:7}}").ok());
  Open("0s 0s");
  EXPECT_EQ(service_->offsets().Get(1), 0);
  EXPECT_EQ(service_->offsets().Get(2), 0);
  PutDelayed("Orders", 0, 1, "still delivered");
  ASSERT_TRUE(WaitForMaxOffset("Orders", 0, 1));
}

TEST_F(ScheduleMessageServiceTest, UnreadableOffsetsFileIsAnError) {
  ASSERT_TRUE(testing::WriteFile(dir_->File("delayOffset.json"), "{not json").ok());
  auto levels = DelayLevelTable::Parse("1s");
  ASSERT_TRUE(levels.ok());
  store_ = std::make_unique<store::MessageStore>(SmallConfig(), &env_);
  ASSERT_TRUE(store_->Start().ok());
  ScheduleMessageService::Options options;
  options.offsets_path = dir_->File("delayOffset.json");
  ScheduleMessageService service(store_.get(), *levels, options, nullptr);
  Status s = service.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("delayOffset.json"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace schedule
}  // namespace broker
}  // namespace rocketmq
