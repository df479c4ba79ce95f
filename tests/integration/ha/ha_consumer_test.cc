// The SDK's push consumer across a master failure, against real namesrv + master + slave
// processes (slaveReadEnable=true): while the master is killed the consumer reads what was
// replicated before the kill from the slave, and when the master is back it returns to it,
// committing its offsets there; a consumer of another group started while the master is down
// consumes from the slave alone. Nothing is lost; redeliveries are allowed and counted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "consumer/received_messages.h"
#include "ha_cluster.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace testing {
namespace {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;

constexpr char kTopic[] = "HaFailoverTopic";
constexpr char kGroup[] = "CG_HA_FAILOVER";
// A group that first starts while the master is down.
constexpr char kLateGroup[] = "CG_HA_FAILOVER_LATE";
// The queues a topic gets when a producer creates it (the producer's default).
constexpr int32_t kQueues = 4;

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  while (!deadline.Expired()) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

// Short route, heartbeat and long-poll periods: the master's departure and return must be
// noticed within seconds, not Java's default 30 s.
template <typename Config>
Config Fast(Config config, const std::string& namesrv) {
  config.namesrv_addr = namesrv;
  config.poll_name_server_interval_ms = 500;
  config.heartbeat_broker_interval_ms = 500;
  return config;
}

// Sends bodies prefix0..prefixN-1 with a fresh producer, retrying each (bounded) while the
// route still names a master that is gone.
std::set<std::string> Produce(const std::string& namesrv, const std::string& prefix, int count) {
  ProducerConfig config = Fast(ProducerConfig(), namesrv);
  config.group = "PG_HA_FAILOVER";
  Producer producer(config);
  EXPECT_TRUE(producer.Start().ok());
  std::set<std::string> bodies;
  for (int i = 0; i < count; ++i) {
    const std::string body = prefix + std::to_string(i);
    Status sent = Status::Internal("not sent");
    for (int attempt = 0; attempt < 100 && !sent.ok(); ++attempt) {
      auto result = producer.Send(Message(kTopic, body));
      sent = result.ok() ? Status::OK() : result.status();
      if (!sent.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(sent.ok()) << sent.ToString();
    bodies.insert(body);
  }
  EXPECT_TRUE(producer.Shutdown().ok());
  return bodies;
}

// The sum of `group`'s committed offsets over the topic's queues on `addr`.
int64_t CommittedTotal(HaCluster* cluster, const std::string& addr,
                       const std::string& group = kGroup) {
  int64_t sum = 0;
  for (int32_t queue_id = 0; queue_id < kQueues; ++queue_id) {
    protocol::QueryConsumerOffsetRequestHeader header;
    header.consumer_group = group;
    header.topic = kTopic;
    header.queue_id = queue_id;
    auto response = cluster->Call(
        addr, remoting::RemotingCommand::CreateRequest(rq::kQueryConsumerOffset, header.Encode()));
    if (!response.ok() || response->code() != rc::kSuccess) return -1;
    auto offset = protocol::OffsetResponseHeader::Decode(response->ext_fields());
    if (!offset.ok()) return -1;
    sum += offset->offset;
  }
  return sum;
}

TEST(HaConsumerTest, PushConsumerReadsTheSlaveWhileTheMasterIsDownAndReturns) {
  auto started = HaCluster::Start({});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto cluster = std::move(*started);
  const std::string namesrv = cluster->namesrv_addr();

  const auto before = Produce(namesrv, "before-", 40);
  // A slave serves only topics it knows: its metadata sync (every 10 s) brings this one.
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto topics =
            cluster->Call(cluster->slave_addr(),
                          remoting::RemotingCommand::CreateRequest(rq::kGetAllTopicConfig));
        return topics.ok() && topics->body().Flatten().find(std::string("\"") + kTopic + "\"") !=
                                  std::string::npos;
      },
      std::chrono::seconds(20)));

  ConsumerConfig config = Fast(ConsumerConfig(), namesrv);
  config.group = kGroup;
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 500;
  config.persist_consumer_offset_interval_ms = 200;
  // A pull held by the slave ends within 2 s, and its answer sends the consumer back to the
  // master (suggestWhichBrokerId 0) once the master is routed again.
  config.broker_suspend_max_time_ms = 2000;
  ReceivedMessages received;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  ASSERT_TRUE(received.WaitFor(before)) << received.distinct();
  ASSERT_TRUE(WaitUntil([&] { return CommittedTotal(cluster.get(), cluster->master_addr()) == 40; },
                        std::chrono::seconds(20)));

  // Sent while the consumer pulls nothing, replicated, and the master killed: only the slave
  // can deliver these.
  consumer.Suspend();
  // Pulls the master already holds end within broker_suspend_max_time_ms; none of them may
  // carry the messages below.
  std::this_thread::sleep_for(std::chrono::milliseconds(config.broker_suspend_max_time_ms + 500));
  const auto during = Produce(namesrv, "during-", 40);
  ASSERT_TRUE(cluster->WaitForSlaveToCatchUp().ok());
  ASSERT_TRUE(cluster->KillMaster().ok());
  consumer.Resume();
  EXPECT_TRUE(received.WaitFor(during)) << received.distinct();
  // Offsets consumed from the slave were committed to the slave meanwhile (the master is gone).
  EXPECT_TRUE(WaitUntil([&] { return CommittedTotal(cluster.get(), cluster->slave_addr()) == 80; },
                        std::chrono::seconds(20)));

  // A consumer that starts now knows only the slave: it heartbeats it, gets the group's
  // members and its start offsets from it, and consumes everything there is.
  ConsumerConfig late_config = config;
  late_config.group = kLateGroup;
  ReceivedMessages late_received;
  PushConsumer late(late_config);
  ASSERT_TRUE(late.Subscribe(kTopic, "*").ok());
  late.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) late_received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(late.Start().ok());
  EXPECT_TRUE(late_received.WaitFor(before)) << late_received.distinct();
  EXPECT_TRUE(late_received.WaitFor(during)) << late_received.distinct();
  EXPECT_TRUE(WaitUntil(
      [&] { return CommittedTotal(cluster.get(), cluster->slave_addr(), kLateGroup) == 80; },
      std::chrono::seconds(20)));
  ASSERT_TRUE(late.Shutdown(std::chrono::seconds(5)).ok());

  ASSERT_TRUE(cluster->StartMaster().ok());
  const auto after = Produce(namesrv, "after-", 40);
  EXPECT_TRUE(received.WaitFor(after)) << received.distinct();
  // Back on the master: it holds every offset consumed, including those consumed from the
  // slave while it was down.
  EXPECT_TRUE(
      WaitUntil([&] { return CommittedTotal(cluster.get(), cluster->master_addr()) == 120; },
                std::chrono::seconds(30)))
      << CommittedTotal(cluster.get(), cluster->master_addr());
  ASSERT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
  RecordProperty("duplicates", received.duplicates());
  std::printf("failover: %zu distinct messages, %d redelivered\n", received.distinct(),
              received.duplicates());
}

}  // namespace
}  // namespace testing
}  // namespace rocketmq
