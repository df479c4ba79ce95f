#include "test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "remoting/frame_codec.h"

namespace rocketmq {
namespace remoting {
namespace testing {
namespace {

sockaddr_in Loopback(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool WaitReadable(int fd, std::chrono::milliseconds timeout) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, static_cast<int>(timeout.count())) > 0;
}

}  // namespace

RawSocket RawSocket::Connect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return RawSocket(-1);
  }
  return RawSocket(fd);
}

RawSocket& RawSocket::operator=(RawSocket&& other) noexcept {
  if (this != &other) {
    Close();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RawSocket::~RawSocket() { Close(); }

void RawSocket::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool RawSocket::Write(const std::string& bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + written, bytes.size() - written, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

std::optional<std::string> RawSocket::Read(size_t size, std::chrono::milliseconds timeout) {
  std::string out(size, '\0');
  size_t got = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (got < size) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !WaitReadable(fd_, left)) return std::nullopt;
    const ssize_t n = ::recv(fd_, &out[got], size - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    got += static_cast<size_t>(n);
  }
  return out;
}

Result<RemotingCommand> RawSocket::ReadCommand(std::chrono::milliseconds timeout) {
  std::optional<std::string> length = Read(4, timeout);
  if (!length) return Status::Network("no frame length");
  Result<size_t> frame_bytes = ParseFrameLength(length->data(), kDefaultMaxFrameBytes);
  if (!frame_bytes.ok()) return frame_bytes.status();
  std::optional<std::string> rest = Read(*frame_bytes - 4, timeout);
  if (!rest) return Status::Network("frame cut short");
  return DecodeFrame(*length + *rest);
}

bool RawSocket::WaitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !WaitReadable(fd_, left)) return false;
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0) return true;
  }
}

RawListener::RawListener(int backlog) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = Loopback(0);
  ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::listen(fd_, backlog);
  socklen_t length = sizeof(address);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

RawListener::~RawListener() { ::close(fd_); }

RawSocket RawListener::Accept(std::chrono::milliseconds timeout) {
  if (!WaitReadable(fd_, timeout)) return RawSocket(-1);
  return RawSocket(::accept(fd_, nullptr, nullptr));
}

uint16_t UnusedPort() {
  RawListener listener;
  return listener.port();
}

BacklogFiller::BacklogFiller(uint16_t port, int count) {
  for (int i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address = Loopback(port);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fds_.push_back(fd);
  }
}

BacklogFiller::~BacklogFiller() {
  for (int fd : fds_) ::close(fd);
}

}  // namespace testing
}  // namespace remoting
}  // namespace rocketmq
