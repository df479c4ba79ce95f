// Process-level tests of the `broker` program: a namesrv and a broker on 127.0.0.1 with
// ephemeral ports and a temporary store, driven with raw remoting requests the way Apache's
// clients and tools send them.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "broker_cluster.h"
#include "common/clock.h"
#include "protocol/admin_headers.h"
#include "protocol/batch_body.h"
#include "protocol/client_headers.h"
#include "protocol/kv_table.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/namesrv_headers.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "protocol/topic_config_wrapper.h"
#include "protocol/topic_route_data.h"

namespace rocketmq {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;
using std::chrono::milliseconds;
using testing::BrokerCluster;

class BrokerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  std::string RouteOf(const std::string& topic) {
    protocol::GetRouteInfoRequestHeader header;
    header.topic = topic;
    auto response = cluster_->Call(
        RemotingCommand::CreateRequest(RequestCode::kGetRouteinfoByTopic, header.Encode()),
        cluster_->namesrv_addr());
    if (!response.ok() || response->code() != ResponseCode::kSuccess) return "";
    return response->body().Flatten();
  }

  bool WaitForRoute(const std::string& topic) { return cluster_->WaitForRoute(topic).ok(); }

  RemotingCommand Heartbeat(const std::string& client_id, const std::string& group,
                            const std::string& topic) {
    const std::string body =
        "{\"clientID\":\"" + client_id +
        "\",\"consumerDataSet\":[{\"consumeFromWhere\":\"CONSUME_FROM_LAST_OFFSET\","
        "\"consumeType\":\"CONSUME_PASSIVELY\",\"groupName\":\"" +
        group +
        "\",\"messageModel\":\"CLUSTERING\",\"subscriptionDataSet\":[{\"classFilterMode\":false,"
        "\"codeSet\":[],\"expressionType\":\"TAG\",\"subString\":\"*\",\"subVersion\":1,"
        "\"tagsSet\":[],\"topic\":\"" +
        topic + "\"}],\"unitMode\":false}],\"producerDataSet\":[]}";
    auto request = RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
    request.set_body(body);
    return request;
  }

  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(BrokerProcessTest, RegistersWithTheNameserver) {
  EXPECT_TRUE(WaitForRoute("TBW102"));
  const std::string route = RouteOf("TBW102");
  EXPECT_NE(route.find("broker-it"), std::string::npos) << route;
  EXPECT_NE(route.find(cluster_->broker_addr()), std::string::npos) << route;
}

TEST_F(BrokerProcessTest, SendThenPullRoundTrip) {
  auto sent = cluster_->Send("RoundTrip", "hello broker", "TagA");
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(sent->code(), ResponseCode::kSuccess) << sent->remark().value_or("");
  auto header = protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->queue_id, 0);
  EXPECT_EQ(header->queue_offset, 0);
  EXPECT_EQ(header->msg_id.size(), 32u);
  ASSERT_TRUE(header->transaction_id.has_value());
  ASSERT_NE(sent->FindExtField("MSG_REGION"), nullptr);

  auto second = cluster_->Send("RoundTrip", "second", "TagB");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(protocol::SendMessageResponseHeader::Decode(second->ext_fields())->queue_offset, 1);

  ASSERT_TRUE(cluster_->WaitForMaxOffset("RoundTrip", 0, 2).ok());
  auto pulled = cluster_->Pull("G1", "RoundTrip", 0, 0);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess) << pulled->remark().value_or("");
  EXPECT_EQ(pulled->remark().value_or(""), "FOUND");
  auto pull_header = protocol::PullMessageResponseHeader::Decode(pulled->ext_fields());
  ASSERT_TRUE(pull_header.ok());
  EXPECT_EQ(pull_header->next_begin_offset, 2);
  EXPECT_EQ(pull_header->max_offset, 2);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].body, "hello broker");
  EXPECT_EQ((*records)[0].topic, "RoundTrip");
  EXPECT_EQ((*records)[0].store_host.ToString(), cluster_->broker_addr());
  auto props = protocol::DecodeMessageProperties((*records)[0].properties);
  EXPECT_EQ(props["TAGS"], "TagA");
  EXPECT_EQ(props["UNIQ_KEY"], *header->transaction_id);
  EXPECT_EQ(props["CLUSTER"], "DefaultCluster");

  // The tag filter runs on the broker.
  auto only_b = cluster_->Pull("G1", "RoundTrip", 0, 0, "TagB");
  ASSERT_TRUE(only_b.ok());
  ASSERT_EQ(only_b->code(), ResponseCode::kSuccess);
  records = testing::PulledRecords(*only_b, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "second");

  // The auto-created topic reaches the nameserver.
  EXPECT_TRUE(WaitForRoute("RoundTrip"));
}

// A pull far behind the queue's end runs on the pull executor, one near it on the I/O
// thread (PullMessageProcessor::CanProcessInline): both walk the queue in order.
TEST_F(BrokerProcessTest, LaggingAndCaughtUpPullsReturnTheQueueInOrder) {
  constexpr int kCount = 100;
  for (int i = 0; i < kCount; ++i) {
    ASSERT_EQ(cluster_->Send("PullOrder", "m" + std::to_string(i))->code(), ResponseCode::kSuccess);
  }
  ASSERT_TRUE(cluster_->WaitForMaxOffset("PullOrder", 0, kCount).ok());
  int64_t offset = 0;
  int expected = 0;
  while (offset < kCount) {
    auto pulled = cluster_->Pull("G1", "PullOrder", 0, offset);
    ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
    ASSERT_EQ(pulled->code(), ResponseCode::kSuccess) << "at offset " << offset;
    std::string storage;
    auto records = testing::PulledRecords(*pulled, &storage);
    ASSERT_TRUE(records.ok());
    ASSERT_FALSE(records->empty());
    for (const auto& record : *records) EXPECT_EQ(record.body, "m" + std::to_string(expected++));
    const int64_t next =
        protocol::PullMessageResponseHeader::Decode(pulled->ext_fields())->next_begin_offset;
    ASSERT_EQ(next, offset + static_cast<int64_t>(records->size()));
    offset = next;
  }
  EXPECT_EQ(expected, kCount);
  auto caught_up = cluster_->Pull("G1", "PullOrder", 0, kCount);
  ASSERT_TRUE(caught_up.ok());
  EXPECT_EQ(caught_up->code(), ResponseCode::kPullNotFound);
}

TEST_F(BrokerProcessTest, BatchSend) {
  // The batch's own properties apply to each message that has no value of its own (its
  // UNIQ_KEY never does); CLUSTER is set, a missing UNIQ_KEY generated, and WAIT and DELAY
  // stay as sent: a batch is never delayed.
  std::string first_props;
  protocol::AppendProperty(&first_props, "x", "own");
  protocol::AppendProperty(&first_props, "UNIQ_KEY", "KEY-one");
  protocol::AppendProperty(&first_props, "DELAY", "3");
  protocol::AppendProperty(&first_props, "CLUSTER", "theirs");
  std::string body;
  for (const auto& [text, props] : {std::pair<std::string, std::string>("one", first_props),
                                    std::pair<std::string, std::string>("two", "")}) {
    const int32_t total =
        20 + static_cast<int32_t>(text.size()) + 2 + static_cast<int32_t>(props.size());
    auto put32 = [&body](int32_t v) {
      for (int shift = 24; shift >= 0; shift -= 8)
        body.push_back(static_cast<char>((v >> shift) & 0xFF));
    };
    put32(total);
    put32(0);
    put32(0);
    put32(0);
    put32(static_cast<int32_t>(text.size()));
    body += text;
    body.push_back(static_cast<char>(props.size() >> 8));
    body.push_back(static_cast<char>(props.size() & 0xFF));
    body += props;
  }
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = "Batch";
  header.queue_id = 1;
  header.batch = true;
  header.born_timestamp = clock::WallMillis();
  header.properties = "x\001batch\002y\001batch\002UNIQ_KEY\001BATCH-KEY\002WAIT\001true\002";
  auto request = RemotingCommand::CreateRequest(RequestCode::kSendBatchMessage, header.EncodeV2());
  request.set_body(body);
  auto sent = cluster_->Call(std::move(request));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(sent->code(), ResponseCode::kSuccess) << sent->remark().value_or("");
  auto response_header = protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
  ASSERT_TRUE(response_header.ok());
  EXPECT_EQ(response_header->msg_id.find(','), 32u);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Batch", 1, 2).ok());
  auto pulled = cluster_->Pull("G1", "Batch", 1, 0);
  ASSERT_TRUE(pulled.ok());
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].body, "one");
  EXPECT_EQ((*records)[1].body, "two");
  // Each msgId is its record's CommitLog offset: the second one's follows from the first's size.
  auto first_id = protocol::DecodeOffsetMessageId(response_header->msg_id.substr(0, 32));
  auto second_id = protocol::DecodeOffsetMessageId(response_header->msg_id.substr(33));
  ASSERT_TRUE(first_id.ok() && second_id.ok()) << response_header->msg_id;
  EXPECT_EQ(first_id->commit_log_offset, (*records)[0].physical_offset);
  EXPECT_EQ(second_id->commit_log_offset, (*records)[1].physical_offset);
  // Byte for byte what encoding the map gives: names in order, each once.
  const protocol::MessageProperties first = {{"CLUSTER", "DefaultCluster"},
                                             {"DELAY", "3"},
                                             {"UNIQ_KEY", "KEY-one"},
                                             {"WAIT", "true"},
                                             {"x", "own"},
                                             {"y", "batch"}};
  EXPECT_EQ((*records)[0].properties, protocol::EncodeMessageProperties(first));
  auto second = protocol::DecodeMessageProperties((*records)[1].properties);
  EXPECT_EQ(second.size(), 5u);
  EXPECT_EQ(second["CLUSTER"], "DefaultCluster");
  EXPECT_EQ(second["WAIT"], "true");
  EXPECT_EQ(second["x"], "batch");
  EXPECT_EQ(second["y"], "batch");
  EXPECT_FALSE(second["UNIQ_KEY"].empty());
  EXPECT_NE(second["UNIQ_KEY"], "BATCH-KEY");
  EXPECT_EQ((*records)[1].properties, protocol::EncodeMessageProperties(second));
}

TEST_F(BrokerProcessTest, SendAnswersComeInTheFormOfTheirRequest) {
  // A batch's answer, then a single send's, in each header form: the binary answer is
  // written straight as bytes, which must be those of the map (keys in its order), and the
  // single send's msgId must not carry the batch's ids before it.
  for (const remoting::SerializeType form :
       {remoting::SerializeType::kJson, remoting::SerializeType::kRocketMQ}) {
    SCOPED_TRACE(remoting::SerializeTypeName(form));
    remoting::RemotingClientOptions options;
    options.serialize_type = form;
    remoting::RemotingClient client(options);
    ASSERT_TRUE(client.Start().ok());
    std::string props;
    protocol::AppendProperty(&props, "UNIQ_KEY", "KEY-batch");
    auto body = protocol::EncodeBatchBody({{0, "one", props}, {0, "two", ""}});
    ASSERT_TRUE(body.ok());
    protocol::SendMessageRequestHeader header;
    header.producer_group = "PG";
    header.topic = "AnswerForm";
    header.batch = true;
    header.born_timestamp = clock::WallMillis();
    auto batch = RemotingCommand::CreateRequest(RequestCode::kSendBatchMessage, header.EncodeV2());
    batch.set_body(*body);
    header.batch = false;
    header.properties = "";
    auto single = RemotingCommand::CreateRequest(RequestCode::kSendMessageV2, header.EncodeV2());
    single.set_body("three");
    for (RemotingCommand* request : {&batch, &single}) {
      const bool is_batch = request == &batch;
      auto sent =
          client.InvokeSync(cluster_->broker_addr(), std::move(*request), testing::kRpcTimeout);
      ASSERT_TRUE(sent.ok()) << sent.status().ToString();
      ASSERT_EQ(sent->code(), ResponseCode::kSuccess) << sent->remark().value_or("");
      EXPECT_EQ(sent->serialize_type(), form);
      std::string bytes;
      if (const std::string* kept = sent->binary_ext_fields()) bytes = *kept;
      auto answer = protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
      ASSERT_TRUE(answer.ok()) << answer.status().ToString();
      EXPECT_EQ(answer->msg_id.size(), is_batch ? 65u : 32u) << answer->msg_id;
      if (is_batch) {
        EXPECT_EQ(answer->transaction_id.value_or(""), "KEY-batch");
      }
      EXPECT_FALSE(answer->transaction_id.value_or("").empty());
      ASSERT_NE(sent->FindExtField("MSG_REGION"), nullptr);
      ASSERT_NE(sent->FindExtField("TRACE_ON"), nullptr);
      if (form == remoting::SerializeType::kRocketMQ) {
        std::string expected;
        for (const auto& [key, value] : sent->ext_fields()) {
          const size_t at = expected.size();
          expected.resize(at + protocol::BinaryFieldSize(key, value));
          protocol::PutBinaryField(key, value, &expected[at]);
        }
        EXPECT_EQ(bytes, expected);
      }
    }
  }
}

TEST_F(BrokerProcessTest, SendBackGoesToRetryThenDlq) {
  ASSERT_EQ(cluster_->Send("SB", "failed once", "TagA")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("SB", 0, 1).ok());
  auto pulled = cluster_->Pull("SBG", "SB", 0, 0);
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok());
  const int64_t offset = (*records)[0].physical_offset;

  protocol::ConsumerSendMsgBackRequestHeader back;
  back.offset = offset;
  back.group = "SBG";
  back.delay_level = 0;
  auto answered = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumerSendMsgBack, back.Encode()));
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  ASSERT_EQ(answered->code(), ResponseCode::kSuccess) << answered->remark().value_or("");
  ASSERT_TRUE(cluster_->WaitForMaxOffset("%RETRY%SBG", 0, 1).ok());
  auto retried = cluster_->Pull("SBG", "%RETRY%SBG", 0, 0);
  ASSERT_EQ(retried->code(), ResponseCode::kSuccess) << retried->remark().value_or("");
  records = testing::PulledRecords(*retried, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "failed once");
  EXPECT_EQ((*records)[0].reconsume_times, 1);
  auto props = protocol::DecodeMessageProperties((*records)[0].properties);
  EXPECT_EQ(props["RETRY_TOPIC"], "SB");
  EXPECT_EQ(props["ORIGIN_MESSAGE_ID"].size(), 32u);

  back.delay_level = -1;
  answered = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumerSendMsgBack, back.Encode()));
  ASSERT_EQ(answered->code(), ResponseCode::kSuccess) << answered->remark().value_or("");
  ASSERT_TRUE(cluster_->WaitForMaxOffset("%DLQ%SBG", 0, 1).ok());

  back.offset = 1LL << 40;
  answered = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumerSendMsgBack, back.Encode()));
  EXPECT_EQ(answered->code(), ResponseCode::kSystemError);
}

// The send-back fallback: a client re-sends a failed message to %RETRY%group itself. Within
// the limit it stays in the retry topic; past the client's maxReconsumeTimes it goes to the
// group's DLQ instead.
TEST_F(BrokerProcessTest, ResentRetryMessagePastTheLimitGoesToTheDlq) {
  auto resend = [&](int32_t reconsume_times, const std::string& body) {
    protocol::SendMessageRequestHeader header;
    header.producer_group = "PG";
    header.topic = "%RETRY%RSG";
    header.queue_id = 0;
    header.born_timestamp = 1;
    header.reconsume_times = reconsume_times;
    header.max_reconsume_times = 2;
    header.properties = "WAIT\001true\002";
    auto request = RemotingCommand::CreateRequest(RequestCode::kSendMessageV2, header.EncodeV2());
    request.set_body(body);
    return cluster_->Call(std::move(request));
  };
  // Apache 4.9: below maxReconsumeTimes the re-send is a retry, at it a dead letter.
  auto within = resend(1, "first retry");
  ASSERT_TRUE(within.ok()) << within.status().ToString();
  ASSERT_EQ(within->code(), ResponseCode::kSuccess) << within->remark().value_or("");
  ASSERT_TRUE(cluster_->WaitForMaxOffset("%RETRY%RSG", 0, 1).ok());

  auto past = resend(2, "second retry");
  ASSERT_TRUE(past.ok()) << past.status().ToString();
  ASSERT_EQ(past->code(), ResponseCode::kSuccess) << past->remark().value_or("");
  ASSERT_TRUE(cluster_->WaitForMaxOffset("%DLQ%RSG", 0, 1).ok());
  std::string storage;
  auto dead = cluster_->Pull("RSG", "%DLQ%RSG", 0, 0);
  ASSERT_EQ(dead->code(), ResponseCode::kSuccess) << dead->remark().value_or("");
  auto records = testing::PulledRecords(*dead, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "second retry");
}

TEST_F(BrokerProcessTest, SingleSendsAreStoredWithoutWait) {
  // Apache 4.9 drops WAIT from what it stores for a single send (BrokerCluster::Send sets it).
  auto sent = cluster_->Send("NoWait", "stored lean");
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(sent->code(), ResponseCode::kSuccess) << sent->remark().value_or("");
  ASSERT_TRUE(cluster_->WaitForMaxOffset("NoWait", 0, 1).ok());
  auto pulled = cluster_->Pull("NWG", "NoWait", 0, 0);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess) << pulled->remark().value_or("");
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 1u);
  const std::string_view properties = (*records)[0].properties;
  EXPECT_FALSE(protocol::FindProperty(properties, "WAIT").has_value()) << properties;
  EXPECT_TRUE(protocol::FindProperty(properties, "UNIQ_KEY").has_value()) << properties;
}

TEST_F(BrokerProcessTest, QueryAndViewMessages) {
  auto sent = cluster_->Send("Lookup", "find me");
  ASSERT_EQ(sent->code(), ResponseCode::kSuccess);
  auto header = protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
  ASSERT_TRUE(header.ok());
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Lookup", 0, 1).ok());

  auto id = protocol::DecodeOffsetMessageId(header->msg_id);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  protocol::ViewMessageRequestHeader view;
  view.offset = id->commit_log_offset;
  auto viewed =
      cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kViewMessageById, view.Encode()));
  ASSERT_EQ(viewed->code(), ResponseCode::kSuccess) << viewed->remark().value_or("");
  std::string storage;
  auto records = testing::PulledRecords(*viewed, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "find me");

  protocol::QueryMessageRequestHeader query;
  query.topic = "Lookup";
  query.key = *header->transaction_id;
  query.max_num = 32;
  query.begin_timestamp = 0;
  query.end_timestamp = INT64_MAX;
  auto request = RemotingCommand::CreateRequest(RequestCode::kQueryMessage, query.Encode());
  request.SetExtField("_UNIQUE_KEY_QUERY", "true");
  auto found = cluster_->Call(std::move(request));
  ASSERT_TRUE(found.ok());
  // The index is written by the dispatcher too; a miss right after the send is possible
  // only before dispatch, which WaitForMaxOffset ruled out.
  ASSERT_EQ(found->code(), ResponseCode::kSuccess) << found->remark().value_or("");
  records = testing::PulledRecords(*found, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_GE(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "find me");

  view.offset = 1LL << 40;
  EXPECT_EQ(
      cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kViewMessageById, view.Encode()))
          ->code(),
      ResponseCode::kSystemError);
}

TEST_F(BrokerProcessTest, HeldLongPollIsReleasedBySend) {
  ASSERT_EQ(cluster_->Send("LongPoll", "warm-up")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("LongPoll", 0, 1).ok());
  std::promise<Result<RemotingCommand>> answered;
  auto future = answered.get_future();
  const auto started = clock::Monotonic::now();
  ASSERT_TRUE(
      cluster_->client()
          .InvokeAsync(cluster_->broker_addr(),
                       BrokerCluster::PullRequest("G1", "LongPoll", 0, 1, 15000),
                       milliseconds(20000),
                       [&answered](Result<RemotingCommand> r) { answered.set_value(std::move(r)); })
          .ok());
  // Nothing to return: the broker holds the pull instead of answering.
  EXPECT_EQ(future.wait_for(milliseconds(300)), std::future_status::timeout);
  ASSERT_EQ(cluster_->Send("LongPoll", "wake up")->code(), ResponseCode::kSuccess);
  ASSERT_EQ(future.wait_for(milliseconds(5000)), std::future_status::ready);
  auto response = future.get();
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(response->code(), ResponseCode::kSuccess) << response->remark().value_or("");
  EXPECT_LT(clock::Monotonic::now() - started, milliseconds(10000));
  std::string storage;
  auto records = testing::PulledRecords(*response, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].body, "wake up");
}

TEST_F(BrokerProcessTest, HeldLongPollTimesOutWithPullNotFound) {
  ASSERT_EQ(cluster_->Send("LongPollTimeout", "x")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("LongPollTimeout", 0, 1).ok());
  const auto started = clock::Monotonic::now();
  auto response = cluster_->Call(BrokerCluster::PullRequest("G1", "LongPollTimeout", 0, 1, 500));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->code(), ResponseCode::kPullNotFound);
  EXPECT_GE(clock::Monotonic::now() - started, milliseconds(450));
}

TEST_F(BrokerProcessTest, ConsumerOffsets) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(cluster_->Send("Offsets", "m")->code(), ResponseCode::kSuccess);
  }
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Offsets", 0, 3).ok());

  protocol::QueryConsumerOffsetRequestHeader query;
  query.consumer_group = "NewGroup";
  query.topic = "Offsets";
  query.queue_id = 0;
  auto answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kQueryConsumerOffset, query.Encode()));
  ASSERT_TRUE(answer.ok());
  // A new group on a queue that still starts at 0 is told 0, as Apache does.
  ASSERT_EQ(answer->code(), ResponseCode::kSuccess);
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(answer->ext_fields())->offset, 0);

  protocol::UpdateConsumerOffsetRequestHeader update;
  update.consumer_group = "G1";
  update.topic = "Offsets";
  update.queue_id = 0;
  update.commit_offset = 2;
  auto updated = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kUpdateConsumerOffset, update.Encode()));
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->code(), ResponseCode::kSuccess);
  query.consumer_group = "G1";
  answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kQueryConsumerOffset, query.Encode()));
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(answer->ext_fields())->offset, 2);

  // A pull carrying a commit offset stores it.
  auto pull = BrokerCluster::PullRequest("G1", "Offsets", 0, 2, 0);
  pull.SetExtField("sysFlag", "5");
  pull.SetExtField("commitOffset", "3");
  ASSERT_EQ(cluster_->Call(std::move(pull))->code(), ResponseCode::kSuccess);
  answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kQueryConsumerOffset, query.Encode()));
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(answer->ext_fields())->offset, 3);

  protocol::GetMaxOffsetRequestHeader max;
  max.topic = "Offsets";
  max.queue_id = 0;
  auto max_answer =
      cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetMaxOffset, max.Encode()));
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(max_answer->ext_fields())->offset, 3);
  protocol::TopicQueueRequestHeader min;
  min.topic = "Offsets";
  min.queue_id = 0;
  auto min_answer =
      cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetMinOffset, min.Encode()));
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(min_answer->ext_fields())->offset, 0);
  protocol::SearchOffsetRequestHeader search;
  search.topic = "Offsets";
  search.queue_id = 0;
  search.timestamp = 0;
  auto searched = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kSearchOffsetByTimestamp, search.Encode()));
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(searched->ext_fields())->offset, 0);
  auto earliest = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetEarliestMsgStoretime, min.Encode()));
  ASSERT_EQ(earliest->code(), ResponseCode::kSuccess);
  EXPECT_GT(
      protocol::GetEarliestMsgStoretimeResponseHeader::Decode(earliest->ext_fields())->timestamp,
      0);
}

// With accessMessageInMemoryMaxRatio=0 every message but the newest counts as on disk, so a
// queue that starts at 0 holds old messages: a new group is not told 0 (Apache's
// checkInDiskByConsumeOffset), and the consumer applies its consumeFromWhere instead.
TEST(BrokerOffsetTest, NewGroupIsNotToldZeroWhenTheQueueStartIsOnDisk) {
  auto started = BrokerCluster::Start({"--accessMessageInMemoryMaxRatio=0"});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto& cluster = **started;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(cluster.Send("OnDisk", "m")->code(), ResponseCode::kSuccess);
  }
  ASSERT_TRUE(cluster.WaitForMaxOffset("OnDisk", 0, 3).ok());
  protocol::QueryConsumerOffsetRequestHeader query;
  query.consumer_group = "NewGroup";
  query.topic = "OnDisk";
  query.queue_id = 0;
  auto answer = cluster.Call(
      RemotingCommand::CreateRequest(RequestCode::kQueryConsumerOffset, query.Encode()));
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->code(), ResponseCode::kQueryNotFound);
}

TEST_F(BrokerProcessTest, HeartbeatsAndGroupChangeNotification) {
  remoting::RemotingClient first(remoting::RemotingClientOptions{});
  remoting::RemotingClient second(remoting::RemotingClientOptions{});
  // Every connection of the group is told, the new one included.
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> notified;
  first.RegisterProcessor(RequestCode::kNotifyConsumerIdsChanged,
                          [&](const std::shared_ptr<remoting::Connection>&,
                              RemotingCommand& request) -> remoting::ProcessResult {
                            const std::string* group = request.FindExtField("consumerGroup");
                            std::lock_guard<std::mutex> lock(mutex);
                            notified.push_back(group ? *group : "");
                            changed.notify_all();
                            return remoting::ProcessResult::Deferred();
                          });
  ASSERT_TRUE(first.Start().ok());
  ASSERT_TRUE(second.Start().ok());

  auto r1 = first.InvokeSync(cluster_->broker_addr(), Heartbeat("10.0.0.1@one", "CG", "T1"),
                             testing::kRpcTimeout);
  ASSERT_TRUE(r1.ok());
  ASSERT_EQ(r1->code(), ResponseCode::kSuccess);
  auto r2 = second.InvokeSync(cluster_->broker_addr(), Heartbeat("10.0.0.2@two", "CG", "T1"),
                              testing::kRpcTimeout);
  ASSERT_TRUE(r2.ok());
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, milliseconds(5000), [&] { return notified.size() >= 2; }));
    EXPECT_EQ(notified[1], "CG");
  }

  protocol::ConsumerGroupRequestHeader header;
  header.consumer_group = "CG";
  auto list = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerListByGroup, header.Encode()));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->code(), ResponseCode::kSuccess);
  EXPECT_EQ(list->body().Flatten(), "{\"consumerIdList\":[\"10.0.0.1@one\",\"10.0.0.2@two\"]}");

  auto connections = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerConnectionList, header.Encode()));
  ASSERT_EQ(connections->code(), ResponseCode::kSuccess);
  EXPECT_NE(connections->body().Flatten().find("10.0.0.2@two"), std::string::npos);

  // The heartbeat-registered subscription serves pulls without the subscription flag.
  ASSERT_EQ(cluster_->Send("T1", "for CG")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("T1", 0, 1).ok());
  auto pull = BrokerCluster::PullRequest("CG", "T1", 0, 0, 0);
  pull.SetExtField("sysFlag", "0");
  auto pulled = cluster_->Call(std::move(pull));
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess) << pulled->remark().value_or("");

  // A group nobody heartbeats for has no subscription.
  auto stranger = BrokerCluster::PullRequest("NoSuchGroup", "T1", 0, 0, 0);
  stranger.SetExtField("sysFlag", "0");
  EXPECT_EQ(cluster_->Call(std::move(stranger))->code(), ResponseCode::kSubscriptionNotExist);

  // The route has the group's retry topic.
  auto topics = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetAllTopicConfig));
  ASSERT_EQ(topics->code(), ResponseCode::kSuccess);
  EXPECT_NE(topics->body().Flatten().find("%RETRY%CG"), std::string::npos);

  protocol::UnregisterClientRequestHeader unregister;
  unregister.client_id = "10.0.0.2@two";
  unregister.consumer_group = "CG";
  auto gone = second.InvokeSync(
      cluster_->broker_addr(),
      RemotingCommand::CreateRequest(RequestCode::kUnregisterClient, unregister.Encode()),
      testing::kRpcTimeout);
  ASSERT_EQ(gone->code(), ResponseCode::kSuccess);
  list = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerListByGroup, header.Encode()));
  EXPECT_EQ(list->body().Flatten(), "{\"consumerIdList\":[\"10.0.0.1@one\"]}");
  first.Shutdown();
  second.Shutdown();
}

TEST_F(BrokerProcessTest, ConsumerRunningInfoIsForwardedToTheConsumer) {
  remoting::RemotingClient consumer(remoting::RemotingClientOptions{});
  consumer.RegisterProcessor(
      RequestCode::kGetConsumerRunningInfo,
      [](const std::shared_ptr<remoting::Connection>&,
         RemotingCommand& request) -> remoting::ProcessResult {
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess);
        const std::string* client = request.FindExtField("clientId");
        response.set_body("{\"properties\":{\"client\":\"" + (client ? *client : "") + "\"}}");
        return response;
      });
  ASSERT_TRUE(consumer.Start().ok());
  auto beat = consumer.InvokeSync(cluster_->broker_addr(), Heartbeat("10.0.0.9@info", "RG", "T1"),
                                  testing::kRpcTimeout);
  ASSERT_TRUE(beat.ok());
  ASSERT_EQ(beat->code(), ResponseCode::kSuccess);

  protocol::GetConsumerRunningInfoRequestHeader header;
  header.consumer_group = "RG";
  header.client_id = "10.0.0.9@info";
  auto info = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerRunningInfo, header.Encode()));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_EQ(info->code(), ResponseCode::kSuccess) << info->remark().value_or("");
  EXPECT_EQ(info->body().Flatten(), "{\"properties\":{\"client\":\"10.0.0.9@info\"}}");

  header.client_id = "10.0.0.9@gone";
  info = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetConsumerRunningInfo, header.Encode()));
  EXPECT_EQ(info->code(), ResponseCode::kSystemError);
  EXPECT_NE(info->remark().value_or("").find("not online"), std::string::npos);
  consumer.Shutdown();
}

TEST_F(BrokerProcessTest, ConsumeMessageDirectlySendsTheStoredMessageToTheConsumer) {
  auto sent = cluster_->Send("Direct", "consume me");
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  ASSERT_EQ(sent->code(), ResponseCode::kSuccess);
  auto sent_header = protocol::SendMessageResponseHeader::Decode(sent->ext_fields());
  ASSERT_TRUE(sent_header.ok());

  std::mutex mu;
  std::string forwarded_body;
  std::string forwarded_broker;
  remoting::RemotingClient consumer(remoting::RemotingClientOptions{});
  consumer.RegisterProcessor(
      RequestCode::kConsumeMessageDirectly,
      [&](const std::shared_ptr<remoting::Connection>&,
          RemotingCommand& request) -> remoting::ProcessResult {
        std::lock_guard<std::mutex> lock(mu);
        forwarded_body = request.body().Flatten();
        const std::string* broker = request.FindExtField("brokerName");
        forwarded_broker = broker ? *broker : "";
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess);
        response.set_body("{\"consumeResult\":\"CR_SUCCESS\",\"order\":false}");
        return response;
      });
  ASSERT_TRUE(consumer.Start().ok());
  auto beat = consumer.InvokeSync(
      cluster_->broker_addr(), Heartbeat("10.0.0.9@direct", "DG", "Direct"), testing::kRpcTimeout);
  ASSERT_TRUE(beat.ok());
  ASSERT_EQ(beat->code(), ResponseCode::kSuccess);

  protocol::ConsumeMessageDirectlyResultRequestHeader header;
  header.consumer_group = "DG";
  header.client_id = "10.0.0.9@direct";
  header.msg_id = sent_header->msg_id;
  auto answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumeMessageDirectly, header.Encode()));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  ASSERT_EQ(answer->code(), ResponseCode::kSuccess) << answer->remark().value_or("");
  EXPECT_EQ(answer->body().Flatten(), "{\"consumeResult\":\"CR_SUCCESS\",\"order\":false}");
  {
    std::lock_guard<std::mutex> lock(mu);
    auto record = protocol::DecodeMessageRecord(forwarded_body);
    ASSERT_TRUE(record.ok()) << record.status().ToString();
    EXPECT_EQ(record->topic, "Direct");
    EXPECT_EQ(record->body, "consume me");
    EXPECT_FALSE(forwarded_broker.empty());
  }

  header.msg_id = "not-an-offset-id";
  answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumeMessageDirectly, header.Encode()));
  EXPECT_EQ(answer->code(), ResponseCode::kSystemError);
  EXPECT_NE(answer->remark().value_or("").find("not-an-offset-id"), std::string::npos);

  header.msg_id = sent_header->msg_id;
  header.client_id = "10.0.0.9@gone";
  answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kConsumeMessageDirectly, header.Encode()));
  EXPECT_EQ(answer->code(), ResponseCode::kSystemError);
  EXPECT_NE(answer->remark().value_or("").find("not online"), std::string::npos);
  consumer.Shutdown();
}

TEST_F(BrokerProcessTest, HeartbeatWithoutSubscriptionsKeepsThem) {
  ASSERT_EQ(cluster_->Call(Heartbeat("10.0.0.3@v2", "V2G", "V2T"))->code(), ResponseCode::kSuccess);
  auto light = RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
  light.set_body(
      "{\"clientID\":\"10.0.0.3@v2\",\"consumerDataSet\":[{\"groupName\":\"V2G\","
      "\"subscriptionDataSet\":[]}],\"heartbeatFingerprint\":7,\"withoutSub\":true}");
  ASSERT_EQ(cluster_->Call(std::move(light))->code(), ResponseCode::kSuccess);
  ASSERT_EQ(cluster_->Send("V2T", "x")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("V2T", 0, 1).ok());
  auto pull = BrokerCluster::PullRequest("V2G", "V2T", 0, 0, 0);
  pull.SetExtField("sysFlag", "0");
  EXPECT_EQ(cluster_->Call(std::move(pull))->code(), ResponseCode::kSuccess);
}

TEST_F(BrokerProcessTest, RebalanceLocks) {
  auto lock_request = [](int code, const std::string& client) {
    auto request = RemotingCommand::CreateRequest(code);
    request.set_body("{\"clientId\":\"" + client +
                     "\",\"consumerGroup\":\"OG\",\"mqSet\":[{\"brokerName\":\"broker-it\","
                     "\"queueId\":0,\"topic\":\"T\"},{\"brokerName\":\"broker-it\",\"queueId\":1,"
                     "\"topic\":\"T\"}],\"onlyThisBroker\":false}");
    return request;
  };
  auto locked = cluster_->Call(lock_request(RequestCode::kLockBatchMq, "c1"));
  ASSERT_TRUE(locked.ok());
  ASSERT_EQ(locked->code(), ResponseCode::kSuccess);
  EXPECT_EQ(locked->body().Flatten(),
            "{\"lockOKMQSet\":[{\"brokerName\":\"broker-it\",\"queueId\":0,\"topic\":\"T\"},"
            "{\"brokerName\":\"broker-it\",\"queueId\":1,\"topic\":\"T\"}]}");
  auto other = cluster_->Call(lock_request(RequestCode::kLockBatchMq, "c2"));
  EXPECT_EQ(other->body().Flatten(), "{\"lockOKMQSet\":[]}");
  ASSERT_EQ(cluster_->Call(lock_request(RequestCode::kUnlockBatchMq, "c1"))->code(),
            ResponseCode::kSuccess);
  other = cluster_->Call(lock_request(RequestCode::kLockBatchMq, "c2"));
  EXPECT_NE(other->body().Flatten().find("\"queueId\":1"), std::string::npos);
  auto bad = RemotingCommand::CreateRequest(RequestCode::kLockBatchMq);
  bad.set_body("{not json");
  EXPECT_EQ(cluster_->Call(std::move(bad))->code(), ResponseCode::kSystemError);
}

TEST_F(BrokerProcessTest, TopicAdministration) {
  protocol::CreateTopicRequestHeader create;
  create.topic = "Admin";
  create.read_queue_nums = 2;
  create.write_queue_nums = 2;
  create.perm = 6;
  auto created = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kUpdateAndCreateTopic, create.Encode()));
  ASSERT_TRUE(created.ok());
  ASSERT_EQ(created->code(), ResponseCode::kSuccess) << created->remark().value_or("");
  auto all = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetAllTopicConfig));
  auto wrapper = protocol::TopicConfigSerializeWrapper::Decode(all->body().Flatten());
  ASSERT_TRUE(wrapper.ok()) << wrapper.status().ToString();
  ASSERT_EQ(wrapper->topic_config_table.count("Admin"), 1u);
  EXPECT_EQ(wrapper->topic_config_table["Admin"].write_queue_nums, 2);
  EXPECT_TRUE(WaitForRoute("Admin"));

  // Queue 2 does not exist.
  auto sent = cluster_->Send("Admin", "x", "", 2);
  EXPECT_EQ(sent->code(), ResponseCode::kSystemError);
  EXPECT_NE(sent->remark().value_or("").find("queueId[2]"), std::string::npos);

  protocol::TopicRequestHeader stats;
  stats.topic = "Admin";
  auto stats_answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetTopicStatsInfo, stats.Encode()));
  ASSERT_EQ(stats_answer->code(), ResponseCode::kSuccess);
  EXPECT_NE(stats_answer->body().Flatten().find("{\"brokerName\":\"broker-it\",\"queueId\":1,"),
            std::string::npos);

  auto deleted = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kDeleteTopicInBroker, stats.Encode()));
  ASSERT_EQ(deleted->code(), ResponseCode::kSuccess);
  all = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetAllTopicConfig));
  EXPECT_EQ(all->body().Flatten().find("\"Admin\""), std::string::npos);

  auto runtime = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetBrokerRuntimeInfo));
  ASSERT_EQ(runtime->code(), ResponseCode::kSuccess);
  EXPECT_NE(runtime->body().Flatten().find("bootTimestamp"), std::string::npos);
  // The broker's own memory apart from the mapped store files (our keys).
  auto kv = protocol::KVTable::Decode(runtime->body().Flatten());
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  for (const char* key : {"memoryResidentBytes", "memoryAnonymousBytes", "memoryFileBackedBytes"}) {
    ASSERT_EQ(kv->table.count(key), 1u) << key;
    EXPECT_GT(std::stoll(kv->table.at(key)), 0) << key;
  }
  EXPECT_EQ(std::stoll(kv->table.at("memoryResidentBytes")),
            std::stoll(kv->table.at("memoryAnonymousBytes")) +
                std::stoll(kv->table.at("memoryFileBackedBytes")));
  auto config = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetBrokerConfig));
  ASSERT_EQ(config->code(), ResponseCode::kSuccess);
  EXPECT_NE(config->body().Flatten().find("brokerName=broker-it"), std::string::npos);
}

TEST_F(BrokerProcessTest, UpdateBrokerConfigAppliesLiveKeysAndPersistsAll) {
  auto update = [&](const std::string& body) {
    auto request = RemotingCommand::CreateRequest(RequestCode::kUpdateBrokerConfig);
    request.set_body(body);
    auto response = cluster_->Call(std::move(request));
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? *response : RemotingCommand::CreateResponse(-1);
  };
  auto config_text = [&] {
    auto config = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetBrokerConfig));
    return config.ok() ? config->body().Flatten() : std::string();
  };
  ASSERT_EQ(cluster_->Send("BeforeUpdate", "x")->code(), ResponseCode::kSuccess);

  // Refused, and nothing changes: an unknown key, a bad value (even next to a good one), a
  // key of configBlackList, a TLS key.
  RemotingCommand unknown = update("noSuchSetting=1");
  EXPECT_EQ(unknown.code(), ResponseCode::kInvalidParameter);
  EXPECT_NE(unknown.remark().value_or("").find("noSuchSetting"), std::string::npos);
  RemotingCommand bad = update("autoCreateTopicEnable=false\nbrokerPermission=lots");
  EXPECT_EQ(bad.code(), ResponseCode::kInvalidParameter);
  EXPECT_NE(bad.remark().value_or("").find("brokerPermission"), std::string::npos);
  EXPECT_EQ(update("configBlackList=").code(), ResponseCode::kNoPermission);
  EXPECT_EQ(update("tls.server.mode=disabled").code(), ResponseCode::kNoPermission);
  EXPECT_NE(config_text().find("autoCreateTopicEnable=true"), std::string::npos);

  // A live key: new topics are no longer created by sends, at once.
  RemotingCommand live = update("autoCreateTopicEnable=false");
  ASSERT_EQ(live.code(), ResponseCode::kSuccess) << live.remark().value_or("");
  EXPECT_EQ(cluster_->Send("AfterUpdate", "x")->code(), ResponseCode::kTopicNotExist);
  EXPECT_EQ(cluster_->Send("BeforeUpdate", "x")->code(), ResponseCode::kSuccess);
  // brokerPermission read-only: sends are refused, pulls still served.
  ASSERT_EQ(update("brokerPermission=4").code(), ResponseCode::kSuccess);
  EXPECT_EQ(cluster_->Send("BeforeUpdate", "x")->code(), ResponseCode::kNoPermission);
  EXPECT_EQ(cluster_->Pull("G", "BeforeUpdate", 0, 0)->code(), ResponseCode::kSuccess);
  // A key read only at start: accepted, persisted, and the answer says so.
  RemotingCommand later = update("sendMessageThreadPoolNums=3");
  ASSERT_EQ(later.code(), ResponseCode::kSuccess);
  EXPECT_NE(later.remark().value_or("").find("takes effect at restart: sendMessageThreadPoolNums"),
            std::string::npos);

  const std::string text = config_text();
  EXPECT_NE(text.find("autoCreateTopicEnable=false"), std::string::npos) << text;
  EXPECT_NE(text.find("brokerPermission=4"), std::string::npos) << text;
  // Without -c the settings go to the store's config directory, every key written.
  auto file = testing::ReadFile(cluster_->store_dir() + "/config/broker.properties");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_NE(file->find("autoCreateTopicEnable=false\n"), std::string::npos) << *file;
  EXPECT_NE(file->find("sendMessageThreadPoolNums=3\n"), std::string::npos) << *file;
  EXPECT_NE(file->find("brokerName=broker-it\n"), std::string::npos) << *file;
}

// The figures mqadmin statsAll, brokerStatus and clusterList show: per topic and group
// (sampled every 10 s, as Apache does) and the broker's put/get rates (every second).
TEST_F(BrokerProcessTest, StatisticsCountSendsAndPulls) {
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(cluster_->Send("Stats", "0123456789")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Stats", 0, 5).ok());
  ASSERT_EQ(cluster_->Pull("StatsGroup", "Stats", 0, 0)->code(), ResponseCode::kSuccess);

  // The rates' first figure covers the last 10 one-second samples: read while the sends and the
  // pull are in that window (once a sample follows them), not after the 10-second statistics
  // below, when a read more than a second late would find them out of it.
  const char* const kRateKeys[] = {"putTps", "getTransferedTps", "getFoundTps"};
  protocol::KVTable runtime;
  const auto rates_deadline = clock::Deadline::After(milliseconds(5000));
  while (true) {
    auto answer =
        cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetBrokerRuntimeInfo));
    ASSERT_TRUE(answer.ok());
    auto table = protocol::KVTable::Decode(answer->body().Flatten());
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    runtime = std::move(*table);
    const bool all_counted = std::all_of(std::begin(kRateKeys), std::end(kRateKeys), [&](auto key) {
      const std::string& rates = runtime.table[key];
      return !rates.empty() && std::stod(rates) > 0.0;
    });
    if (all_counted || rates_deadline.Expired()) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  for (const char* key : kRateKeys) {
    SCOPED_TRACE(key);
    const std::string& rates = runtime.table[key];
    ASSERT_EQ(std::count(rates.begin(), rates.end(), ' '), 2) << rates;
    EXPECT_GT(std::stod(rates), 0.0) << rates;  // the last 10 s
  }
  EXPECT_EQ(runtime.table["putMessageTimesTotal"], "5");

  auto view = [&](const std::string& name, const std::string& key) {
    auto request = RemotingCommand::CreateRequest(RequestCode::kViewBrokerStatsData);
    request.SetExtField("statsName", name);
    request.SetExtField("statsKey", key);
    auto response = cluster_->Call(std::move(request));
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    return response.ok() ? *response : RemotingCommand::CreateResponse(-1);
  };
  auto missing = view("TOPIC_PUT_NUMS", "NeverSent");
  EXPECT_EQ(missing.code(), ResponseCode::kSystemError);
  EXPECT_EQ(missing.remark().value_or(""), "The stats <TOPIC_PUT_NUMS> <NeverSent> not exist");

  // The first 10-second sample covers everything so far. The sampler takes one set after the
  // other (puts before gets): a read between the two sees the puts' sample alone.
  const std::string expected_puts = "\"statsMinute\":{\"avgpt\":1.0,\"sum\":5,\"tps\":";
  const std::string expected_gets = "\"statsMinute\":{\"avgpt\":5.0,\"sum\":5,";
  const auto deadline = clock::Deadline::After(milliseconds(15000));
  std::string puts;
  std::string gets;
  while (!deadline.Expired()) {
    RemotingCommand put_answer = view("TOPIC_PUT_NUMS", "Stats");
    puts = put_answer.code() == ResponseCode::kSuccess ? put_answer.body().Flatten() : "";
    RemotingCommand get_answer = view("GROUP_GET_NUMS", "Stats@StatsGroup");
    gets = get_answer.code() == ResponseCode::kSuccess ? get_answer.body().Flatten() : "";
    if (puts.find(expected_puts) != std::string::npos &&
        gets.find(expected_gets) != std::string::npos)
      break;
    std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_NE(puts.find(expected_puts), std::string::npos) << puts;
  EXPECT_NE(puts.find("\"statsDay\":{\"avgpt\":0.0,\"sum\":0,\"tps\":0.0}"), std::string::npos)
      << puts;
  EXPECT_NE(gets.find(expected_gets), std::string::npos) << gets;
  EXPECT_EQ(view("TOPIC_PUT_SIZE", "Stats").code(), ResponseCode::kSuccess);
  EXPECT_EQ(view("BROKER_PUT_NUMS", "DefaultCluster").code(), ResponseCode::kSuccess);

  // mqadmin brokerConsumeStats: every group's lag per topic, in total too.
  protocol::UpdateConsumerOffsetRequestHeader commit;
  commit.consumer_group = "StatsGroup";
  commit.topic = "Stats";
  commit.queue_id = 0;
  commit.commit_offset = 2;
  ASSERT_EQ(cluster_
                ->Call(RemotingCommand::CreateRequest(RequestCode::kUpdateConsumerOffset,
                                                      commit.Encode()))
                ->code(),
            ResponseCode::kSuccess);
  auto all = cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetBrokerConsumeStats));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->code(), ResponseCode::kSuccess);
  const std::string body = all->body().Flatten();
  EXPECT_NE(body.find("{\"brokerAddr\":\"" + cluster_->broker_addr() + "\",\"consumeStatsList\":["),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("{\"StatsGroup\":[{\"consumeTps\":"), std::string::npos) << body;
  EXPECT_NE(body.find("],\"totalDiff\":3}"), std::string::npos) << body;
}

TEST_F(BrokerProcessTest, SubscriptionGroupAdministration) {
  auto update = RemotingCommand::CreateRequest(RequestCode::kUpdateAndCreateSubscriptionGroup);
  update.set_body("{\"groupName\":\"Disabled\",\"consumeEnable\":false,\"retryMaxTimes\":3}");
  auto updated = cluster_->Call(std::move(update));
  ASSERT_TRUE(updated.ok());
  ASSERT_EQ(updated->code(), ResponseCode::kSuccess) << updated->remark().value_or("");
  auto all =
      cluster_->Call(RemotingCommand::CreateRequest(RequestCode::kGetAllSubscriptionGroupConfig));
  ASSERT_EQ(all->code(), ResponseCode::kSuccess);
  EXPECT_NE(all->body().Flatten().find("\"Disabled\""), std::string::npos);

  ASSERT_EQ(cluster_->Send("GroupTopic", "x")->code(), ResponseCode::kSuccess);
  auto refused = cluster_->Pull("Disabled", "GroupTopic", 0, 0);
  EXPECT_EQ(refused->code(), ResponseCode::kNoPermission);

  protocol::DeleteSubscriptionGroupRequestHeader del;
  del.group_name = "Disabled";
  ASSERT_EQ(cluster_
                ->Call(RemotingCommand::CreateRequest(RequestCode::kDeleteSubscriptionGroup,
                                                      del.Encode()))
                ->code(),
            ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("GroupTopic", 0, 1).ok());
  // Deleted, the group is auto-created again with consumption enabled.
  EXPECT_EQ(cluster_->Pull("Disabled", "GroupTopic", 0, 0)->code(), ResponseCode::kSuccess);

  auto bad = RemotingCommand::CreateRequest(RequestCode::kUpdateAndCreateSubscriptionGroup);
  bad.set_body("[]");
  EXPECT_EQ(cluster_->Call(std::move(bad))->code(), ResponseCode::kSystemError);

  auto heartbeat = RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
  heartbeat.set_body(
      "{\"clientID\":\"127.0.0.1@p\",\"producerDataSet\":[{\"groupName\":\"PG1\"}]}");
  ASSERT_EQ(cluster_->Call(std::move(heartbeat))->code(), ResponseCode::kSuccess);
  protocol::GetProducerConnectionListRequestHeader producers;
  producers.producer_group = "PG1";
  auto connections = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kGetProducerConnectionList, producers.Encode()));
  ASSERT_EQ(connections->code(), ResponseCode::kSuccess);
  EXPECT_NE(connections->body().Flatten().find("127.0.0.1@p"), std::string::npos);
}

TEST_F(BrokerProcessTest, BadRequestsGetClearAnswers) {
  auto bad_topic = cluster_->Send("bad topic!", "x");
  ASSERT_TRUE(bad_topic.ok());
  EXPECT_EQ(bad_topic->code(), ResponseCode::kSystemError);
  EXPECT_NE(bad_topic->remark().value_or("").find("illegal characters"), std::string::npos);

  auto reserved = cluster_->Send("SCHEDULE_TOPIC_XXXX", "x");
  EXPECT_EQ(reserved->code(), ResponseCode::kNoPermission);

  auto huge = cluster_->Send("Huge", std::string(4 * 1024 * 1024 + 1, 'x'));
  ASSERT_TRUE(huge.ok()) << huge.status().ToString();
  EXPECT_EQ(huge->code(), ResponseCode::kMessageIllegal);
  EXPECT_NE(huge->remark().value_or("").find("maxMessageSize"), std::string::npos);

  auto missing_fields = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kSendMessageV2, protocol::ExtFields{{"b", "T"}}));
  EXPECT_EQ(missing_fields->code(), ResponseCode::kSystemError);

  ASSERT_EQ(cluster_->Send("Pulls", "x")->code(), ResponseCode::kSuccess);
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Pulls", 0, 1).ok());
  auto too_far = cluster_->Pull("G1", "Pulls", 0, 100);
  ASSERT_TRUE(too_far.ok());
  EXPECT_EQ(too_far->code(), ResponseCode::kPullOffsetMoved);
  // Apache's store corrects an overflowing offset to the queue's min offset when that is
  // 0 (DefaultMessageStore.getMessage), not to its max offset.
  EXPECT_EQ(protocol::PullMessageResponseHeader::Decode(too_far->ext_fields())->next_begin_offset,
            0);
  EXPECT_EQ(cluster_->Pull("G1", "NoSuchTopic", 0, 0)->code(), ResponseCode::kTopicNotExist);
  auto bad_queue = cluster_->Pull("G1", "Pulls", 99, 0);
  EXPECT_EQ(bad_queue->code(), ResponseCode::kSystemError);
  EXPECT_NE(bad_queue->remark().value_or("").find("queueId[99]"), std::string::npos);

  auto heartbeat = RemotingCommand::CreateRequest(RequestCode::kHeartBeat);
  heartbeat.set_body("\x01\x02 not json");
  EXPECT_EQ(cluster_->Call(std::move(heartbeat))->code(), ResponseCode::kSystemError);

  EXPECT_EQ(cluster_->Call(RemotingCommand::CreateRequest(9999))->code(),
            ResponseCode::kRequestCodeNotSupported);

  // Still serving after all that.
  EXPECT_EQ(cluster_->Send("Pulls", "y")->code(), ResponseCode::kSuccess);
}

TEST_F(BrokerProcessTest, RestartKeepsMessagesOffsetsAndTopics) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(cluster_->Send("Durable", "msg-" + std::to_string(i))->code(),
              ResponseCode::kSuccess);
  }
  ASSERT_TRUE(cluster_->WaitForMaxOffset("Durable", 0, 5).ok());

  protocol::UpdateConsumerOffsetRequestHeader update;
  update.consumer_group = "DG";
  update.topic = "Durable";
  update.queue_id = 0;
  update.commit_offset = 4;
  ASSERT_EQ(cluster_
                ->Call(RemotingCommand::CreateRequest(RequestCode::kUpdateConsumerOffset,
                                                      update.Encode()))
                ->code(),
            ResponseCode::kSuccess);

  Status restarted = cluster_->RestartBroker();
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();

  auto pulled = cluster_->Pull("DG", "Durable", 0, 0);
  ASSERT_TRUE(pulled.ok()) << pulled.status().ToString();
  ASSERT_EQ(pulled->code(), ResponseCode::kSuccess);
  std::string storage;
  auto records = testing::PulledRecords(*pulled, &storage);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 5u);
  EXPECT_EQ((*records)[4].body, "msg-4");

  protocol::QueryConsumerOffsetRequestHeader query;
  query.consumer_group = "DG";
  query.topic = "Durable";
  query.queue_id = 0;
  auto answer = cluster_->Call(
      RemotingCommand::CreateRequest(RequestCode::kQueryConsumerOffset, query.Encode()));
  ASSERT_EQ(answer->code(), ResponseCode::kSuccess);
  EXPECT_EQ(protocol::OffsetResponseHeader::Decode(answer->ext_fields())->offset, 4);
  EXPECT_EQ(cluster_->Send("Durable", "after restart")->code(), ResponseCode::kSuccess);
}

TEST_F(BrokerProcessTest, StartupErrorsAreClear) {
  // The store is locked by the running broker.
  auto second = testing::ChildProcess::Spawn(
      BROKER_BIN, testing::BrokerArgs(cluster_->namesrv_addr(), cluster_->store_dir()));
  ASSERT_TRUE(second.ok());
  auto rc = (*second)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok()) << rc.status().ToString();
  EXPECT_NE(*rc, 0);
  EXPECT_NE((*second)->StderrText().find("cannot start"), std::string::npos)
      << (*second)->StderrText();

  // The port is in use.
  const std::string port = cluster_->broker_addr().substr(cluster_->broker_addr().rfind(':') + 1);
  auto dir = testing::TempDir::Create("rmq-broker-it");
  ASSERT_TRUE(dir.ok());
  auto args = testing::BrokerArgs(cluster_->namesrv_addr(), dir->File("store"));
  args.push_back("--listenPort=" + port);
  auto third = testing::ChildProcess::Spawn(BROKER_BIN, args);
  ASSERT_TRUE(third.ok());
  rc = (*third)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok());
  EXPECT_NE(*rc, 0);
  const std::string refused = (*third)->StderrText();
  EXPECT_NE(refused.find("listenPort: cannot listen on 127.0.0.1:" + port + ": "),
            std::string::npos)
      << refused;
  // Said once: the server's status names the address, the broker only the setting.
  EXPECT_EQ(refused.find("cannot listen on"), refused.rfind("cannot listen on")) << refused;

  // An unreadable config file names the file.
  auto fourth = testing::ChildProcess::Spawn(BROKER_BIN, {"-c", dir->File("missing.conf")});
  ASSERT_TRUE(fourth.ok());
  rc = (*fourth)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok());
  EXPECT_NE(*rc, 0);
  EXPECT_NE((*fourth)->StderrText().find("missing.conf"), std::string::npos);
}

// A restarted nameserver knows no broker; the broker registers again within about a second
// of its return, not at its next registration period (30 s).
TEST_F(BrokerProcessTest, RegistersAgainSoonAfterTheNameserverRestarts) {
  ASSERT_TRUE(WaitForRoute("TBW102"));
  ASSERT_TRUE(cluster_->KillAndRestartNamesrv().ok());
  EXPECT_TRUE(WaitForRoute("TBW102"));
  EXPECT_NE(RouteOf("TBW102").find(cluster_->broker_addr()), std::string::npos);
}

TEST_F(BrokerProcessTest, CleanShutdownUnregisters) {
  ASSERT_TRUE(WaitForRoute("TBW102"));
  auto rc = cluster_->StopBroker();
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(*rc, 0);
  EXPECT_TRUE(RouteOf("TBW102").empty());
}

TEST(BrokerProgramTest, PrintsConfigAndHelp) {
  auto printed = testing::ChildProcess::Spawn(BROKER_BIN, {"-p", "--brokerName=printed"});
  ASSERT_TRUE(printed.ok());
  auto rc = (*printed)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(*rc, 0);
  const std::string text = (*printed)->StdoutText();
  EXPECT_NE(text.find("brokerName=printed"), std::string::npos) << text;
  EXPECT_NE(text.find("storePathRootDir="), std::string::npos) << text;
  EXPECT_NE(text.find("listenPort=10911"), std::string::npos) << text;

  auto help = testing::ChildProcess::Spawn(BROKER_BIN, {"-h"});
  ASSERT_TRUE(help.ok());
  rc = (*help)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(*rc, 0);
  EXPECT_NE((*help)->StdoutText().find("autoCreateTopicEnable"), std::string::npos);

  auto bad = testing::ChildProcess::Spawn(BROKER_BIN, {"--defaultTopicQueueNums=zero"});
  ASSERT_TRUE(bad.ok());
  rc = (*bad)->WaitForExit(milliseconds(10000));
  ASSERT_TRUE(rc.ok());
  EXPECT_NE(*rc, 0);
  EXPECT_NE((*bad)->StderrText().find("defaultTopicQueueNums"), std::string::npos);
}

}  // namespace
}  // namespace rocketmq
