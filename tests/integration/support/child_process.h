// ChildProcess: runs a program under test (namesrv, broker, a tool) as a child process,
// captures its stdout and stderr, and always reaps it.
//
//   auto ns = ChildProcess::Spawn(kNamesrvPath, {"--listenPort=0", "--bindAddress=127.0.0.1"});
//   ASSERT_TRUE(ns.ok()) << ns.status().ToString();
//   auto addr = (*ns)->WaitForListening(std::chrono::seconds(10));   // "127.0.0.1:40123"
//
// Destruction stops a still-running child: SIGTERM, then SIGKILL after a bounded grace period.
// A reader thread (owned, joined) drains both pipes, so a chatty child never blocks on a full
// pipe whether or not the test reads its output.
#ifndef ROCKETMQ_TESTS_SUPPORT_CHILD_PROCESS_H_
#define ROCKETMQ_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace testing {

struct ChildProcessOptions {
  // Extra "NAME=value" entries added to the inherited environment.
  std::vector<std::string> env;
  // Working directory of the child; empty keeps the current one.
  std::string working_dir;
  // How long the destructor waits after SIGTERM before SIGKILL.
  std::chrono::milliseconds stop_grace{5000};
};

class ChildProcess {
 public:
  enum class Stream { kStdout, kStderr };

  // Starts `program` with `args` (argv[0] is the program path). Fails when the program
  // cannot be executed.
  static Result<std::unique_ptr<ChildProcess>> Spawn(const std::string& program,
                                                     const std::vector<std::string>& args,
                                                     ChildProcessOptions options = {});

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }

  // Waits for a stdout line containing "listening on HOST:PORT" and returns "HOST:PORT".
  // Fails on timeout or when the child exits first; the error quotes its stderr.
  Result<std::string> WaitForListening(std::chrono::milliseconds timeout);
  // Waits until `stream` contains `needle`; returns the whole line that holds it.
  Result<std::string> WaitForOutput(const std::string& needle, Stream stream,
                                    std::chrono::milliseconds timeout);

  // Waits for the child to exit; returns its exit code, or 128 + signal number when a
  // signal ended it.
  Result<int> WaitForExit(std::chrono::milliseconds timeout);
  // Sends `signal` (if the child still runs).
  void Signal(int signal);
  // SIGTERM, wait up to `grace`, then SIGKILL; returns the exit status as WaitForExit does.
  Result<int> Stop(std::chrono::milliseconds grace);

  bool Running();
  std::string StdoutText() const;
  std::string StderrText() const;

 private:
  ChildProcess(pid_t pid, int out_fd, int err_fd, int wake_fd_read, int wake_fd_write,
               std::chrono::milliseconds stop_grace);
  void ReadLoop();
  // Non-blocking reap; records the status once the child is gone.
  bool Reap();
  std::string Describe() const;

  const pid_t pid_;
  const int out_fd_;
  const int err_fd_;
  const int wake_read_fd_;
  const int wake_write_fd_;
  const std::chrono::milliseconds stop_grace_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string stdout_;
  std::string stderr_;
  bool pipes_closed_ = false;
  std::optional<int> exit_status_;
  std::thread reader_;
};

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_SUPPORT_CHILD_PROCESS_H_
