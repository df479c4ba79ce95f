// The JSON header codec on its own: what Java's fastjson writes and reads (escapes,
// Unicode, numbers, nulls) and clear errors for what it would not accept.
#include "remoting/json_header.h"

#include <gtest/gtest.h>

#include <string>

namespace rocketmq {
namespace remoting {
namespace {

Result<RemotingCommand> Decode(const std::string& header) {
  return DecodeJsonHeader(header.data(), header.size());
}

std::string ExtValue(const std::string& json_value) {
  Result<RemotingCommand> command = Decode("{\"code\":1,\"extFields\":{\"k\":" + json_value + "}}");
  EXPECT_TRUE(command.ok()) << json_value << ": " << command.status().ToString();
  if (!command.ok()) return "<error>";
  const std::string* value = command->FindExtField("k");
  return value != nullptr ? *value : "<absent>";
}

void ExpectMalformed(const std::string& header, const std::string& reason) {
  Result<RemotingCommand> command = Decode(header);
  ASSERT_FALSE(command.ok()) << header;
  EXPECT_EQ(command.status().code(), ErrorCode::kProtocol) << header;
  EXPECT_NE(command.status().message().find("malformed JSON header"), std::string::npos)
      << command.status().message();
  EXPECT_NE(command.status().message().find(reason), std::string::npos)
      << header << " -> " << command.status().message();
}

TEST(JsonHeaderTest, DecodesEscapes) {
  EXPECT_EQ(ExtValue(R"("q\"b\\s\/n\nt\tr\rf\fb\b")"), "q\"b\\s/n\nt\tr\rf\fb\b");
  // Java's message properties: name \u0001 value \u0002, as fastjson escapes them.
  EXPECT_EQ(ExtValue(R"("WAIT\u0001true\u0002TAGS\u0001a\u0002")"),
            "WAIT\x01true\x02TAGS\x01"
            "a\x02");
  EXPECT_EQ(ExtValue(R"("\u0000")"), std::string(1, '\0'));
}

TEST(JsonHeaderTest, DecodesUnicode) {
  EXPECT_EQ(ExtValue("\"\xE4\xB8\xAD\""), "\xE4\xB8\xAD");           // raw UTF-8
  EXPECT_EQ(ExtValue(R"("\u4E2D\u00e9")"), "\xE4\xB8\xAD\xC3\xA9");  // escaped BMP
  EXPECT_EQ(ExtValue(R"("\uD83D\uDE00")"), "\xF0\x9F\x98\x80");      // surrogate pair
  Result<RemotingCommand> key = Decode("{\"extFields\":{\"\xE9\x94\xAE\":\"v\"}}");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->ext_fields(), (protocol::ExtFields{{"\xE9\x94\xAE", "v"}}));
}

TEST(JsonHeaderTest, ScalarExtFieldsBecomeText) {
  EXPECT_EQ(ExtValue("12"), "12");
  EXPECT_EQ(ExtValue("-3"), "-3");
  EXPECT_EQ(ExtValue("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(ExtValue("18446744073709551615"), "18446744073709551615");
  EXPECT_EQ(ExtValue("1.5"), "1.5");
  EXPECT_EQ(ExtValue("2.0"), "2.0");
  EXPECT_EQ(ExtValue("true"), "true");
  EXPECT_EQ(ExtValue("false"), "false");
  EXPECT_EQ(ExtValue("\"\""), "");
  EXPECT_EQ(ExtValue("null"), "<absent>");
}

TEST(JsonHeaderTest, IntFieldsAcceptJavasForms) {
  Result<RemotingCommand> command =
      Decode(R"({"code":"310","opaque":-2147483648,"flag":1e0,"version":2147483647})");
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->code(), 310);
  EXPECT_EQ(command->opaque(), INT32_MIN);
  EXPECT_EQ(command->flag(), 1);
  EXPECT_EQ(command->version(), INT32_MAX);
}

TEST(JsonHeaderTest, NullsLeaveDefaults) {
  Result<RemotingCommand> command =
      Decode(R"({"code":null,"extFields":null,"flag":null,"language":null,"opaque":null,)"
             R"("remark":null,"version":null})");
  ASSERT_TRUE(command.ok()) << command.status().ToString();
  EXPECT_EQ(command->code(), 0);
  EXPECT_EQ(command->opaque(), 0);
  EXPECT_EQ(command->language(), LanguageCode::kJava);
  EXPECT_FALSE(command->remark().has_value());
  EXPECT_FALSE(command->has_ext_fields());
}

// Every byte a header value can hold survives the writer's escapes and the reader.
TEST(JsonHeaderTest, EscapedStringsRoundTrip) {
  std::string all;
  for (int byte = 1; byte < 0x80; ++byte) all.push_back(static_cast<char>(byte));
  all += "\xC2\x80\xC2\x9F\xC2\xA0\xE4\xB8\xAD\xF0\x9F\x98\x80";
  // Long plain runs, escapes at word boundaries and in the tail.
  const std::string plain(37, 'x');
  for (const std::string& value : {all, plain, plain + "\"", "\x01" + plain, plain + "\\" + plain,
                                   std::string("\xC2\x85"), std::string("1234567\n")}) {
    RemotingCommand command = RemotingCommand::CreateRequest(10, {});
    command.SetExtField("k", value);
    command.set_remark(value);
    std::string header;
    AppendJsonHeader(command, &header);
    Result<RemotingCommand> decoded = Decode(header);
    ASSERT_TRUE(decoded.ok()) << header << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded->FindExtField("k"), value);
    EXPECT_EQ(decoded->remark(), value);
  }
}

TEST(JsonHeaderTest, WriterEscapesLikeFastjsonInLongValues) {
  std::string out;
  // Each escaped byte inside a whole 8-byte word, and one in the tail.
  AppendFastjsonString(std::string(9, 'a') + "\x7F" + std::string(3, 'b') + "\xC2\x9F" +
                           std::string(4, 'c') + "\x01" + std::string(8, 'd') + "\\" + "e",
                       &out);
  EXPECT_EQ(out, "\"aaaaaaaaa\\u007Fbbb\\u009Fcccc\\u0001dddddddd\\\\e\"");
  out.clear();
  AppendFastjsonString(std::string(16, 'z') + "\"", &out);
  EXPECT_EQ(out, "\"zzzzzzzzzzzzzzzz\\\"\"");
}

// Java's HashMap order: sorted on the way in, keys sharing a first byte included; of a
// repeated key the last wins wherever the repeats stand.
TEST(JsonHeaderTest, ExtFieldsInAnyOrderAreSorted) {
  Result<RemotingCommand> pull =
      Decode(R"({"extFields":{"queueOffset":"9","sysFlag":"3","queueId":"1","subscription":"*",)"
             R"("":"empty","subVersion":"5","b":"1","queueId":"2","a":"x","b":"3"}})");
  ASSERT_TRUE(pull.ok()) << pull.status().ToString();
  EXPECT_EQ(pull->ext_fields(), (protocol::ExtFields{{"", "empty"},
                                                     {"a", "x"},
                                                     {"b", "3"},
                                                     {"queueId", "2"},
                                                     {"queueOffset", "9"},
                                                     {"subVersion", "5"},
                                                     {"subscription", "*"},
                                                     {"sysFlag", "3"}}));

  // In order but for a shared first byte, and more fields than the index sort takes.
  Result<RemotingCommand> same_start = Decode(R"({"extFields":{"ab":"1","ac":"2","b":"3"}})");
  ASSERT_TRUE(same_start.ok());
  EXPECT_EQ(same_start->ext_fields(), (protocol::ExtFields{{"ab", "1"}, {"ac", "2"}, {"b", "3"}}));
  std::string many = "{\"extFields\":{";
  protocol::ExtFields expected;
  for (int i = 99; i >= 0; --i) {
    many += "\"k" + std::to_string(i) + "\":\"" + std::to_string(i) + "\",";
    expected.insert_or_assign("k" + std::to_string(i), std::to_string(i));
  }
  many += "\"k7\":\"last\"}}";
  expected.insert_or_assign("k7", "last");
  Result<RemotingCommand> large = Decode(many);
  ASSERT_TRUE(large.ok()) << large.status().ToString();
  EXPECT_EQ(large->ext_fields(), expected);
}

TEST(JsonHeaderTest, MalformedInputIsAClearError) {
  ExpectMalformed("{\"code\":1", "invalid JSON");
  ExpectMalformed("{\"code\":1,}", "invalid JSON");
  ExpectMalformed("{code:1}", "invalid JSON");
  ExpectMalformed("{\"remark\":\"\\x\"}", "invalid JSON");
  ExpectMalformed("{\"remark\":\"\\u12\"}", "invalid JSON");
  ExpectMalformed("{\"remark\":\"\xFF\"}", "invalid JSON");  // not UTF-8
  ExpectMalformed("{\"remark\":\"a\nb\"}", "invalid JSON");  // raw control character
  ExpectMalformed("{\"code\":01}", "invalid JSON");
  ExpectMalformed("\"text\"", "not a JSON object");
  ExpectMalformed("{\"language\":true}", "\"language\"");
  ExpectMalformed("{\"language\":256}", "\"language\"");
  ExpectMalformed("{\"opaque\":\"12x\"}", "\"opaque\" is not a 32-bit integer");
  ExpectMalformed("{\"version\":-2147483649}", "\"version\" is not a 32-bit integer");
  ExpectMalformed("{\"flag\":[1]}", "\"flag\" is not a 32-bit integer");
  ExpectMalformed("{\"extFields\":{\"a\":[1]}}", "extFields value of \"a\" is not a scalar");
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
