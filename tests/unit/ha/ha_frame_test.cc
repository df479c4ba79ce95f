// The classic HA wire format byte for byte, and its decoders fed in arbitrary pieces.
#include "ha/ha_frame.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace ha {
namespace {

TEST(HaFrameTest, ReportIsOneBigEndianInt64) {
  EXPECT_EQ(EncodeReport(0x0102030405060708), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(EncodeReport(0), std::string(8, '\0'));
}

TEST(HaFrameTest, TransferHeaderIsOffsetThenSize) {
  const std::string header = EncodeTransferHeader(TransferHeader{1073741824, 32768});
  EXPECT_EQ(header, std::string("\x00\x00\x00\x00\x40\x00\x00\x00\x00\x00\x80\x00", 12));
  auto decoded = DecodeTransferHeader(header);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->offset, 1073741824);
  EXPECT_EQ(decoded->body_size, 32768);
}

TEST(HaFrameTest, HeartbeatIsAnEmptyTransfer) {
  auto decoded = DecodeTransferHeader(EncodeTransferHeader(TransferHeader{4096, 0}));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->body_size, 0);
}

TEST(HaFrameTest, ImplausibleHeadersAreProtocolErrors) {
  EXPECT_EQ(DecodeTransferHeader(EncodeTransferHeader(TransferHeader{-1, 0})).status().code(),
            ErrorCode::kProtocol);
  EXPECT_EQ(DecodeTransferHeader(EncodeTransferHeader(TransferHeader{0, -5})).status().code(),
            ErrorCode::kProtocol);
  EXPECT_EQ(DecodeTransferHeader(EncodeTransferHeader(TransferHeader{0, kMaxTransferBodySize + 1}))
                .status()
                .code(),
            ErrorCode::kProtocol);
  EXPECT_EQ(DecodeTransferHeader("GET / HTTP/1.1").status().code(), ErrorCode::kProtocol);
  EXPECT_EQ(DecodeTransferHeader("short").status().code(), ErrorCode::kProtocol);
}

TEST(HaFrameTest, ReportDecoderKeepsTheNewestCompleteReport) {
  ReportDecoder decoder;
  const std::string stream = EncodeReport(100) + EncodeReport(200) + EncodeReport(300);
  // Split everywhere: 3 bytes, then 10, then the rest.
  EXPECT_FALSE(decoder.Feed(stream.substr(0, 3)).has_value());
  auto second = decoder.Feed(stream.substr(3, 10));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*second, 100);
  auto last = decoder.Feed(stream.substr(13));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(*last, 300);
  EXPECT_FALSE(decoder.Feed("").has_value());
}

TEST(HaFrameTest, ReportDecoderByteByByte) {
  ReportDecoder decoder;
  const std::string report = EncodeReport(123456789);
  for (size_t i = 0; i + 1 < report.size(); ++i) {
    EXPECT_FALSE(decoder.Feed(report.substr(i, 1)).has_value());
  }
  EXPECT_EQ(decoder.Feed(report.substr(7)), std::optional<int64_t>(123456789));
}

}  // namespace
}  // namespace ha
}  // namespace rocketmq
