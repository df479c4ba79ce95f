#include <gtest/gtest.h>

#include <string>

#include "api.h"
#include "dashboard_command.h"
#include "http_server.h"
#include "json_values.h"
#include "rocketmq/admin.h"
#include "sampler.h"

namespace rocketmq {
namespace dashboard {
namespace {

TEST(DashboardBodyTest, TextStaysTextAndMarkupIsNotTouched) {
  const std::string script = "<script>alert(1)</script> é";
  Json::Value body = BodyJson(script);
  EXPECT_EQ(body["encoding"].asString(), "text");
  EXPECT_EQ(body["data"].asString(), script);
  EXPECT_FALSE(body["truncated"].asBool());
  // The JSON text never holds "</", so even inlined in a page it cannot close a script.
  EXPECT_EQ(ToJsonText(body).find("</"), std::string::npos);
}

TEST(DashboardBodyTest, BinaryAndInvalidUtf8AreHex) {
  EXPECT_EQ(BodyJson(std::string("\x01\x02\xff", 3))["encoding"].asString(), "hex");
  EXPECT_EQ(BodyJson(std::string("\x01\x02\xff", 3))["data"].asString(), "0102ff");
  EXPECT_FALSE(IsPrintableUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsPrintableUtf8("\xed\xa0\x80"));  // a surrogate
  EXPECT_FALSE(IsPrintableUtf8(std::string("a\0b", 3)));
  EXPECT_TRUE(IsPrintableUtf8("line\r\n\ttab \xf0\x9f\x98\x80"));
  EXPECT_EQ(Printable(std::string("k\x01", 2)), "hex:6b01");
}

TEST(DashboardBodyTest, LongBodiesAreCutWithoutSplittingACharacter) {
  std::string body(kMaxBodyShown - 1, 'a');
  body += "\xc3\xa9 and more";
  Json::Value v = BodyJson(body);
  EXPECT_TRUE(v["truncated"].asBool());
  EXPECT_EQ(v["encoding"].asString(), "text");
  EXPECT_EQ(v["data"].asString().size(), kMaxBodyShown - 1);
  EXPECT_EQ(v["size"].asInt64(), static_cast<Json::Int64>(body.size()));
}

// A trace message batches records of several messages; only the asked message's are kept.
TEST(DashboardTraceTest, RecordsOfTheMessageAreSplitIntoFields) {
  // Apache's trace text: each field ends with 0x01, each record with 0x02.
  auto record = [](std::initializer_list<std::string> fields) {
    std::string out;
    for (const auto& f : fields) out += f + '\x01';
    return out + '\x02';
  };
  MessageExt trace;
  trace.set_body(record({"Pub", "1700000000000", "DefaultRegion", "PG", "T", "ID-A", "tag"}) +
                 record({"Pub", "1700000000001", "DefaultRegion", "PG", "T", "ID-B"}) +
                 record({"SubAfter", "req-1", "ID-A", "3", "true"}));
  Json::Value records = TraceRecordsJson({trace}, "ID-A");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["type"].asString(), "Pub");
  EXPECT_EQ(records[0]["fields"][0].asString(), "1700000000000");
  EXPECT_EQ(records[0]["fields"][4].asString(), "ID-A");
  EXPECT_EQ(records[1]["type"].asString(), "SubAfter");
  EXPECT_EQ(records[1]["fields"][1].asString(), "ID-A");
  EXPECT_EQ(TraceRecordsJson({trace}, "ID-C").size(), 0u);
  MessageExt garbage;
  garbage.set_body(std::string("\x02\x01\x01\x02") + "ID-A");
  EXPECT_EQ(TraceRecordsJson({garbage}, "ID-A").size(), 0u);
}

TEST(DashboardAccessTest, TokenInBearerOrBasicAuth) {
  EXPECT_TRUE(AuthorizationMatches("Bearer s3cret", "s3cret"));
  EXPECT_FALSE(AuthorizationMatches("Bearer s3cre", "s3cret"));
  EXPECT_FALSE(AuthorizationMatches("Bearer s3cretx", "s3cret"));
  EXPECT_TRUE(AuthorizationMatches("Basic YWRtaW46czNjcmV0", "s3cret"));   // admin:s3cret
  EXPECT_FALSE(AuthorizationMatches("Basic YWRtaW46d3Jvbmc=", "s3cret"));  // admin:wrong
  EXPECT_FALSE(AuthorizationMatches("Basic !!!", "s3cret"));
  EXPECT_FALSE(AuthorizationMatches("", "s3cret"));
}

TEST(DashboardAccessTest, LoopbackHostsAndListenAddresses) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("localhost.attacker.example"));
  std::string host;
  int port = -1;
  ASSERT_TRUE(ParseListen("127.0.0.1:8080", &host, &port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8080);
  ASSERT_TRUE(ParseListen("[::1]:0", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  ASSERT_TRUE(ParseListen(":9000", &host, &port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_FALSE(ParseListen("8080", &host, &port).ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:70000", &host, &port).ok());
  EXPECT_FALSE(ParseListen("127.0.0.1:http", &host, &port).ok());
}

// Routing and refusals come before any request to the cluster, so an Admin that was never
// started is enough; the calls that do reach it report its error instead of failing.
class DashboardApiTest : public ::testing::Test {
 protected:
  DashboardApiTest() : admin_(Config()), sampler_(&admin_, std::chrono::seconds(1), 4) {}
  static AdminConfig Config() {
    AdminConfig c;
    c.namesrv_addr = "127.0.0.1:1";
    return c;
  }
  ApiResponse Call(bool read_only, bool post, const std::string& path,
                   const std::string& body = "{}") {
    Api api(&admin_, &sampler_, {"127.0.0.1:1", read_only});
    ApiRequest r;
    r.post = post;
    r.path = path;
    r.body = body;
    return api.Handle(r);
  }
  Admin admin_;
  Sampler sampler_;
};

TEST_F(DashboardApiTest, ActionsArePostOnlyAndRefusedWhenReadOnly) {
  EXPECT_EQ(Call(false, false, "/api/topic/update").status, 405);
  EXPECT_EQ(Call(true, true, "/api/topic/update").status, 403);
  EXPECT_EQ(Call(true, true, "/api/group/reset-offset").status, 403);
  EXPECT_EQ(Call(false, true, "/api/cluster").status, 405);
}

TEST_F(DashboardApiTest, BadInputIsABadRequest) {
  EXPECT_EQ(Call(false, true, "/api/topic/update", "not json").status, 400);
  EXPECT_EQ(Call(false, true, "/api/topic/update", R"({"topic": "a b"})").status, 400);
  EXPECT_EQ(Call(false, true, "/api/topic/update", R"({"topic": "T", "perm": 7})").status, 400);
  EXPECT_EQ(
      Call(false, true, "/api/topic/update", R"({"topic": "T", "readQueueNums": "x"})").status,
      400);
  EXPECT_EQ(Call(false, true, "/api/group/reset-offset", R"({"group": "g"})").status, 400);
  EXPECT_EQ(Call(false, false, "/api/topic").status, 400);
  EXPECT_EQ(Call(false, false, "/api/nowhere").status, 404);
}

TEST_F(DashboardApiTest, ClusterFailuresAreErrorsWithAMessage) {
  ApiResponse r = Call(false, false, "/api/cluster");
  EXPECT_GE(r.status, 500);
  EXPECT_FALSE(r.body["error"].asString().empty());
  EXPECT_EQ(Call(false, false, "/api/metrics").status, 200);
  EXPECT_EQ(Call(false, false, "/api/status").body["readOnly"].asBool(), false);
}

}  // namespace
}  // namespace dashboard
}  // namespace rocketmq
