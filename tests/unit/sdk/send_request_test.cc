// BuildSendRequest: what the SEND_MESSAGE_V2 header carries for a prepared message;
// PrepareBatch: the SEND_BATCH_MESSAGE body and ids of a batch.
#include "producer/send_request.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/batch_body.h"
#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/send_headers.h"
#include "remoting/remoting_command.h"
#include "rocketmq/client_config.h"
#include "rocketmq/message.h"

namespace rocketmq {
namespace client {
namespace {

protocol::SendMessageRequestHeader HeaderFor(const Message& message) {
  ProducerConfig config;
  config.group = "PG";
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7f000001, 0));
  auto prepared = PrepareMessage(message, config, ids);
  EXPECT_TRUE(prepared.ok()) << prepared.status().ToString();
  MessageQueue queue;
  queue.topic = message.topic();
  queue.broker_name = "b";
  auto request = BuildSendRequest(*prepared, config, queue);
  auto header = protocol::SendMessageRequestHeader::DecodeV2(request.ext_fields());
  EXPECT_TRUE(header.ok()) << header.status().ToString();
  return header.ok() ? *header : protocol::SendMessageRequestHeader{};
}

TEST(SendRequestTest, RetryResendCarriesItsCountsInTheHeader) {
  Message message("%RETRY%CG", "again");
  message.set_property("RECONSUME_TIME", "3").set_property("MAX_RECONSUME_TIMES", "5");
  const auto header = HeaderFor(message);
  EXPECT_EQ(header.reconsume_times, 3);
  EXPECT_EQ(header.max_reconsume_times, 5);
  const std::string properties = header.properties.value_or("");
  EXPECT_FALSE(protocol::FindProperty(properties, "RECONSUME_TIME"));
  EXPECT_FALSE(protocol::FindProperty(properties, "MAX_RECONSUME_TIMES"));
  EXPECT_TRUE(protocol::FindProperty(properties, "UNIQ_KEY"));
}

TEST(SendRequestTest, OrdinaryTopicKeepsTheProperties) {
  Message message("Orders", "once");
  message.set_property("RECONSUME_TIME", "3");
  const auto header = HeaderFor(message);
  EXPECT_EQ(header.reconsume_times, 0);
  EXPECT_FALSE(header.max_reconsume_times.has_value());
  EXPECT_EQ(protocol::FindProperty(header.properties.value_or(""), "RECONSUME_TIME"),
            std::optional<std::string_view>("3"));
}

// Each message keeps a UNIQ_KEY of its own and the others get a new one; an empty one counts
// as none (it stays, and a new one follows it, as with a single message).
TEST(SendRequestTest, BatchBodyCarriesEveryMessageWithItsUniqueKey) {
  ProducerConfig config;
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7f000001, 0));
  std::vector<Message> batch;
  batch.emplace_back("Orders", "TagA", "zero");
  batch.emplace_back("Orders", "one");
  batch.back().set_property("UNIQ_KEY", "OWN-KEY").set_flag(7);
  batch.emplace_back("Orders", std::string(3000, 'x'));
  batch.back().set_property("UNIQ_KEY", "").set_property("a", "b");
  auto prepared = PrepareBatch(batch, config, ids);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  auto entries = protocol::DecodeBatchBody((*prepared)->body);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 3u);
  std::string joined;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*entries)[i].body, batch[i].body()) << i;
    EXPECT_EQ((*entries)[i].flag, batch[i].flag()) << i;
    auto key = protocol::FindProperty((*entries)[i].properties, "UNIQ_KEY");
    ASSERT_TRUE(key.has_value()) << i;
    joined += (i == 0 ? "" : ",") + std::string(*key);
  }
  EXPECT_EQ(*protocol::FindProperty((*entries)[0].properties, "TAGS"), "TagA");
  EXPECT_EQ(protocol::FindProperty((*entries)[0].properties, "UNIQ_KEY")->size(), ids.length());
  EXPECT_EQ((*entries)[1].properties, "UNIQ_KEY\x01OWN-KEY\x02");
  const auto third = protocol::DecodeMessageProperties((*entries)[2].properties);
  EXPECT_EQ(third.at("a"), "b");
  EXPECT_EQ(third.at("UNIQ_KEY").size(), ids.length());
  EXPECT_EQ((*entries)[2].properties.substr(0, 14),
            "UNIQ_KEY\x01\x02"
            "a\x01"
            "b\x02");
  EXPECT_EQ((*prepared)->message_id, joined);
  EXPECT_NE(joined.find(",OWN-KEY,"), std::string::npos);
}

// The UNIQ_KEY the producer adds may take a message's properties past what an entry holds.
TEST(SendRequestTest, BatchMessageWhoseKeyOverflowsItsPropertiesIsNamed) {
  ProducerConfig config;
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7f000001, 0));
  std::vector<Message> batch(2, Message("Orders", "body"));
  batch[1].set_property("p", std::string(32767 - 3, 'v'));
  auto prepared = PrepareBatch(batch, config, ids);
  EXPECT_EQ(prepared.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(prepared.status().message().find("batch message 1 has"), std::string::npos)
      << prepared.status().ToString();
  batch[1].set_property("UNIQ_KEY", "K");
  batch[1].set_property("p", std::string(32767 - 3 - 12, 'v'));
  EXPECT_TRUE(PrepareBatch(batch, config, ids).ok());
}

// A batch body comes from batch_body_pool with a previous batch's bytes: every byte of it is
// rewritten.
TEST(SendRequestTest, BatchOverAReusedBodyDecodes) {
  ProducerConfig config;
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7f000001, 0));
  std::vector<Message> larger(4, Message("Orders", std::string(2000, 'L')));
  for (Message& m : larger) m.set_property("p", std::string(100, 'P')).set_flag(-1);
  ASSERT_TRUE(PrepareBatch(larger, config, ids).ok());  // released: its body is pooled
  std::vector<Message> batch;
  batch.emplace_back("Orders", "first");
  batch.emplace_back("Orders", std::string(1500, 's'));
  auto prepared = PrepareBatch(batch, config, ids);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  auto entries = protocol::DecodeBatchBody((*prepared)->body);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*entries)[i].body, batch[i].body()) << i;
    EXPECT_EQ((*entries)[i].flag, 0) << i;
    EXPECT_EQ(protocol::DecodeMessageProperties((*entries)[i].properties).size(), 1u) << i;
  }
}

remoting::RemotingCommand StoredAnswer() {
  auto answer = remoting::RemotingCommand::CreateResponse(0);
  answer.mutable_ext_fields()->insert_or_assign("msgId", "OFFSET-ID");
  answer.mutable_ext_fields()->insert_or_assign("queueId", "3");
  answer.mutable_ext_fields()->insert_or_assign("queueOffset", "42");
  return answer;
}

TEST(SendRequestTest, StoredAnswerCopiesOrTakesTheIds) {
  PreparedMessage message;
  message.user_topic = "Orders";
  message.message_id = "ID-1,ID-2";
  MessageQueue queue;
  queue.broker_name = "b";
  auto answer = StoredAnswer();
  auto copied = ParseSendResponse(answer, message, queue, "127.0.0.1:10911");
  ASSERT_TRUE(copied.ok()) << copied.status().ToString();
  EXPECT_EQ(copied->message_id, "ID-1,ID-2");
  EXPECT_EQ(copied->offset_message_id, "OFFSET-ID");
  EXPECT_EQ(copied->queue.queue_id, 3);
  EXPECT_EQ(copied->queue_offset, 42);
  EXPECT_EQ(message.message_id, "ID-1,ID-2");
  answer = StoredAnswer();
  auto taken = ParseSendResponse(answer, message, queue, "127.0.0.1:10911", MessageId::kTake);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->message_id, "ID-1,ID-2");
  EXPECT_TRUE(message.message_id.empty());
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
