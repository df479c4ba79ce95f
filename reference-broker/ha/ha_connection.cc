#include "ha/ha_connection.h"

#include <event2/event.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace ha {

namespace {
// Frames a push off the loop thread sends at most: more than one append's worth, so the
// appender does not wait on a slave that is catching up; the loop sends the rest.
constexpr int kDirectFrames = 4;
// Frames one turn of the loop sends at most before it reads reports and ticks again.
constexpr int kLoopFrames = 32;

bool SigpipeIgnored() {
  struct sigaction current {};
  return sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_IGN;
}
}  // namespace

HaConnection::HaConnection(event_base* base, int fd, std::string remote_address,
                           store::MessageStore* store, const store::MessageStoreConfig& config,
                           Hooks hooks)
    : remote_address_(std::move(remote_address)),
      sendfile_anywhere_(SigpipeIgnored()),
      store_(store),
      config_(config),
      hooks_(std::move(hooks)),
      last_read_ms_(clock::MonotonicMillis()),
      last_write_ms_(clock::MonotonicMillis()) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  evutil_make_socket_nonblocking(fd);
  fd_ = fd;
  read_event_ = event_new(base, fd, EV_READ | EV_PERSIST, &HaConnection::OnReadable, this);
  write_event_ = event_new(base, fd, EV_WRITE, &HaConnection::OnWritable, this);
  if (read_event_ == nullptr || write_event_ == nullptr || event_add(read_event_, nullptr) != 0) {
    std::lock_guard<std::mutex> lock(mu_);
    ReleaseLocked();
    closed_.store(true, std::memory_order_release);
  }
}

HaConnection::~HaConnection() {
  std::lock_guard<std::mutex> lock(mu_);
  ReleaseLocked();
}

void HaConnection::ReleaseLocked() {
  if (read_event_ != nullptr) event_free(read_event_);
  if (write_event_ != nullptr) event_free(write_event_);
  read_event_ = nullptr;
  write_event_ = nullptr;
  if (fd_ >= 0) evutil_closesocket(fd_);
  fd_ = -1;
}

void HaConnection::Close(const Status& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (fd_ < 0) return;
    ReleaseLocked();
    closed_.store(true, std::memory_order_release);
  }
  if (hooks_.on_closed) hooks_.on_closed(this, reason);
}

void HaConnection::OnReadable(int /*fd*/, short /*what*/, void* arg) {
  auto* self = static_cast<HaConnection*>(arg);
  std::optional<int64_t> newest;
  if (!self->ReadReports(&newest) || !newest || !self->Acknowledge(*newest)) return;
  // An ASYNC_MASTER reads the reports after this one when it pushes (see the header).
  if (!self->config_.is_sync_master() && !self->reports_paused_ &&
      event_del(self->read_event_) == 0) {
    self->reports_paused_ = true;
  }
  // The next frame first: the slave stores it while this thread answers the producers.
  self->PushFrom(false);
  if (self->hooks_.on_ack) self->hooks_.on_ack(*newest);
}

bool HaConnection::ReadReports(std::optional<int64_t>* newest) {
  char chunk[4096];
  for (;;) {
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      last_read_ms_ = clock::MonotonicMillis();
      if (auto report = reports_.Feed(std::string_view(chunk, static_cast<size_t>(n)))) {
        *newest = report;
      }
      if (static_cast<size_t>(n) < sizeof chunk) return true;
      continue;
    }
    if (n == 0) {
      Close(Status::Network("the slave closed the HA connection"));
      return false;
    }
    const int error = EVUTIL_SOCKET_ERROR();
    if (error == EINTR) continue;
    if (error == EAGAIN || error == EWOULDBLOCK) return true;
    Close(Status::Network(std::string("HA connection error: ") +
                          evutil_socket_error_to_string(error)));
    return false;
  }
}

void HaConnection::OnWritable(int /*fd*/, short /*what*/, void* arg) {
  auto* self = static_cast<HaConnection*>(arg);
  {
    std::lock_guard<std::mutex> lock(self->mu_);
    self->write_armed_ = false;
  }
  self->Push();
}

bool HaConnection::Acknowledge(int64_t offset) {
  const int64_t max_offset = store_->GetMaxPhyOffset();
  // Apache accepts any first report; a report past the master's end is a slave ahead of
  // its master or bytes that are no report at all, and streaming from there can never
  // start, so it closes at once rather than idling until housekeeping.
  if (offset < 0 || offset > max_offset) {
    Close(Status::Protocol("slave reported offset " + std::to_string(offset) +
                           ", outside the master's CommitLog [0, " + std::to_string(max_offset) +
                           "]"));
    return false;
  }
  ack_offset_.store(offset, std::memory_order_release);
  std::lock_guard<std::mutex> lock(mu_);
  if (request_offset_ < 0) {
    request_offset_ = offset;
    next_transfer_offset_ =
        offset == 0 ? max_offset - max_offset % store_->commit_log_file_size() : offset;
    RMQ_LOG_INFO << "slave " << remote_address_ << " asks for the CommitLog from " << offset
                 << "; sending from " << next_transfer_offset_;
  }
  return true;
}

void HaConnection::ArmWrite() {
  if (write_armed_ || write_event_ == nullptr) return;
  if (event_add(write_event_, nullptr) == 0) write_armed_ = true;
}

ssize_t HaConnection::SendPart(const msghdr& message, int flags) {
  ssize_t n;
  do {
    // MSG_NOSIGNAL: the appender thread, unlike the loop's, does not block SIGPIPE.
    n = sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT | flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      write_error_ = errno;
      return -1;
    }
    n = 0;
  }
  last_write_ms_ = clock::MonotonicMillis();
  return n;
}

bool HaConnection::WriteFrame(const std::string& header, std::string_view body) {
  iovec parts[2] = {{const_cast<char*>(header.data()), header.size()},
                    {const_cast<char*>(body.data()), body.size()}};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = body.empty() ? 1 : 2;
  const ssize_t n = SendPart(message, 0);
  if (n < 0) return false;
  const auto sent = static_cast<size_t>(n);
  if (sent < header.size()) {
    unsent_.assign(header, sent);
    unsent_.append(body);
  } else if (sent < header.size() + body.size()) {
    unsent_.assign(body.substr(sent - header.size()));
  }
  return true;
}

bool HaConnection::WriteFrameFromFile(const std::string& header, const store::SelectedRecord& body,
                                      size_t size) {
  const int file = body.descriptor();
  if (file < 0) return WriteFrame(header, body.bytes().substr(0, size));
  iovec head{const_cast<char*>(header.data()), header.size()};
  msghdr message{};
  message.msg_iov = &head;
  message.msg_iovlen = 1;
  // MSG_MORE: the header leaves in one segment with the body's first bytes.
  const ssize_t n = SendPart(message, MSG_MORE);
  if (n < 0) return false;
  if (static_cast<size_t>(n) < header.size()) {
    unsent_.assign(header, static_cast<size_t>(n));
    unsent_.append(body.bytes().substr(0, size));
    return true;
  }
  auto position = static_cast<off_t>(body.file_position());
  size_t sent = 0;
  while (sent < size) {
    const ssize_t m = sendfile(fd_, file, &position, size - sent);
    if (m < 0 && errno == EINTR) continue;
    if (m < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      write_error_ = errno;
      return false;
    }
    if (m <= 0) break;  // the socket is full
    sent += static_cast<size_t>(m);
  }
  if (sent < size) unsent_.assign(body.bytes().substr(sent, size - sent));
  return true;
}

bool HaConnection::FlushUnsent() {
  while (!unsent_.empty()) {
    const ssize_t n = send(fd_, unsent_.data(), unsent_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) write_error_ = errno;
      return false;
    }
    unsent_.erase(0, static_cast<size_t>(n));
    last_write_ms_ = clock::MonotonicMillis();
  }
  return true;
}

void HaConnection::PushLocked(int max_frames, bool direct) {
  if (fd_ < 0 || request_offset_ < 0 || write_error_ != 0) return;
  // While the slave has not acknowledged everything sent, the loop sends the next frame
  // when its report arrives (reading a report pushes): that frame then holds every
  // append of the round trip instead of each appender sending its own small one (a
  // sendmsg on the appender's thread, and a read, a write and a report on the slave, per
  // append batch). An idle link still gets the append at once, from the appender.
  if (direct && ack_offset_.load(std::memory_order_acquire) < next_transfer_offset_) return;
  if (!FlushUnsent()) {
    ArmWrite();
    return;
  }
  for (int frames = 0;; ++frames) {
    if (frames == max_frames) {
      ArmWrite();
      return;
    }
    auto view = store_->ReadCommitLogToFileEnd(next_transfer_offset_);
    if (!view.ok() || view->size() == 0) {
      // As in Apache, a slave behind the master's oldest file is not repaired here: it
      // stays connected and gets heartbeats. Say so once, it needs an operator.
      if (!warned_behind_min_ && next_transfer_offset_ < store_->GetMinPhyOffset()) {
        warned_behind_min_ = true;
        RMQ_LOG_WARN << "slave " << remote_address_ << " asks for CommitLog offset "
                     << next_transfer_offset_
                     << ", which this master no longer has (its log starts at "
                     << store_->GetMinPhyOffset() << ")";
      }
      if (!direct &&
          clock::MonotonicMillis() - last_write_ms_ > config_.ha_send_heartbeat_interval) {
        WriteFrame(EncodeTransferHeader(TransferHeader{next_transfer_offset_, 0}), {});
        if (!unsent_.empty()) ArmWrite();
      }
      return;
    }
    const int32_t size = std::min(view->size(), config_.ha_transfer_batch_size);
    const std::string header = EncodeTransferHeader(TransferHeader{next_transfer_offset_, size});
    const bool written =
        direct && !sendfile_anywhere_
            ? WriteFrame(header, view->bytes().substr(0, static_cast<size_t>(size)))
            : WriteFrameFromFile(header, *view, static_cast<size_t>(size));
    if (!written) {
      ArmWrite();  // the loop closes the link
      return;
    }
    next_transfer_offset_ += size;
    if (!unsent_.empty()) {
      ArmWrite();
      return;
    }
  }
}

void HaConnection::Push() {
  std::optional<int64_t> newest;
  if (reports_paused_ && (closed() || !ReadReports(&newest))) return;
  if (newest && !Acknowledge(*newest)) return;
  PushFrom(false);
  if (newest && hooks_.on_ack) hooks_.on_ack(*newest);
}

void HaConnection::PushDirect() { PushFrom(true); }

void HaConnection::PushFrom(bool direct) {
  push_wanted_.store(true);
  for (;;) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (direct) {
      // The holder (the loop, or another appender) looks at push_wanted_ after unlocking.
      if (!lock.try_lock()) return;
    } else {
      lock.lock();
    }
    if (!push_wanted_.exchange(false)) return;
    PushLocked(direct ? kDirectFrames : kLoopFrames, direct);
    const int error = write_error_;
    lock.unlock();
    if (error != 0) {
      // Closing frees the events: only the loop does it (a direct push armed the write event).
      if (!direct) {
        Close(Status::Network(std::string("HA connection error: ") +
                              evutil_socket_error_to_string(error)));
      }
      return;
    }
    if (!push_wanted_.load()) return;
  }
}

void HaConnection::Tick() {
  if (closed()) return;
  const int64_t now = clock::MonotonicMillis();
  if (now - last_read_ms_ > config_.ha_housekeeping_interval) {
    Close(Status::Timeout("nothing read from the slave for " + std::to_string(now - last_read_ms_) +
                          " ms (haHousekeepingInterval)"));
    return;
  }
  // The heartbeat goes out inside the push, under its lock and its push_wanted_ re-check:
  // a locked section of its own here could make an appender's PushDirect give up
  // (try_lock) with nobody sending the appended bytes until the next tick.
  Push();
}

}  // namespace ha
}  // namespace rocketmq
