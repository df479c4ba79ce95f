// LocalProcess: one server program (namesrv, broker) that rmq-cluster runs, with its stdout
// and stderr going to a log file. Waiting for its "boot success" line reads that
// file, so no thread has to drain pipes; the child gets SIGTERM if rmq-cluster dies first.
#ifndef ROCKETMQ_TOOLS_RMQ_CLUSTER_LOCAL_PROCESS_H_
#define ROCKETMQ_TOOLS_RMQ_CLUSTER_LOCAL_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rocketmq {
namespace cluster {

class LocalProcess {
 public:
  // Starts `program` with `args`; output goes to `log_path`. Returns nullopt and sets
  // `error` when the program cannot be started.
  static std::optional<LocalProcess> Start(const std::string& program,
                                           const std::vector<std::string>& args,
                                           const std::string& log_path, std::string* error);
  LocalProcess(LocalProcess&& other) noexcept;
  LocalProcess& operator=(LocalProcess&& other) = delete;
  LocalProcess(const LocalProcess&) = delete;
  LocalProcess& operator=(const LocalProcess&) = delete;
  // Stops the process if it still runs.
  ~LocalProcess();

  // "HOST:PORT" from the log's "... boot success ... listening on HOST:PORT" line, which
  // namesrv and broker print once started; empty (and `error` set) when
  // the process exits first or `timeout` passes.
  std::string WaitForListening(std::chrono::milliseconds timeout, std::string* error);
  // Whether the process still runs (reaps it when it has exited).
  bool Running();
  // SIGTERM, up to `grace` for it to exit, then SIGKILL. Returns a description of how it
  // ended ("exit 0", "signal 9").
  std::string Stop(std::chrono::milliseconds grace);

  const std::string& log_path() const { return log_path_; }

 private:
  LocalProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  std::string Describe() const;

  pid_t pid_;
  std::string log_path_;
  std::optional<int> status_;  // waitpid status once reaped
};

}  // namespace cluster
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_CLUSTER_LOCAL_PROCESS_H_
