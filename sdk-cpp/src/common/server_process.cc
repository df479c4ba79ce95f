#include "common/server_process.h"

#include <pthread.h>

#include "common/logging.h"

namespace rocketmq {

Status ConfigureServerLogging(const std::string& level, const std::string& file) {
  auto parsed = ParseLogLevel(level);
  if (!parsed.ok()) return Status::InvalidArgument("logLevel: " + parsed.status().message());
  logging::SetLevel(*parsed);
  if (Status s = logging::SetFile(file); !s.ok()) {
    return Status::InvalidArgument("logFile: " + s.message());
  }
  return Status::OK();
}

StopSignals::StopSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int StopSignals::Wait() {
  int signal_number = 0;
  sigwait(&signals_, &signal_number);
  return signal_number;
}

}  // namespace rocketmq
