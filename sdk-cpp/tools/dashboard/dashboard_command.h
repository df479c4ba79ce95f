// `rmq-admin dashboard`: serves the web dashboard until Ctrl-C.
//   rmq-admin dashboard -n NAMESRV [--listen HOST:PORT] [--token TOKEN] [--read-only]
//                       [--sampleInterval MS] [--history MINUTES] [--timeout MS]
#ifndef ROCKETMQ_TOOLS_DASHBOARD_DASHBOARD_COMMAND_H_
#define ROCKETMQ_TOOLS_DASHBOARD_DASHBOARD_COMMAND_H_

#include <string>

#include "commands.h"

namespace rocketmq {
namespace dashboard {

const admin_cli::Command& DashboardCommand();

// "HOST:PORT", "[::1]:PORT" or ":PORT" (loopback) into its parts; InvalidArgument otherwise.
Status ParseListen(const std::string& text, std::string* host, int* port);

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_DASHBOARD_COMMAND_H_
