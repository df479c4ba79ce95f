// Untrusted bytes: every malformed frame is a Status::Protocol naming the problem.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "remoting/frame_codec.h"

namespace rocketmq {
namespace remoting {
namespace {

std::string U32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string Frame(uint8_t type, const std::string& header, const std::string& body = "") {
  return U32(static_cast<uint32_t>(4 + header.size() + body.size())) +
         U32((uint32_t{type} << 24) | static_cast<uint32_t>(header.size())) + header + body;
}

void ExpectProtocolError(const std::string& frame, const std::string& mentions) {
  Result<RemotingCommand> command = DecodeFrame(frame);
  ASSERT_FALSE(command.ok());
  EXPECT_EQ(command.status().code(), ErrorCode::kProtocol) << command.status().ToString();
  EXPECT_NE(command.status().message().find(mentions), std::string::npos)
      << command.status().ToString();
}

TEST(MalformedFrameTest, OversizedLengthIsRejectedFromTheFirstFourBytes) {
  Result<size_t> length = ParseFrameLength(U32(0x7FFFFFFF).data(), kDefaultMaxFrameBytes);
  ASSERT_FALSE(length.ok());
  EXPECT_NE(length.status().message().find("exceeds the limit"), std::string::npos);
  EXPECT_TRUE(ParseFrameLength(U32(kDefaultMaxFrameBytes - 4).data(), kDefaultMaxFrameBytes).ok());
  EXPECT_FALSE(ParseFrameLength(U32(kDefaultMaxFrameBytes - 3).data(), kDefaultMaxFrameBytes).ok());
  EXPECT_FALSE(ParseFrameLength(U32(3).data(), kDefaultMaxFrameBytes).ok());
}

TEST(MalformedFrameTest, ConfigurableLimit) {
  std::string frame = Frame(0, "{\"code\":1}", std::string(100, 'x'));
  EXPECT_TRUE(DecodeFrame(frame, 1024).ok());
  Result<RemotingCommand> small = DecodeFrame(frame, 64);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.status().message().find("limit of 64"), std::string::npos);
}

TEST(MalformedFrameTest, HeaderLengthLying) {
  std::string frame = U32(4 + 5) + U32(100) + "{}abc";
  ExpectProtocolError(frame, "header length 100 exceeds");
}

TEST(MalformedFrameTest, TruncatedAndTrailingBytes) {
  std::string frame = Frame(0, "{\"code\":1}");
  ExpectProtocolError(frame.substr(0, frame.size() - 1), "announces");
  ExpectProtocolError(frame + "x", "announces");
  ExpectProtocolError(frame.substr(0, 5), "shorter than the 8-byte prefix");
}

TEST(MalformedFrameTest, UnknownSerializeType) {
  ExpectProtocolError(Frame(7, "{}"), "unknown header serialize type 7");
}

TEST(MalformedFrameTest, InvalidJson) {
  ExpectProtocolError(Frame(0, "{\"code\":"), "invalid JSON");
  ExpectProtocolError(Frame(0, "[1,2]"), "not a JSON object");
  ExpectProtocolError(Frame(0, "{\"code\":\"abc\"}"), "\"code\" is not a 32-bit integer");
  ExpectProtocolError(Frame(0, "{\"code\":4294967296}"), "\"code\" is not a 32-bit integer");
  ExpectProtocolError(Frame(0, "{\"remark\":5}"), "\"remark\" is not a string");
  ExpectProtocolError(Frame(0, "{\"extFields\":[]}"), "\"extFields\" is not an object");
  ExpectProtocolError(Frame(0, "{\"extFields\":{\"a\":{}}}"), "not a scalar");
  ExpectProtocolError(Frame(0, std::string(200, '[')), "invalid JSON");
  ExpectProtocolError(Frame(0, ""), "invalid JSON");
  ExpectProtocolError(Frame(0, "{\"code\":1} {}"), "invalid JSON");
  ExpectProtocolError(
      Frame(0, "{\"code\":1,\"x\":" + std::string(40, '[') + std::string(40, ']') + "}"),
      "invalid JSON");
  ExpectProtocolError(Frame(0, "{\"code\":1.5}"), "\"code\" is not a 32-bit integer");
}

// A request's fixed part, or with `flag` 1 an answer's (whose extFields are kept as bytes).
std::string BinaryFixed(uint32_t remark_len, char flag = 0) {
  return std::string("\x00\x0a\x01\x00\x01\x00\x00\x00\x03\x00\x00\x00", 12) + flag +
         U32(remark_len);
}

TEST(MalformedFrameTest, BinaryHeaderLengthsAreChecked) {
  ExpectProtocolError(Frame(1, std::string(20, '\0')), "fixed part");
  ExpectProtocolError(Frame(1, BinaryFixed(1000) + U32(0)), "remark length 1000 exceeds");
  ExpectProtocolError(Frame(1, BinaryFixed(0xFFFFFFFF) + U32(0)), "remark length -1 exceeds");
  ExpectProtocolError(Frame(1, BinaryFixed(0) + U32(50)), "extFields length 50 exceeds");
  // Requests decode their extFields into the map; answers keep them as bytes, checked as much.
  for (char flag : {0, 1}) {
    SCOPED_TRACE(flag == 0 ? "request" : "response");
    ExpectProtocolError(Frame(1, BinaryFixed(0, flag) + U32(3) + std::string("\x00\x05k", 3)),
                        "key length 5 exceeds");
    ExpectProtocolError(Frame(1, BinaryFixed(0, flag) + U32(2) + std::string("\xff\xff", 2)),
                        "key length -1 is negative");
    ExpectProtocolError(
        Frame(1, BinaryFixed(0, flag) + U32(5) + std::string("\x00\x01k\x00\x00", 5)),
        "cut inside its value length");
    ExpectProtocolError(
        Frame(1, BinaryFixed(0, flag) + U32(7) + std::string("\x00\x01k", 3) + U32(9)),
        "value length 9 of \"k\" exceeds");
    ExpectProtocolError(Frame(1, BinaryFixed(0, flag) + U32(11) + std::string("\x00\x01k", 3) +
                                     U32(0xFFFFFFFF) + "abcd"),
                        "value length -1 of \"k\" exceeds");
    ExpectProtocolError(Frame(1, BinaryFixed(0, flag) + U32(1) + std::string("\x00", 1)),
                        "cut inside its key length");
  }
}

// Random mutations of valid frames: decoding must fail cleanly or succeed, never crash.
TEST(MalformedFrameTest, RandomMutationsNeverCrash) {
  RemotingCommand command = RemotingCommand::CreateRequest(310);
  command.SetExtField("topic", "TopicTest");
  command.SetExtField("queueId", "3");
  command.set_remark("remark");
  command.set_body("payload");
  std::mt19937 random(12345);
  int decoded = 0;
  for (SerializeType type : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    command.set_serialize_type(type);
    const std::string valid = *EncodeFrame(command);
    for (int round = 0; round < 5000; ++round) {
      std::string frame = valid;
      const int flips = 1 + static_cast<int>(random() % 4);
      for (int i = 0; i < flips; ++i) {
        frame[random() % frame.size()] = static_cast<char>(random());
      }
      if (random() % 4 == 0) frame.resize(random() % frame.size());
      Result<RemotingCommand> result = DecodeFrame(frame);
      if (result.ok()) {
        ++decoded;
      } else {
        EXPECT_EQ(result.status().code(), ErrorCode::kProtocol);
      }
    }
  }
  EXPECT_GT(decoded, 0);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
