#include "raw_socket.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/clock.h"
#include "remoting/frame_codec.h"

namespace rocketmq {
namespace testing {

Result<RawSocket> RawSocket::Connect(const std::string& addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos) return Status::InvalidArgument("no port in '" + addr + "'");
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(std::stoi(addr.substr(colon + 1))));
  if (inet_pton(AF_INET, addr.substr(0, colon).c_str(), &sa.sin_addr) != 1) {
    return Status::InvalidArgument("bad address '" + addr + "'");
  }
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
  RawSocket sock(fd);
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0) {
    return Status::IoError("connect " + addr + ": " + std::strerror(errno));
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return sock;
}

RawSocket& RawSocket::operator=(RawSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RawSocket::~RawSocket() {
  if (fd_ >= 0) close(fd_);
}

Status RawSocket::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("send: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Result<std::string> RawSocket::ReadExactly(size_t n, std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  std::string out;
  char buf[4096];
  while (out.size() < n) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(deadline.Remaining().count()));
    if (ready == 0)
      return Status::Timeout("read " + std::to_string(out.size()) + " of " + std::to_string(n) +
                             " bytes");
    if (ready < 0 && errno != EINTR) return Status::IoError(std::strerror(errno));
    if (ready < 0) continue;
    const ssize_t got = recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
    if (got == 0) return Status::IoError("the peer closed the connection");
    if (got < 0 && errno != EINTR) return Status::IoError(std::strerror(errno));
    if (got > 0) out.append(buf, static_cast<size_t>(got));
  }
  return out;
}

Result<remoting::RemotingCommand> RawSocket::ReadFrame(std::chrono::milliseconds timeout) {
  auto length = ReadExactly(4, timeout);
  if (!length.ok()) return length.status();
  auto size = remoting::ParseFrameLength(length->data(), remoting::kDefaultMaxFrameBytes);
  if (!size.ok()) return size.status();
  auto rest = ReadExactly(*size - 4, timeout);
  if (!rest.ok()) return rest.status();
  return remoting::DecodeFrame(*length + *rest);
}

bool RawSocket::ClosedByPeerWithin(std::chrono::milliseconds timeout) {
  const auto deadline = clock::Deadline::After(timeout);
  char buf[4096];
  while (!deadline.Expired()) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = poll(&pfd, 1, static_cast<int>(deadline.Remaining().count()));
    if (ready <= 0) continue;
    const ssize_t got = recv(fd_, buf, sizeof buf, 0);
    if (got == 0) return true;
    if (got < 0 && errno != EINTR && errno != EAGAIN) return true;
  }
  return false;
}

std::string FrameOf(const remoting::RemotingCommand& command) {
  auto frame = remoting::EncodeFrame(command);
  return frame.ok() ? *frame : std::string();
}

int CountOpenSockets(int pid) {
  const std::string dir_path = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = opendir(dir_path.c_str());
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    char target[64];
    const ssize_t n = readlink((dir_path + "/" + entry->d_name).c_str(), target, sizeof target - 1);
    if (n > 0 && std::string_view(target, static_cast<size_t>(n)).substr(0, 7) == "socket:") {
      ++count;
    }
  }
  closedir(dir);
  return count;
}

std::string DescribeOpenFds(int pid) {
  const std::string dir_path = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = opendir(dir_path.c_str());
  if (dir == nullptr) return "(no " + dir_path + ")";
  std::string out;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    char target[512];
    const ssize_t n = readlink((dir_path + "/" + entry->d_name).c_str(), target, sizeof target - 1);
    out += std::string(entry->d_name) + " -> " +
           (n > 0 ? std::string(target, static_cast<size_t>(n)) : "?") + "\n";
  }
  closedir(dir);
  return out;
}

}  // namespace testing
}  // namespace rocketmq
