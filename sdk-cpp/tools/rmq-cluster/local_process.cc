#include "local_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace rocketmq {
namespace cluster {

std::optional<LocalProcess> LocalProcess::Start(const std::string& program,
                                                const std::vector<std::string>& args,
                                                const std::string& log_path, std::string* error) {
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    *error = "cannot create " + log_path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork failed: ") + std::strerror(errno);
    ::close(log_fd);
    return std::nullopt;
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execv(program.c_str(), argv.data());
    const char message[] = "rmq-cluster: exec failed\n";
    ssize_t ignored = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    (void)ignored;
    ::_exit(127);
  }
  ::close(log_fd);
  return LocalProcess(pid, log_path);
}

LocalProcess::LocalProcess(LocalProcess&& other) noexcept
    : pid_(other.pid_), log_path_(std::move(other.log_path_)), status_(other.status_) {
  other.pid_ = -1;
}

LocalProcess::~LocalProcess() {
  if (pid_ > 0 && Running()) Stop(std::chrono::seconds(5));
}

bool LocalProcess::Running() {
  if (pid_ <= 0 || status_) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    status_ = status;
    return false;
  }
  return done == 0;
}

std::string LocalProcess::WaitForListening(std::chrono::milliseconds timeout, std::string* error) {
  const std::string marker = "listening on ";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::ifstream log(log_path_);
    std::string line;
    while (std::getline(log, line)) {
      // The program's own "boot success ... listening on" line comes once it has started
      // (a broker has registered); the transport logs "listening on" earlier.
      const size_t at = line.find(marker);
      if (at == std::string::npos || line.find("boot success") == std::string::npos) continue;
      std::istringstream rest(line.substr(at + marker.size()));
      std::string addr;
      rest >> addr;
      while (!addr.empty() && (addr.back() == ',' || addr.back() == '.')) addr.pop_back();
      if (!addr.empty()) return addr;
    }
    if (!Running()) {
      *error = "exited (" + Describe() + ") before listening; see " + log_path_;
      return "";
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      *error = "not listening after " + std::to_string(timeout.count()) + " ms; see " + log_path_;
      return "";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string LocalProcess::Stop(std::chrono::milliseconds grace) {
  if (Running()) {
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (Running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (Running()) {
      ::kill(pid_, SIGKILL);
      while (Running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return Describe();
}

std::string LocalProcess::Describe() const {
  if (!status_) return "running";
  if (WIFEXITED(*status_)) return "exit " + std::to_string(WEXITSTATUS(*status_));
  if (WIFSIGNALED(*status_)) return "signal " + std::to_string(WTERMSIG(*status_));
  return "status " + std::to_string(*status_);
}

}  // namespace cluster
}  // namespace rocketmq
