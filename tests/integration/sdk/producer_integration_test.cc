// The SDK's producer against the real namesrv and broker programs (started on loopback by
// the broker tests' BrokerCluster): every kind of send must be stored exactly as sent.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <signal.h>

#include "broker/broker_cluster.h"
#include "protocol/admin_headers.h"
#include "protocol/compression.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"
#include "rocketmq/producer.h"
#include "support/temp_dir.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
using testing::BrokerCluster;

class ProducerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
    config_.namesrv_addr = cluster_->namesrv_addr();
    config_.group = "PG_SDK_IT";
  }

  // The stored records of `queue` from `offset` on (waits until `count` are there).
  std::vector<protocol::MessageRecord> Stored(const MessageQueue& queue, int64_t offset, int count,
                                              std::string* storage) {
    EXPECT_TRUE(cluster_->WaitForMaxOffset(queue.topic, queue.queue_id, offset + count).ok());
    auto response = cluster_->Pull("CG_SDK_IT", queue.topic, queue.queue_id, offset);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return {};
    auto records = testing::PulledRecords(*response, storage);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : std::vector<protocol::MessageRecord>{};
  }

  std::unique_ptr<BrokerCluster> cluster_;
  ProducerConfig config_;
};

TEST_F(ProducerIntegrationTest, EveryKindOfSendIsStoredAsSent) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  const std::string topic = "SdkItTopic";
  // The first send creates the topic through the TBW102 template.
  auto first = producer.Send(Message(topic, "TagA", "first"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  const MessageQueue queue = first->queue;

  Message keyed(topic, "TagB", "sync");
  keyed.set_keys({"k1", "k2"});
  keyed.set_property("color", "blue");
  auto sync = producer.Send(keyed, queue);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_EQ(sync->queue_offset, first->queue_offset + 1);

  std::promise<Result<SendResult>> async_done;
  ASSERT_TRUE(producer
                  .SendAsync(Message(topic, "async"), queue,
                             [&](const Result<SendResult>& r) { async_done.set_value(r); })
                  .ok());
  auto async_future = async_done.get_future();
  ASSERT_EQ(async_future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto async = async_future.get();
  ASSERT_TRUE(async.ok()) << async.status().ToString();

  auto batch =
      producer.SendBatch({Message(topic, "b0"), Message(topic, "b1"), Message(topic, "b2")}, queue);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();

  const std::string big(8192, 'q');
  auto compressed = producer.Send(Message(topic, big), queue);
  ASSERT_TRUE(compressed.ok()) << compressed.status().ToString();

  ASSERT_TRUE(producer.SendOneway(Message(topic, "oneway"), queue).ok());

  std::string storage;
  auto records = Stored(queue, first->queue_offset, 8, &storage);
  ASSERT_EQ(records.size(), 8u);
  std::vector<std::string> bodies;
  for (const auto& r : records) {
    std::string body(r.body);
    if (protocol::MessageSysFlag::IsCompressed(r.sys_flag)) {
      int32_t flag = r.sys_flag;
      auto inflated = protocol::DecompressBody(r.body, &flag, 1 << 20);
      ASSERT_TRUE(inflated.ok());
      body = *inflated;
    }
    bodies.push_back(body);
  }
  EXPECT_EQ(bodies,
            (std::vector<std::string>{"first", "sync", "async", "b0", "b1", "b2", big, "oneway"}));
  auto props = protocol::DecodeMessageProperties(records[1].properties);
  EXPECT_EQ(props["TAGS"], "TagB");
  EXPECT_EQ(props["KEYS"], "k1 k2");
  EXPECT_EQ(props["color"], "blue");
  EXPECT_EQ(props["UNIQ_KEY"], sync->message_id);
  std::string batch_ids;
  for (int i = 3; i < 6; ++i) {
    batch_ids +=
        (i > 3 ? "," : "") + protocol::DecodeMessageProperties(records[i].properties)["UNIQ_KEY"];
  }
  EXPECT_EQ(batch_ids, batch->message_id);
  EXPECT_TRUE(protocol::MessageSysFlag::IsCompressed(records[6].sys_flag));
  EXPECT_EQ(sync->offset_message_id.size(), 32u);
  EXPECT_TRUE(producer.Shutdown().ok());
}

TEST_F(ProducerIntegrationTest, OrderlyAndDelayedSends) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  std::set<MessageQueue> queues;
  for (int i = 0; i < 10; ++i) {
    auto r = producer.SendOrderly(Message("SdkItOrder", "step " + std::to_string(i)), "order-7");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    queues.insert(r->queue);
  }
  EXPECT_EQ(queues.size(), 1u);
  Message delayed("SdkItDelay", "later");
  delayed.set_delay_level(1);
  auto r = producer.Send(delayed);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, SendStatus::kSendOk);
  auto queues_of_topic = producer.FetchPublishQueues("SdkItOrder");
  ASSERT_TRUE(queues_of_topic.ok());
  EXPECT_FALSE(queues_of_topic->empty());
}

TEST_F(ProducerIntegrationTest, ManyAsyncSendsAllComplete) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  ASSERT_TRUE(producer.Send(Message("SdkItAsync", "warm-up")).ok());
  std::mutex mu;
  std::condition_variable cv;
  int ok = 0;
  int failed = 0;
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(producer
                    .SendAsync(Message("SdkItAsync", std::to_string(i)),
                               [&](const Result<SendResult>& r) {
                                 std::lock_guard<std::mutex> lock(mu);
                                 (r.ok() ? ok : failed)++;
                                 cv.notify_all();
                               })
                    .ok());
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return ok + failed == kCount; }));
  EXPECT_EQ(failed, 0);
}

// Coalesced async sends from two threads: every message is stored once, where its own
// SendResult says (queue and offset), with the id that result names, and a delayed message
// among them still leaves alone with its delay.
TEST_F(ProducerIntegrationTest, CoalescedAsyncSendsEachGetTheirOwnResult) {
  config_.coalesce_async_sends = true;
  config_.coalesce_max_messages = 64;
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  const std::string topic = "SdkItCoalesced";
  ASSERT_TRUE(producer.Send(Message(topic, "warm-up")).ok());
  constexpr int kPerThread = 1500;
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, Result<SendResult>> results;  // by body
  auto send_all = [&](const std::string& prefix) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string body = prefix + std::to_string(i);
      Status started =
          producer.SendAsync(Message(topic, body), [&, body](const Result<SendResult>& r) {
            std::lock_guard<std::mutex> lock(mu);
            results.emplace(body, r);
            cv.notify_all();
          });
      ASSERT_TRUE(started.ok()) << started.ToString();
    }
  };
  std::thread other(send_all, "b-");
  send_all("a-");
  other.join();
  Message delayed(topic, "delayed");
  delayed.set_delay_level(1);
  std::promise<Result<SendResult>> delayed_result;
  ASSERT_TRUE(
      producer.SendAsync(delayed, [&](const Result<SendResult>& r) { delayed_result.set_value(r); })
          .ok());
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30),
                            [&] { return results.size() == 2u * kPerThread; }));
  }
  auto delayed_answer = delayed_result.get_future().get();
  ASSERT_TRUE(delayed_answer.ok()) << delayed_answer.status().ToString();

  std::set<std::pair<int, int64_t>> places;
  std::set<std::string> ids;
  std::map<int, std::pair<int64_t, int64_t>> span;  // queue -> [min, max] offset
  for (const auto& [body, result] : results) {
    ASSERT_TRUE(result.ok()) << body << ": " << result.status().ToString();
    EXPECT_TRUE(places.emplace(result->queue.queue_id, result->queue_offset).second) << body;
    EXPECT_TRUE(ids.insert(result->message_id).second) << body;
    EXPECT_EQ(result->message_id.find(','), std::string::npos) << body;
    auto& s = span.try_emplace(result->queue.queue_id, result->queue_offset, result->queue_offset)
                  .first->second;
    s.first = std::min(s.first, result->queue_offset);
    s.second = std::max(s.second, result->queue_offset);
  }
  // Each stored record is the message its result placed there, under that result's id.
  std::map<std::pair<int, int64_t>, std::string> body_at;
  for (const auto& [body, result] : results) {
    body_at[{result->queue.queue_id, result->queue_offset}] = body;
  }
  size_t checked = 0;
  for (const auto& [queue_id, range] : span) {
    MessageQueue queue{topic, results.begin()->second->queue.broker_name, queue_id};
    for (int64_t offset = range.first; offset <= range.second;) {
      std::string storage;
      auto records = Stored(queue, offset, 1, &storage);
      ASSERT_FALSE(records.empty()) << "queue " << queue_id << " offset " << offset;
      for (const auto& record : records) {
        auto it = body_at.find({queue_id, record.queue_offset});
        if (it != body_at.end()) {
          EXPECT_EQ(std::string(record.body), it->second);
          EXPECT_EQ(protocol::DecodeMessageProperties(record.properties)["UNIQ_KEY"],
                    results.at(it->second)->message_id);
          ++checked;
        }
        offset = record.queue_offset + 1;
      }
    }
  }
  EXPECT_EQ(checked, results.size());
  EXPECT_TRUE(producer.Shutdown().ok());
}

// Async batches, to queues of the SDK's choosing and to a given one: each is stored whole and
// in order, under the ids its SendResult names.
TEST_F(ProducerIntegrationTest, AsyncBatchesAreStoredWithTheirIds) {
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  const std::string topic = "SdkItAsyncBatch";
  auto first = producer.Send(Message(topic, "first"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto batch_of = [&](int count, const std::string& prefix) {
    std::vector<Message> batch;
    for (int i = 0; i < count; ++i) batch.push_back(Message(topic, prefix + std::to_string(i)));
    return batch;
  };
  std::vector<std::vector<Message>> batches;
  std::vector<std::future<Result<SendResult>>> results;
  for (int b = 0; b < 8; ++b) {
    batches.push_back(batch_of(5, "batch" + std::to_string(b) + "-"));
    results.push_back(producer.SendBatchAsync(batches.back()));
  }
  std::promise<Result<SendResult>> to_queue;
  batches.push_back(batch_of(3, "queued-"));
  ASSERT_TRUE(producer
                  .SendBatchAsync(batches.back(), first->queue,
                                  [&](const Result<SendResult>& r) { to_queue.set_value(r); })
                  .ok());
  results.push_back(to_queue.get_future());

  for (size_t b = 0; b < results.size(); ++b) {
    ASSERT_EQ(results[b].wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto result = results[b].get();
    ASSERT_TRUE(result.ok()) << "batch " << b << ": " << result.status().ToString();
    if (b + 1 == results.size()) {
      EXPECT_EQ(result->queue, first->queue);
    }
    const auto& batch = batches[b];
    std::string storage;
    auto records =
        Stored(result->queue, result->queue_offset, static_cast<int>(batch.size()), &storage);
    ASSERT_GE(records.size(), batch.size()) << "batch " << b;
    std::string ids;
    for (size_t i = 0; i < batch.size(); ++i) {
      EXPECT_EQ(std::string(records[i].body), batch[i].body()) << "batch " << b;
      ids +=
          (i > 0 ? "," : "") + protocol::DecodeMessageProperties(records[i].properties)["UNIQ_KEY"];
    }
    EXPECT_EQ(ids, result->message_id) << "batch " << b;
  }
  EXPECT_TRUE(producer.Shutdown().ok());
}

// Two brokers in one cluster; one is killed mid-stream. Every later sync send still
// succeeds, on the survivor: the dead broker costs retries, never a lost send.
TEST_F(ProducerIntegrationTest, SendsMoveToTheSurvivingBrokerWhenOneIsKilled) {
  auto dir = testing::TempDir::Create("rmq-sdk-second-broker");
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  std::vector<std::string> args = testing::BrokerArgs(cluster_->namesrv_addr(), dir->File("store"));
  args.push_back("--brokerName=broker-it-b");
  auto second = testing::ChildProcess::Spawn(BROKER_BIN, args);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_TRUE((*second)->WaitForListening(testing::kStartTimeout).ok());

  // The topic exists on both brokers, as an operator creates it (auto-creation would put it
  // only on the broker that received the first send).
  const std::string second_addr = *(*second)->WaitForListening(testing::kStartTimeout);
  for (const std::string& addr : {cluster_->broker_addr(), second_addr}) {
    protocol::CreateTopicRequestHeader header;
    header.topic = "TwoBrokerTopic";
    header.read_queue_nums = header.write_queue_nums = 4;
    header.perm = 6;
    auto request = remoting::RemotingCommand::CreateRequest(
        protocol::RequestCode::kUpdateAndCreateTopic, header.Encode());
    auto response = cluster_->Call(std::move(request), addr);
    ASSERT_TRUE(response.ok() && response->code() == 0) << addr;
  }

  config_.send_timeout_ms = 2000;
  Producer producer(config_);
  ASSERT_TRUE(producer.Start().ok());
  // Registration with the nameserver follows topic creation: wait until the route names both.
  std::set<std::string> route_brokers;
  for (int attempt = 0; attempt < 50 && route_brokers.size() < 2; ++attempt) {
    route_brokers.clear();
    auto queues = producer.FetchPublishQueues("TwoBrokerTopic");
    if (queues.ok()) {
      for (const auto& q : *queues) route_brokers.insert(q.broker_name);
    }
    if (route_brokers.size() < 2) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_EQ(route_brokers.size(), 2u);

  std::set<std::string> before;
  for (int i = 0; i < 16; ++i) {
    auto result = producer.Send(Message("TwoBrokerTopic", "before-" + std::to_string(i)));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    before.insert(result->queue.broker_name);
  }
  EXPECT_EQ(before.size(), 2u) << "sends should have been spread over both brokers";

  cluster_->broker().Signal(SIGKILL);
  ASSERT_TRUE(cluster_->broker().WaitForExit(testing::kStartTimeout).ok());
  for (int i = 0; i < 16; ++i) {
    auto result = producer.Send(Message("TwoBrokerTopic", "after-" + std::to_string(i)));
    ASSERT_TRUE(result.ok()) << "send " << i << " after the kill: " << result.status().ToString();
    EXPECT_EQ(result->queue.broker_name, "broker-it-b");
  }
  EXPECT_TRUE(producer.Shutdown().ok());
}

}  // namespace
}  // namespace rocketmq
