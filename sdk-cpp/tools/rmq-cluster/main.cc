// rmq-cluster: a local RocketMQ cluster for development and tests in one command — a
// nameserver and one or more brokers on loopback, in the foreground until Ctrl-C (or
// SIGTERM), printing the addresses to use.
//   rmq-cluster [--brokers N] [--slaves N | --dledger N] [--namesrv-port PORT]
//               [--cluster NAME] [--store DIR] [--namesrv-bin PATH] [--broker-bin PATH]
// Without --store the stores live in a temporary directory removed on exit. Exit codes: 0
// stopped by a signal, 1 a server failed to start or died, 2 a usage error.
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
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
  int slaves = 0;   // per master
  int dledger = 0;  // DLedger members per broker name (0: master/slave mode)
  std::string namesrv_port = "9876";
  std::string cluster = "DefaultCluster";
  std::string store;
  std::string namesrv_bin;
  std::string broker_bin;
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: rmq-cluster [--brokers N] [--slaves N | --dledger N]\n"
               "                   [--namesrv-port PORT] [--cluster NAME] [--store DIR]\n"
               "                   [--namesrv-bin PATH] [--broker-bin PATH]\n"
               "  --brokers N         masters to start (default 1; broker-0, broker-1, ...)\n"
               "  --slaves N          slaves per master (default 0; ASYNC_MASTER replication,\n"
               "                      brokerId 1..N, learning the master from the nameserver)\n"
               "  --dledger N         instead: each broker name is a DLedger group of N members\n"
               "                      (n0..; 1..9) that elects its master (300 ms heartbeats);\n"
               "                      kill the master and another member takes over\n"
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
    } else if (name == "--dledger") {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 9) {
        std::fprintf(stderr, "rmq-cluster: --dledger must be 1..9, not '%s'\n", value.c_str());
        return kExitUsage;
      }
      options->dledger = static_cast<int>(n);
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
  if (options->dledger > 0 && options->slaves > 0) {
    std::fprintf(stderr, "rmq-cluster: --slaves and --dledger exclude each other\n");
    return kExitUsage;
  }
  return 0;
}

// A loopback port free right now: a DLedger group needs every member's port before any
// member starts.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
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
    const int members = options.dledger > 0 ? options.dledger : 1 + options.slaves;
    servers.reserve(static_cast<size_t>(options.brokers * members) + 1);
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
      std::string peers;
      for (int id = 0; id < options.dledger; ++id) {
        const int port = FreePort();
        if (port <= 0) {
          error = std::strerror(errno);
          fail("no free port for the DLedger group of " + name);
          break;
        }
        peers += "n" + std::to_string(id) + "-127.0.0.1:" + std::to_string(port) + ";";
      }
      // The master first: its slaves learn its HA address from the nameserver, which has it
      // once the master registered.
      for (int id = 0; id < members && exit_code == kExitOk && !g_stop.load(); ++id) {
        const std::string member = "n" + std::to_string(id);
        const std::string label = options.dledger > 0 ? name + "-" + member
                                  : id == 0           ? name
                                                      : name + "-s" + std::to_string(id);
        std::vector<std::string> args = {"-n",
                                         namesrv_addr,
                                         "--listenPort=0",
                                         "--bindAddress=127.0.0.1",
                                         "--brokerIP1=127.0.0.1",
                                         "--brokerName=" + name,
                                         "--brokerClusterName=" + options.cluster,
                                         "--storePathRootDir=" + dir + "/" + label};
        if (options.dledger > 0) {
          args.insert(args.end(), {"--enableDLegerCommitLog=true", "--dLegerGroup=" + name,
                                   "--dLegerPeers=" + peers, "--dLegerSelfId=" + member,
                                   "--dLegerHeartBeatTimeIntervalMs=300"});
        } else if (id > 0) {
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
        if (options.dledger > 0) {
          std::printf("%-9s %s (DLedger member %s of %s)\n", label.c_str(), addr.c_str(),
                      member.c_str(), name.c_str());
        } else if (id == 0) {
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
      // DLedger mode is for trying failover: a member that dies (the namesrv is servers[0])
      // is reported, and the group goes on without it.
      std::vector<bool> gone(servers.size(), false);
      while (!g_stop.load()) {
        for (size_t i = 0; i < servers.size(); ++i) {
          if (gone[i] || servers[i].Running()) continue;
          error = servers[i].Stop(kStopGrace) + "; see " + servers[i].log_path();
          if (options.dledger > 0 && i > 0) {
            gone[i] = true;
            std::printf("a DLedger member stopped (%s); its group elects another master\n",
                        error.c_str());
            std::fflush(stdout);
            continue;
          }
          fail("a server stopped");
          g_stop.store(true);
          break;
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
