#include "broker/timer/timer_message_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "broker/timer/timer_message.h"
#include "common/clock.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace broker {
namespace timer {
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

struct Arrived {
  std::string body;
  int64_t store_timestamp = 0;
  int64_t due = 0;
};

// A store and a timer service wired as the broker wires them (the dispatch listener).
class TimerMessageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testing::TempDir::Create("rmq-timer-unit");
    ASSERT_TRUE(dir.ok());
    dir_ = std::make_unique<testing::TempDir>(std::move(*dir));
  }
  void TearDown() override {
    if (service_) service_->Shutdown();
    if (store_) store_->Shutdown();
  }

  void Open(size_t max_pending = size_t{1} << 20) {
    store_ = std::make_unique<store::MessageStore>(SmallConfig(), &env_);
    TimerMessageService::Options options;
    options.progress_path = dir_->File("timerProgress.json");
    options.max_pending = max_pending;
    service_ = std::make_unique<TimerMessageService>(store_.get(), options, nullptr);
    TimerMessageService* service = service_.get();
    store_->SetDispatchListener(
        [service](const store::DispatchRequest& r) { service->OnDispatched(r); });
    ASSERT_TRUE(store_->Start().ok());
    Status s = service_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Reopen() {
    service_->Shutdown();
    service_.reset();
    store_->Shutdown();
    store_.reset();
    Open();
  }

  // Stores what a send to Orders/0 with TIMER_DELIVER_MS = `due` stores (precision 1 ms).
  void Park(const std::string& body, int64_t due) {
    protocol::MessageProperties props{{"TIMER_DELIVER_MS", std::to_string(due)},
                                      {"UNIQ_KEY", "U-" + body}};
    std::string topic = "Orders";
    int32_t queue_id = 0;
    TimerSettings settings;
    settings.precision_ms = 1;
    if (due > clock::WallMillis()) {
      ASSERT_TRUE(
          MoveToTimerTopic(settings, clock::WallMillis(), 0, &props, &topic, &queue_id).parked);
    } else {
      // Parked earlier, due while the broker was down.
      props["TIMER_OUT_MS"] = std::to_string(due);
      props["REAL_TOPIC"] = topic;
      props["REAL_QID"] = "0";
      topic = kTimerTopic;
    }
    const std::string encoded_props = protocol::EncodeMessageProperties(props);
    protocol::MessageRecord r;
    r.topic = topic;
    r.queue_id = queue_id;
    r.body = body;
    r.body_crc = protocol::MaskedCrc32(body);
    r.properties = encoded_props;
    r.born_timestamp = clock::WallMillis();
    r.born_host = protocol::HostAddress::V4(0x7F000001, 50000);
    r.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
    auto encoded = protocol::EncodeMessageRecordToString(r);
    ASSERT_TRUE(encoded.ok());
    ASSERT_TRUE(store_->PutMessage(*encoded, true).get().ok());
  }

  // Waits (bounded) until Orders/0 holds `count` messages; returns them in queue order.
  std::vector<Arrived> WaitForDelivered(size_t count, milliseconds timeout = milliseconds(5000)) {
    const auto deadline = clock::Deadline::After(timeout);
    while (!deadline.Expired() &&
           store_->GetMaxOffsetInQueue("Orders", 0) < static_cast<int64_t>(count)) {
      max_pending_seen_ = std::max(max_pending_seen_, service_->pending());
      std::this_thread::sleep_for(milliseconds(2));
    }
    std::vector<Arrived> out;
    store::GetMessageResult got = store_->GetMessage("G", "Orders", 0, 0, 32, nullptr);
    for (const auto& m : got.messages) {
      auto record = protocol::DecodeMessageRecord(m.bytes());
      EXPECT_TRUE(record.ok());
      if (!record.ok()) continue;
      auto due = protocol::FindProperty(record->properties, "TIMER_DELIVER_MS");
      out.push_back({std::string(record->body), record->store_timestamp,
                     due ? std::stoll(std::string(*due)) : 0});
    }
    return out;
  }

  store::FaultInjectionEnv env_;
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<store::MessageStore> store_;
  std::unique_ptr<TimerMessageService> service_;
  size_t max_pending_seen_ = 0;
};

TEST_F(TimerMessageServiceTest, DeliversByDueTimeNotArrivalOrderAndNeverEarly) {
  Open();
  const int64_t now = clock::WallMillis();
  Park("d", now + 400);
  Park("b", now + 200);
  Park("c", now + 300);
  Park("past", now - 1000);
  Park("a", now + 100);
  auto arrived = WaitForDelivered(5);
  ASSERT_EQ(arrived.size(), 5u);
  const char* order[] = {"past", "a", "b", "c", "d"};
  for (size_t i = 0; i < arrived.size(); ++i) {
    EXPECT_EQ(arrived[i].body, order[i]);
    EXPECT_GE(arrived[i].store_timestamp, arrived[i].due) << arrived[i].body;
  }
  // A delivery is readable in its queue just before the service counts it as done.
  const auto deadline = clock::Deadline::After(milliseconds(5000));
  while (service_->pending() != 0 && !deadline.Expired()) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  EXPECT_EQ(service_->pending(), 0u);
}

TEST_F(TimerMessageServiceTest, MemoryIsBoundedByMaxPending) {
  Open(/*max_pending=*/2);
  const int64_t now = clock::WallMillis();
  for (int i = 0; i < 6; ++i) Park("m" + std::to_string(i), now + 300 - 40 * i);
  auto arrived = WaitForDelivered(6);
  ASSERT_EQ(arrived.size(), 6u);
  EXPECT_LE(max_pending_seen_, 2u);
  for (const Arrived& a : arrived) EXPECT_GE(a.store_timestamp, a.due) << a.body;
}

TEST_F(TimerMessageServiceTest, AReopenDeliversWhatIsPendingAndNothingTwice) {
  Open();
  const int64_t now = clock::WallMillis();
  Park("soon", now + 50);
  Park("later", now + 1500);
  ASSERT_EQ(WaitForDelivered(1).size(), 1u);
  Reopen();
  auto arrived = WaitForDelivered(2);
  ASSERT_EQ(arrived.size(), 2u);
  EXPECT_EQ(arrived[0].body, "soon");
  EXPECT_EQ(arrived[1].body, "later");
  EXPECT_GE(arrived[1].store_timestamp, now + 1500);
  // Nothing more arrives (the first is not delivered again).
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(store_->GetMaxOffsetInQueue("Orders", 0), 2);
}

}  // namespace
}  // namespace timer
}  // namespace broker
}  // namespace rocketmq
