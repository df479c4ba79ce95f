#include "support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <regex>
#include <system_error>

extern char** environ;

namespace rocketmq {
namespace testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string ErrnoText(int err) { return std::generic_category().message(err); }

void CloseFd(int fd) {
  if (fd >= 0) ::close(fd);
}

// The line of `text` that contains position `pos`.
std::string LineAt(const std::string& text, size_t pos) {
  const size_t begin = text.rfind('\n', pos);
  const size_t end = text.find('\n', pos);
  const size_t from = begin == std::string::npos ? 0 : begin + 1;
  return text.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

// The last `max` bytes of `text`, for error messages.
std::string Tail(const std::string& text, size_t max = 2000) {
  return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

}  // namespace

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const std::string& program,
                                                          const std::vector<std::string>& args,
                                                          ChildProcessOptions options) {
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  int exec_status[2] = {-1, -1};
  int wake[2] = {-1, -1};
  auto close_all = [&] {
    for (int fd :
         {out[0], out[1], err[0], err[1], exec_status[0], exec_status[1], wake[0], wake[1]}) {
      CloseFd(fd);
    }
  };
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
      ::pipe2(exec_status, O_CLOEXEC) != 0 || ::pipe2(wake, O_CLOEXEC) != 0) {
    const int e = errno;
    close_all();
    return Status::IoError("cannot create pipes for " + program + ": " + ErrnoText(e));
  }

  // Everything the child needs is prepared before fork: after it, only async-signal-safe
  // calls are allowed.
  std::vector<std::string> argv_store;
  argv_store.push_back(program);
  argv_store.insert(argv_store.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) env_store.emplace_back(*e);
  env_store.insert(env_store.end(), options.env.begin(), options.env.end());
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    close_all();
    return Status::IoError("cannot fork to run " + program + ": " + ErrnoText(e));
  }
  if (pid == 0) {
    // A test that dies must not leave servers behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    int child_errno = 0;
    if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0) {
      child_errno = errno;
    } else {
      ::execve(program.c_str(), argv.data(), envp.data());
      child_errno = errno;
    }
    ssize_t ignored = ::write(exec_status[1], &child_errno, sizeof(child_errno));
    (void)ignored;
    ::_exit(127);
  }

  CloseFd(out[1]);
  CloseFd(err[1]);
  CloseFd(exec_status[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(exec_status[0], &child_errno, sizeof(child_errno));
  } while (n < 0 && errno == EINTR);
  CloseFd(exec_status[0]);
  if (n == static_cast<ssize_t>(sizeof(child_errno))) {
    ::waitpid(pid, nullptr, 0);
    for (int fd : {out[0], err[0], wake[0], wake[1]}) CloseFd(fd);
    return Status::IoError("cannot execute " + program + ": " + ErrnoText(child_errno));
  }
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(pid, out[0], err[0], wake[0], wake[1], options.stop_grace));
}

ChildProcess::ChildProcess(pid_t pid, int out_fd, int err_fd, int wake_fd_read, int wake_fd_write,
                           milliseconds stop_grace)
    : pid_(pid),
      out_fd_(out_fd),
      err_fd_(err_fd),
      wake_read_fd_(wake_fd_read),
      wake_write_fd_(wake_fd_write),
      stop_grace_(stop_grace) {
  reader_ = std::thread([this] { ReadLoop(); });
}

ChildProcess::~ChildProcess() {
  if (Running()) Stop(stop_grace_);
  // A grandchild may still hold the pipes; the reader is told to stop regardless.
  const char byte = 'x';
  ssize_t ignored = ::write(wake_write_fd_, &byte, 1);
  (void)ignored;
  reader_.join();
  for (int fd : {out_fd_, err_fd_, wake_read_fd_, wake_write_fd_}) CloseFd(fd);
}

void ChildProcess::ReadLoop() {
  bool out_open = true;
  bool err_open = true;
  char buf[4096];
  while (out_open || err_open) {
    pollfd fds[3] = {{out_open ? out_fd_ : -1, POLLIN, 0},
                     {err_open ? err_fd_ : -1, POLLIN, 0},
                     {wake_read_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 3, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || (fds[2].revents & POLLIN) != 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard<std::mutex> lock(mutex_);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? stdout_ : stderr_).append(buf, static_cast<size_t>(n));
      }
      changed_.notify_all();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  pipes_closed_ = true;
  changed_.notify_all();
}

bool ChildProcess::Reap() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (exit_status_.has_value()) return true;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return false;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  changed_.notify_all();
  return true;
}

bool ChildProcess::Running() { return !Reap(); }

Result<std::string> ChildProcess::WaitForListening(milliseconds timeout) {
  static const std::regex kListening(R"(listening on ([0-9A-Za-z.\-]+|\[[0-9A-Fa-f:.]+\]):(\d+))");
  const auto deadline = Clock::now() + timeout;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::smatch m;
      if (std::regex_search(stdout_, m, kListening)) return m[1].str() + ":" + m[2].str();
    }
    if (!Running()) {
      return Status::IllegalState("process exited before listening: " + Describe());
    }
    if (Clock::now() >= deadline) {
      return Status::Timeout("no 'listening on HOST:PORT' line within " +
                             std::to_string(timeout.count()) + " ms: " + Describe());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_until(lock, std::min(deadline, Clock::now() + milliseconds(20)));
  }
}

Result<std::string> ChildProcess::WaitForOutput(const std::string& needle, Stream stream,
                                                milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    bool closed;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const std::string& text = stream == Stream::kStdout ? stdout_ : stderr_;
      const size_t pos = text.find(needle);
      if (pos != std::string::npos) return LineAt(text, pos);
      closed = pipes_closed_;
    }
    if (closed) {
      return Status::NotFound("output ended without '" + needle + "': " + Describe());
    }
    if (Clock::now() >= deadline) {
      return Status::Timeout("no '" + needle + "' within " + std::to_string(timeout.count()) +
                             " ms: " + Describe());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_until(lock, std::min(deadline, Clock::now() + milliseconds(20)));
  }
}

Result<int> ChildProcess::WaitForExit(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!Reap()) {
    if (Clock::now() >= deadline) {
      return Status::Timeout("process " + std::to_string(pid_) + " still running after " +
                             std::to_string(timeout.count()) + " ms");
    }
    // Exit is not an event the pipes always report (a grandchild may hold them), so the
    // wait is bounded and re-checked.
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_until(lock, std::min(deadline, Clock::now() + milliseconds(5)));
  }
  // The child's last output may still be in the pipes; give the reader a bounded moment to
  // drain them so that StdoutText()/StderrText() are complete.
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, std::max(deadline, Clock::now() + milliseconds(1000)),
                      [this] { return pipes_closed_; });
  return *exit_status_;
}

void ChildProcess::Signal(int signal) {
  if (Running()) ::kill(pid_, signal);
}

Result<int> ChildProcess::Stop(milliseconds grace) {
  Signal(SIGTERM);
  auto status = WaitForExit(grace);
  if (status.ok()) return status;
  Signal(SIGKILL);
  return WaitForExit(grace);
}

std::string ChildProcess::StdoutText() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stdout_;
}

std::string ChildProcess::StderrText() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stderr_;
}

std::string ChildProcess::Describe() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string text = "pid " + std::to_string(pid_);
  if (exit_status_.has_value()) text += ", exit status " + std::to_string(*exit_status_);
  return text + "; stdout: [" + Tail(stdout_) + "] stderr: [" + Tail(stderr_) + "]";
}

}  // namespace testing
}  // namespace rocketmq
