// c_api_cluster_runner <program> [args...]: starts a namesrv and a broker on loopback (the
// broker tests' BrokerCluster, with fast transaction check-backs), runs
// <program> with RMQ_TEST_NAMESRV=<host:port> in its environment, relays its output and
// exits with its exit code. The C tests are plain C programs; this is their fixture.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "broker/broker_cluster.h"
#include "support/child_process.h"

namespace {

constexpr std::chrono::seconds kProgramTimeout{150};

}  // namespace

int main(int argc, char** argv) {
  using rocketmq::testing::BrokerCluster;
  using rocketmq::testing::ChildProcess;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <program> [args...]\n", argv[0]);
    return 2;
  }
  auto cluster = BrokerCluster::Start({"--transactionCheckInterval=100", "--transactionTimeOut=300",
                                       "--enablePropertyFilter=true"});
  if (!cluster.ok()) {
    std::fprintf(stderr, "cluster: %s\n", cluster.status().ToString().c_str());
    return 2;
  }
  rocketmq::testing::ChildProcessOptions options;
  options.env.push_back("RMQ_TEST_NAMESRV=" + (*cluster)->namesrv_addr());
  const std::vector<std::string> args(argv + 2, argv + argc);
  auto program = ChildProcess::Spawn(argv[1], args, options);
  if (!program.ok()) {
    std::fprintf(stderr, "spawn: %s\n", program.status().ToString().c_str());
    return 2;
  }
  auto exit_code = (*program)->WaitForExit(kProgramTimeout);
  std::fputs((*program)->StdoutText().c_str(), stdout);
  std::fputs((*program)->StderrText().c_str(), stderr);
  if (!exit_code.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], exit_code.status().ToString().c_str());
    return 1;
  }
  return *exit_code;
}
