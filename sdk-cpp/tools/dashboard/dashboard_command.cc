#include "dashboard_command.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "api.h"
#include "http_server.h"
#include "sampler.h"

namespace rocketmq {
namespace dashboard {

namespace {

constexpr char kTokenEnv[] = "RMQ_DASHBOARD_TOKEN";

Status RunDashboard(admin_cli::CommandContext& c) {
  const admin_cli::ParsedArgs& a = *c.args;
  ServerOptions options;
  RMQ_RETURN_IF_ERROR(ParseListen(a.Get("listen", "127.0.0.1:8080"), &options.host, &options.port));
  options.token = a.Get("token");
  if (options.token.empty()) {
    const char* env = std::getenv(kTokenEnv);
    if (env != nullptr) options.token = env;
  }
  if (options.token.empty() && !IsLoopbackHost(options.host)) {
    return Status::InvalidArgument("listening on " + options.host +
                                   " (not loopback) needs --token TOKEN or $" + kTokenEnv);
  }
  auto interval = a.GetInt("sampleInterval", 5000);
  auto history = a.GetInt("history", 15);
  if (!interval.ok()) return interval.status();
  if (!history.ok()) return history.status();
  if (*interval < 100 || *interval > 3600 * 1000) {
    return Status::InvalidArgument("--sampleInterval must be 100 to 3600000 milliseconds");
  }
  if (*history < 1 || *history > 24 * 60) {
    return Status::InvalidArgument("--history must be 1 to 1440 minutes");
  }
  const size_t capacity = static_cast<size_t>(*history * 60 * 1000 / *interval) + 1;

  Sampler sampler(c.admin, std::chrono::milliseconds(*interval), capacity);
  ApiSettings settings;
  settings.namesrv_addr = c.admin->config().namesrv_addr;
  settings.read_only = a.Has("read-only");
  Api api(c.admin, &sampler, settings);
  HttpServer server(&api, options);
  auto bound = server.Bind();
  if (!bound.ok()) return bound.status();
  std::printf("dashboard listening on http://%s/%s%s\n", bound->c_str(),
              settings.read_only ? " (read-only)" : "",
              options.token.empty() ? "" : " (token required)");
  std::fflush(stdout);
  sampler.Start();
  Status served = server.Run();
  sampler.Stop();
  return served;
}

}  // namespace

Status ParseListen(const std::string& text, std::string* host, int* port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("--listen '" + text + "' is not HOST:PORT");
  }
  std::string h = text.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) h = "127.0.0.1";
  const std::string p = text.substr(colon + 1);
  char* end = nullptr;
  const long value = std::strtol(p.c_str(), &end, 10);
  if (p.empty() || *end != '\0' || value < 0 || value > 65535) {
    return Status::InvalidArgument("--listen '" + text + "': the port is not 0 to 65535");
  }
  *host = h;
  *port = static_cast<int>(value);
  return Status::OK();
}

const admin_cli::Command& DashboardCommand() {
  static const admin_cli::Command command = {
      {"dashboard",
       "Serve the web dashboard (cluster, topics, groups, messages, charts)",
       {{'\0', "listen", true, false,
         "HOST:PORT to serve on (default 127.0.0.1:8080; port 0: any)"},
        {'\0', "token", true, false,
         "require this token (basic auth password or Bearer); needed off loopback "
         "(default: $RMQ_DASHBOARD_TOKEN)"},
        {'\0', "read-only", false, false, "refuse every change (POST answers 403)"},
        {'\0', "sampleInterval", true, false,
         "milliseconds between samples of TPS and lag (default 5000)"},
        {'\0', "history", true, false, "minutes of samples kept for the charts (default 15)"}}},
      RunDashboard};
  return command;
}

}  // namespace dashboard
}  // namespace rocketmq
