// dledger_node: one DLedger member as a process, for process tests of the Raft group over
// real sockets (no broker around it yet). Prints "listening on HOST:PORT" once serving and
// runs until SIGTERM or SIGINT.
//
//   dledger_node --group=g --selfId=n0 --peers='n0-127.0.0.1:40911;n1-...' --storeDir=/tmp/x
//                [--heartbeatMs=2000] [--dataFileSize=1073741824] [--indexFileSize=167772160]
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "dledger/dledger_server.h"

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
      std::fprintf(stderr, "dledger_node: argument '%s' is not --key=value\n", argv[i]);
      return 2;
    }
    args[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  rocketmq::dledger::DLedgerConfig config;
  config.group = args["group"];
  config.self_id = args["selfId"];
  config.peers = args["peers"];
  config.store_base_dir = args["storeDir"];
  try {
    if (args.count("heartbeatMs"))
      config.heart_beat_time_interval_ms = std::stoll(args["heartbeatMs"]);
    if (args.count("dataFileSize")) config.data_file_size = std::stoll(args["dataFileSize"]);
    if (args.count("indexFileSize")) config.index_file_size = std::stoll(args["indexFileSize"]);
  } catch (const std::exception&) {
    std::fprintf(stderr, "dledger_node: a numeric argument is not a number\n");
    return 2;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts

  rocketmq::dledger::DLedgerServer server(config);
  rocketmq::Status started = server.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "dledger_node: %s\n", started.ToString().c_str());
    return 1;
  }
  std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  server.Shutdown();
  return 0;
}
