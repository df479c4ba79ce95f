// rmq-cluster: a local RocketMQ cluster for development and tests in one command — a
// nameserver and one or more brokers on loopback, in the foreground until Ctrl-C (or
// SIGTERM), printing the addresses to use.
//   rmq-cluster [--brokers N] [--slaves N] [--namesrv-port PORT] [--cluster NAME]
//               [--store DIR] [--namesrv-bin PATH] [--broker-bin PATH]
// Without --store the stores live in a temporary directory removed on exit. Exit codes: 0
// stopped by a signal, 1 a server failed to start or died, 2 a usage error.
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "local_process.h"

namespace {

using rocketmq::cluster::LocalProcess;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::chrono::seconds kStartTimeout{20};
constexpr std::chrono::seconds kStopGrace{10};

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

struct Options {
  int brokers = 1;
  int slaves = 0;  // per master
  std::string namesrv_port = "9876";
  std::string cluster = "DefaultCluster";
  std::string store;
  std::string namesrv_bin;
  std::string broker_bin;
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: rmq-cluster [--brokers N] [--slaves N] [--namesrv-port PORT]\n"
               "                   [--cluster NAME] [--store DIR] [--namesrv-bin PATH]\n"
               "                   [--broker-bin PATH]\n"
               "  --brokers N         masters to start (default 1; broker-0, broker-1, ...)\n"
               "  --slaves N          slaves per master (default 0; ASYNC_MASTER replication,\n"
               "                      brokerId 1..N, learning the master from the nameserver)\n"
               "  --namesrv-port P    nameserver port on 127.0.0.1 (default 9876; 0 = any free)\n"
               "  --cluster NAME      cluster the brokers register under (default "
               "DefaultCluster)\n"
               "  --store DIR         keep stores and logs in DIR (default: a temporary\n"
               "                      directory, removed on exit)\n"
               "  --namesrv-bin PATH  the namesrv program (default: next to rmq-cluster)\n"
               "  --broker-bin PATH   the broker program (default: next to rmq-cluster)\n"
               "Runs until Ctrl-C; prints NAMESRV_ADDR once every server listens.\n");
}

// 0 on success, else the exit code.
int ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      PrintUsage(stdout);
      std::exit(kExitOk);
    }
    std::string name = arg;
    std::string value;
    const size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      std::fprintf(stderr, "rmq-cluster: option %s needs a value\n", arg.c_str());
      return kExitUsage;
    }
    if (name == "--brokers") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 16) {
        std::fprintf(stderr, "rmq-cluster: --brokers must be 1..16, not '%s'\n", value.c_str());
        return kExitUsage;
      }
      options->brokers = static_cast<int>(n);
    } else if (name == "--slaves") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 0 || n > 4) {
        std::fprintf(stderr, "rmq-cluster: --slaves must be 0..4, not '%s'\n", value.c_str());
        return kExitUsage;
      }
      options->slaves = static_cast<int>(n);
    } else if (name == "--namesrv-port") {
      options->namesrv_port = value;
    } else if (name == "--cluster") {
      options->cluster = value;
    } else if (name == "--store") {
      options->store = value;
    } else if (name == "--namesrv-bin") {
      options->namesrv_bin = value;
    } else if (name == "--broker-bin") {
      options->broker_bin = value;
    } else {
      std::fprintf(stderr, "rmq-cluster: unknown option '%s'\n", arg.c_str());
      PrintUsage(stderr);
      return kExitUsage;
    }
  }
  return 0;
}

// The program `name`: installed next to rmq-cluster, or built in this build tree.
std::string FindProgram(const std::string& name, const char* build_tree_path) {
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n > 0) {
    self[n] = '\0';
    const auto sibling = std::filesystem::path(self).parent_path() / name;
    if (::access(sibling.c_str(), X_OK) == 0) return sibling.string();
  }
  return build_tree_path;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (int code = ParseOptions(argc, argv, &options)) return code;
  if (options.namesrv_bin.empty()) options.namesrv_bin = FindProgram("namesrv", RMQ_NAMESRV_BIN);
  if (options.broker_bin.empty()) options.broker_bin = FindProgram("broker", RMQ_BROKER_BIN);

  const bool temporary = options.store.empty();
  std::string dir = options.store;
  if (temporary) {
    char pattern[] = "/tmp/rmq-cluster.XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
      std::fprintf(stderr, "rmq-cluster: cannot create a temporary directory: %s\n",
                   std::strerror(errno));
      return kExitFailure;
    }
    dir = pattern;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::fprintf(stderr, "rmq-cluster: cannot create %s: %s\n", dir.c_str(),
                   ec.message().c_str());
      return kExitFailure;
    }
  }

  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  int exit_code = kExitOk;
  {
    // Declared before the servers so that they are stopped (in reverse order: brokers
    // first, then the nameserver) before the directory is removed.
    std::vector<LocalProcess> servers;
    servers.reserve(static_cast<size_t>(options.brokers * (1 + options.slaves)) + 1);
    std::string error;
    auto fail = [&](const std::string& what) {
      std::fprintf(stderr, "rmq-cluster: %s: %s\n", what.c_str(), error.c_str());
      exit_code = kExitFailure;
    };

    auto namesrv =
        LocalProcess::Start(options.namesrv_bin,
                            {"--listenPort=" + options.namesrv_port, "--bindAddress=127.0.0.1",
                             "--kvConfigPath=" + dir + "/namesrv-kv.json"},
                            dir + "/namesrv.log", &error);
    std::string namesrv_addr;
    if (!namesrv) {
      fail("namesrv " + options.namesrv_bin);
    } else {
      servers.push_back(std::move(*namesrv));
      namesrv_addr = servers.back().WaitForListening(kStartTimeout, &error);
      if (namesrv_addr.empty()) fail("namesrv");
    }
    if (exit_code == kExitOk) std::printf("namesrv   %s\n", namesrv_addr.c_str());

    for (int i = 0; i < options.brokers && exit_code == kExitOk && !g_stop.load(); ++i) {
      const std::string name = "broker-" + std::to_string(i);
      // The master first: its slaves learn its HA address from the nameserver, which has it
      // once the master registered.
      for (int id = 0; id <= options.slaves && exit_code == kExitOk && !g_stop.load(); ++id) {
        const std::string label = id == 0 ? name : name + "-s" + std::to_string(id);
        std::vector<std::string> args = {"-n",
                                         namesrv_addr,
                                         "--listenPort=0",
                                         "--bindAddress=127.0.0.1",
                                         "--brokerIP1=127.0.0.1",
                                         "--brokerName=" + name,
                                         "--brokerClusterName=" + options.cluster,
                                         "--storePathRootDir=" + dir + "/" + label};
        if (id > 0) {
          args.insert(args.end(), {"--brokerRole=SLAVE", "--brokerId=" + std::to_string(id),
                                   "--slaveReadEnable=true"});
        }
        auto broker =
            LocalProcess::Start(options.broker_bin, args, dir + "/" + label + ".log", &error);
        if (!broker) {
          fail(label + " " + options.broker_bin);
          break;
        }
        servers.push_back(std::move(*broker));
        const std::string addr = servers.back().WaitForListening(kStartTimeout, &error);
        if (addr.empty()) {
          fail(label);
          break;
        }
        if (id == 0) {
          std::printf("%-9s %s (cluster %s)\n", name.c_str(), addr.c_str(),
                      options.cluster.c_str());
        } else {
          std::printf("%-9s %s (slave %d of %s)\n", label.c_str(), addr.c_str(), id, name.c_str());
        }
      }
    }

    if (exit_code == kExitOk && !g_stop.load()) {
      std::printf("store     %s%s (logs: *.log)\n", dir.c_str(),
                  temporary ? ", removed on exit" : "");
      std::printf("ready: NAMESRV_ADDR=%s; Ctrl-C stops the cluster\n", namesrv_addr.c_str());
      std::fflush(stdout);
      while (!g_stop.load()) {
        for (auto& server : servers) {
          if (!server.Running()) {
            error = server.Stop(kStopGrace) + "; see " + server.log_path();
            fail("a server stopped");
            g_stop.store(true);
            break;
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
    std::printf("stopping\n");
    std::fflush(stdout);
    for (auto it = servers.rbegin(); it != servers.rend(); ++it) it->Stop(kStopGrace);
  }
  if (temporary) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  return exit_code;
}
