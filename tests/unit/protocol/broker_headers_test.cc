#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/admin_headers.h"
#include "protocol/client_headers.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"
#include "protocol/transaction_headers.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;

// protocol.md §1.8: the SEND_MESSAGE_V2 extFields a Java 5.x producer sends.
const ExtFields kJavaSendV2 = {{"a", "PG1"},
                               {"b", "T1"},
                               {"c", "TBW102"},
                               {"d", "4"},
                               {"e", "2"},
                               {"f", "0"},
                               {"g", "1700000000000"},
                               {"h", "0"},
                               {"i",
                                "TAGS\x01TagA\x02WAIT\x01true\x02UNIQ_KEY\x01"
                                "C0A8010A30391B6D3586075BCD150001\x02"s},
                               {"j", "0"},
                               {"k", "false"},
                               {"m", "false"},
                               {"n", "broker-a"}};

TEST(SendHeadersTest, DecodesJavaV2AndReencodes) {
  Result<SendMessageRequestHeader> header =
      SendMessageRequestHeader::DecodeForRequestCode(RequestCode::kSendMessageV2, kJavaSendV2);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->producer_group, "PG1");
  EXPECT_EQ(header->topic, "T1");
  EXPECT_EQ(header->default_topic_queue_nums, 4);
  EXPECT_EQ(header->queue_id, 2);
  EXPECT_EQ(header->born_timestamp, 1700000000000);
  EXPECT_EQ(header->reconsume_times, std::optional<int32_t>(0));
  EXPECT_FALSE(header->max_reconsume_times.has_value());
  EXPECT_FALSE(header->batch);
  EXPECT_EQ(header->broker_name, std::optional<std::string>("broker-a"));
  EXPECT_EQ(header->EncodeV2(), kJavaSendV2);

  const ExtFields v1 = header->Encode();
  EXPECT_EQ(v1.at("producerGroup"), "PG1");
  EXPECT_EQ(v1.at("bornTimestamp"), "1700000000000");
  EXPECT_EQ(v1.at("unitMode"), "false");
  EXPECT_EQ(v1.at("bname"), "broker-a");
  EXPECT_EQ(v1.count("a"), 0u);
  Result<SendMessageRequestHeader> back =
      SendMessageRequestHeader::DecodeForRequestCode(RequestCode::kSendMessage, v1);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->EncodeV2(), kJavaSendV2);
}

// The ROCKETMQ binary header's extFields bytes of `fields`, spelled out (protocol.md §1.4):
// 16-bit key length, key, 32-bit value length, value.
template <typename Entries = ExtFields>
std::string BinaryEntries(const Entries& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    out.push_back(static_cast<char>(key.size() >> 8));
    out.push_back(static_cast<char>(key.size()));
    out += key;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>(value.size() >> shift));
    }
    out += value;
  }
  return out;
}

TEST(SendHeadersTest, AppendBinaryV2WritesTheBytesOfEncodeV2sMap) {
  Result<SendMessageRequestHeader> java = SendMessageRequestHeader::DecodeV2(kJavaSendV2);
  ASSERT_TRUE(java.ok()) << java.status().ToString();
  // Every field set, the numbers at their extremes, next to the Java producer's header (no
  // l, optional strings set) and one with every optional field unset.
  SendMessageRequestHeader full = *java;
  full.default_topic_queue_nums = INT32_MIN;
  full.queue_id = -1;
  full.sys_flag = INT32_MAX;
  full.flag = -7;
  full.properties = std::string(300, 'p');
  full.reconsume_times = 16;
  full.unit_mode = true;
  full.max_reconsume_times = -1;
  full.batch = true;
  full.born_timestamp = INT64_MAX;
  SendMessageRequestHeader bare;
  bare.producer_group = "G";
  bare.topic = "T";
  for (const SendMessageRequestHeader& header : {*java, full, bare}) {
    std::string bytes = "prefix";
    header.AppendBinaryV2(&bytes);
    EXPECT_EQ(bytes, "prefix" + BinaryEntries(header.EncodeV2()));
  }
  SendMessageRequestHeader lowest = full;
  lowest.born_timestamp = INT64_MIN;
  std::string bytes;
  lowest.AppendBinaryV2(&bytes);
  EXPECT_EQ(bytes, BinaryEntries(lowest.EncodeV2()));
  EXPECT_NE(bytes.find("-9223372036854775808"), std::string::npos);
}

TEST(SendHeadersTest, BinaryHeaderWriterGrowsPastTheRoomItWasGiven) {
  std::string bytes = "x";
  BinaryHeaderWriter writer(&bytes, 0);
  writer.Required("a", std::string(100, 'v'));
  writer.Defaulted("b", true);
  writer.Optional("c", std::optional<int64_t>(-5));
  writer.Optional("d", std::optional<int32_t>());
  writer.Finish();
  EXPECT_EQ(bytes, "x" + BinaryEntries({{"a", std::string(100, 'v')}, {"b", "true"}, {"c", "-5"}}));
}

// A view header's V2 fields as binary extFields bytes: those of kJavaSendV2 when it read
// them all.
std::string BinaryV2(const SendMessageRequestHeaderView& header) {
  std::string bytes;
  header.AppendBinaryV2(&bytes);
  return bytes;
}

TEST(SendHeadersTest, ViewsDecodedFromAMapPointIntoIt) {
  for (int32_t code : {RequestCode::kSendMessageV2, RequestCode::kSendMessage}) {
    const ExtFields fields = code == RequestCode::kSendMessage
                                 ? SendMessageRequestHeader::DecodeV2(kJavaSendV2)->Encode()
                                 : kJavaSendV2;
    Result<SendMessageRequestHeaderView> header =
        SendMessageRequestHeaderView::DecodeForRequestCode(code, fields);
    ASSERT_TRUE(header.ok()) << header.status().ToString();
    EXPECT_EQ(BinaryV2(*header), BinaryEntries(kJavaSendV2));
    // Not copied.
    const std::string& properties =
        fields.at(code == RequestCode::kSendMessage ? "properties" : "i");
    EXPECT_EQ(header->properties->data(), properties.data());
  }
  ExtFields missing = kJavaSendV2;
  missing.erase("b");
  EXPECT_EQ(SendMessageRequestHeaderView::DecodeForRequestCode(RequestCode::kSendMessageV2, missing)
                .status()
                .message(),
            "SendMessageRequestHeaderV2: missing required field 'b'");
}

TEST(SendHeadersTest, MissingOrMalformedRequiredFields) {
  ExtFields missing = kJavaSendV2;
  missing.erase("b");
  EXPECT_EQ(SendMessageRequestHeader::DecodeV2(missing).status().message(),
            "SendMessageRequestHeaderV2: missing required field 'b'");
  ExtFields bad = kJavaSendV2;
  bad["e"] = "two";
  EXPECT_EQ(SendMessageRequestHeader::DecodeV2(bad).status().message(),
            "SendMessageRequestHeaderV2: field 'e' = 'two' is not a valid int");
  // The V1 decoder does not accept V2 names.
  EXPECT_FALSE(SendMessageRequestHeader::Decode(kJavaSendV2).ok());
  EXPECT_TRUE(SendMessageRequestHeader::UsesV2(RequestCode::kSendBatchMessage));
  EXPECT_FALSE(SendMessageRequestHeader::UsesV2(RequestCode::kSendReplyMessage));
}

TEST(SendHeadersTest, DecodesStraightFromBinaryExtFieldsBytes) {
  using Entries = std::vector<std::pair<std::string, std::string>>;
  auto decode = [](int32_t code, const std::string& bytes) {
    return SendMessageRequestHeaderView::DecodeBinaryForRequestCode(code, bytes);
  };
  // This SDK's producers write the map's order; Java's binary headers HashMap order, put in
  // the map's order on the way in.
  Entries reversed(kJavaSendV2.begin(), kJavaSendV2.end());
  std::reverse(reversed.begin(), reversed.end());
  const ExtFields v1 = SendMessageRequestHeader::DecodeV2(kJavaSendV2)->Encode();
  for (const auto& [code, bytes] : std::vector<std::pair<int32_t, std::string>>{
           {RequestCode::kSendMessageV2, BinaryEntries(kJavaSendV2)},
           {RequestCode::kSendBatchMessage, BinaryEntries(reversed)},
           {RequestCode::kSendMessage, BinaryEntries(v1)}}) {
    Result<SendMessageRequestHeaderView> header = decode(code, bytes);
    ASSERT_TRUE(header.ok()) << header.status().ToString();
    EXPECT_EQ(BinaryV2(*header), BinaryEntries(kJavaSendV2));
    // Not copied.
    EXPECT_GE(header->topic.data(), bytes.data());
    EXPECT_LT(header->topic.data(), bytes.data() + bytes.size());
  }
  // More fields than the views hold inline (an RPC hook's), in order and not.
  ExtFields many = kJavaSendV2;
  for (char c = 'o'; c <= 'z'; ++c) many[std::string(1, c)] = "x";
  for (char c = 'A'; c <= 'Z'; ++c) many[std::string(1, c)] = "y";
  Entries many_reversed(many.begin(), many.end());
  std::reverse(many_reversed.begin(), many_reversed.end());
  for (const std::string& bytes : {BinaryEntries(many), BinaryEntries(many_reversed)}) {
    Result<SendMessageRequestHeaderView> from_many = decode(RequestCode::kSendMessageV2, bytes);
    ASSERT_TRUE(from_many.ok()) << from_many.status().ToString();
    EXPECT_EQ(BinaryV2(*from_many), BinaryEntries(kJavaSendV2));
  }
  // A repeated key: the last wins, as in the map.
  Entries repeated(kJavaSendV2.begin(), kJavaSendV2.end());
  repeated.emplace_back("b", "T2");
  EXPECT_EQ(decode(RequestCode::kSendMessageV2, BinaryEntries(repeated))->topic, "T2");
  // The map's errors, word for word.
  ExtFields missing = kJavaSendV2;
  missing.erase("b");
  EXPECT_EQ(decode(RequestCode::kSendMessageV2, BinaryEntries(missing)).status().message(),
            "SendMessageRequestHeaderV2: missing required field 'b'");
  ExtFields bad = kJavaSendV2;
  bad["e"] = "two";
  EXPECT_EQ(decode(RequestCode::kSendMessageV2, BinaryEntries(bad)).status().message(),
            "SendMessageRequestHeaderV2: field 'e' = 'two' is not a valid int");
  bad = kJavaSendV2;
  bad["k"] = "TRUE";
  EXPECT_TRUE(decode(RequestCode::kSendMessageV2, BinaryEntries(bad))->unit_mode);
  // Cut inside the last value: malformed.
  const std::string whole = BinaryEntries(kJavaSendV2);
  Result<SendMessageRequestHeaderView> cut =
      decode(RequestCode::kSendMessageV2, whole.substr(0, whole.size() - 1));
  EXPECT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("exceeds"), std::string::npos) << cut.status().ToString();
  EXPECT_TRUE(SendMessageRequestHeader::IsSendRequest(RequestCode::kSendReplyMessage));
  EXPECT_FALSE(SendMessageRequestHeader::IsSendRequest(RequestCode::kPullMessage));
}

TEST(SendHeadersTest, ResponseGolden) {
  const ExtFields java = {{"msgId", "0A00000100002A9F00000000000004D2"},
                          {"queueId", "2"},
                          {"queueOffset", "17"},
                          {"transactionId", "C0A8010A30391B6D3586075BCD150001"},
                          {"MSG_REGION", "DefaultRegion"},
                          {"TRACE_ON", "true"}};
  Result<SendMessageResponseHeader> header = SendMessageResponseHeader::Decode(java);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->queue_offset, 17);
  ExtFields encoded = header->Encode();
  encoded[kSendResponseMsgRegion] = "DefaultRegion";
  encoded[kSendResponseTraceOn] = "true";
  EXPECT_EQ(encoded, java);

  // Off the answer's bytes, in the map's order (our broker) and in reverse (as Java's
  // HashMap order may be): the same header.
  using Entries = std::vector<std::pair<std::string, std::string>>;
  Entries in_order(java.begin(), java.end());
  Entries reversed(in_order.rbegin(), in_order.rend());
  for (const Entries& entries : {in_order, reversed}) {
    Result<SendMessageResponseHeader> read =
        DecodeHeaderFromBytes<SendMessageResponseHeader>(BinaryEntries(entries));
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->Encode(), header->Encode());
  }
}

// Keys no hash of their length and first, middle and last bytes tells apart share a bucket
// of the wire-order decoder's index; each is still read into its own field, and an unknown
// key that lands in a field's bucket is ignored.
struct LookalikeKeysHeader {
  static constexpr char kName[] = "LookalikeKeysHeader";
  std::string first;
  std::string second;
  std::optional<std::string> third;
  int64_t number = 0;
  std::string_view view;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("kAyxxx1", self.first);
    v.Required("kByxxx1", self.second);
    v.Optional("kCyxxx1", self.third);
    v.Required("", self.number);
    v.Defaulted("v", self.view);
  }
};

TEST(HeaderCodecTest, WireOrderDecodeTellsLookalikeKeysApart) {
  using Entries = std::vector<std::pair<std::string, std::string>>;
  const Entries entries = {{"kCyxxx1", "3"}, {"kDyxxx1", "unknown"},
                           {"v", "view"},    {"kByxxx1", "2"},
                           {"", "-7"},       {"kAyxxx1", "1"}};
  const std::string bytes = BinaryEntries(entries);
  Result<LookalikeKeysHeader> header = DecodeHeaderFromBytes<LookalikeKeysHeader>(bytes);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->first, "1");
  EXPECT_EQ(header->second, "2");
  EXPECT_EQ(header->third, "3");
  EXPECT_EQ(header->number, -7);
  EXPECT_EQ(header->view, "view");
  // Missing and malformed: the map decoder's errors.
  Entries missing = entries;
  missing.pop_back();
  EXPECT_EQ(DecodeHeaderFromBytes<LookalikeKeysHeader>(BinaryEntries(missing)).status().message(),
            "LookalikeKeysHeader: missing required field 'kAyxxx1'");
  Entries bad = entries;
  bad[4].second = "x";
  EXPECT_EQ(DecodeHeaderFromBytes<LookalikeKeysHeader>(BinaryEntries(bad)).status().message(),
            "LookalikeKeysHeader: field '' = 'x' is not a valid long");
}

TEST(PullHeadersTest, JavaRequestAndResponse) {
  // protocol.md §1.8 PULL_MESSAGE extFields.
  const ExtFields java = {{"consumerGroup", "G1"},
                          {"topic", "T1"},
                          {"queueId", "2"},
                          {"queueOffset", "17"},
                          {"maxMsgNums", "32"},
                          {"sysFlag", "3"},
                          {"commitOffset", "17"},
                          {"suspendTimeoutMillis", "15000"},
                          {"subVersion", "1700000000000"},
                          {"expressionType", "TAG"},
                          {"bname", "broker-a"}};
  Result<PullMessageRequestHeader> request = PullMessageRequestHeader::Decode(java);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_TRUE(PullSysFlag::HasCommitOffsetFlag(request->sys_flag));
  EXPECT_TRUE(PullSysFlag::HasSuspendFlag(request->sys_flag));
  EXPECT_FALSE(PullSysFlag::HasSubscriptionFlag(request->sys_flag));
  EXPECT_EQ(PullSysFlag::Build(true, true, false, false), 3);
  EXPECT_FALSE(request->subscription.has_value());
  EXPECT_EQ(request->Encode(), java);
  // The broker's decode takes the strings out of a map it is done with: same header.
  ExtFields taken = java;
  Result<PullMessageRequestHeader> moved = PullMessageRequestHeader::Decode(std::move(taken));
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->Encode(), java);

  const ExtFields response = {
      {"suggestWhichBrokerId", "0"}, {"nextBeginOffset", "18"}, {"minOffset", "0"},
      {"maxOffset", "18"},           {"topicSysFlag", "0"},     {"groupSysFlag", "0"}};
  Result<PullMessageResponseHeader> header = PullMessageResponseHeader::Decode(response);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->next_begin_offset, 18);
  EXPECT_EQ(header->Encode(), response);
  ExtFields broken = response;
  broken.erase("maxOffset");
  EXPECT_EQ(PullMessageResponseHeader::Decode(broken).status().code(), ErrorCode::kInvalidArgument);
}

// The binary form (a pull answer to a binary-header consumer) holds the map's entries, in
// its order, as the binary header writes a map: the same bytes on the wire either way.
TEST(PullHeadersTest, BinaryEncodingIsTheBytesOfTheMap) {
  PullMessageResponseHeader header;
  header.suggest_which_broker_id = 1;
  header.next_begin_offset = 18;
  header.min_offset = -7;
  header.max_offset = INT64_MAX;
  header.topic_sys_flag = 0;
  std::string expected;
  for (const auto& [key, value] : header.Encode()) {
    const size_t at = expected.size();
    expected.resize(at + BinaryFieldSize(key, value));
    PutBinaryField(key, value, &expected[at]);
  }
  // A guess of 1 byte grows as the fields are written.
  EXPECT_EQ(EncodeBinaryHeader(header, 1), expected);
  EXPECT_EQ(EncodeBinaryHeader(header, 1000), expected);
}

// Visits a header's Fields list and records its keys in order.
class KeyRecorder {
 public:
  template <typename T>
  void Required(const char* key, const T&) {
    keys.emplace_back(key);
  }
  template <typename T>
  void Optional(const char* key, const T&) {
    keys.emplace_back(key);
  }
  template <typename T>
  void Defaulted(const char* key, const T&) {
    keys.emplace_back(key);
  }
  std::vector<std::string> keys;
};

template <typename Header>
std::vector<std::string> FieldKeys() {
  Header header;
  KeyRecorder recorder;
  Header::Fields(header, recorder);
  return recorder.keys;
}

// A pull's headers are written and read once per pull, about once per consumed message at
// low rates: listed in ExtFields' order, each key is appended and found without a search.
TEST(PullHeadersTest, ListTheirFieldsInTheMapsOrder) {
  for (const auto& keys :
       {FieldKeys<PullMessageRequestHeader>(), FieldKeys<PullMessageResponseHeader>()}) {
    EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
    ExtFields encoded;
    for (const std::string& key : keys) encoded[key] = "1";
    EXPECT_TRUE(std::equal(keys.begin(), keys.end(), encoded.begin(), encoded.end(),
                           [](const std::string& key, const ExtFields::value_type& field) {
                             return key == field.first;
                           }));
  }
}

TEST(OffsetHeadersTest, RoundTrips) {
  QueryConsumerOffsetRequestHeader query;
  query.consumer_group = "G";
  query.topic = "T";
  query.queue_id = 1;
  EXPECT_EQ(query.Encode(), (ExtFields{{"consumerGroup", "G"}, {"topic", "T"}, {"queueId", "1"}}));
  OffsetResponseHeader offset;
  offset.offset = -1;
  EXPECT_EQ(QueryConsumerOffsetResponseHeader::Decode(offset.Encode())->offset, -1);

  GetMaxOffsetRequestHeader max;
  max.topic = "T";
  EXPECT_EQ(max.Encode().at("committed"), "true");
  EXPECT_TRUE(GetMaxOffsetRequestHeader::Decode({{"topic", "T"}, {"queueId", "0"}})->committed);

  SearchOffsetRequestHeader search;
  search.topic = "T";
  search.timestamp = 1700000000000;
  search.boundary_type = "UPPER";
  EXPECT_EQ(SearchOffsetRequestHeader::Decode(search.Encode())->boundary_type, "UPPER");

  ResetOffsetRequestHeader reset;
  reset.topic = "T";
  reset.group = "G";
  reset.is_force = true;
  Result<ResetOffsetRequestHeader> back = ResetOffsetRequestHeader::Decode(reset.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->is_force);
  EXPECT_EQ(back->queue_id, -1);
  EXPECT_EQ(ResetOffsetRequestHeader::Decode(
                {{"topic", "T"}, {"group", "G"}, {"timestamp", "1"}, {"isForce", "TRUE"}})
                ->queue_id,
            -1);

  QueryMessageRequestHeader query_message;
  query_message.topic = "T";
  query_message.key = "k";
  query_message.max_num = 32;
  EXPECT_EQ(QueryMessageRequestHeader::Decode(query_message.Encode())->max_num, 32);
  EXPECT_FALSE(ViewMessageRequestHeader::Decode({{"offset", "1.5"}}).ok());
}

TEST(ClientHeadersTest, RoundTrips) {
  UnregisterClientRequestHeader unregister;
  unregister.client_id = "10.0.0.5@1";
  unregister.producer_group = "PG";
  EXPECT_EQ(unregister.Encode(), (ExtFields{{"clientID", "10.0.0.5@1"}, {"producerGroup", "PG"}}));
  EXPECT_EQ(NotifyConsumerIdsChangedRequestHeader::Decode({{"consumerGroup", "G"}})->consumer_group,
            "G");
  EXPECT_FALSE(GetConsumerListByGroupRequestHeader::Decode({}).ok());

  ConsumerSendMsgBackRequestHeader back;
  back.offset = 1234;
  back.group = "G";
  back.delay_level = 0;
  back.origin_msg_id = "ID";
  back.max_reconsume_times = 16;
  const ExtFields fields = back.Encode();
  EXPECT_EQ(fields, (ExtFields{{"offset", "1234"},
                               {"group", "G"},
                               {"delayLevel", "0"},
                               {"originMsgId", "ID"},
                               {"unitMode", "false"},
                               {"maxReconsumeTimes", "16"}}));
  EXPECT_EQ(ConsumerSendMsgBackRequestHeader::Decode(fields)->max_reconsume_times, 16);

  GetConsumerRunningInfoRequestHeader running;
  running.consumer_group = "G";
  running.client_id = "c";
  EXPECT_FALSE(GetConsumerRunningInfoRequestHeader::Decode(running.Encode())->jstack_enable);
}

TEST(TransactionHeadersTest, RoundTrips) {
  EndTransactionRequestHeader end;
  end.producer_group = "PG";
  end.tran_state_table_offset = 5;
  end.commit_log_offset = 1234;
  end.commit_or_rollback = 8;
  end.msg_id = "UNIQ";
  end.transaction_id = "UNIQ";
  Result<EndTransactionRequestHeader> back = EndTransactionRequestHeader::Decode(end.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->commit_or_rollback, 8);
  EXPECT_FALSE(back->from_transaction_check);
  ExtFields no_msg = end.Encode();
  no_msg.erase("msgId");
  EXPECT_EQ(EndTransactionRequestHeader::Decode(no_msg).status().message(),
            "EndTransactionRequestHeader: missing required field 'msgId'");

  CheckTransactionStateRequestHeader check;
  check.tran_state_table_offset = 7;
  check.commit_log_offset = 99;
  check.offset_msg_id = "0A00000100002A9F0000000000000063";
  EXPECT_EQ(CheckTransactionStateRequestHeader::Decode(check.Encode())->offset_msg_id,
            check.offset_msg_id);
}

TEST(AdminHeadersTest, RoundTrips) {
  CreateTopicRequestHeader create;
  create.topic = "T1";
  create.read_queue_nums = 8;
  create.write_queue_nums = 8;
  create.perm = 6;
  const ExtFields fields = create.Encode();
  EXPECT_EQ(fields, (ExtFields{{"topic", "T1"},
                               {"defaultTopic", "TBW102"},
                               {"readQueueNums", "8"},
                               {"writeQueueNums", "8"},
                               {"perm", "6"},
                               {"topicFilterType", "SINGLE_TAG"},
                               {"order", "false"}}));
  EXPECT_EQ(CreateTopicRequestHeader::Decode(fields)->read_queue_nums, 8);
  EXPECT_FALSE(DeleteTopicRequestHeader::Decode({}).ok());
  EXPECT_EQ(
      DeleteSubscriptionGroupRequestHeader::Decode({{"groupName", "G"}, {"removeOffset", "true"}})
          ->remove_offset,
      std::optional<bool>(true));
  EXPECT_TRUE(GetConsumeStatsInBrokerHeader::Decode({{"isOrder", "true"}})->is_order);
  QueryConsumeQueueRequestHeader cq;
  cq.topic = "T";
  cq.index = 1LL << 33;
  EXPECT_EQ(QueryConsumeQueueRequestHeader::Decode(cq.Encode())->index, 1LL << 33);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
