#include "protocol/message_properties.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;

TEST(MessagePropertiesTest, EncodesProtocolExample) {
  const MessageProperties props = {{"TAGS", "TagA"},
                                   {"KEYS", "k1 k2"},
                                   {"WAIT", "true"},
                                   {"UNIQ_KEY", "C0A8010A30391B6D3586075BCD150001"}};
  const std::string encoded = EncodeMessageProperties(props);
  EXPECT_EQ(encoded.size(), 73u);  // the §5.1 example, in map order
  EXPECT_EQ(encoded,
            "KEYS\x01k1 k2\x02TAGS\x01TagA\x02UNIQ_KEY\x01"
            "C0A8010A30391B6D3586075BCD150001\x02WAIT\x01true\x02"s);
  EXPECT_EQ(DecodeMessageProperties(encoded), props);
}

TEST(MessagePropertiesTest, DecodesJavaOrderAndLastDuplicateWins) {
  const std::string java = "TAGS\x01TagA\x02WAIT\x01true\x02TAGS\x01TagB\x02"s;
  const MessageProperties props = DecodeMessageProperties(java);
  ASSERT_EQ(props.size(), 2u);
  EXPECT_EQ(props.at("TAGS"), "TagB");
  EXPECT_EQ(FindProperty(java, "TAGS"), std::optional<std::string_view>("TagB"));
  EXPECT_EQ(FindProperty(java, "WAIT"), std::optional<std::string_view>("true"));
  EXPECT_FALSE(FindProperty(java, "KEYS").has_value());
}

TEST(MessagePropertiesTest, FindPropertiesReadsSeveralNamesInOnePass) {
  const std::string java = "TAGS\x01TagA\x02K\x01\x02UNIQ_KEY\x01u1\x02TAGS\x01TagB\x02"s;
  const std::string_view names[] = {"KEYS", "UNIQ_KEY", "TAGS", "K"};
  std::optional<std::string_view> found[4] = {"stale", "stale", "stale", "stale"};
  FindProperties(java, names, 4, found);
  EXPECT_FALSE(found[0].has_value());
  EXPECT_EQ(found[1], std::optional<std::string_view>("u1"));
  EXPECT_EQ(found[2], std::optional<std::string_view>("TagB"));
  // An empty value is dropped, as FindProperty drops it.
  EXPECT_FALSE(found[3].has_value());
}

TEST(MessagePropertiesTest, DropsMalformedSegmentsLikeApache) {
  // empty value, empty name, no separator, too short, missing trailing separator
  const std::string text =
      "K\x01\x02\x01v\x02noseparator\x02\x02\x02"
      "a\x01"
      "b\x02last\x01one"s;
  const MessageProperties props = DecodeMessageProperties(text);
  EXPECT_EQ(props, (MessageProperties{{"a", "b"}, {"last", "one"}}));
  EXPECT_TRUE(DecodeMessageProperties("").empty());
  EXPECT_TRUE(DecodeMessageProperties("\x01\x02\x01"s).empty());
  EXPECT_FALSE(FindProperty(text, "K").has_value());
}

TEST(MessagePropertiesTest, ValueMayContainNameValueSeparatorAfterTheFirst) {
  // Apache splits at the first 0x01 only.
  const MessageProperties props = DecodeMessageProperties("k\x01v\x01w\x02"s);
  EXPECT_EQ(props.at("k"), "v\x01w"s);
}

TEST(MessagePropertiesTest, ValidateRejectsSeparatorsEmptyNamesAndOversize) {
  EXPECT_TRUE(ValidateMessageProperties({{"a", "b"}}).ok());
  EXPECT_EQ(ValidateMessageProperties({{"a\x01"s, "b"}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateMessageProperties({{"a", "b\x02"s}}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ValidateMessageProperties({{"", "b"}}).code(), ErrorCode::kInvalidArgument);
  const Status big = ValidateMessageProperties({{"k", std::string(32765, 'x')}});
  EXPECT_EQ(big.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(big.message().find("32767"), std::string::npos) << big.ToString();
  EXPECT_TRUE(ValidateMessageProperties({{"k", std::string(32764, 'x')}}).ok());
}

TEST(MessagePropertiesTest, ReservedNamesAndKeySplitting) {
  EXPECT_TRUE(IsReservedPropertyName(MessageConst::kPropertyTags));
  EXPECT_TRUE(IsReservedPropertyName("UNIQ_KEY"));
  EXPECT_TRUE(IsReservedPropertyName("BORN_TIMESTAMP"));
  EXPECT_FALSE(IsReservedPropertyName("myProp"));
  EXPECT_EQ(SplitKeys("k1 k2  k3 "), (std::vector<std::string_view>{"k1", "k2", "k3"}));
  EXPECT_TRUE(SplitKeys("").empty());
}

TEST(MessagePropertiesTest, AppendBuildsIncrementally) {
  std::string out = "TAGS\x01TagA\x02"s;
  AppendProperty(&out, MessageConst::kPropertyCluster, "DefaultCluster");
  EXPECT_EQ(out,
            "TAGS\x01TagA\x02"
            "CLUSTER\x01"
            "DefaultCluster\x02"s);
}

// Java ends its encodings without a separator after the last value.
TEST(MessagePropertiesTest, AppendToJavasEncodingStartsANewEntry) {
  std::string out = "TAGS\x01TagA"s;
  AppendProperty(&out, MessageConst::kPropertyMinOffset, "0");
  AppendEncodedProperties(&out,
                          "MAX_OFFSET\x01"
                          "8");
  const MessageProperties want = {{MessageConst::kPropertyTags, "TagA"},
                                  {MessageConst::kPropertyMinOffset, "0"},
                                  {MessageConst::kPropertyMaxOffset, "8"}};
  EXPECT_EQ(DecodeMessageProperties(out), want);
  std::string ours = "TAGS\x01TagA\x02"s;
  AppendEncodedProperties(&ours,
                          "MIN_OFFSET\x01"
                          "0\x02");
  EXPECT_EQ(ours,
            "TAGS\x01TagA\x02MIN_OFFSET\x01"
            "0\x02"s);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
