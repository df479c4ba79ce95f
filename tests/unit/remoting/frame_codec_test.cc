// Golden frames from protocol.md §1.8 and round trips through both header forms.
#include "remoting/frame_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"
#include "remoting/binary_header.h"
#include "remoting/json_header.h"

namespace rocketmq {
namespace remoting {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// GET_ROUTEINFO_BY_TOPIC, topic TestTopic, opaque 1, version 409, JAVA (§1.8).
RemotingCommand RouteRequest(SerializeType type) {
  RemotingCommand request;
  request.set_code(105);
  request.set_language(LanguageCode::kJava);
  request.set_version(409);
  request.set_opaque(1);
  request.SetExtField("topic", "TestTopic");
  request.set_serialize_type(type);
  return request;
}

const char kJsonHeader[] =
    "{\"code\":105,\"extFields\":{\"topic\":\"TestTopic\"},\"flag\":0,\"language\":\"JAVA\","
    "\"opaque\":1,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":409}";

TEST(FrameCodecTest, JsonRequestMatchesGoldenFrame) {
  Result<std::string> frame = EncodeFrame(RouteRequest(SerializeType::kJson));
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  const std::string expected =
      Bytes({0x00, 0x00, 0x00, 0x87, 0x00, 0x00, 0x00, 0x83}) + kJsonHeader;
  ASSERT_EQ(expected.size(), 139u);
  EXPECT_EQ(*frame, expected);
}

TEST(FrameCodecTest, BinaryRequestMatchesGoldenFrame) {
  Result<std::string> frame = EncodeFrame(RouteRequest(SerializeType::kRocketMQ));
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  const std::string expected =
      Bytes({0x00, 0x00, 0x00, 0x2d, 0x01, 0x00, 0x00, 0x29, 0x00, 0x69, 0x00,
             0x01, 0x99, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x05}) +
      "topic" + Bytes({0x00, 0x00, 0x00, 0x09}) + "TestTopic";
  ASSERT_EQ(expected.size(), 49u);
  EXPECT_EQ(*frame, expected);
}

TEST(FrameCodecTest, BinaryResponseMatchesGoldenFrame) {
  RemotingCommand request = RouteRequest(SerializeType::kRocketMQ);
  RemotingCommand response = RemotingCommand::CreateResponseTo(request, 0);
  response.set_language(LanguageCode::kJava);
  response.set_version(409);
  response.set_body("{}");
  Result<std::string> frame = EncodeFrame(response);
  ASSERT_TRUE(frame.ok()) << frame.status().ToString();
  const std::string expected =
      Bytes({0x00, 0x00, 0x00, 0x1b, 0x01, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00,
             0x01, 0x99, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7b, 0x7d});
  EXPECT_EQ(*frame, expected);
}

TEST(FrameCodecTest, DecodesGoldenJsonFrame) {
  const std::string frame = Bytes({0x00, 0x00, 0x00, 0x87, 0x00, 0x00, 0x00, 0x83}) + kJsonHeader;
  Result<RemotingCommand> command = DecodeFrame(frame);
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->code(), 105);
  EXPECT_EQ(command->language(), LanguageCode::kJava);
  EXPECT_EQ(command->version(), 409);
  EXPECT_EQ(command->opaque(), 1);
  EXPECT_EQ(command->flag(), 0);
  EXPECT_FALSE(command->remark().has_value());
  EXPECT_EQ(command->ext_fields(), (protocol::ExtFields{{"topic", "TestTopic"}}));
  EXPECT_EQ(command->serialize_type(), SerializeType::kJson);
  EXPECT_TRUE(command->body().empty());
}

TEST(FrameCodecTest, DecodesGoldenBinaryResponse) {
  const std::string frame = Bytes({0x00, 0x00, 0x00, 0x1b, 0x01, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00,
                                   0x01, 0x99, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7b, 0x7d});
  Result<RemotingCommand> command = DecodeFrame(frame);
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->code(), 0);
  EXPECT_TRUE(command->IsResponse());
  EXPECT_EQ(command->opaque(), 1);
  EXPECT_EQ(command->version(), 409);
  EXPECT_FALSE(command->has_ext_fields());
  EXPECT_FALSE(command->remark().has_value());
  EXPECT_EQ(command->serialize_type(), SerializeType::kRocketMQ);
  EXPECT_EQ(command->body().owned(), "{}");
}

RemotingCommand RichCommand(SerializeType type) {
  RemotingCommand command = RemotingCommand::CreateRequest(310);
  command.set_serialize_type(type);
  command.set_remark("r\xC3\xA9mark \"quoted\"\n");
  command.SetExtField("i", std::string("TAGS\x01TagA\x02WAIT\x01true\x02", 20));
  command.SetExtField("b", "T1");
  command.SetExtField("empty", "");
  command.set_body(std::string("body\0bytes", 10));
  return command;
}

void ExpectSameCommand(const RemotingCommand& a, const RemotingCommand& b) {
  EXPECT_EQ(a.code(), b.code());
  EXPECT_EQ(a.language(), b.language());
  EXPECT_EQ(a.version(), b.version());
  EXPECT_EQ(a.opaque(), b.opaque());
  EXPECT_EQ(a.flag(), b.flag());
  EXPECT_EQ(a.remark(), b.remark());
  EXPECT_EQ(a.ext_fields(), b.ext_fields());
  EXPECT_EQ(a.body().Flatten(), b.body().Flatten());
  EXPECT_EQ(a.serialize_type(), b.serialize_type());
}

TEST(FrameCodecTest, RoundTripsBothForms) {
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    SCOPED_TRACE(SerializeTypeName(type));
    const RemotingCommand original = RichCommand(type);
    Result<std::string> frame = EncodeFrame(original);
    ASSERT_TRUE(frame.ok());
    Result<RemotingCommand> decoded = DecodeFrame(*frame);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    ExpectSameCommand(original, *decoded);
  }
}

TEST(FrameCodecTest, NegativeCodesAndOpaquesSurviveBothForms) {
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    RemotingCommand command = RemotingCommand::CreateResponse(-1000);
    command.set_opaque(-5);
    command.set_serialize_type(type);
    Result<RemotingCommand> decoded = DecodeFrame(*EncodeFrame(command));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->code(), -1000);
    EXPECT_EQ(decoded->opaque(), -5);
  }
}

TEST(FrameCodecTest, NullAndEmptyRemarkAndExtFieldsFollowJava) {
  RemotingCommand command = RemotingCommand::CreateResponse(0, std::string());
  command.set_opaque(7);
  command.set_ext_fields({});
  EXPECT_EQ(EncodeHeader(command),
            "{\"code\":0,\"extFields\":{},\"flag\":1,\"language\":\"CPP\",\"opaque\":7,"
            "\"remark\":\"\",\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}");
  Result<RemotingCommand> json = DecodeFrame(*EncodeFrame(command));
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->remark(), std::optional<std::string>(""));
  EXPECT_TRUE(json->has_ext_fields());

  command.set_serialize_type(SerializeType::kRocketMQ);
  Result<RemotingCommand> binary = DecodeFrame(*EncodeFrame(command));
  ASSERT_TRUE(binary.ok());
  EXPECT_FALSE(binary->remark().has_value());
  EXPECT_FALSE(binary->has_ext_fields());
}

TEST(FrameCodecTest, JsonStringsUseFastjsonEscapes) {
  std::string out;
  AppendFastjsonString(std::string("a\x01\x1f\x7f/\b\t\n\f\r\x0b\"\\\xC2\x85\xC2\xA0\xE4\xB8\xAD"),
                       &out);
  EXPECT_EQ(out,
            "\"a\\u0001\\u001F\\u007F/\\b\\t\\n\\f\\r\\u000B\\\"\\\\\\u0085\xC2\xA0\xE4\xB8\xAD\"");
}

TEST(FrameCodecTest, JsonDecoderIsTolerantLikeFastjson) {
  const std::string header =
      "{\"version\":\"401\",\"opaque\":9,\"language\":9,\"code\":11,\"unknown\":[1,2],"
      "\"extFields\":{\"queueId\":3,\"suspend\":true,\"n\":null,\"ratio\":1.5}}";
  Result<RemotingCommand> command =
      DecodeHeader(SerializeType::kJson, header.data(), header.size());
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->version(), 401);
  EXPECT_EQ(command->language(), LanguageCode::kGo);
  EXPECT_EQ(command->ext_fields(),
            (protocol::ExtFields{{"queueId", "3"}, {"suspend", "true"}, {"ratio", "1.5"}}));

  // Of a repeated key the last wins, as in Java's map; an integral real is an int.
  const std::string repeated =
      "{\"code\":11.0,\"extFields\":{\"b\":\"1\",\"a\":\"x\",\"b\":\"2\"},\"opaque\":1,\"opaque\":"
      "2}";
  Result<RemotingCommand> again =
      DecodeHeader(SerializeType::kJson, repeated.data(), repeated.size());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->code(), 11);
  EXPECT_EQ(again->opaque(), 2);
  EXPECT_EQ(again->ext_fields(), (protocol::ExtFields{{"a", "x"}, {"b", "2"}}));

  const std::string newer = "{\"code\":1,\"language\":\"ZIG\"}";
  Result<RemotingCommand> other = DecodeHeader(SerializeType::kJson, newer.data(), newer.size());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->language(), LanguageCode::kOther);
}

TEST(FrameCodecTest, BinaryDuplicateKeysLastWins) {
  std::string ext = Bytes({0x00, 0x01}) + "k" + Bytes({0, 0, 0, 1}) + "1" + Bytes({0x00, 0x01}) +
                    "k" + Bytes({0, 0, 0, 1}) + "2";
  std::string header = Bytes({0, 10, 1, 0, 1, 0, 0,
                              0, 3,  0, 0, 0, 0, 0,
                              0, 0,  0, 0, 0, 0, static_cast<int>(ext.size())}) +
                       ext;
  Result<RemotingCommand> command =
      DecodeHeader(SerializeType::kRocketMQ, header.data(), header.size());
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->ext_fields(), (protocol::ExtFields{{"k", "2"}}));
}

TEST(FrameCodecTest, BinaryAnswerKeepsItsExtFieldsAsBytes) {
  RemotingCommand sent = RemotingCommand::CreateResponse(0);
  sent.set_serialize_type(SerializeType::kRocketMQ);
  sent.SetExtField("msgId", "7F00000100002A9F0000000000000000");
  sent.SetExtField("queueId", "3");
  sent.SetExtField("queueOffset", "42");
  Result<RemotingCommand> answer = DecodeFrame(*EncodeFrame(sent));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  ASSERT_NE(answer->binary_ext_fields(), nullptr);
  std::vector<std::pair<std::string, std::string>> read;
  Status status = ForEachExtField(*answer, [&](std::string_view key, std::string_view value) {
    read.emplace_back(key, value);
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(read, (std::vector<std::pair<std::string, std::string>>(sent.ext_fields().begin(),
                                                                    sent.ext_fields().end())));
  // Read through the map, the same fields; re-encoded, the same frame.
  EXPECT_EQ(*EncodeFrame(*answer), *EncodeFrame(sent));
  EXPECT_EQ(answer->ext_fields(), sent.ext_fields());
  EXPECT_EQ(answer->binary_ext_fields(), nullptr);
  // A command holding a map is read through the same call.
  read.clear();
  ASSERT_TRUE(ForEachExtField(sent, [&](std::string_view key, std::string_view value) {
                read.emplace_back(key, value);
              }).ok());
  EXPECT_EQ(read.size(), 3u);
}

TEST(FrameCodecTest, BinaryAnswerDuplicateKeysLastWins) {
  std::string ext = Bytes({0x00, 0x01}) + "k" + Bytes({0, 0, 0, 1}) + "1" + Bytes({0x00, 0x01}) +
                    "k" + Bytes({0, 0, 0, 1}) + "2";
  std::string header = Bytes({0, 0, 1, 0, 1, 0, 0,
                              0, 3, 0, 0, 0, 1, 0,
                              0, 0, 0, 0, 0, 0, static_cast<int>(ext.size())}) +
                       ext;
  Result<RemotingCommand> command =
      DecodeHeader(SerializeType::kRocketMQ, header.data(), header.size());
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  ASSERT_TRUE(command->IsResponse());
  std::string last;
  ASSERT_TRUE(ForEachExtField(*command, [&](std::string_view, std::string_view value) {
                last = std::string(value);
              }).ok());
  EXPECT_EQ(last, "2");
  EXPECT_EQ(command->ext_fields(), (protocol::ExtFields{{"k", "2"}}));
}

// A producer's send request: its extFields given as the binary header's bytes, written
// straight from the header struct, and as the map.
struct SendRequestForms {
  RemotingCommand from_bytes;
  RemotingCommand from_map;
};

SendRequestForms SendRequestBothWays(SerializeType type) {
  protocol::SendMessageRequestHeader header;
  header.producer_group = "PG";
  header.topic = "Orders";
  header.queue_id = 3;
  header.born_timestamp = 1700000000000;
  header.properties =
      "UNIQ_KEY\x01"
      "AB\x02";
  header.reconsume_times = 0;
  header.broker_name = "broker-a";
  SendRequestForms forms;
  forms.from_bytes = RemotingCommand::CreateRequest(protocol::RequestCode::kSendMessageV2);
  forms.from_bytes.set_serialize_type(type);
  std::string bytes;
  header.AppendBinaryV2(&bytes);
  forms.from_bytes.set_binary_ext_fields(bytes);
  forms.from_map = forms.from_bytes;
  forms.from_map.set_ext_fields(header.EncodeV2());
  return forms;
}

TEST(FrameCodecTest, ExtFieldsGivenAsBytesEncodeAsTheirMap) {
  for (SerializeType type : {SerializeType::kRocketMQ, SerializeType::kJson}) {
    SendRequestForms forms = SendRequestBothWays(type);
    ASSERT_NE(forms.from_bytes.binary_ext_fields(), nullptr);
    EXPECT_EQ(*EncodeFrame(forms.from_bytes), *EncodeFrame(forms.from_map));
  }
  SendRequestForms forms = SendRequestBothWays(SerializeType::kRocketMQ);
  Result<RemotingCommand> decoded = DecodeFrame(*EncodeFrame(forms.from_bytes));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->ext_fields(), forms.from_map.ext_fields());
}

TEST(FrameCodecTest, BinarySendAndPullRequestsKeepTheirExtFieldsAsBytes) {
  // A broker reads a send's header straight off the bytes it arrived in.
  SendRequestForms forms = SendRequestBothWays(SerializeType::kRocketMQ);
  Result<RemotingCommand> send = DecodeFrame(*EncodeFrame(forms.from_map));
  ASSERT_TRUE(send.ok()) << send.status().ToString();
  ASSERT_NE(send->binary_ext_fields(), nullptr);
  EXPECT_EQ(*send->binary_ext_fields(), *forms.from_bytes.binary_ext_fields());
  EXPECT_EQ(send->ext_fields(), forms.from_map.ext_fields());
  // So does a pull, and its header reads the same off them as off the map.
  protocol::PullMessageRequestHeader pull_header;
  pull_header.consumer_group = "CG";
  pull_header.topic = "Orders";
  pull_header.queue_id = 2;
  pull_header.queue_offset = 77;
  pull_header.expression_type = "TAG";
  for (int32_t code :
       {protocol::RequestCode::kPullMessage, protocol::RequestCode::kLitePullMessage}) {
    RemotingCommand pull = RemotingCommand::CreateRequest(code);
    pull.set_serialize_type(SerializeType::kRocketMQ);
    pull.set_ext_fields(pull_header.Encode());
    Result<RemotingCommand> decoded_pull = DecodeFrame(*EncodeFrame(pull));
    ASSERT_TRUE(decoded_pull.ok()) << decoded_pull.status().ToString();
    ASSERT_NE(decoded_pull->binary_ext_fields(), nullptr);
    auto read = DecodeCommandHeader<protocol::PullMessageRequestHeader>(*decoded_pull);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(read->Encode(), pull.ext_fields());
    EXPECT_EQ(decoded_pull->ext_fields(), pull.ext_fields());
  }
  // Other requests decode into the map.
  RemotingCommand heartbeat = RemotingCommand::CreateRequest(protocol::RequestCode::kHeartBeat);
  heartbeat.set_serialize_type(SerializeType::kRocketMQ);
  heartbeat.SetExtField("topic", "Orders");
  Result<RemotingCommand> decoded_heartbeat = DecodeFrame(*EncodeFrame(heartbeat));
  ASSERT_TRUE(decoded_heartbeat.ok()) << decoded_heartbeat.status().ToString();
  EXPECT_EQ(decoded_heartbeat->binary_ext_fields(), nullptr);
  // A send whose extFields are malformed still fails the frame (its connection closes).
  const std::string ext = Bytes({0x00, 0x01}) + "b" + Bytes({0, 0, 0, 9}) + "T";
  const std::string header = Bytes({1, 54, 1, 0, 1, 0, 0,
                                    0, 3,  0, 0, 0, 0, 0,
                                    0, 0,  0, 0, 0, 0, static_cast<int>(ext.size())}) +
                             ext;
  Result<RemotingCommand> malformed =
      DecodeHeader(SerializeType::kRocketMQ, header.data(), header.size());
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().message(),
            "malformed ROCKETMQ header: extFields value length 9 of \"b\" exceeds the 1 bytes "
            "left in the map");
}

TEST(FrameCodecTest, ExtFieldsGivenAsBytesReadAndChangeAsAMap) {
  SendRequestForms forms = SendRequestBothWays(SerializeType::kRocketMQ);
  // What an RPC hook does: read the fields, then add one (ACL's signature).
  ASSERT_NE(forms.from_bytes.FindExtField("n"), nullptr);
  EXPECT_EQ(*forms.from_bytes.FindExtField("n"), "broker-a");
  forms.from_bytes.SetExtField("Signature", "s");
  forms.from_map.SetExtField("Signature", "s");
  EXPECT_EQ(forms.from_bytes.binary_ext_fields(), nullptr);
  EXPECT_EQ(forms.from_bytes.ext_fields(), forms.from_map.ext_fields());
  EXPECT_EQ(*EncodeFrame(forms.from_bytes), *EncodeFrame(forms.from_map));

  SendRequestForms cleared = SendRequestBothWays(SerializeType::kRocketMQ);
  cleared.from_bytes.clear_ext_fields();
  EXPECT_FALSE(cleared.from_bytes.has_ext_fields());
  EXPECT_TRUE(cleared.from_bytes.ext_fields().empty());
  EXPECT_EQ(cleared.from_bytes.binary_ext_fields(), nullptr);
}

TEST(FrameCodecTest, FrameHeadLeavesBodyToTheCaller) {
  RemotingCommand command = RichCommand(SerializeType::kRocketMQ);
  Result<std::string> head = EncodeFrameHead(command);
  Result<std::string> whole = EncodeFrame(command);
  ASSERT_TRUE(head.ok() && whole.ok());
  EXPECT_EQ(*head + command.body().Flatten(), *whole);
}

TEST(FrameCodecTest, ExtFieldsBytesCanBeTakenBack) {
  // A sender lends one buffer to command after command.
  SendRequestForms forms = SendRequestBothWays(SerializeType::kRocketMQ);
  const std::string bytes = *forms.from_bytes.binary_ext_fields();
  EXPECT_EQ(forms.from_bytes.TakeBinaryExtFields(), bytes);
  EXPECT_FALSE(forms.from_bytes.has_ext_fields());
  EXPECT_EQ(forms.from_bytes.binary_ext_fields(), nullptr);
  // A map's fields are no bytes: nothing to give back, and the map goes too.
  EXPECT_EQ(forms.from_map.TakeBinaryExtFields(), "");
  EXPECT_FALSE(forms.from_map.has_ext_fields());
}

TEST(FrameCodecTest, HeaderTooLongForTheFrameIsRefusedInBothForms) {
  for (SerializeType type : {SerializeType::kRocketMQ, SerializeType::kJson}) {
    RemotingCommand command = RichCommand(type);
    command.set_remark(std::string(kMaxHeaderBytes, 'r'));
    std::string out = "kept";
    Status appended = AppendFrameHead(command, &out);
    EXPECT_EQ(appended.code(), ErrorCode::kInvalidArgument) << appended.ToString();
    EXPECT_EQ(out, "kept");
  }
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
