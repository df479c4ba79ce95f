#include "common/logging.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>

#include "common/clock.h"

namespace rocketmq {

Result<LogLevel> ParseLogLevel(const std::string& text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "trace") return LogLevel::kTrace;
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warn" || lower == "warning") return LogLevel::kWarn;
  if (lower == "error") return LogLevel::kError;
  if (lower == "fatal") return LogLevel::kFatal;
  if (lower == "off") return LogLevel::kOff;
  return Status::InvalidArgument("unknown log level '" + text +
                                 "' (expected trace, debug, info, warn, error, fatal or off)");
}

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "TRACE";
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kFatal:
      return "FATAL";
    case LogLevel::kOff:
      return "OFF";
  }
  return "?";
}

namespace logging {
namespace internal {
std::atomic<int> g_level{static_cast<int>(LogLevel::kWarn)};
}  // namespace internal

namespace {

// The sink is process-wide by nature (stderr is); it is created on first use and
// never destroyed, so logging from static destructors and late threads stays safe.
struct Sink {
  std::mutex mu;
  std::FILE* file = nullptr;  // nullptr means stderr
  LogHandler handler;         // when set, replaces the file and stderr
};

Sink& TheSink() {
  static Sink* sink = new Sink();
  return *sink;
}

const char* BaseName(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash ? slash + 1 : path;
}

}  // namespace

void SetLevel(LogLevel level) { internal::g_level.store(static_cast<int>(level)); }

LogLevel Level() { return static_cast<LogLevel>(internal::g_level.load()); }

Status SetFile(const std::string& path) {
  Sink& sink = TheSink();
  std::FILE* opened = nullptr;
  if (!path.empty()) {
    opened = std::fopen(path.c_str(), "ae");
    if (opened == nullptr) {
      return Status::IoError("cannot open log file '" + path + "': " + std::strerror(errno));
    }
  }
  std::lock_guard<std::mutex> lock(sink.mu);
  if (sink.file != nullptr) std::fclose(sink.file);
  sink.file = opened;
  return Status::OK();
}

void Write(LogLevel level, const char* file, int line, const std::string& message) {
  const int64_t now_ms = clock::WallMillis();
  const std::time_t secs = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm_local{};
  localtime_r(&secs, &tm_local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm_local);
  const long tid = static_cast<long>(::syscall(SYS_gettid));

  char prefix[128];
  std::snprintf(prefix, sizeof(prefix), "%s.%03d %-5s [%ld] %s:%d ", stamp,
                static_cast<int>(now_ms % 1000), LogLevelName(level), tid, BaseName(file), line);

  Sink& sink = TheSink();
  std::lock_guard<std::mutex> lock(sink.mu);
  // Called under the lock so that SetLogHandler can promise the old handler is done.
  if (sink.handler) {
    sink.handler(level, BaseName(file), line, message);
    return;
  }
  const auto put = [&](std::FILE* out) {
    std::fputs(prefix, out);
    std::fwrite(message.data(), 1, message.size(), out);
    std::fputc('\n', out);
    std::fflush(out);
  };
  if (sink.file != nullptr) put(sink.file);
  if (sink.file == nullptr || level >= LogLevel::kWarn) put(stderr);
}

}  // namespace logging

void SetLogLevel(LogLevel level) { logging::SetLevel(level); }

LogLevel GetLogLevel() { return logging::Level(); }

Status SetLogFile(const std::string& path) { return logging::SetFile(path); }

void SetLogHandler(LogHandler handler) {
  auto& sink = logging::TheSink();
  {
    std::lock_guard<std::mutex> lock(sink.mu);
    handler.swap(sink.handler);
  }
  // The old handler is destroyed outside the lock: its captures may log or take locks.
}

}  // namespace rocketmq
