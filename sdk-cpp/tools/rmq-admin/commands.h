// The rmq-admin commands: mqadmin's names, flags and output, each a function of the parsed
// options and a started Admin.
#ifndef ROCKETMQ_TOOLS_RMQ_ADMIN_COMMANDS_H_
#define ROCKETMQ_TOOLS_RMQ_ADMIN_COMMANDS_H_

#include <string>
#include <vector>

#include "cli_options.h"
#include "rocketmq/admin.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace admin_cli {

struct CommandContext {
  Admin* admin;  // started
  const ParsedArgs* args;
  bool json;
  std::string out;  // what the command prints on stdout
};

// Returns OK or why the command failed. InvalidArgument means the command line was wrong
// (exit code 2); any other error comes from the cluster (exit code 1).
using CommandFunction = Status (*)(CommandContext& context);

struct Command {
  CommandSpec spec;
  CommandFunction run;
};

// Every command, in the order `rmq-admin help` lists them.
const std::vector<Command>& Commands();
const Command* FindCommand(const std::string& name);

}  // namespace admin_cli
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_ADMIN_COMMANDS_H_
