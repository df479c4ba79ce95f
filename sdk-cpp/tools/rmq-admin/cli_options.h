// Command-line options of rmq-admin, parsed the way mqadmin's (Apache commons-cli) are:
// "-t TopicA", "-tTopicA", "--topic TopicA", "--topic=TopicA". Every command also takes
// -n/--namesrvAddr, -h/--help, --json and --timeout.
#ifndef ROCKETMQ_TOOLS_RMQ_ADMIN_CLI_OPTIONS_H_
#define ROCKETMQ_TOOLS_RMQ_ADMIN_CLI_OPTIONS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace admin_cli {

struct OptionSpec {
  char short_name;        // '\0' for a long-only option
  std::string long_name;  // mqadmin's long name (topicName, brokerAddr, ...)
  bool has_arg;
  bool required;
  std::string help;
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<OptionSpec> options;
};

// The options of one command line, by long name.
class ParsedArgs {
 public:
  bool Has(const std::string& long_name) const { return values_.count(long_name) != 0; }
  std::string Get(const std::string& long_name, const std::string& fallback = "") const;
  // InvalidArgument naming the option when the value is not an integer.
  Result<int64_t> GetInt(const std::string& long_name, int64_t fallback) const;
  // "true"/"false" (any case); InvalidArgument otherwise.
  Result<bool> GetBool(const std::string& long_name, bool fallback) const;
  void Set(const std::string& long_name, std::string value) { values_[long_name] = value; }

 private:
  std::map<std::string, std::string> values_;
};

// Options every command accepts, added in front of its own.
const std::vector<OptionSpec>& CommonOptions();

// Parses `args` (after the command name). InvalidArgument for an unknown option, a missing
// value or a missing required option (not checked when -h is given).
Result<ParsedArgs> ParseArgs(const CommandSpec& spec, const std::vector<std::string>& args);

// "usage: rmq-admin <name> ..." and one line per option, as `mqadmin help <name>` prints.
std::string CommandHelp(const CommandSpec& spec);

}  // namespace admin_cli
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_ADMIN_CLI_OPTIONS_H_
