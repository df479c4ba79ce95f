// The one logging facility of the project: levelled, to stderr or a file, thread-safe.
//
// Library code logs through RMQ_LOG(level) << ...; the message is only formatted
// when the level is enabled. Programs (namesrv, broker, tools) configure it once at
// start-up; the SDK leaves it at its defaults unless the user sets it.
#ifndef ROCKETMQ_COMMON_LOGGING_H_
#define ROCKETMQ_COMMON_LOGGING_H_

#include <atomic>
#include <sstream>
#include <string>

#include "rocketmq/logging.h"
#include "rocketmq/status.h"

namespace rocketmq {

// Parses "trace", "debug", "info", "warn", "error", "fatal", "off" (any case).
Result<LogLevel> ParseLogLevel(const std::string& text);
const char* LogLevelName(LogLevel level);

namespace logging {

void SetLevel(LogLevel level);
LogLevel Level();
inline bool Enabled(LogLevel level);

// Sends log lines to `path` (appending), or to stderr when path is empty.
Status SetFile(const std::string& path);

// Writes one formatted line: "2026-11-21 05:51:00.123 INFO  [tid] file:line message".
void Write(LogLevel level, const char* file, int line, const std::string& message);

namespace internal {
extern std::atomic<int> g_level;
}  // namespace internal

inline bool Enabled(LogLevel level) {
  return static_cast<int>(level) >= internal::g_level.load(std::memory_order_relaxed);
}

// Collects one message and writes it when destroyed.
class LineBuilder {
 public:
  LineBuilder(LogLevel level, const char* file, int line)
      : level_(level), file_(file), line_(line) {}
  ~LineBuilder() { Write(level_, file_, line_, stream_.str()); }
  LineBuilder(const LineBuilder&) = delete;
  LineBuilder& operator=(const LineBuilder&) = delete;
  std::ostream& stream() { return stream_; }

 private:
  LogLevel level_;
  const char* file_;
  int line_;
  std::ostringstream stream_;
};

}  // namespace logging
}  // namespace rocketmq

#define RMQ_LOG(level)                                              \
  if (!::rocketmq::logging::Enabled(::rocketmq::LogLevel::level)) { \
  } else                                                            \
    ::rocketmq::logging::LineBuilder(::rocketmq::LogLevel::level, __FILE__, __LINE__).stream()

#define RMQ_LOG_TRACE RMQ_LOG(kTrace)
#define RMQ_LOG_DEBUG RMQ_LOG(kDebug)
#define RMQ_LOG_INFO RMQ_LOG(kInfo)
#define RMQ_LOG_WARN RMQ_LOG(kWarn)
#define RMQ_LOG_ERROR RMQ_LOG(kError)

#endif  // ROCKETMQ_COMMON_LOGGING_H_
