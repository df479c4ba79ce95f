// RawSocket: a plain blocking TCP connection for the fault tests, which need to send what no
// well-behaved client sends (garbage, lying length prefixes, one byte at a time) and to see
// exactly when the server closes the connection.
#ifndef ROCKETMQ_TESTS_FAULT_RAW_SOCKET_H_
#define ROCKETMQ_TESTS_FAULT_RAW_SOCKET_H_

#include <chrono>
#include <string>
#include <string_view>

#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace testing {

class RawSocket {
 public:
  // Connects to "127.0.0.1:PORT" with TCP_NODELAY (every write leaves as its own segment).
  static Result<RawSocket> Connect(const std::string& addr);

  RawSocket(RawSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawSocket& operator=(RawSocket&& other) noexcept;
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;
  ~RawSocket();

  // Writes everything; an error once the peer closed.
  Status Write(std::string_view bytes);
  // Reads exactly `n` bytes within `timeout`.
  Result<std::string> ReadExactly(size_t n, std::chrono::milliseconds timeout);
  // Reads one response frame and decodes it.
  Result<remoting::RemotingCommand> ReadFrame(std::chrono::milliseconds timeout);
  // True when the peer closes the connection (EOF or reset) within `timeout`; whatever it
  // sends before is discarded.
  bool ClosedByPeerWithin(std::chrono::milliseconds timeout);

 private:
  explicit RawSocket(int fd) : fd_(fd) {}
  int fd_;
};

// The bytes of `command` as one frame.
std::string FrameOf(const remoting::RemotingCommand& command);

// Sockets open in process `pid` (from /proc), or -1. Sockets, not every descriptor: store
// files open as the store grows.
int CountOpenSockets(int pid);
// What each descriptor of `pid` refers to ("3 -> socket:[123]"), one a line, for messages.
std::string DescribeOpenFds(int pid);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_FAULT_RAW_SOCKET_H_
