// Helpers for the transport tests: awaitable signals and a raw TCP peer that speaks bytes,
// for the cases a well-behaved client or server cannot produce.
#ifndef ROCKETMQ_TESTS_UNIT_REMOTING_TEST_SUPPORT_H_
#define ROCKETMQ_TESTS_UNIT_REMOTING_TEST_SUPPORT_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {
namespace testing {

constexpr auto kWait = std::chrono::seconds(10);

// Counts events; tests wait for a count to be reached.
class Counter {
 public:
  void Add(int n = 1) {
    std::lock_guard<std::mutex> lock(mutex_);
    count_ += n;
    changed_.notify_all();
  }
  int value() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  bool WaitFor(int at_least, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_ >= at_least; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

// A gate processors block on until the test opens it (bounded by a timeout).
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool Wait(std::chrono::milliseconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// A blocking socket with poll-based timeouts.
class RawSocket {
 public:
  static RawSocket Connect(uint16_t port);
  explicit RawSocket(int fd) : fd_(fd) {}
  RawSocket(RawSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawSocket& operator=(RawSocket&& other) noexcept;
  ~RawSocket();

  bool valid() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  bool Write(const std::string& bytes);
  // Exactly `size` bytes, or nullopt on timeout / EOF.
  std::optional<std::string> Read(size_t size, std::chrono::milliseconds timeout = kWait);
  // One whole frame decoded, or an error (Timeout / Network on EOF / Protocol).
  Result<RemotingCommand> ReadCommand(std::chrono::milliseconds timeout = kWait);
  // True once the peer has closed (read returns 0 or an error) within `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout = kWait);
  void Close();

 private:
  int fd_ = -1;
};

// A listening socket on 127.0.0.1 with an ephemeral port; accepts on demand.
class RawListener {
 public:
  explicit RawListener(int backlog = 16);
  ~RawListener();
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  RawSocket Accept(std::chrono::milliseconds timeout = kWait);

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// An ephemeral port nothing listens on (bound, then released).
uint16_t UnusedPort();

// Opens `count` non-blocking connections to `port` and never accepts them: with a listen
// backlog of 0 the kernel then drops further SYNs, so a new connect hangs.
class BacklogFiller {
 public:
  BacklogFiller(uint16_t port, int count);
  ~BacklogFiller();

 private:
  std::vector<int> fds_;
};

}  // namespace testing
}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_REMOTING_TEST_SUPPORT_H_
