// Request-reply pieces without a broker: the request future table (ordering, exactly-once
// take, sweeping, the timeout errors), CreateReplyMessage, the decoding of a pushed reply,
// correlation ids, and the request code a reply is sent with.
#include <gtest/gtest.h>

#include <set>

#include "producer/reply_message.h"
#include "producer/reply_receiver.h"
#include "producer/request_future_table.h"
#include "producer/send_request.h"
#include "protocol/compression.h"
#include "protocol/message_properties.h"
#include "protocol/message_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace client {
namespace {

using std::chrono::milliseconds;
using Clock = RequestFutureTable::Clock;
namespace mc = protocol::MessageConst;

RequestFutureTable::Callback Record(std::vector<Result<MessageExt>>* out) {
  return [out](const Result<MessageExt>& r) { out->push_back(r); };
}

TEST(RequestFutureTableTest, TakeRemovesExactlyOnce) {
  RequestFutureTable table;
  std::vector<Result<MessageExt>> done;
  const auto now = Clock::now();
  ASSERT_TRUE(table.Add("a", "T", milliseconds(1000), now, Record(&done)));
  EXPECT_FALSE(table.Add("a", "T", milliseconds(1000), now, Record(&done)));
  EXPECT_EQ(table.size(), 1u);
  auto entry = table.Take("a");
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->topic, "T");
  EXPECT_FALSE(table.Take("a").has_value());
  EXPECT_EQ(table.size(), 0u);
  // Nothing left for the sweeper either.
  EXPECT_TRUE(table.TakeExpired(now + milliseconds(5000)).empty());
}

TEST(RequestFutureTableTest, SweepTakesOnlyExpiredEarliestFirst) {
  RequestFutureTable table;
  std::vector<Result<MessageExt>> done;
  const auto now = Clock::now();
  table.Add("late", "T", milliseconds(300), now, Record(&done));
  table.Add("early", "T", milliseconds(100), now, Record(&done));
  table.Add("never", "T", milliseconds(10000), now, Record(&done));
  EXPECT_TRUE(table.TakeExpired(now + milliseconds(50)).empty());
  auto expired = table.TakeExpired(now + milliseconds(400));
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].correlation_id, "early");
  EXPECT_EQ(expired[1].correlation_id, "late");
  EXPECT_EQ(table.size(), 1u);
  EXPECT_TRUE(table.Take("never").has_value());
  EXPECT_EQ(table.size(), 0u);
}

TEST(RequestFutureTableTest, TimeoutErrorSaysWhetherTheRequestWasSent) {
  RequestFutureTable table;
  std::vector<Result<MessageExt>> done;
  const auto now = Clock::now();
  table.Add("s", "T", milliseconds(100), now, Record(&done));
  table.Add("u", "T", milliseconds(100), now, Record(&done));
  table.MarkSent("s");
  table.MarkSent("missing");  // harmless
  auto expired = table.TakeExpired(now + milliseconds(200));
  ASSERT_EQ(expired.size(), 2u);
  for (const auto& e : expired) {
    Status error = RequestFutureTable::TimeoutError(e);
    EXPECT_EQ(error.code(), ErrorCode::kTimeout);
    EXPECT_NE(error.message().find(e.correlation_id), std::string::npos);
    if (e.correlation_id == "s") {
      EXPECT_NE(error.message().find("no reply came within 100 ms"), std::string::npos);
    } else {
      EXPECT_NE(error.message().find("before the broker accepted it"), std::string::npos);
    }
  }
}

TEST(RequestFutureTableTest, TakeAllEmptiesTheTable) {
  RequestFutureTable table;
  std::vector<Result<MessageExt>> done;
  for (int i = 0; i < 100; ++i) {
    table.Add(std::to_string(i), "T", milliseconds(1000 + i), Clock::now(), Record(&done));
  }
  EXPECT_EQ(table.TakeAll().size(), 100u);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_TRUE(table.TakeExpired(Clock::now() + milliseconds(10000)).empty());
}

TEST(ReplyReceiverTest, SweepFailsExpiredRequestsWithTimeoutAndShutdownCancelsTheRest) {
  auto receiver = std::make_shared<ReplyReceiver>();
  receiver->Start(1);
  std::promise<Result<MessageExt>> expired_promise;
  std::promise<Result<MessageExt>> cancelled_promise;
  receiver->table().Add("x", "T", milliseconds(0), Clock::now() - milliseconds(1),
                        [&](const Result<MessageExt>& r) { expired_promise.set_value(r); });
  receiver->table().Add("y", "T", milliseconds(60000), Clock::now(),
                        [&](const Result<MessageExt>& r) { cancelled_promise.set_value(r); });
  receiver->Sweep();
  auto expired = expired_promise.get_future();
  ASSERT_EQ(expired.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(expired.get().status().code(), ErrorCode::kTimeout);
  receiver->Shutdown();
  auto cancelled = cancelled_promise.get_future();
  ASSERT_EQ(cancelled.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  EXPECT_EQ(cancelled.get().status().code(), ErrorCode::kCancelled);
  EXPECT_EQ(receiver->table().size(), 0u);
}

remoting::RemotingCommand PushRequest(const std::string& correlation_id, std::string body,
                                      int32_t sys_flag) {
  protocol::ReplyMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = "DefaultCluster_REPLY_TOPIC";
  header.default_topic = "TBW102";
  header.default_topic_queue_nums = 4;
  header.queue_id = -1;
  header.sys_flag = sys_flag;
  header.born_timestamp = 1700000000000;
  header.flag = 7;
  protocol::MessageProperties props{{mc::kPropertyCorrelationId, correlation_id},
                                    {mc::kPropertyMessageType, "reply"},
                                    {mc::kPropertyUniqClientMessageIdKeyidx, "UNIQ1"}};
  header.properties = protocol::EncodeMessageProperties(props);
  header.reconsume_times = 0;
  header.born_host = "/10.0.0.2:40000";
  header.store_host = "/10.0.0.1:10911";
  header.store_timestamp = 1700000000123;
  auto request = remoting::RemotingCommand::CreateRequest(
      protocol::RequestCode::kPushReplyMessageToClient, header.Encode());
  request.set_body(std::move(body));
  return request;
}

TEST(ReplyMessageTest, DecodesAPushedReplyAsJavaBuildsIt) {
  auto reply = DecodePushedReply(PushRequest("cid", "pong", 0), 42);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->topic(), "DefaultCluster_REPLY_TOPIC");
  EXPECT_EQ(reply->body(), "pong");
  EXPECT_EQ(reply->flag(), 7);
  EXPECT_EQ(reply->property(mc::kPropertyCorrelationId), "cid");
  EXPECT_EQ(reply->property(mc::kPropertyReplyMessageArriveTime), "42");
  EXPECT_EQ(reply->born_host(), "10.0.0.2:40000");
  EXPECT_EQ(reply->store_host(), "10.0.0.1:10911");
  EXPECT_EQ(reply->store_timestamp(), 1700000000123);
  EXPECT_EQ(reply->born_timestamp(), 1700000000000);
  EXPECT_EQ(reply->msg_id(), "UNIQ1");
}

TEST(ReplyMessageTest, InflatesACompressedReplyAndRefusesABadOne) {
  const std::string body(10000, 'z');
  auto compressed = protocol::ZlibCompress(body);
  ASSERT_TRUE(compressed.ok());
  auto reply = DecodePushedReply(
      PushRequest("cid", *compressed, protocol::MessageSysFlag::kCompressedFlag), 1);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->body(), body);
  auto bad = DecodePushedReply(
      PushRequest("cid", "not zlib", protocol::MessageSysFlag::kCompressedFlag), 1);
  EXPECT_EQ(bad.status().code(), ErrorCode::kProtocol);
  auto no_header = remoting::RemotingCommand::CreateRequest(
      protocol::RequestCode::kPushReplyMessageToClient, {});
  EXPECT_EQ(DecodePushedReply(no_header, 1).status().code(), ErrorCode::kProtocol);
}

TEST(ReplyMessageTest, ReceiverCompletesTheMatchingRequestAndAnswersSuccessEvenWhenLate) {
  auto receiver = std::make_shared<ReplyReceiver>();
  receiver->Start(1);
  std::promise<Result<MessageExt>> got;
  receiver->table().Add("cid", "T", milliseconds(60000), Clock::now(),
                        [&](const Result<MessageExt>& r) { got.set_value(r); });
  auto answer = receiver->OnPushedReply("b:1", PushRequest("cid", "pong", 0));
  ASSERT_TRUE(answer.response().has_value());
  EXPECT_EQ(answer.response()->code(), protocol::ResponseCode::kSuccess);
  auto future = got.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto reply = future.get();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->body(), "pong");
  // The same reply again (or one after its timeout) matches nothing: still SUCCESS.
  auto late = receiver->OnPushedReply("b:1", PushRequest("cid", "pong", 0));
  ASSERT_TRUE(late.response().has_value());
  EXPECT_EQ(late.response()->code(), protocol::ResponseCode::kSuccess);
  // A bad frame: SYSTEM_ERROR with Java's remark.
  auto bad = receiver->OnPushedReply(
      "b:1", PushRequest("cid", "x", protocol::MessageSysFlag::kCompressedFlag));
  ASSERT_TRUE(bad.response().has_value());
  EXPECT_EQ(bad.response()->code(), protocol::ResponseCode::kSystemError);
  receiver->Shutdown();
}

TEST(ReplyMessageTest, CreateReplyMessageCopiesTheRequestPropertiesToTheReplyTopic) {
  Message request("Orders", "ping");
  request.set_property(mc::kPropertyCluster, "ClusterA");
  request.set_property(mc::kPropertyCorrelationId, "cid");
  request.set_property(mc::kPropertyMessageReplyToClient, "10.0.0.3@1");
  request.set_property(mc::kPropertyMessageTtl, "3000");
  request.set_property("user", "u");
  auto reply = CreateReplyMessage(request, "pong");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->topic(), "ClusterA_REPLY_TOPIC");
  EXPECT_EQ(reply->body(), "pong");
  EXPECT_EQ(reply->property(mc::kPropertyMessageType), "reply");
  EXPECT_EQ(reply->property(mc::kPropertyCorrelationId), "cid");
  EXPECT_EQ(reply->property(mc::kPropertyMessageReplyToClient), "10.0.0.3@1");
  EXPECT_EQ(reply->property(mc::kPropertyMessageTtl), "3000");
  EXPECT_FALSE(reply->has_property("user"));
  EXPECT_FALSE(reply->has_property(mc::kPropertyCluster));
}

TEST(ReplyMessageTest, CreateReplyMessageNeedsTheClusterProperty) {
  Message request("Orders", "ping");
  request.set_property(mc::kPropertyCorrelationId, "cid");
  auto reply = CreateReplyMessage(request, "pong");
  EXPECT_EQ(reply.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(reply.status().message().find("CLUSTER"), std::string::npos);
}

TEST(ReplyMessageTest, CorrelationIdsAreVersion4UuidsAndDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewCorrelationId();
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id[8], '-');
    EXPECT_EQ(id[13], '-');
    EXPECT_EQ(id[14], '4');
    EXPECT_EQ(id[18], '-');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_EQ(id[23], '-');
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(ReplyMessageTest, AReplyGoesOutAsSendReplyMessageV2) {
  ProducerConfig config;
  config.group = "PG";
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7F000001, 0));
  Message request("Orders", "ping");
  request.set_property(mc::kPropertyCluster, "C");
  auto reply = CreateReplyMessage(request, "pong");
  ASSERT_TRUE(reply.ok());
  auto prepared = PrepareMessage(*reply, config, ids);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  MessageQueue queue;
  queue.topic = "C_REPLY_TOPIC";
  queue.broker_name = "b";
  queue.queue_id = 0;
  EXPECT_EQ(BuildSendRequest(*prepared, config, queue).code(),
            protocol::RequestCode::kSendReplyMessageV2);
  auto plain = PrepareMessage(request, config, ids);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(BuildSendRequest(*plain, config, queue).code(), protocol::RequestCode::kSendMessageV2);
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
