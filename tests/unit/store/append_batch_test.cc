// AppendBatch: puts made while it lives reach the appender together, in order, when it
// ends (or are appended by the batch's own thread when the appender is idle); a store that
// stopped meanwhile refuses them through their callbacks.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/commit_log.h"
#include "store/fault_injection_env.h"
#include "store/message_store.h"
#include "test_records.h"

namespace rocketmq {
namespace store {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kWait{10000};

MessageStoreConfig Config() {
  MessageStoreConfig c;
  c.store_path_root_dir = "/store";
  c.mapped_file_size_commit_log = 64 * 1024;
  c.mapped_file_size_consume_queue = 20 * 100;
  c.max_message_size = 4096;
  c.max_hash_slot_num = 64;
  c.max_index_num = 100;
  c.flush_interval_consume_queue = 10;
  c.clean_resource_interval = 3600 * 1000;
  return c;
}

// Config() with the appender answering puts once appended, not once flushed.
MessageStoreConfig AsyncFlushConfig() {
  MessageStoreConfig c = Config();
  c.flush_disk_type = "ASYNC_FLUSH";
  return c;
}

// A put through the callback form, which a batch holds (the future form hands over).
std::future<PutMessageResult> Put(MessageStore* store, const std::string& records) {
  auto promise = std::make_shared<std::promise<PutMessageResult>>();
  std::future<PutMessageResult> future = promise->get_future();
  store->PutMessage(records, true, [promise](const PutMessageResult& r) { promise->set_value(r); });
  return future;
}

TEST(AppendBatchTest, HeldPutsAreAppendedInOrderWhenTheBatchEnds) {
  FaultInjectionEnv env;
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  std::vector<std::future<PutMessageResult>> puts;
  {
    AppendBatch outer;
    {
      AppendBatch inner;
      puts.push_back(Put(&store, EncodeTestMessage("B", 0, "m0")));
    }
    for (int i = 1; i < 10; ++i) {
      puts.push_back(Put(&store, EncodeTestMessage("B", 0, "m" + std::to_string(i))));
    }
    // Held until the outermost batch ends.
    EXPECT_EQ(puts[0].wait_for(milliseconds(100)), std::future_status::timeout);
  }
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(puts[i].wait_for(kWait), std::future_status::ready);
    PutMessageResult r = puts[i].get();
    ASSERT_TRUE(r.ok()) << r.error.ToString();
    EXPECT_EQ(r.queue_offset, i);
  }
}

TEST(AppendBatchTest, AFutureOfAPutInsideABatchIsNotHeldBack) {
  FaultInjectionEnv env;
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  std::promise<PutMessageResult> held;
  {
    AppendBatch batch;
    store.PutMessage(EncodeTestMessage("B", 0, "callback"), true,
                     [&held](const PutMessageResult& r) { held.set_value(r); });
    // Waiting inside the batch: the future form hands everything held over.
    std::future<PutMessageResult> waited = store.PutMessage(EncodeTestMessage("B", 0, "waited"));
    ASSERT_EQ(waited.wait_for(kWait), std::future_status::ready);
    EXPECT_EQ(waited.get().queue_offset, 1);
  }
  std::future<PutMessageResult> first = held.get_future();
  ASSERT_EQ(first.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(first.get().queue_offset, 0);
}

TEST(AppendBatchTest, AnIdleAppenderLetsTheBatchThreadAppendAndAnswer) {
  FaultInjectionEnv env;
  MessageStore store(AsyncFlushConfig(), &env);
  ASSERT_TRUE(store.Start().ok());
  std::vector<std::thread::id> answered_on;
  std::vector<int64_t> offsets;
  {
    AppendBatch batch;
    for (int i = 0; i < 3; ++i) {
      store.PutMessage(EncodeTestMessage("B", 0, "m" + std::to_string(i)), true,
                       [&](const PutMessageResult& r) {
                         answered_on.push_back(std::this_thread::get_id());
                         offsets.push_back(r.queue_offset);
                       });
    }
  }
  // Nothing else appends: the batch's end stored and answered all three, here, in order.
  ASSERT_EQ(answered_on.size(), 3u);
  for (const auto& id : answered_on) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 1, 2}));
}

// A thread's batches reuse the room of its last hand-over: a later batch must hand over
// only its own puts, each answered once.
TEST(AppendBatchTest, ConsecutiveBatchesOfAThreadHandOverOnlyTheirOwnPuts) {
  FaultInjectionEnv env;
  MessageStore store(AsyncFlushConfig(), &env);
  ASSERT_TRUE(store.Start().ok());
  std::vector<int64_t> offsets;
  int message = 0;
  for (int batch_size : {3, 2, 4}) {
    AppendBatch batch;
    for (int i = 0; i < batch_size; ++i) {
      store.PutMessage(
          EncodeTestMessage("B", 0, "m" + std::to_string(message++)), true,
          [&offsets](const PutMessageResult& r) { offsets.push_back(r.queue_offset); });
    }
  }
  // Idle appender: each batch's end appended and answered its puts here, in order.
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(AppendBatchTest, TheThreadThatAppendedASmallBacklogDispatchesIt) {
  FaultInjectionEnv env;
  MessageStore store(AsyncFlushConfig(), &env);
  std::vector<std::thread::id> dispatched_on;
  store.SetDispatchListener(
      [&](const DispatchRequest&) { dispatched_on.push_back(std::this_thread::get_id()); });
  ASSERT_TRUE(store.Start().ok());
  {
    AppendBatch batch;
    store.PutMessage(EncodeTestMessage("B", 0, "m"), true, [](const PutMessageResult&) {});
  }
  // Dispatched before the batch's end returned, on this thread: no dispatcher wakeup.
  ASSERT_EQ(dispatched_on.size(), 1u);
  EXPECT_EQ(dispatched_on[0], std::this_thread::get_id());
}

TEST(AppendBatchTest, PutsHeldPastShutdownAreRefusedThroughTheirCallbacks) {
  FaultInjectionEnv env;
  MessageStore store(Config(), &env);
  ASSERT_TRUE(store.Start().ok());
  std::future<PutMessageResult> put;
  {
    AppendBatch batch;
    put = Put(&store, EncodeTestMessage("B", 0, "late"));
    store.Shutdown();
  }
  ASSERT_EQ(put.wait_for(kWait), std::future_status::ready);
  EXPECT_EQ(put.get().status, PutMessageStatus::kServiceNotAvailable);
}

}  // namespace
}  // namespace store
}  // namespace rocketmq
