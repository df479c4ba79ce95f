// The `namesrv` program: Apache NameServer's command line (-c FILE, -p, -h, --key=value)
// around a NamesrvController, stopped cleanly by SIGTERM or SIGINT.
#include <cstdio>
#include <string>

#include "common/logging.h"
#include "common/server_process.h"
#include "common/settings.h"
#include "namesrv/namesrv_config.h"
#include "namesrv/namesrv_controller.h"

namespace {

constexpr char kUsage[] =
    "usage: namesrv [-c FILE] [-p] [-h] [--key=value | --key value]...\n"
    "  -c FILE   read settings from FILE (Apache namesrv.conf key=value format)\n"
    "  -p        print the effective settings and exit\n"
    "  -h        print this help and exit\n"
    "  --key=value overrides any setting; settings are:\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "namesrv: %s\n", message.c_str());
  return 1;
}

int Run(int argc, char** argv) {
  using rocketmq::namesrv::NamesrvConfig;
  auto cmdline = rocketmq::ParseServerCommandLine(argc, argv, {});
  if (!cmdline.ok()) return Fail(cmdline.status().message() + " (see namesrv -h)");

  NamesrvConfig config;
  rocketmq::Settings settings("namesrv");
  rocketmq::namesrv::RegisterNamesrvSettings(&config, &settings);
  if (cmdline->help) {
    std::printf("%s%s", kUsage, settings.Describe().c_str());
    return 0;
  }
  if (rocketmq::Status s = rocketmq::LoadServerSettings(*cmdline, &settings); !s.ok()) {
    return Fail(s.message());
  }
  if (rocketmq::Status s = config.tls.LoadConfigFile(); !s.ok()) return Fail(s.message());
  if (cmdline->print_config) {
    std::printf("%s", settings.Dump().c_str());
    return 0;
  }

  if (rocketmq::Status s = rocketmq::ConfigureServerLogging(config.log_level, config.log_file);
      !s.ok()) {
    return Fail(s.message());
  }
  rocketmq::StopSignals stop_signals;

  rocketmq::namesrv::NamesrvController controller(config);
  if (rocketmq::Status s = controller.Start(); !s.ok()) {
    controller.Shutdown();
    return Fail("cannot start: " + s.message());
  }
  std::printf("The Name Server boot success. serializeType=JSON listening on %s\n",
              controller.listen_address().c_str());
  std::fflush(stdout);

  const int signal_number = stop_signals.Wait();
  RMQ_LOG_INFO << "received signal " << signal_number << "; shutting down";
  controller.Shutdown();
  RMQ_LOG_INFO << "nameserver stopped";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
