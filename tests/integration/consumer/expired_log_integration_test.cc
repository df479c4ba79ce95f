// A fresh push consumer group against a broker that has expired its oldest CommitLog files:
// from the first offset it must be moved past what is gone (PULL_OFFSET_MOVED) and then get
// every message still stored, rather than be moved back to the same place again and again.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "consumer/received_messages.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;
using Received = testing::ReceivedMessages;

constexpr char kTopic[] = "ExpiredLogTopic";
constexpr int kQueues = 4;
constexpr int kMessages = 1200;
// 1 MiB CommitLog files: 1200 messages of ~2.2 KB fill about three of them.
constexpr size_t kBodySize = 2000;
constexpr int64_t kCommitLogFileSize = 1048576;

// Every hour is a deletion hour and files are kept 0 hours: each CommitLog file but the one
// being written is expired at the store's next clean (every 100 ms). ConsumeQueue files of
// 40 entries, so that expiry also removes whole ConsumeQueue files and what is left spans several.
std::vector<std::string> ExpiringStoreArgs() {
  std::string every_hour;
  for (int h = 0; h < 24; ++h) {
    every_hour += (h == 0 ? "" : ";") + std::string(h < 10 ? "0" : "") + std::to_string(h);
  }
  return {"--mappedFileSizeCommitLog=" + std::to_string(kCommitLogFileSize),
          "--maxMessageSize=65536",
          "--mappedFileSizeConsumeQueue=800",
          "--fileReservedTime=0",
          "--deleteWhen=" + every_hour,
          "--cleanResourceInterval=100"};
}

// The start offset of the oldest CommitLog file (its name); -1 without any.
int64_t OldestCommitLogFile(const std::string& store_dir) {
  int64_t oldest = -1;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(store_dir + "/commitlog", ec)) {
    if (!entry.is_regular_file()) continue;
    const int64_t start = std::stoll(entry.path().filename().string());
    if (oldest < 0 || start < oldest) oldest = start;
  }
  return oldest;
}

// The CommitLog offset an offset message id ends with (16 hex digits, after the store host).
int64_t CommitLogOffset(const std::string& offset_message_id) {
  return static_cast<int64_t>(
      std::stoull(offset_message_id.substr(offset_message_id.size() - 16), nullptr, 16));
}

Result<int64_t> QueueOffset(BrokerCluster& cluster, int32_t code, int32_t queue_id) {
  protocol::GetMaxOffsetRequestHeader header;
  header.topic = kTopic;
  header.queue_id = queue_id;
  auto response = cluster.Call(remoting::RemotingCommand::CreateRequest(code, header.Encode()));
  if (!response.ok()) return response.status();
  auto decoded = protocol::OffsetResponseHeader::Decode(response->ext_fields());
  if (!decoded.ok()) return decoded.status();
  return decoded->offset;
}

// The offset the broker holds for `group` on a queue of kTopic; -1 while it has none.
int64_t CommittedOffset(BrokerCluster& cluster, const std::string& group, int32_t queue_id) {
  protocol::QueryConsumerOffsetRequestHeader header;
  header.consumer_group = group;
  header.topic = kTopic;
  header.queue_id = queue_id;
  auto response = cluster.Call(remoting::RemotingCommand::CreateRequest(
      protocol::RequestCode::kQueryConsumerOffset, header.Encode()));
  if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) return -1;
  auto decoded = protocol::OffsetResponseHeader::Decode(response->ext_fields());
  return decoded.ok() ? decoded->offset : -1;
}

TEST(ExpiredLogIntegrationTest, FreshGroupFromFirstOffsetGetsEverythingStillStored) {
  auto started = BrokerCluster::Start(ExpiringStoreArgs());
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  BrokerCluster& cluster = **started;

  ProducerConfig producer_config;
  producer_config.namesrv_addr = cluster.namesrv_addr();
  producer_config.group = "PG_EXPIRED_LOG_IT";
  Producer producer(producer_config);
  ASSERT_TRUE(producer.Start().ok());
  // CommitLog offset of every body sent.
  std::map<std::string, int64_t> sent;
  const std::string padding(kBodySize, 'x');
  for (int i = 0; i < kMessages; ++i) {
    const std::string body = "m" + std::to_string(i) + "-" + padding;
    auto result = producer.Send(Message(kTopic, "", body));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    sent[body] = CommitLogOffset(result->offset_message_id);
  }
  ASSERT_TRUE(producer.Shutdown().ok());

  // Cleaning ends when only the file holding the last message is left (and the one
  // preallocated after it): those are never expired, so what is stored then stays stored.
  // Waiting for every queue's minimum to move too makes the consumer's first pulls meet
  // PULL_OFFSET_MOVED.
  int64_t last_offset = 0;
  for (const auto& [body, offset] : sent) last_offset = std::max(last_offset, offset);
  const int64_t written_file = last_offset / kCommitLogFileSize * kCommitLogFileSize;
  const auto deadline = clock::Deadline::After(std::chrono::seconds(20));
  for (;;) {
    bool settled = OldestCommitLogFile(cluster.store_dir()) == written_file;
    for (int32_t q = 0; q < kQueues && settled; ++q) {
      auto min = QueueOffset(cluster, protocol::RequestCode::kGetMinOffset, q);
      ASSERT_TRUE(min.ok()) << min.status().ToString();
      settled = *min > 0;
    }
    if (settled) break;
    ASSERT_FALSE(deadline.Expired()) << "the broker did not expire the older CommitLog files";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::set<std::string> stored;
  for (const auto& [body, offset] : sent) {
    if (offset >= written_file) stored.insert(body);
  }
  ASSERT_FALSE(stored.empty());
  ASSERT_LT(stored.size(), sent.size());

  ConsumerConfig config;
  config.namesrv_addr = cluster.namesrv_addr();
  config.group = "CG_EXPIRED_LOG_IT";
  config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  config.rebalance_interval_ms = 1000;
  config.persist_consumer_offset_interval_ms = 500;
  Received received;
  PushConsumer consumer(config);
  ASSERT_TRUE(consumer.Subscribe(kTopic, "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    for (const auto& m : messages) received.Add(m);
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  EXPECT_TRUE(received.WaitFor(stored))
      << "received " << received.distinct() << " of the " << stored.size() << " still stored";
  // Settled: the group's offsets reach the end of every queue rather than being moved again.
  std::map<int32_t, int64_t> max_offsets;
  for (int32_t q = 0; q < kQueues; ++q) {
    auto max = QueueOffset(cluster, protocol::RequestCode::kGetMaxOffset, q);
    ASSERT_TRUE(max.ok()) << max.status().ToString();
    max_offsets[q] = *max;
  }
  const auto settle = clock::Deadline::After(std::chrono::seconds(10));
  for (int32_t q = 0; q < kQueues; ++q) {
    while (CommittedOffset(cluster, config.group, q) != max_offsets[q] && !settle.Expired()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(CommittedOffset(cluster, config.group, q), max_offsets[q]) << "queue " << q;
  }
  EXPECT_TRUE(consumer.Shutdown(std::chrono::seconds(5)).ok());
}

}  // namespace
}  // namespace rocketmq
