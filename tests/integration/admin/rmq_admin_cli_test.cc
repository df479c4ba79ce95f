// The rmq-admin program against the real namesrv and broker: what a script sees — output,
// --json and exit codes (0 ok, 1 the cluster failed, 2 usage).
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <functional>
#include <thread>

#include "broker/broker_cluster.h"
#include "rocketmq/lite_pull_consumer.h"
#include "support/child_process.h"

namespace rocketmq {
namespace {

using testing::BrokerCluster;
using testing::ChildProcess;
using testing::ChildProcessOptions;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliRun RmqAdmin(const std::vector<std::string>& args, std::vector<std::string> env = {}) {
  ChildProcessOptions options;
  options.env = std::move(env);
  auto child = ChildProcess::Spawn(RMQ_ADMIN_BIN, args, options);
  CliRun run;
  if (!child.ok()) {
    run.err = child.status().ToString();
    return run;
  }
  auto exit = (*child)->WaitForExit(std::chrono::seconds(30));
  run.exit_code = exit.ok() ? *exit : -1;
  run.out = (*child)->StdoutText();
  run.err = (*child)->StderrText();
  return run;
}

std::string Describe(const CliRun& run) {
  return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" +
         run.err;
}

bool Contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class RmqAdminCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = BrokerCluster::Start();
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    cluster_ = std::move(*cluster);
  }

  // `rmq-admin <command> -n NAMESRV args...`
  CliRun Admin(const std::string& command, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {command, "-n", cluster_->namesrv_addr()});
    return RmqAdmin(args);
  }

  // Retries a command until its output contains `needle` (bounded): what the broker has
  // just been told reaches the nameserver and the index a moment later.
  CliRun AdminUntil(const std::string& needle, const std::string& command,
                    const std::vector<std::string>& args) {
    CliRun run;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    do {
      run = Admin(command, args);
      if (run.exit_code == 0 && Contains(run.out, needle)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < deadline);
    return run;
  }

  std::unique_ptr<BrokerCluster> cluster_;
};

TEST_F(RmqAdminCliTest, EverydayCommands) {
  CliRun clusters = Admin("clusterList");
  ASSERT_EQ(clusters.exit_code, 0) << Describe(clusters);
  EXPECT_TRUE(Contains(clusters.out, "#Cluster Name")) << clusters.out;
  EXPECT_TRUE(Contains(clusters.out, cluster_->broker_addr())) << clusters.out;
  CliRun clusters_json = Admin("clusterList", {"--json"});
  ASSERT_EQ(clusters_json.exit_code, 0) << Describe(clusters_json);
  const std::string cluster_key = "\"cluster\":\"";
  const size_t at = clusters_json.out.find(cluster_key);
  ASSERT_NE(at, std::string::npos) << clusters_json.out;
  const size_t begin = at + cluster_key.size();
  const std::string cluster_name =
      clusters_json.out.substr(begin, clusters_json.out.find('"', begin) - begin);

  const std::string topic = "CliTopic";
  CliRun created = Admin("updateTopic", {"-c", cluster_name, "-t", topic, "-r", "2", "-w", "2"});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  EXPECT_TRUE(Contains(created.out, "create topic to " + cluster_->broker_addr() + " success."));

  CliRun ordered = Admin("updateTopic", {"-c", cluster_name, "-t", "CliOrdered", "-o", "true"});
  ASSERT_EQ(ordered.exit_code, 0) << Describe(ordered);
  EXPECT_TRUE(Contains(ordered.out, "orderConf=[")) << ordered.out;
  CliRun order_kv = Admin("getKvList", {"-s", "ORDER_TOPIC_CONFIG", "--json"});
  EXPECT_TRUE(Contains(order_kv.out, "\"CliOrdered\":\"")) << Describe(order_kv);

  CliRun topics = AdminUntil(topic + "\n", "topicList", {});
  ASSERT_EQ(topics.exit_code, 0) << Describe(topics);
  EXPECT_TRUE(Contains(topics.out, topic + "\n")) << topics.out;
  CliRun route = Admin("topicRoute", {"-t", topic});
  ASSERT_EQ(route.exit_code, 0) << Describe(route);
  EXPECT_TRUE(Contains(route.out, "\"writeQueueNums\":2")) << route.out;

  CliRun route_json = Admin("topicRoute", {"-t", topic});
  const std::string name_key = "\"brokerName\":\"";
  const size_t name_at = route_json.out.find(name_key) + name_key.size();
  const std::string broker_name =
      route_json.out.substr(name_at, route_json.out.find('"', name_at) - name_at);
  CliRun sent = Admin("sendMessage", {"-t", topic, "-p", "hello admin", "-k", "order-42", "-b",
                                      broker_name, "-i", "0"});
  ASSERT_EQ(sent.exit_code, 0) << Describe(sent);
  EXPECT_TRUE(Contains(sent.out, "SEND_OK")) << sent.out;

  CliRun status_json = AdminUntil("\"maxOffset\":1", "topicStatus", {"-t", topic, "--json"});
  EXPECT_TRUE(Contains(status_json.out, "\"maxOffset\":1")) << Describe(status_json);
  CliRun status = Admin("topicStatus", {"-t", topic});
  ASSERT_EQ(status.exit_code, 0) << Describe(status);
  EXPECT_TRUE(Contains(status.out, "#Min Offset")) << status.out;

  CliRun by_key = AdminUntil("order", "queryMsgByKey", {"-t", topic, "-k", "order-42", "--json"});
  ASSERT_EQ(by_key.exit_code, 0) << Describe(by_key);
  EXPECT_TRUE(Contains(by_key.out, "\"body\":\"hello admin\"")) << by_key.out;
  const std::string id_key = "\"msgId\":\"";
  const size_t id_at = by_key.out.find(id_key) + id_key.size();
  const std::string msg_id = by_key.out.substr(id_at, by_key.out.find('"', id_at) - id_at);

  CliRun by_id = Admin("queryMsgById", {"-t", topic, "-i", msg_id});
  ASSERT_EQ(by_id.exit_code, 0) << Describe(by_id);
  EXPECT_TRUE(Contains(by_id.out, "Keys:                [order-42]")) << by_id.out;
  CliRun by_offset =
      Admin("queryMsgByOffset", {"-t", topic, "-b", broker_name, "-i", "0", "-o", "0"});
  ASSERT_EQ(by_offset.exit_code, 0) << Describe(by_offset);
  EXPECT_TRUE(Contains(by_offset.out, "Message Body:        hello admin")) << by_offset.out;
  CliRun printed = Admin("printMsg", {"-t", topic});
  ASSERT_EQ(printed.exit_code, 0) << Describe(printed);
  EXPECT_TRUE(Contains(printed.out, "minOffset=0, maxOffset=1")) << printed.out;
  EXPECT_TRUE(Contains(printed.out, "BODY: hello admin")) << printed.out;
  CliRun consumed = Admin("consumeMessage", {"-t", topic});
  ASSERT_EQ(consumed.exit_code, 0) << Describe(consumed);
  EXPECT_TRUE(Contains(consumed.out, "hello admin")) << consumed.out;

  // A group that has never consumed has no progress (1); resetting it creates offsets.
  CliRun no_progress = Admin("consumerProgress", {"-g", "CG_CLI"});
  EXPECT_EQ(no_progress.exit_code, 1) << Describe(no_progress);
  CliRun reset = Admin("resetOffsetByTime", {"-g", "CG_CLI", "-t", topic, "-s", "now"});
  ASSERT_EQ(reset.exit_code, 0) << Describe(reset);
  CliRun progress = Admin("consumerProgress", {"-g", "CG_CLI", "-t", topic});
  ASSERT_EQ(progress.exit_code, 0) << Describe(progress);
  EXPECT_TRUE(Contains(progress.out, "Diff Total: 0")) << progress.out;
  reset = Admin("resetOffsetByTime", {"-g", "CG_CLI", "-t", topic, "-s", "0"});
  ASSERT_EQ(reset.exit_code, 0) << Describe(reset);
  progress = Admin("consumerProgress", {"-g", "CG_CLI", "-t", topic});
  EXPECT_TRUE(Contains(progress.out, "Diff Total: 1")) << progress.out;

  // A live consumer that has read everything: lag 0, and it shows up as a member.
  {
    ConsumerConfig config;
    config.namesrv_addr = cluster_->namesrv_addr();
    config.group = "CG_CLI_LIVE";
    config.consume_from_where = ConsumeFromWhere::kFirstOffset;
    LitePullConsumer consumer(config, false);
    ASSERT_TRUE(consumer.Subscribe(topic).ok());
    ASSERT_TRUE(consumer.Start().ok());
    size_t received = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (received < 1 && std::chrono::steady_clock::now() < deadline) {
      auto polled = consumer.Poll(std::chrono::milliseconds(200));
      if (polled.ok()) received += polled->size();
    }
    ASSERT_EQ(received, 1u);
    ASSERT_TRUE(consumer.Commit().ok());
    CliRun live = AdminUntil("Diff Total: 0", "consumerProgress", {"-g", "CG_CLI_LIVE"});
    EXPECT_TRUE(Contains(live.out, "Diff Total: 0")) << Describe(live);
    CliRun members = Admin("consumerConnection", {"-g", "CG_CLI_LIVE"});
    ASSERT_EQ(members.exit_code, 0) << Describe(members);
    EXPECT_TRUE(Contains(members.out, "Topic: " + topic)) << members.out;
    EXPECT_TRUE(Contains(members.out, "MessageModel: CLUSTERING")) << members.out;
    CliRun running = Admin("consumerStatus", {"-g", "CG_CLI_LIVE"});
    ASSERT_EQ(running.exit_code, 0) << Describe(running);
    EXPECT_TRUE(Contains(running.out, "#Consumer Properties#")) << running.out;
    ASSERT_TRUE(consumer.Shutdown().ok());
  }

  CliRun usage = Admin("topicList", {"-c"});
  ASSERT_EQ(usage.exit_code, 0) << Describe(usage);
  EXPECT_TRUE(Contains(usage.out, "#Consumer Group")) << usage.out;
  EXPECT_TRUE(Contains(usage.out, cluster_name)) << usage.out;
  EXPECT_TRUE(Contains(usage.out, "CG_CLI_LIVE")) << usage.out;

  CliRun all_groups = Admin("consumerProgress");
  ASSERT_EQ(all_groups.exit_code, 0) << Describe(all_groups);
  EXPECT_TRUE(Contains(all_groups.out, "#Group")) << all_groups.out;

  CliRun rt = Admin("clusterRT", {"-a", "5", "-c", cluster_name});
  ASSERT_EQ(rt.exit_code, 0) << Describe(rt);
  EXPECT_TRUE(Contains(rt.out, "#successCount")) << rt.out;
  EXPECT_TRUE(Contains(rt.out, broker_name)) << rt.out;
  CliRun rt_json = Admin("clusterRT", {"-a", "3", "--json"});
  EXPECT_TRUE(Contains(rt_json.out, "\"successCount\":3")) << Describe(rt_json);

  // statsAll: a line per topic and group, with the group's lag (the broker's own counts
  // are 0 where it has no VIEW_BROKER_STATS_DATA).
  CliRun stats = Admin("statsAll", {"-t", topic});
  ASSERT_EQ(stats.exit_code, 0) << Describe(stats);
  EXPECT_TRUE(Contains(stats.out, "#Accumulation")) << stats.out;
  EXPECT_TRUE(Contains(stats.out, "CG_CLI_LIVE")) << stats.out;
  CliRun stats_json = Admin("statsAll", {"-t", topic, "--json"});
  EXPECT_TRUE(Contains(stats_json.out, "\"group\":\"CG_CLI_LIVE\"")) << Describe(stats_json);

  CliRun broker_status = Admin("brokerStatus", {"-b", cluster_->broker_addr()});
  ASSERT_EQ(broker_status.exit_code, 0) << Describe(broker_status);
  CliRun broker_config = Admin("getBrokerConfig", {"-b", cluster_->broker_addr()});
  ASSERT_EQ(broker_config.exit_code, 0) << Describe(broker_config);
  EXPECT_TRUE(Contains(broker_config.out, "brokerName")) << broker_config.out;

  CliRun deleted = Admin("deleteTopic", {"-t", topic, "-c", cluster_name});
  ASSERT_EQ(deleted.exit_code, 0) << Describe(deleted);
  CliRun gone = Admin("topicRoute", {"-t", topic});
  EXPECT_EQ(gone.exit_code, 1) << Describe(gone);
  EXPECT_TRUE(Contains(gone.err, "does not exist")) << gone.err;
}

TEST_F(RmqAdminCliTest, ExitCodesAndMessages) {
  CliRun unknown = RmqAdmin({"noSuchCommand"});
  EXPECT_EQ(unknown.exit_code, 2) << Describe(unknown);
  EXPECT_TRUE(Contains(unknown.err, "unknown command 'noSuchCommand'")) << unknown.err;

  CliRun list = RmqAdmin({"help"});
  EXPECT_EQ(list.exit_code, 0) << Describe(list);
  EXPECT_TRUE(Contains(list.out, "topicStatus")) << list.out;
  CliRun help = RmqAdmin({"topicStatus", "-h"});
  EXPECT_EQ(help.exit_code, 0) << Describe(help);
  EXPECT_TRUE(Contains(help.out, "-t,--topic")) << help.out;

  CliRun missing = Admin("topicStatus");
  EXPECT_EQ(missing.exit_code, 2) << Describe(missing);
  CliRun bad_flag = Admin("topicStatus", {"-t", "T", "--bogus"});
  EXPECT_EQ(bad_flag.exit_code, 2) << Describe(bad_flag);
  EXPECT_TRUE(Contains(bad_flag.err, "unknown option '--bogus'")) << bad_flag.err;

  CliRun no_topic = Admin("topicStatus", {"-t", "NoSuchTopic"});
  EXPECT_EQ(no_topic.exit_code, 1) << Describe(no_topic);
  EXPECT_TRUE(Contains(no_topic.err, "NoSuchTopic")) << no_topic.err;

  // The address from the environment, as mqadmin reads NAMESRV_ADDR.
  CliRun from_env = RmqAdmin({"topicList"}, {"NAMESRV_ADDR=" + cluster_->namesrv_addr()});
  EXPECT_EQ(from_env.exit_code, 0) << Describe(from_env);

  // Nothing listens on port 1: a clear failure, promptly.
  const auto begin = std::chrono::steady_clock::now();
  CliRun dead = RmqAdmin({"clusterList", "-n", "127.0.0.1:1"});
  EXPECT_EQ(dead.exit_code, 1) << Describe(dead);
  EXPECT_TRUE(Contains(dead.err, "127.0.0.1:1")) << dead.err;
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(10));

  // A broker that stops answering mid-command: the request times out, the command fails.
  cluster_->broker().Signal(SIGSTOP);
  CliRun stalled = Admin("brokerStatus", {"-b", cluster_->broker_addr(), "--timeout", "300"});
  cluster_->broker().Signal(SIGCONT);
  EXPECT_EQ(stalled.exit_code, 1) << Describe(stalled);
  EXPECT_TRUE(Contains(stalled.err, "Timeout")) << stalled.err;
  CliRun bad_timeout = Admin("topicList", {"--timeout", "soon"});
  EXPECT_EQ(bad_timeout.exit_code, 2) << Describe(bad_timeout);

  CliRun no_namesrv = RmqAdmin({"clusterList"}, {"NAMESRV_ADDR="});
  EXPECT_EQ(no_namesrv.exit_code, 2) << Describe(no_namesrv);
  EXPECT_TRUE(Contains(no_namesrv.err, "NAMESRV_ADDR")) << no_namesrv.err;
}

}  // namespace
}  // namespace rocketmq
