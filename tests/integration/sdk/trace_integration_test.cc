// Message traces through the real namesrv and broker (BrokerCluster with traceTopicEnable):
// a tracing producer's sends (singles, batches, coalesced async sends) and a tracing push or
// lite pull consumer's messages end up as Pub, SubBefore and SubAfter records in
// RMQ_SYS_TRACE_TOPIC, with the traced message ids as the trace messages' keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker_cluster.h"
#include "common/clock.h"
#include "protocol/compression.h"
#include "protocol/message_properties.h"
#include "protocol/response_code.h"
#include "rocketmq/lite_pull_consumer.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"
#include "rocketmq/transaction_producer.h"

namespace rocketmq {
namespace {

using std::chrono::milliseconds;
using testing::BrokerCluster;

constexpr char kTopic[] = "TracedTopic";
constexpr char kTraceTopic[] = "RMQ_SYS_TRACE_TOPIC";
constexpr int kMessages = 3;

// The records of the trace topic (queue 0, from offset 0) and their messages' keys.
struct Traces {
  std::vector<std::vector<std::string>> records;  // fields of each record
  std::set<std::string> keys;
};

Traces ReadTraces(BrokerCluster& cluster) {
  Traces out;
  for (int64_t offset = 0;;) {
    auto response = cluster.Pull("CG_TRACE_READER", kTraceTopic, 0, offset);
    if (!response.ok() || response->code() != protocol::ResponseCode::kSuccess) return out;
    std::string storage;
    auto records = testing::PulledRecords(*response, &storage);
    if (!records.ok() || records->empty()) return out;
    offset += static_cast<int64_t>(records->size());
    for (const auto& r : *records) {
      // Trace bodies of 4 KiB and more travel compressed, as Java's do.
      int32_t sys_flag = r.sys_flag;
      auto inflated = protocol::DecompressBody(r.body, &sys_flag, 4 << 20);
      if (!inflated.ok()) continue;
      const std::string body = std::move(*inflated);
      size_t start = 0;
      for (size_t end; (end = body.find('\x02', start)) != std::string::npos; start = end + 1) {
        std::vector<std::string> fields;
        const std::string record = body.substr(start, end - start);
        size_t from = 0;
        for (size_t sep; (sep = record.find('\x01', from)) != std::string::npos; from = sep + 1) {
          fields.push_back(record.substr(from, sep - from));
        }
        fields.push_back(record.substr(from));
        out.records.push_back(std::move(fields));
      }
      const auto properties = protocol::DecodeMessageProperties(r.properties);
      auto keys = properties.find(protocol::MessageConst::kPropertyKeys);
      if (keys == properties.end()) continue;
      for (auto key : protocol::SplitKeys(keys->second)) out.keys.insert(std::string(key));
    }
  }
}

TEST(TraceIntegrationTest, SendsAndListenerCallsAreTracedToTheTraceTopic) {
  auto started = BrokerCluster::Start({"--traceTopicEnable=true"});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto& cluster = **started;

  ProducerConfig producer_config;
  producer_config.namesrv_addr = cluster.namesrv_addr();
  producer_config.group = "PG_TRACED";
  producer_config.enable_msg_trace = true;
  Producer producer(producer_config);
  ASSERT_TRUE(producer.Start().ok());
  std::set<std::string> ids;
  for (int i = 0; i < kMessages; ++i) {
    Message message(kTopic, "TagT", "traced " + std::to_string(i));
    message.set_key("key" + std::to_string(i));
    auto sent = producer.Send(message);
    ASSERT_TRUE(sent.ok()) << sent.status().ToString();
    ids.insert(sent->message_id);
  }

  ConsumerConfig consumer_config;
  consumer_config.namesrv_addr = cluster.namesrv_addr();
  consumer_config.group = "CG_TRACED";
  consumer_config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  consumer_config.enable_msg_trace = true;
  PushConsumer consumer(consumer_config);
  ASSERT_TRUE(consumer.Subscribe(kTopic).ok());
  std::atomic<int> consumed{0};
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& messages) {
    consumed.fetch_add(static_cast<int>(messages.size()));
    return ConsumeStatus::kConsumeSuccess;
  });
  ASSERT_TRUE(consumer.Start().ok());
  const auto deadline = clock::Deadline::After(milliseconds(30000));
  while (consumed.load() < kMessages && !deadline.Expired()) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_EQ(consumed.load(), kMessages);
  // Shutdown sends what the dispatchers still hold.
  ASSERT_TRUE(consumer.Shutdown().ok());
  ASSERT_TRUE(producer.Shutdown().ok());

  std::map<std::string, std::set<std::string>> seen;  // record type -> message ids
  Traces traces;
  while (!deadline.Expired()) {
    traces = ReadTraces(cluster);
    seen.clear();
    for (const auto& fields : traces.records) {
      if (fields[0] == "Pub" && fields.size() == 14) seen["Pub"].insert(fields[5]);
      if (fields[0] == "SubBefore" && fields.size() == 8) seen["SubBefore"].insert(fields[5]);
      if (fields[0] == "SubAfter" && fields.size() == 9) seen["SubAfter"].insert(fields[2]);
    }
    if (seen["Pub"] == ids && seen["SubBefore"] == ids && seen["SubAfter"] == ids) break;
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(seen["Pub"], ids);
  EXPECT_EQ(seen["SubBefore"], ids);
  EXPECT_EQ(seen["SubAfter"], ids);
  for (const auto& fields : traces.records) {
    if (fields[0] == "Pub" && ids.count(fields[5])) {
      EXPECT_EQ(fields[2], "DefaultRegion");
      EXPECT_EQ(fields[3], "PG_TRACED");
      EXPECT_EQ(fields[4], kTopic);
      EXPECT_EQ(fields[6], "TagT");
      EXPECT_EQ(fields[8], cluster.broker_addr());
      EXPECT_EQ(fields[11], "0");
      EXPECT_EQ(fields[13], "true");
    }
    if (fields[0] == "SubAfter" && ids.count(fields[2])) {
      EXPECT_EQ(fields[4], "true");
      EXPECT_EQ(fields[6], "0");
      EXPECT_EQ(fields[8], "CG_TRACED");
    }
  }
  for (const auto& id : ids) {
    std::string all;
    for (const auto& k : traces.keys) all += k + " ";
    EXPECT_TRUE(traces.keys.count(id)) << id << " not in " << all;
  }
  EXPECT_TRUE(traces.keys.count("key0"));
}

TEST(TraceIntegrationTest, TransactionsTraceTheHalfMessageAndTheirEnd) {
  auto started = BrokerCluster::Start({"--traceTopicEnable=true"});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto& cluster = **started;
  ProducerConfig config;
  config.namesrv_addr = cluster.namesrv_addr();
  config.group = "PG_TRACED_TXN";
  config.enable_msg_trace = true;
  TransactionProducer producer(config, [](const MessageExt&) { return TransactionState::kCommit; });
  ASSERT_TRUE(producer.Start().ok());
  auto sent = producer.SendInTransaction(
      Message(kTopic, "TagX", "in a transaction"),
      [](const Message&, const SendResult&) { return TransactionState::kCommit; });
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_TRUE(producer.Shutdown().ok());

  const auto deadline = clock::Deadline::After(milliseconds(20000));
  bool pub = false;
  bool end = false;
  while (!(pub && end) && !deadline.Expired()) {
    for (const auto& fields : ReadTraces(cluster).records) {
      // The half message: Trans_Msg_Half.
      if (fields[0] == "Pub" && fields.size() == 14 && fields[5] == sent->message_id) {
        pub = fields[11] == "1" && fields[3] == "PG_TRACED_TXN";
      }
      if (fields[0] == "EndTransaction" && fields.size() == 13 && fields[5] == sent->message_id) {
        end = fields[3] == "PG_TRACED_TXN" && fields[4] == kTopic && fields[6] == "TagX" &&
              fields[8] == cluster.broker_addr() && fields[9] == "2" &&
              fields[11] == "COMMIT_MESSAGE" && fields[12] == "false";
      }
    }
    if (!(pub && end)) std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_TRUE(pub);
  EXPECT_TRUE(end);
}

// A batch is one Pub record with the comma-joined ids (Java's MessageBatch); coalesced async
// singles are one record each; a lite pull consumer traces each pulled message as consumed.
TEST(TraceIntegrationTest, BatchesCoalescedSendsAndLitePullsAreTraced) {
  auto started = BrokerCluster::Start({"--traceTopicEnable=true"});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto& cluster = **started;

  ProducerConfig producer_config;
  producer_config.namesrv_addr = cluster.namesrv_addr();
  producer_config.group = "PG_TRACED_BATCH";
  producer_config.enable_msg_trace = true;
  producer_config.coalesce_async_sends = true;
  Producer producer(producer_config);
  ASSERT_TRUE(producer.Start().ok());
  std::vector<Message> batch{Message(kTopic, "TagB", "b0"), Message(kTopic, "TagB", "b1")};
  auto batch_sent = producer.SendBatch(batch);
  ASSERT_TRUE(batch_sent.ok()) << batch_sent.status().ToString();
  // Far more than the coalescer's four requests in flight: most travel in coalesced batches.
  constexpr int kAsync = 200;
  std::mutex mu;
  std::set<std::string> async_ids;
  std::atomic<int> answered{0};
  for (int i = 0; i < kAsync; ++i) {
    Message message(kTopic, "TagC", "c" + std::to_string(i));
    message.set_key("ck" + std::to_string(i));
    ASSERT_TRUE(producer
                    .SendAsync(message,
                               [&](const Result<SendResult>& result) {
                                 if (result.ok()) {
                                   std::lock_guard<std::mutex> lock(mu);
                                   async_ids.insert(result->message_id);
                                 }
                                 answered.fetch_add(1);
                               })
                    .ok());
  }
  const auto deadline = clock::Deadline::After(milliseconds(30000));
  while (answered.load() < kAsync && !deadline.Expired()) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_EQ(answered.load(), kAsync);
  ASSERT_EQ(async_ids.size(), static_cast<size_t>(kAsync));

  ConsumerConfig consumer_config;
  consumer_config.namesrv_addr = cluster.namesrv_addr();
  consumer_config.group = "CG_TRACED_LITE";
  consumer_config.consume_from_where = ConsumeFromWhere::kFirstOffset;
  consumer_config.enable_msg_trace = true;
  LitePullConsumer consumer(consumer_config);
  ASSERT_TRUE(consumer.Subscribe(kTopic).ok());
  ASSERT_TRUE(consumer.Start().ok());
  std::set<std::string> polled;
  while (polled.size() < kAsync + batch.size() && !deadline.Expired()) {
    auto messages = consumer.Poll(milliseconds(200));
    ASSERT_TRUE(messages.ok()) << messages.status().ToString();
    for (const auto& m : *messages) polled.insert(m.msg_id());
  }
  ASSERT_EQ(polled.size(), kAsync + batch.size());
  ASSERT_TRUE(consumer.Shutdown().ok());
  ASSERT_TRUE(producer.Shutdown().ok());

  std::set<std::string> pub;
  std::map<std::string, std::vector<std::string>> pub_fields;
  std::set<std::string> before;
  std::set<std::string> after;
  Traces traces;
  while (!deadline.Expired()) {
    traces = ReadTraces(cluster);
    for (const auto& fields : traces.records) {
      if (fields[0] == "Pub" && fields.size() == 14) {
        pub.insert(fields[5]);
        pub_fields[fields[5]] = fields;
      }
      if (fields[0] == "SubBefore" && fields.size() == 8 && fields[3] == "CG_TRACED_LITE") {
        before.insert(fields[5]);
      }
      if (fields[0] == "SubAfter" && fields.size() == 9 && fields[8] == "CG_TRACED_LITE" &&
          fields[4] == "true") {
        after.insert(fields[2]);
      }
    }
    if (pub.count(batch_sent->message_id) &&
        std::includes(pub.begin(), pub.end(), async_ids.begin(), async_ids.end()) &&
        before == polled && after == polled) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(pub.count(batch_sent->message_id))
      << batch_sent->message_id << " pub " << pub.size() << " before " << before.size() << " after "
      << after.size() << " records " << traces.records.size();
  const auto& batch_record = pub_fields[batch_sent->message_id];
  EXPECT_NE(batch_sent->message_id.find(','), std::string::npos);
  EXPECT_EQ(batch_record[6], "null");
  EXPECT_EQ(batch_record[12], batch_sent->offset_message_id);
  for (const auto& id : async_ids) {
    ASSERT_TRUE(pub.count(id)) << id << " has no Pub record";
    EXPECT_EQ(pub_fields[id][6], "TagC");
    EXPECT_EQ(pub_fields[id][7].substr(0, 2), "ck");
    EXPECT_EQ(pub_fields[id][12].find(','), std::string::npos);
    EXPECT_TRUE(traces.keys.count(id));
  }
  EXPECT_EQ(before, polled);
  EXPECT_EQ(after, polled);
}

}  // namespace
}  // namespace rocketmq
