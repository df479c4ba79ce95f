#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <string>

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace protocol {
namespace {

using std::string_literals::operator""s;

TEST(JsonWriterTest, WritesCompactFastjsonWithRawKeys) {
  JsonWriter out;
  out.BeginObject().Key("brokerAddrs").BeginObject();
  out.RawKey(0).String("10.0.0.1:10911").RawKey(1).String("10.0.0.2:10911");
  out.EndObject().Field("n", int64_t{-5}).Field("ok", true).Key("list").BeginArray();
  out.Int(1).Null().Double(0.0).Double(12.5).EndArray();
  out.Key("offsetTable").BeginObject();
  out.RawKey(R"({"brokerName":"b","queueId":0,"topic":"T"})").Int(12).EndObject().EndObject();
  EXPECT_EQ(
      out.str(),
      R"({"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"n":-5,"ok":true,)"
      R"("list":[1,null,0.0,12.5],"offsetTable":{{"brokerName":"b","queueId":0,"topic":"T"}:12}})");
}

TEST(JsonWriterTest, StandardModeQuotesKeysEscapesNonAsciiAndBigLongs) {
  JsonWriter out(JsonWriter::Mode::kStandard);
  out.BeginObject().RawKey(0).String("caf\xc3\xa9 \xf0\x9f\x98\x80");
  out.Key("big").Int(int64_t{1} << 60).Key("small").Int(int64_t{1} << 40).EndObject();
  EXPECT_EQ(out.str(),
            R"({"0":"caf\u00E9 \uD83D\uDE00","big":"1152921504606846976","small":1099511627776})");
}

TEST(JsonWriterTest, EscapesLikeFastjson) {
  JsonWriter out;
  out.String("a\"b\\c\n\t\x01\x02/");
  EXPECT_EQ(out.str(), R"("a\"b\\c\n\t\u0001\u0002/")");
}

TEST(JsonReaderTest, ParsesBareNumericAndObjectKeys) {
  Result<Json::Value> v = ParseJson(
      R"({"brokerAddrs":{0:"a:1", -1 : "b:2"},"offsetTable":{{"brokerName":"b","queueId":0,)"
      R"("topic":"T"}:{"brokerOffset":10},{"brokerName":"b","queueId":1,"topic":"T{}\"x"}:{}},)"
      R"("s":"{0:1}"})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ((*v)["brokerAddrs"]["0"].asString(), "a:1");
  EXPECT_EQ((*v)["brokerAddrs"]["-1"].asString(), "b:2");
  const Json::Value& table = (*v)["offsetTable"];
  ASSERT_EQ(table.size(), 2u);
  const std::string key = table.getMemberNames()[0];
  Result<Json::Value> mq = ParseJson(key, "MessageQueue key");
  ASSERT_TRUE(mq.ok()) << mq.status().ToString();
  EXPECT_EQ((*mq)["brokerName"].asString(), "b");
  EXPECT_EQ((*v)["s"].asString(), "{0:1}");  // strings are never rewritten
}

TEST(JsonReaderTest, StandardJsonIsParsedUnchanged) {
  // The raw-key rewriting must not touch valid JSON, whatever its strings hold.
  const char* texts[] = {
      R"({"a":"{0:1}","b":["x",{"c":"\"}:"},{"d":[]}],"e":{"f":{"g":null}},"h":-1.5e3})",
      R"([{"k":"v"},[],{},"s",0,true,false,null])",
      R"({"esc":"\u0041\u00e9\ud83d\ude00\n\t\"\\/","key with space":{" ":1}})",
      R"(  { "spaced" :  [ 1 , 2 ] , "n" : { } }  )",
  };
  for (const char* text : texts) {
    Json::CharReaderBuilder builder;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    Json::Value expected;
    std::string errors;
    const std::string s(text);
    ASSERT_TRUE(reader->parse(s.data(), s.data() + s.size(), &expected, &errors)) << text;
    Result<Json::Value> actual = ParseJson(text);
    ASSERT_TRUE(actual.ok()) << actual.status().ToString();
    EXPECT_EQ(*actual, expected) << text;
  }
}

TEST(JsonReaderTest, MalformedTextIsAProtocolErrorNamingTheBody) {
  for (const char* bad : {"", "{", R"({"a":)", "[1,2", R"({"a":1}})", "{0:}", "nul", "{{{{"}) {
    Result<Json::Value> v = ParseJson(bad, "TestBody");
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.status().code(), ErrorCode::kProtocol);
    EXPECT_NE(v.status().message().find("TestBody"), std::string::npos);
  }
  // Deep nesting is refused, not a stack overflow.
  EXPECT_FALSE(ParseJson(std::string(100000, '['), "deep").ok());
}

TEST(JsonFieldsTest, LenientTypesAndClearErrors) {
  Result<Json::Value> v =
      ParseJson(R"({"i":"42","l":9007199254740993,"ls":"-9007199254740993","b":"true",)"
                R"("d":"1.5","s":7,"list":["x","y"],"map":{"k":"v"}})");
  ASSERT_TRUE(v.ok());
  int32_t i = 0;
  int64_t l = 0, ls = 0;
  bool b = false;
  double d = 0;
  std::string s;
  std::vector<std::string> list;
  std::map<std::string, std::string> map;
  Status status = JsonFields(*v, "Body")
                      .Int32("i", &i)
                      .Int64("l", &l)
                      .Int64("ls", &ls)
                      .Bool("b", &b)
                      .Double("d", &d)
                      .String("s", &s)
                      .StringList("list", &list)
                      .StringMap("map", &map)
                      .Int32("absent", &i)
                      .status();
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(i, 42);
  EXPECT_EQ(l, 9007199254740993LL);
  EXPECT_EQ(ls, -9007199254740993LL);
  EXPECT_TRUE(b);
  EXPECT_EQ(d, 1.5);
  EXPECT_EQ(s, "7");
  EXPECT_EQ(list.size(), 2u);
  EXPECT_EQ(map.at("k"), "v");

  Status missing = JsonFields(*v, "Body").String("name", &s, /*required=*/true).status();
  EXPECT_EQ(missing.code(), ErrorCode::kProtocol);
  EXPECT_NE(missing.message().find("Body is missing required field 'name'"), std::string::npos)
      << missing.ToString();
  Status wrong = JsonFields(*v, "Body").Int32("l", &i).status();
  EXPECT_NE(wrong.message().find("Body field 'l' is not a 32-bit integer"), std::string::npos)
      << wrong.ToString();
  Status not_object = JsonFields(Json::Value(3), "Body").status();
  EXPECT_EQ(not_object.code(), ErrorCode::kProtocol);
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
