// Where the SDK's log lines go: a level, and optionally a handler that receives every line
// instead of stderr (how language bindings route them into their own logging).
#ifndef ROCKETMQ_LOGGING_H_
#define ROCKETMQ_LOGGING_H_

#include <functional>
#include <string>

#include "rocketmq/export.h"

namespace rocketmq {

enum class LogLevel : int {
  kTrace = 0,
  kDebug = 1,
  kInfo = 2,
  kWarn = 3,
  kError = 4,
  kFatal = 5,
  kOff = 6
};

// Lines below `level` are neither formatted nor handed to the handler. Default: kInfo.
RMQ_EXPORT void SetLogLevel(LogLevel level);
RMQ_EXPORT LogLevel GetLogLevel();

// Receives each enabled line: its level, the source file's base name and line, and the
// message without the timestamp/level prefix. It runs on whichever thread logs (I/O threads
// included) under the logging lock, so it must return quickly, must not block and must not
// log. After SetLogHandler returns, the previous handler is no longer running nor called.
// An empty handler restores the default (stderr, or the file the process chose).
using LogHandler =
    std::function<void(LogLevel level, const char* file, int line, const std::string& message)>;
RMQ_EXPORT void SetLogHandler(LogHandler handler);

}  // namespace rocketmq

#endif  // ROCKETMQ_LOGGING_H_
