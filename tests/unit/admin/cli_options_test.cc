#include "cli_options.h"

#include <gtest/gtest.h>

#include "commands.h"

namespace rocketmq {
namespace admin_cli {
namespace {

const CommandSpec& TopicStatusSpec() { return FindCommand("topicStatus")->spec; }

TEST(CliOptionsTest, AcceptsEveryFormOfAnOption) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-t", "T1"}, {"-tT1"}, {"--topic", "T1"}, {"--topic=T1"}}) {
    auto parsed = ParseArgs(TopicStatusSpec(), args);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->Get("topic"), "T1");
  }
}

TEST(CliOptionsTest, CommonOptionsComeWithEveryCommand) {
  auto parsed = ParseArgs(TopicStatusSpec(), {"-n", "127.0.0.1:9876", "-t", "T", "--json"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Get("namesrvAddr"), "127.0.0.1:9876");
  EXPECT_TRUE(parsed->Has("json"));
}

TEST(CliOptionsTest, ErrorsNameTheOption) {
  auto unknown = ParseArgs(TopicStatusSpec(), {"-t", "T", "-z", "1"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown option '-z'"), std::string::npos);

  auto missing = ParseArgs(TopicStatusSpec(), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("--topic"), std::string::npos);

  auto no_value = ParseArgs(TopicStatusSpec(), {"-t"});
  ASSERT_FALSE(no_value.ok());
  EXPECT_NE(no_value.status().message().find("needs a value"), std::string::npos);

  auto stray = ParseArgs(TopicStatusSpec(), {"T"});
  EXPECT_FALSE(stray.ok());

  auto flag_value = ParseArgs(TopicStatusSpec(), {"-t", "T", "--json=yes"});
  EXPECT_FALSE(flag_value.ok());
}

TEST(CliOptionsTest, HelpNeedsNoRequiredOption) {
  auto parsed = ParseArgs(TopicStatusSpec(), {"-h"});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->Has("help"));
}

TEST(CliOptionsTest, TypedValues) {
  ParsedArgs args;
  args.Set("readQueueNums", "16");
  args.Set("order", "TRUE");
  args.Set("bad", "12x");
  EXPECT_EQ(*args.GetInt("readQueueNums", 8), 16);
  EXPECT_EQ(*args.GetInt("missing", 8), 8);
  EXPECT_TRUE(*args.GetBool("order", false));
  EXPECT_EQ(args.GetInt("bad", 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(args.GetBool("bad", false).status().code(), ErrorCode::kInvalidArgument);
}

TEST(CliOptionsTest, HelpListsEveryOption) {
  const std::string help = CommandHelp(FindCommand("updateTopic")->spec);
  EXPECT_EQ(help.rfind("usage: rmq-admin updateTopic", 0), 0u) << help;
  for (const char* option : {"-t,--topic", "-c,--clusterName", "-r,--readQueueNums", "--json"}) {
    EXPECT_NE(help.find(option), std::string::npos) << option << "\n" << help;
  }
}

TEST(CliOptionsTest, CommandNamesAreMqadmins) {
  for (const char* name :
       {"clusterList",      "topicList",          "topicRoute",         "topicStatus",
        "updateTopic",      "deleteTopic",        "updateSubGroup",     "deleteSubGroup",
        "consumerProgress", "consumerConnection", "producerConnection", "consumerStatus",
        "queryMsgById",     "queryMsgByKey",      "queryMsgByOffset",   "resetOffsetByTime",
        "brokerStatus",     "getBrokerConfig",    "updateBrokerConfig", "sendMessage",
        "consumeMessage",   "printMsg",           "clusterRT"}) {
    EXPECT_NE(FindCommand(name), nullptr) << name;
  }
  EXPECT_EQ(FindCommand("nope"), nullptr);
}

}  // namespace
}  // namespace admin_cli
}  // namespace rocketmq
