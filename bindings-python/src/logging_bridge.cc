// The SDK's log lines, bridged to Python's logging. The SDK's log handler runs on whatever
// thread logs, I/O threads included, so it never takes the GIL: it queues the line (dropping
// lines beyond a bound, and counting them) and a Python thread (rocketmq._logging) takes
// them in batches and hands them to the "rocketmq" logger.
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

#include "bindings.h"
#include "rocketmq/logging.h"

namespace rocketmq::python {

namespace {

using Record = std::tuple<int, std::string, int, std::string>;  // level, file, line, message

class LogQueue {
 public:
  void Push(LogLevel level, const char* file, int line, const std::string& message) {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    if (records_.size() >= kCapacity) {
      ++dropped_;
      return;
    }
    records_.emplace_back(static_cast<int>(level), file, line, message);
    ready_.notify_one();
  }

  // Every queued record, after waiting up to `timeout` for one; nullopt once closed and empty.
  std::optional<std::vector<Record>> Take(std::chrono::milliseconds timeout, size_t* dropped) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait_for(lock, timeout, [&] { return closed_ || !records_.empty(); });
    if (closed_ && records_.empty()) return std::nullopt;
    std::vector<Record> out(std::make_move_iterator(records_.begin()),
                            std::make_move_iterator(records_.end()));
    records_.clear();
    *dropped = dropped_;
    dropped_ = 0;
    return out;
  }

  void SetOpen(bool open) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = !open;
    ready_.notify_all();
  }

 private:
  static constexpr size_t kCapacity = 10000;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Record> records_;
  size_t dropped_ = 0;
  bool closed_ = true;
};

// Lives as long as the process: SDK threads may log until the very end.
LogQueue& Queue() {
  static LogQueue* queue = new LogQueue();
  return *queue;
}

}  // namespace

void InitLogging(py::module_& m) {
  m.def(
      "set_log_level", [](LogLevel level) { SetLogLevel(level); }, py::arg("level"),
      "Lines below `level` are not produced by the SDK at all.");
  m.def("get_log_level", &GetLogLevel);
  m.def(
      "open_log_bridge",
      [] {
        Queue().SetOpen(true);
        SetLogHandler([](LogLevel level, const char* file, int line, const std::string& message) {
          Queue().Push(level, file, line, message);
        });
      },
      "Routes the SDK's log lines into the queue log_records() reads.");
  m.def(
      "close_log_bridge",
      [] {
        {
          py::gil_scoped_release nogil;
          SetLogHandler(nullptr);
        }
        Queue().SetOpen(false);
      },
      "Sends the SDK's lines to stderr again and ends log_records() once the queue is drained.");
  m.def(
      "log_records",
      [](double timeout) -> py::object {
        size_t dropped = 0;
        std::optional<std::vector<Record>> records;
        {
          py::gil_scoped_release nogil;
          records = Queue().Take(std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000)),
                                 &dropped);
        }
        if (!records) return py::none();
        return py::make_tuple(std::move(*records), dropped);
      },
      py::arg("timeout"),
      "(records, dropped) after waiting up to `timeout` seconds for a record, each record "
      "(level, file, line, message); None once the bridge is closed and drained.");
}

}  // namespace rocketmq::python
