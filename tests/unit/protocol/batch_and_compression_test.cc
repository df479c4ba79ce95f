#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "protocol/batch_body.h"
#include "protocol/compression.h"
#include "protocol/message_sysflag.h"
#include "test_util.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;
using testing::FromHex;

TEST(BatchBodyTest, GoldenBytes) {
  const std::string props = "TAGS\x01TagA\x02"s;
  Result<std::string> body = EncodeBatchBody({{5, "hi", props}, {0, "", ""}});
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, FromHex("00000022 00000000 00000000 00000005 00000002 6869"
                           "000A 54414753 01 54616741 02"
                           "00000016 00000000 00000000 00000000 00000000 0000"));
  Result<std::vector<BatchEntry>> entries = DecodeBatchBody(*body);
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].flag, 5);
  EXPECT_EQ((*entries)[0].body, "hi");
  EXPECT_EQ((*entries)[0].properties, props);
  EXPECT_TRUE((*entries)[1].body.empty());
}

// The producer writes each entry's properties straight into a body sized beforehand: the
// same bytes, whatever the buffer held.
TEST(BatchBodyTest, InPlaceEntriesAreTheGoldenBytes) {
  std::string body = "kept" + std::string(0x22 + 0x16, '\xEE');
  char* at = body.data() + 4;
  char* properties = BeginBatchEntry(at, 5, "hi");
  const std::string tags = "TAGS\x01TagA\x02"s;
  std::memcpy(properties, tags.data(), tags.size());
  FinishBatchEntry(at, properties, properties + tags.size());
  at = properties + tags.size();
  properties = BeginBatchEntry(at, 0, "");
  FinishBatchEntry(at, properties, properties);
  EXPECT_EQ(properties, body.data() + body.size());
  EXPECT_EQ(body, "kept" + FromHex("00000022 00000000 00000000 00000005 00000002 6869"
                                   "000A 54414753 01 54616741 02"
                                   "00000016 00000000 00000000 00000000 00000000 0000"));
  EXPECT_EQ(*EncodeBatchBody({{5, "hi", tags}, {0, "", ""}}), body.substr(4));
}

TEST(BatchBodyTest, IgnoresMagicAndCrcButRejectsInconsistentSizes) {
  std::string body = *EncodeBatchBody({{1, "abc", "k\x01v\x02"s}});
  body[4] = '\x7F';  // garbage magic code is tolerated
  ASSERT_TRUE(DecodeBatchBody(body).ok());
  for (size_t n = 1; n < body.size(); ++n) {
    EXPECT_EQ(DecodeBatchBody(body.substr(0, n)).status().code(), ErrorCode::kProtocol) << n;
  }
  std::string bad_body_len = body;
  bad_body_len[19] = 100;
  EXPECT_FALSE(DecodeBatchBody(bad_body_len).ok());
  std::string bad_props = body;
  bad_props[24] = 9;
  Result<std::vector<BatchEntry>> r = DecodeBatchBody(bad_props);
  EXPECT_NE(r.status().message().find("batch message 0 at byte 0"), std::string::npos)
      << r.status().ToString();
  Result<std::string> too_long = EncodeBatchBody({{0, "", ""}, {0, "x", std::string(40000, 'p')}});
  EXPECT_EQ(too_long.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(too_long.status().message().find("batch message 1"), std::string::npos)
      << too_long.status().ToString();
}

TEST(CompressionTest, ZlibRoundTripAndJavaStream) {
  const std::string text(10000, 'a');
  Result<std::string> deflated = ZlibCompress(text);
  ASSERT_TRUE(deflated.ok());
  EXPECT_EQ(static_cast<uint8_t>((*deflated)[0]), 0x78);  // zlib header, as Deflater writes
  EXPECT_EQ(ZlibDecompress(*deflated, text.size()).value(), text);
  // java.util.zip.Deflater output for "hello" (level 5 header 0x785E).
  EXPECT_EQ(ZlibDecompress(FromHex("785ECB48CDC9C90700062C0215"), 100).value(), "hello");
  EXPECT_EQ(ZlibDecompress(*ZlibCompress(""), 0).value(), "");
}

TEST(CompressionTest, DecompressFailuresAreClean) {
  const std::string deflated = *ZlibCompress(std::string(10000, 'a'));
  EXPECT_EQ(ZlibDecompress(deflated, 9999).status().code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(ZlibDecompress(deflated.substr(0, deflated.size() - 3), 1 << 20).status().code(),
            ErrorCode::kCorruption);
  EXPECT_EQ(ZlibDecompress(deflated + "x", 1 << 20).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(ZlibDecompress("garbage", 1 << 20).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(ZlibDecompress("", 1 << 20).status().code(), ErrorCode::kCorruption);
  EXPECT_EQ(ZlibCompress("x", 12).status().code(), ErrorCode::kInvalidArgument);
}

TEST(CompressionTest, MessageBodyFlags) {
  const std::string small(100, 'x');
  Result<CompressedBody> kept = MaybeCompressBody(small, MessageSysFlag::kTransactionPreparedType);
  ASSERT_TRUE(kept.ok());
  EXPECT_FALSE(kept->compressed);
  EXPECT_EQ(kept->body, small);
  EXPECT_EQ(kept->sys_flag, MessageSysFlag::kTransactionPreparedType);

  const std::string big(8192, 'x');
  Result<CompressedBody> packed = MaybeCompressBody(big, 0);
  ASSERT_TRUE(packed.ok());
  EXPECT_TRUE(packed->compressed);
  EXPECT_EQ(packed->sys_flag, MessageSysFlag::kCompressedFlag | MessageSysFlag::kCompressionZlib);

  int32_t flag = packed->sys_flag;
  EXPECT_EQ(DecompressBody(packed->body, &flag, 1 << 20).value(), big);
  EXPECT_EQ(flag, 0);
  flag = MessageSysFlag::kCompressedFlag;  // pre-4.9.4 producers leave the type at 0
  EXPECT_EQ(DecompressBody(packed->body, &flag, 1 << 20).value(), big);
  flag = 0;
  EXPECT_EQ(DecompressBody("plain", &flag, 10).value(), "plain");
  flag = MessageSysFlag::kCompressedFlag | MessageSysFlag::kCompressionLz4;
  EXPECT_EQ(DecompressBody(packed->body, &flag, 1 << 20).status().code(), ErrorCode::kNotSupported);
  flag = MessageSysFlag::kCompressedFlag;
  EXPECT_EQ(DecompressBody("junk", &flag, 1 << 20).status().code(), ErrorCode::kCorruption);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
