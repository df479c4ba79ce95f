// What every server program (namesrv, broker) does around its controller: apply the log
// settings, and stop on SIGTERM or SIGINT.
#ifndef ROCKETMQ_COMMON_SERVER_PROCESS_H_
#define ROCKETMQ_COMMON_SERVER_PROCESS_H_

#include <signal.h>

#include <string>

#include "rocketmq/status.h"

namespace rocketmq {

// Applies the logLevel and logFile settings; errors name the setting.
Status ConfigureServerLogging(const std::string& level, const std::string& file);

// Blocks SIGTERM and SIGINT in the calling thread — construct it before any thread starts,
// so that every thread inherits the mask and only Wait() takes them — and ignores SIGPIPE,
// which a peer closing its socket would otherwise raise.
class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Returns the stop signal once one arrives.
  int Wait();

 private:
  sigset_t signals_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_COMMON_SERVER_PROCESS_H_
