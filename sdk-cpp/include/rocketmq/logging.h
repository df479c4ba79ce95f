// Where the SDK's log lines go.
//
// By default lines at WARN and above go to stderr, and nothing else is written: a program
// that uses the SDK prints its own results, and the SDK speaks up only when something is
// wrong. A program that wants the detail sets a lower level and a file: every line at the
// level goes to the file, and those at WARN and above still go to stderr as well, so that
// problems show where the program runs. A language binding instead installs a handler that
// receives every enabled line. Settings are process-wide and thread-safe.
#ifndef ROCKETMQ_LOGGING_H_
#define ROCKETMQ_LOGGING_H_

#include <functional>
#include <string>

#include "rocketmq/export.h"
#include "rocketmq/status.h"

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

// Parses "trace", "debug", "info", "warn", "error", "fatal", "off" (any case).
RMQ_EXPORT Result<LogLevel> ParseLogLevel(const std::string& text);
RMQ_EXPORT const char* LogLevelName(LogLevel level);

// Lines at `level` and above are written; kOff writes none.
RMQ_EXPORT void SetLogLevel(LogLevel level);
RMQ_EXPORT LogLevel GetLogLevel();

// Writes the lines to `path` (created or appended to), those at WARN and above also to
// stderr. An empty path goes back to stderr alone. Fails, changing nothing, when the file
// cannot be opened.
RMQ_EXPORT Status SetLogFile(const std::string& path);

// Receives each enabled line instead of the file and stderr: its level, the source file's
// base name and line, and the message without the timestamp/level prefix. It runs on
// whichever thread logs (I/O threads included) under the logging lock, so it must return
// quickly, must not block and must not log. After SetLogHandler returns, the previous
// handler is no longer running nor called. An empty handler restores the file and stderr.
using LogHandler =
    std::function<void(LogLevel level, const char* file, int line, const std::string& message)>;
RMQ_EXPORT void SetLogHandler(LogHandler handler);

}  // namespace rocketmq

#endif  // ROCKETMQ_LOGGING_H_
