#include "consumer/pulled_messages.h"

#include <gtest/gtest.h>

#include <string>

#include "consumer/subscription.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/pull_headers.h"
#include "remoting/binary_header.h"

namespace rocketmq {
namespace consumer {
namespace {

namespace mc = protocol::MessageConst;

// One stored record as the broker returns it in a pull body, its properties as encoded.
std::string EncodedRecord(const std::string& topic, int64_t queue_offset, const std::string& body,
                          const std::string& encoded_properties, int32_t reconsume_times = 0) {
  protocol::MessageRecord record;
  record.queue_id = 2;
  record.queue_offset = queue_offset;
  record.physical_offset = 1000 + queue_offset;
  record.born_timestamp = 1700000000000;
  record.store_timestamp = 1700000000005;
  record.born_host = protocol::HostAddress::V4(0x0A000001, 5555);
  record.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
  record.reconsume_times = reconsume_times;
  record.body = body;
  record.topic = topic;
  record.properties = encoded_properties;
  auto encoded = protocol::EncodeMessageRecordToString(record);
  EXPECT_TRUE(encoded.ok()) << encoded.status().ToString();
  return encoded.ok() ? *encoded : std::string();
}

std::string Record(const std::string& topic, int64_t queue_offset, const std::string& body,
                   const protocol::MessageProperties& properties, int32_t reconsume_times = 0) {
  return EncodedRecord(topic, queue_offset, body, protocol::EncodeMessageProperties(properties),
                       reconsume_times);
}

TEST(PulledMessagesTest, KeepsSubscribedTagsAndFillsTheBrokerFields) {
  const std::string body =
      Record("T", 7, "a",
             {{mc::kPropertyTags, "TagA"}, {mc::kPropertyUniqClientMessageIdKeyidx, "ID7"}}) +
      Record("T", 8, "c", {{mc::kPropertyTags, "TagC"}}) +
      Record("T", 9, "none", {{mc::kPropertyMinOffset, "99"}});
  auto subscription = BuildSubscription("T", "TagA || TagB", 1);
  ASSERT_TRUE(subscription.ok());
  auto messages = ProcessPulledBody(body, *subscription, PullOrigin("G", "broker-a", 3, 11));
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 1u);
  const MessageExt& m = messages->front();
  EXPECT_EQ(m.topic(), "T");
  EXPECT_EQ(m.body(), "a");
  EXPECT_EQ(m.tags(), "TagA");
  EXPECT_EQ(m.msg_id(), "ID7");
  EXPECT_EQ(m.broker_name(), "broker-a");
  EXPECT_EQ(m.queue_id(), 2);
  EXPECT_EQ(m.queue_offset(), 7);
  EXPECT_EQ(m.commit_log_offset(), 1007);
  EXPECT_EQ(m.born_timestamp(), 1700000000000);
  EXPECT_EQ(m.store_timestamp(), 1700000000005);
  EXPECT_EQ(m.born_host(), "10.0.0.1:5555");
  EXPECT_EQ(m.store_host(), "127.0.0.1:10911");
  EXPECT_FALSE(m.offset_msg_id().empty());
  // As Java's PullAPIWrapper.processPullResult: the queue's offsets from the pull's answer.
  EXPECT_EQ(m.property(mc::kPropertyMinOffset), "3");
  EXPECT_EQ(m.property(mc::kPropertyMaxOffset), "11");

  auto all =
      ProcessPulledBody(body, *BuildSubscription("T", "*", 1), PullOrigin("G", "broker-a", 3, 11));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  // The pull's value replaces one the stored message carried (Java's putProperty).
  EXPECT_EQ((*all)[2].property(mc::kPropertyMinOffset), "3");
  // Every property a record carries is the listener's, with the pull's.
  const protocol::MessageProperties want = {{mc::kPropertyTags, "TagA"},
                                            {mc::kPropertyUniqClientMessageIdKeyidx, "ID7"},
                                            {mc::kPropertyMinOffset, "3"},
                                            {mc::kPropertyMaxOffset, "11"}};
  EXPECT_EQ(m.properties(), want);
  // Without UNIQ_KEY the id is the offset message id.
  EXPECT_EQ((*all)[1].msg_id(), (*all)[1].offset_msg_id());
}

// Apache's broker stores properties as Java encodes them, without a separator after the last
// value: what the consumer adds must not run into that value.
TEST(PulledMessagesTest, PropertiesJavaEndedKeepTheirLastValueAndGetThePullsOffsets) {
  const std::string body = EncodedRecord("T", 7, "a", "TAGS\x01TagA\x02UNIQ_KEY\x01ID7");
  auto messages =
      ProcessPulledBody(body, *BuildSubscription("T", "*", 1), PullOrigin("G", "broker-a", 0, 8));
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 1u);
  MessageExt m = messages->front();
  m.set_property(mc::kPropertyConsumeStartTimestamp, "1700000000009");
  const protocol::MessageProperties want = {{mc::kPropertyTags, "TagA"},
                                            {mc::kPropertyUniqClientMessageIdKeyidx, "ID7"},
                                            {mc::kPropertyMinOffset, "0"},
                                            {mc::kPropertyMaxOffset, "8"},
                                            {mc::kPropertyConsumeStartTimestamp, "1700000000009"}};
  EXPECT_EQ(m.properties(), want);
  EXPECT_EQ(m.msg_id(), "ID7");
}

TEST(PulledMessagesTest, RetriedMessagesGetTheirOriginalTopicBack) {
  const std::string body = Record("%RETRY%G", 0, "r", {{mc::kPropertyRetryTopic, "T"}}, 2) +
                           Record("%RETRY%Other", 1, "x", {{mc::kPropertyRetryTopic, "T"}});
  auto messages =
      ProcessPulledBody(body, *BuildSubscription("%RETRY%G", "*", 1), PullOrigin("G", "b", 0, 2));
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 2u);
  EXPECT_EQ((*messages)[0].topic(), "T");
  EXPECT_EQ((*messages)[0].reconsume_times(), 2);
  // Only the group's own retry topic is translated.
  EXPECT_EQ((*messages)[1].topic(), "%RETRY%Other");
}

TEST(PulledMessagesTest, ACorruptBodyIsAnError) {
  auto messages = ProcessPulledBody("not a record", *BuildSubscription("T", "*", 1),
                                    PullOrigin("G", "b", 0, 0));
  EXPECT_FALSE(messages.ok());
}

// The push consumer's deferred decoding (scan on the pull's thread, decode on a consume
// thread) yields the messages ProcessPulledBody does, field for field.
TEST(PulledMessagesTest, ScannedRecordsDecodeAsProcessPulledBodyDoes) {
  const std::string body =
      Record("T", 7, "a",
             {{mc::kPropertyTags, "TagA"}, {mc::kPropertyUniqClientMessageIdKeyidx, "ID7"}}) +
      Record("T", 8, "c", {{mc::kPropertyTags, "TagC"}}) +
      Record("%RETRY%G", 9, "retried",
             {{mc::kPropertyRetryTopic, "T"}, {mc::kPropertyTags, "TagB"}}, 3) +
      Record("T", 10, "none", {});
  auto subscription = BuildSubscription("T", "TagA || TagB", 1);
  ASSERT_TRUE(subscription.ok());
  auto expected = ProcessPulledBody(body, *subscription, PullOrigin("G", "broker-a", 3, 11));
  auto scanned = ScanPulledBody(body, *subscription);
  ASSERT_TRUE(expected.ok() && scanned.ok()) << scanned.status().ToString();
  scanned->min_offset = 3;
  scanned->max_offset = 11;
  const PullOrigin origin("G", "broker-a", scanned->min_offset, scanned->max_offset);
  EXPECT_FALSE(scanned->compressed);
  ASSERT_EQ(scanned->records.size(), 2u);
  ASSERT_EQ(expected->size(), 2u);
  HostTexts hosts;
  for (size_t i = 0; i < expected->size(); ++i) {
    const protocol::MessageRecord& record = scanned->records[i];
    const MessageExt& want = (*expected)[i];
    EXPECT_EQ(record.queue_offset, want.queue_offset());
    EXPECT_EQ(record.body.size(), want.body().size());
    const MessageExt got = DecodeScanned(record, origin, &hosts);
    EXPECT_EQ(got.topic(), want.topic());
    EXPECT_EQ(got.body(), want.body());
    EXPECT_EQ(got.properties(), want.properties());
    EXPECT_EQ(got.msg_id(), want.msg_id());
    EXPECT_EQ(got.offset_msg_id(), want.offset_msg_id());
    EXPECT_EQ(got.broker_name(), want.broker_name());
    EXPECT_EQ(got.queue_id(), want.queue_id());
    EXPECT_EQ(got.commit_log_offset(), want.commit_log_offset());
    EXPECT_EQ(got.born_timestamp(), want.born_timestamp());
    EXPECT_EQ(got.store_timestamp(), want.store_timestamp());
    EXPECT_EQ(got.born_host(), want.born_host());
    EXPECT_EQ(got.store_host(), want.store_host());
    EXPECT_EQ(got.reconsume_times(), want.reconsume_times());
    EXPECT_EQ(got.store_size(), want.store_size());
    EXPECT_EQ(got.sys_flag(), want.sys_flag());
    EXPECT_EQ(got.body_crc(), want.body_crc());
  }
  // The records view into the body, which moves with the pull to a consume thread.
  const ScannedPull moved = std::move(*scanned);
  EXPECT_EQ(DecodeScanned(moved.records[1], origin, &hosts).topic(), "T");
  EXPECT_FALSE(ScanPulledBody("not a record", *subscription).ok());
}

// A consume thread keeps one origin across pulls: offsets set again replace the last ones
// entirely, whatever their lengths.
TEST(PulledMessagesTest, OriginWithNewOffsetsIsAFreshOnesEqual) {
  PullOrigin kept("G", "broker-a", 1234567890123, 9876543210987);
  kept.SetOffsets(3, 11);
  const PullOrigin fresh("G", "broker-a", 3, 11);
  EXPECT_EQ(kept.offset_properties, fresh.offset_properties);
  EXPECT_EQ(kept.retry_topic, "%RETRY%G");
  kept.SetOffsets(-1, 4000000000);
  EXPECT_EQ(kept.offset_properties, PullOrigin("G", "b", -1, 4000000000).offset_properties);
  auto messages = ProcessPulledBody(Record("T", 7, "a", {{mc::kPropertyMinOffset, "99"}}),
                                    *BuildSubscription("T", "*", 1), kept);
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().property(mc::kPropertyMinOffset), "-1");
  EXPECT_EQ(messages->front().property(mc::kPropertyMaxOffset), "4000000000");
}

// A pull answer as it arrives: its extFields kept as the binary header's bytes.
remoting::RemotingCommand Arrived(const remoting::RemotingCommand& answer) {
  std::string bytes;
  remoting::AppendBinaryHeader(answer, &bytes);
  auto arrived = remoting::DecodeBinaryHeader(bytes.data(), bytes.size());
  EXPECT_TRUE(arrived.ok()) << arrived.status().ToString();
  EXPECT_NE(arrived->binary_ext_fields(), nullptr);
  return std::move(arrived).value();
}

remoting::RemotingCommand ArrivedAnswer(protocol::ExtFields fields) {
  remoting::RemotingCommand answer = remoting::RemotingCommand::CreateResponse(0);
  answer.set_ext_fields(std::move(fields));
  return Arrived(answer);
}

// Read off the bytes, the header is what its decoder makes of the map; what the decoder
// refuses is refused with its words.
TEST(PulledMessagesTest, PullResponseHeaderIsReadOffTheAnswersBytes) {
  protocol::PullMessageResponseHeader sent;
  sent.suggest_which_broker_id = 1;
  sent.next_begin_offset = 1234567890123;
  sent.min_offset = 7;
  sent.max_offset = 1234567890999;
  sent.topic_sys_flag = 3;
  protocol::ExtFields fields = sent.Encode();
  fields["MSG_REGION"] = "DefaultRegion";  // unknown keys ride along
  auto read =
      remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(ArrivedAnswer(fields));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->suggest_which_broker_id, 1);
  EXPECT_EQ(read->next_begin_offset, 1234567890123);
  EXPECT_EQ(read->min_offset, 7);
  EXPECT_EQ(read->max_offset, 1234567890999);
  EXPECT_EQ(read->topic_sys_flag, std::optional<int32_t>(3));
  EXPECT_FALSE(read->offset_delta.has_value());
  EXPECT_FALSE(read->group_sys_flag.has_value());
  EXPECT_FALSE(read->forbidden_type.has_value());

  // Java writes a binary header's fields in HashMap order: put in the map's order first.
  std::string unordered;
  protocol::BinaryHeaderWriter writer(&unordered, 256);
  writer.Required("suggestWhichBrokerId", sent.suggest_which_broker_id);
  writer.Required("nextBeginOffset", sent.next_begin_offset);
  writer.Required("minOffset", sent.min_offset);
  writer.Required("maxOffset", sent.max_offset);
  writer.Finish();
  remoting::RemotingCommand java = remoting::RemotingCommand::CreateResponse(0);
  java.set_binary_ext_fields(std::move(unordered));
  read = remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(Arrived(java));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->suggest_which_broker_id, 1);
  EXPECT_EQ(read->next_begin_offset, 1234567890123);
  EXPECT_EQ(read->max_offset, 1234567890999);
  EXPECT_FALSE(read->topic_sys_flag.has_value());

  protocol::ExtFields missing = sent.Encode();
  missing.erase("maxOffset");
  auto refused =
      remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(ArrivedAnswer(missing));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("maxOffset"), std::string::npos)
      << refused.status().ToString();

  protocol::ExtFields malformed = sent.Encode();
  malformed["nextBeginOffset"] = "12x";
  refused =
      remoting::DecodeCommandHeader<protocol::PullMessageResponseHeader>(ArrivedAnswer(malformed));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("nextBeginOffset"), std::string::npos)
      << refused.status().ToString();
}

// Host texts are formatted once per distinct host and reused; every message still gets
// its own hosts, in IPv4 and IPv6, however many distinct ones a pull holds.
TEST(PulledMessagesTest, HostTextsNameEachHostOfAPull) {
  HostTexts hosts;
  for (int round = 0; round < 2; ++round) {
    for (uint32_t i = 0; i < 20; ++i) {
      const auto host = protocol::HostAddress::V4(0x0A000000 + i, 5000 + static_cast<int32_t>(i));
      EXPECT_EQ(hosts.Of(host), "10.0.0." + std::to_string(i) + ":" + std::to_string(5000 + i));
    }
  }
  auto v6 = protocol::HostAddress::Parse("[::1]:10911");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(hosts.Of(*v6), v6->ToString());
  EXPECT_EQ(hosts.Of(protocol::HostAddress::V4(0x7F000001, 10911)), "127.0.0.1:10911");
}

}  // namespace
}  // namespace consumer
}  // namespace rocketmq
