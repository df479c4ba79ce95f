// rmq-admin: mqadmin's everyday commands, with nothing but this project installed.
//   rmq-admin <command> -n NAMESRV [options] [--json]
//   rmq-admin help [command]
// Exit codes: 0 success, 1 the cluster could not be reached or refused, 2 a usage error.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_options.h"
#include "commands.h"
#include "dashboard_command.h"
#include "rocketmq/admin.h"
#include "rocketmq/logging.h"

namespace {

using rocketmq::admin_cli::Command;
using rocketmq::admin_cli::CommandHelp;
using rocketmq::admin_cli::Commands;

// The commands of the table, and the dashboard, which lives in a library of its own.
const Command* FindCommand(const std::string& name) {
  if (name == rocketmq::dashboard::DashboardCommand().spec.name) {
    return &rocketmq::dashboard::DashboardCommand();
  }
  return rocketmq::admin_cli::FindCommand(name);
}

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void PrintCommandList(std::FILE* out) {
  std::fprintf(out,
               "usage: rmq-admin <command> [-n NAMESRV] [options] [--json]\n"
               "The most commonly used rmq-admin commands are:\n");
  for (const auto& c : Commands()) {
    std::fprintf(out, "   %-24s %s\n", c.spec.name.c_str(), c.spec.summary.c_str());
  }
  const auto& dashboard = rocketmq::dashboard::DashboardCommand().spec;
  std::fprintf(out, "   %-24s %s\n", dashboard.name.c_str(), dashboard.summary.c_str());
  std::fprintf(out, "See 'rmq-admin help <command>' for more information on a specific command.\n");
}

int ExitCodeOf(const rocketmq::Status& status) {
  return status.code() == rocketmq::ErrorCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    PrintCommandList(stderr);
    return kExitUsage;
  }
  if (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
    if (args.size() < 2) {
      PrintCommandList(stdout);
      return kExitOk;
    }
    const auto* command = FindCommand(args[1]);
    if (command == nullptr) {
      std::fprintf(stderr, "rmq-admin: unknown command '%s'\n", args[1].c_str());
      return kExitUsage;
    }
    std::fputs(CommandHelp(command->spec).c_str(), stdout);
    return kExitOk;
  }
  const auto* command = FindCommand(args[0]);
  if (command == nullptr) {
    std::fprintf(stderr, "rmq-admin: unknown command '%s'; 'rmq-admin help' lists them\n",
                 args[0].c_str());
    return kExitUsage;
  }
  auto parsed = rocketmq::admin_cli::ParseArgs(
      command->spec, std::vector<std::string>(args.begin() + 1, args.end()));
  if (!parsed.ok()) {
    std::fprintf(stderr, "rmq-admin %s: %s\n%s", args[0].c_str(), parsed.status().message().c_str(),
                 CommandHelp(command->spec).c_str());
    return kExitUsage;
  }
  if (parsed->Has("help")) {
    std::fputs(CommandHelp(command->spec).c_str(), stdout);
    return kExitOk;
  }

  // The command reports failures itself, with their cause; the SDK's own warnings (a
  // nameserver that does not answer, ...) would only repeat them.
  rocketmq::SetLogLevel(rocketmq::LogLevel::kError);
  rocketmq::AdminConfig config;
  config.namesrv_addr = parsed->Get("namesrvAddr");
  const char* env = std::getenv("NAMESRV_ADDR");
  if (config.namesrv_addr.empty() && (env == nullptr || *env == '\0')) {
    std::fprintf(stderr,
                 "rmq-admin %s: no nameserver address: give -n HOST:PORT or set NAMESRV_ADDR\n",
                 args[0].c_str());
    return kExitUsage;
  }
  config.instance_name = "rmq-admin";
  config.access_key = parsed->Get("aclAccessKey");
  config.secret_key = parsed->Get("aclSecretKey");
  auto timeout = parsed->GetInt("timeout", config.request_timeout_ms);
  if (!timeout.ok() || *timeout <= 0) {
    std::fprintf(stderr, "rmq-admin %s: --timeout must be a positive number of milliseconds\n",
                 args[0].c_str());
    return kExitUsage;
  }
  config.request_timeout_ms = *timeout;
  rocketmq::Admin admin(config);
  rocketmq::Status started = admin.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "rmq-admin %s: %s\n", args[0].c_str(), started.message().c_str());
    return ExitCodeOf(started);
  }
  rocketmq::admin_cli::CommandContext context{&admin, &*parsed, parsed->Has("json"), ""};
  const rocketmq::Status status = command->run(context);
  admin.Shutdown();
  std::fputs(context.out.c_str(), stdout);
  if (!status.ok()) {
    std::fprintf(stderr, "rmq-admin %s: %s\n", args[0].c_str(), status.ToString().c_str());
    return ExitCodeOf(status);
  }
  return kExitOk;
}
