#include "remoting/connection.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/util.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/logging.h"
#include "remoting/socket_read.h"

namespace rocketmq {
namespace remoting {
namespace {

std::atomic<uint64_t> g_next_connection_id{1};

constexpr int kBufferEventOptions =
    BEV_OPT_CLOSE_ON_FREE | BEV_OPT_THREADSAFE | BEV_OPT_DEFER_CALLBACKS | BEV_OPT_UNLOCK_CALLBACKS;

// Owned bodies up to this size are copied into the frame head's buffer (one chain, one
// write); larger ones get their own chain.
constexpr size_t kCoalesceBodyBytes = 16 * 1024;
// Referenced body segments up to this size in all are copied the same way. Of a larger body
// (a pull answer's stored records), segments below this size are copied into the output
// buffer too, each run of them into one chain: a reference cost a chain allocation, the
// buffer's callbacks, a keep-alive's copy and release and its own drain (~1.6k instructions
// per 1 KiB record in a drain of scattered records, against ~100 for the copy); larger
// segments are queued by reference.
constexpr size_t kCopySegmentBytes = 4 * 1024;
// A thread's frame buffer is kept for its next frame up to this capacity.
constexpr size_t kMaxScratchBytes = 256 * 1024;
// Staged frames' buffer is kept for the next flush up to this capacity.
constexpr size_t kMaxStagedBytesKept = 1024 * 1024;
// Writes a sender makes of frames that joined its own (Connection::StageBehindWriter).
constexpr int kJoinedWrites = 2;

// libevent reads and writes at most 16 KiB per callback by default, and frames queued for a
// busy socket left 16 KiB at a time. Reads are capped at 4 KiB a turn regardless (see
// socket_read.h); OnRead reads the rest itself, up to kReadRestBytes.
constexpr size_t kMaxSingleReadBytes = 1 << 20;
// Enough for a 64-message read of 1 KiB sends, or two 32-message pull answers.
constexpr size_t kReadRestBytes = 64 * 1024;
constexpr size_t kMaxSingleWriteBytes = 1 << 20;
// Bound on the frames a read reserves room for up front (a small frame ahead of large ones
// must not reserve thousands).
constexpr size_t kMaxReservedFrames = 512;

void SetIoSizes(bufferevent* bev) {
  bufferevent_set_max_single_read(bev, kMaxSingleReadBytes);
  bufferevent_set_max_single_write(bev, kMaxSingleWriteBytes);
  if (bufferevent* socket = bufferevent_get_underlying(bev)) SetIoSizes(socket);
}

// TLS runs as libevent's OpenSSL filter over a socket bufferevent, not on the socket itself
// (bufferevent_openssl_socket_new). On the socket, libevent hands OpenSSL one record per
// wakeup, which OpenSSL reads with two read() calls, and sends each record (one per frame)
// with its own send(): 1 KiB messages cost several syscalls and a loop pass each, and async
// sends ran at a third of plaintext's rate. Through the filter, OpenSSL encrypts into and
// decrypts from memory and the socket bufferevent moves the records in bulk, as it does
// plaintext frames.
//
// The socket bufferevent shares the filter's lock (libevent takes the underlying's) and
// runs its callbacks, which drive OpenSSL, immediately and locked: deferred or unlocked,
// they could run OpenSSL on the loop thread while a sender encrypts on its own.
constexpr int kTlsSocketOptions = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_THREADSAFE;

// A TLS bufferevent over fd (-1: to connect later), or nullptr with fd closed and session
// freed.
bufferevent* NewTlsBufferEvent(event_base* base, int fd, SSL* session,
                               bufferevent_ssl_state state) {
  bufferevent* socket = bufferevent_socket_new(base, fd, kTlsSocketOptions);
  if (socket == nullptr) {
    if (fd >= 0) evutil_closesocket(fd);
    SSL_free(session);
    return nullptr;
  }
  bufferevent* bev =
      bufferevent_openssl_filter_new(base, socket, session, state, kBufferEventOptions);
  if (bev == nullptr) {
    SSL_free(session);
    bufferevent_free(socket);  // closes fd
    return nullptr;
  }
  // Freeing the filter frees the socket bufferevent with it (BEV_OPT_CLOSE_ON_FREE).
  bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
  return bev;
}

// The bufferevent that owns the socket: the TLS filter's underlying one, or bev itself.
bufferevent* SocketBufferEvent(bufferevent* bev) {
  bufferevent* socket = bufferevent_get_underlying(bev);
  return socket != nullptr ? socket : bev;
}

// Bytes not yet handed to the socket: with TLS, plaintext the filter has not encrypted yet
// plus records waiting for the socket. A plaintext bufferevent has nothing underneath, which
// `tls` says without asking libevent (a locked call through the bufferevent's operations,
// twice per frame).
size_t QueuedBytes(bufferevent* bev, bool tls) {
  size_t queued = evbuffer_get_length(bufferevent_get_output(bev));
  if (bufferevent* socket = tls ? bufferevent_get_underlying(bev) : nullptr) {
    queued += evbuffer_get_length(bufferevent_get_output(socket));
  }
  return queued;
}

timeval ToTimeval(std::chrono::milliseconds duration) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(duration.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
  return tv;
}

void AppendBody(const CommandBody& body, std::string* out) {
  out->append(body.owned());
  for (const CommandBody::Segment& segment : body.segments())
    out->append(segment.data, segment.size);
}

void ReleaseSegment(const void* /*data*/, size_t /*length*/, void* extra) {
  delete static_cast<std::shared_ptr<const void>*>(extra);
}

// Splits "host:port" at the last colon; "[v6-address]:port" loses its brackets.
bool SplitHostPort(const std::string& address, std::string* host, std::string* port) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) return false;
  *host = address.substr(0, colon);
  *port = address.substr(colon + 1);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  return port->find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

Connection::Connection(std::shared_ptr<EventLoop> loop, std::string remote_address,
                       const ConnectionOptions& options, std::weak_ptr<ConnectionHandler> handler,
                       std::shared_ptr<const TlsContext> tls)
    : id_(g_next_connection_id.fetch_add(1)),
      loop_(std::move(loop)),
      remote_address_(std::move(remote_address)),
      options_(options),
      handler_(std::move(handler)),
      tls_(std::move(tls)) {
  last_write_ms_.store(NowMillis());
  // No fd, not added: it only runs when Stage activates it.
  flush_event_ = event_new(loop_->base(), -1, 0, &Connection::FlushCallback, this);
}

Connection::~Connection() {
  // Waits for the callback if it is running on the loop thread (it then found the connection
  // gone and does nothing).
  if (flush_event_ != nullptr) event_free(flush_event_);
  // Only reached once every reference is gone; normally CloseNow has freed everything.
  if (first_byte_ != nullptr) {
    evutil_closesocket(event_get_fd(first_byte_));
    event_free(first_byte_);
  }
  if (bev_ != nullptr) {
    bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
    bufferevent_free(bev_);
  }
}

int64_t Connection::NowMillis() const { return clock::MonotonicMillis(); }

std::shared_ptr<Connection> Connection::Accept(std::shared_ptr<EventLoop> loop, int fd,
                                               std::string remote_address,
                                               const ConnectionOptions& options,
                                               std::weak_ptr<ConnectionHandler> handler,
                                               std::shared_ptr<const TlsContext> tls) {
  std::shared_ptr<Connection> connection(
      new Connection(loop, std::move(remote_address), options, std::move(handler), std::move(tls)));
  const bool posted = loop->Post([connection, fd] { connection->StartAccepted(fd); });
  if (!posted) {
    evutil_closesocket(fd);
    connection->open_.store(false);
    return nullptr;
  }
  return connection;
}

void Connection::StartAccepted(int fd) {
  evutil_make_socket_nonblocking(fd);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  const TlsMode mode = tls_ ? tls_->mode() : TlsMode::kDisabled;
  if (mode == TlsMode::kPermissive) {
    // Plaintext or TLS is decided by the first byte the client sends.
    first_byte_ = event_new(loop_->base(), fd, EV_READ, &Connection::FirstByteCallback, this);
    const timeval idle = ToTimeval(options_.idle_timeout);
    if (first_byte_ == nullptr ||
        event_add(first_byte_, options_.idle_timeout.count() > 0 ? &idle : nullptr) != 0) {
      RMQ_LOG_ERROR << "cannot wait for the first byte from " << remote_address_;
      if (first_byte_ != nullptr) event_free(first_byte_);
      first_byte_ = nullptr;
      evutil_closesocket(fd);
      open_.store(false);
      return;
    }
  } else {
    Adopt(fd, mode == TlsMode::kEnforcing);
    if (!open_.load()) return;
  }
  if (auto handler = handler_.lock()) handler->OnConnected(shared_from_this());
}

void Connection::FirstByteCallback(int /*fd*/, short what, void* arg) {
  auto self = static_cast<Connection*>(arg)->shared_from_this();
  self->OnFirstByte(what);
}

void Connection::OnFirstByte(short what) {
  const int fd = event_get_fd(first_byte_);
  event_free(first_byte_);
  first_byte_ = nullptr;
  unsigned char first = 0;
  const ssize_t peeked = (what & EV_READ) ? recv(fd, &first, 1, MSG_PEEK) : -1;
  if (peeked != 1) {
    evutil_closesocket(fd);
    CloseNow(peeked == 0 ? Status::Network("connection closed by peer " + remote_address_)
                         : Status::Timeout("peer " + remote_address_ + " sent nothing for " +
                                           std::to_string(options_.idle_timeout.count()) + " ms"));
    return;
  }
  // 0x16: a TLS handshake record.
  Adopt(fd, first == 0x16);
  if (!open_.load()) CloseNow(Status::Internal("cannot set up the connection"));
}

void Connection::Adopt(int fd, bool tls) {
  bufferevent* bev = nullptr;
  if (tls) {
    SSL* session = tls_->NewSession();
    if (session == nullptr) {
      evutil_closesocket(fd);
    } else {
      bev = NewTlsBufferEvent(loop_->base(), fd, session, BUFFEREVENT_SSL_ACCEPTING);
    }
  } else {
    bev = bufferevent_socket_new(loop_->base(), fd, kBufferEventOptions);
    if (bev == nullptr) evutil_closesocket(fd);
  }
  if (bev == nullptr) {
    open_.store(false);
    RMQ_LOG_ERROR << "cannot set up accepted connection from " << remote_address_
                  << ": creating its bufferevent failed";
    return;
  }
  SetIoSizes(bev);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    bev_ = bev;
    socket_fd_ = tls ? -1 : fd;
    tls_active_ = tls;
  }
  bufferevent_setcb(bev, &Connection::ReadCallback, nullptr, &Connection::EventCallback, this);
  // Enabled first: the TLS filter arms its timeouts only for what is enabled.
  bufferevent_enable(bev, EV_READ | EV_WRITE);
  if (options_.idle_timeout.count() > 0) {
    const timeval idle = ToTimeval(options_.idle_timeout);
    bufferevent_set_timeouts(bev, &idle, nullptr);
  }
}

Result<std::shared_ptr<Connection>> Connection::Connect(std::shared_ptr<EventLoop> loop,
                                                        std::string remote_address,
                                                        const ConnectionOptions& options,
                                                        std::weak_ptr<ConnectionHandler> handler,
                                                        std::shared_ptr<const TlsContext> tls) {
  std::string host;
  std::string port;
  if (!SplitHostPort(remote_address, &host, &port)) {
    return Status::InvalidArgument("remote address \"" + remote_address +
                                   "\" is not of the form host:port");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  addrinfo* resolved = nullptr;
  const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &resolved);
  if (rc != 0 || resolved == nullptr) {
    return Status::NotFound("cannot resolve " + remote_address + ": " + gai_strerror(rc));
  }
  std::shared_ptr<Connection> connection(new Connection(
      std::move(loop), std::move(remote_address), options, std::move(handler), std::move(tls)));
  Status started =
      connection->StartConnecting(resolved->ai_addr, static_cast<int>(resolved->ai_addrlen));
  freeaddrinfo(resolved);
  if (!started.ok()) return started;
  return connection;
}

Status Connection::StartConnecting(const sockaddr* address, int address_length) {
  const bool tls = tls_ != nullptr && tls_->mode() != TlsMode::kDisabled;
  bufferevent* bev = nullptr;
  if (tls) {
    SSL* session = tls_->NewSession();
    if (session != nullptr) {
      bev = NewTlsBufferEvent(loop_->base(), -1, session, BUFFEREVENT_SSL_CONNECTING);
    }
  } else {
    bev = bufferevent_socket_new(loop_->base(), -1, kBufferEventOptions);
  }
  if (bev == nullptr) {
    return Status::Internal("cannot create a bufferevent connecting to " + remote_address_);
  }
  SetIoSizes(bev);
  std::lock_guard<std::mutex> lock(mutex_);
  bev_ = bev;
  tls_active_ = tls;
  connecting_ = true;
  bufferevent_setcb(bev, &Connection::ReadCallback, nullptr, &Connection::EventCallback, this);
  bufferevent_enable(bev, EV_READ | EV_WRITE);
  // libevent applies the write timeout to connecting. With TLS the socket's own timeouts
  // bound the handshake too (the filter's would only run while it has bytes to send); the
  // socket's timeout reaches EventCallback through the filter.
  const timeval connect_timeout = ToTimeval(options_.connect_timeout);
  bufferevent* socket = SocketBufferEvent(bev);
  bufferevent_set_timeouts(socket, tls ? &connect_timeout : nullptr, &connect_timeout);
  if (bufferevent_socket_connect(socket, const_cast<sockaddr*>(address), address_length) != 0) {
    const int error = EVUTIL_SOCKET_ERROR();
    bev_ = nullptr;
    open_.store(false);
    bufferevent_setcb(bev, nullptr, nullptr, nullptr, nullptr);
    bufferevent_free(bev);
    return Status::Network("connect to " + remote_address_ +
                           " failed: " + evutil_socket_error_to_string(error));
  }
  // libevent creates the socket without FD_CLOEXEC; a program that starts children (our tests
  // start brokers) must not hand them its connections.
  socket_fd_ = bufferevent_getfd(socket);
  evutil_make_socket_closeonexec(socket_fd_);
  if (tls) socket_fd_ = -1;
  return Status::OK();
}

Status Connection::Send(const RemotingCommand& command) {
  return Write(command, WriteMode::kQueue);
}

Status Connection::SendNow(const RemotingCommand& command) {
  return Write(command, WriteMode::kDirect);
}

Status Connection::SendIfIdle(const RemotingCommand& command) {
  return Write(command, WriteMode::kDirectIfIdle);
}

Status Connection::Write(const RemotingCommand& command, WriteMode mode) {
  // The frame is encoded into this thread's scratch buffer, which keeps its capacity from
  // frame to frame: no allocation per frame (taken, not borrowed, in case of reentry).
  thread_local std::string t_scratch;
  struct Scratch {
    std::string bytes = std::move(t_scratch);
    ~Scratch() {
      if (bytes.capacity() <= kMaxScratchBytes) t_scratch = std::move(bytes);
    }
  } scratch;
  std::string& bytes = scratch.bytes;
  bytes.clear();
  RMQ_RETURN_IF_ERROR(AppendFrameHead(command, &bytes));
  const size_t head_bytes = bytes.size();
  const CommandBody& body = command.body();
  // Small bodies, owned or referenced (a producer's message), are copied behind the head:
  // one copy into the output buffer's tail instead of a chain and a keep-alive per part,
  // and a frame a blocking caller can write itself.
  const bool coalesce = body.owned().size() <= kCoalesceBodyBytes &&
                        body.size() - body.owned().size() <= kCopySegmentBytes;
  const size_t frame_bytes = head_bytes + body.size();
  if (frame_bytes > options_.max_frame_bytes) {
    // The peer would drop the connection on it (Java's frameMaxLength is the same limit).
    return Status::InvalidArgument("cannot send " + command.ToString() + " to " + remote_address_ +
                                   ": its frame of " + std::to_string(frame_bytes) +
                                   " bytes exceeds the frame limit of " +
                                   std::to_string(options_.max_frame_bytes));
  }
  // On the loop thread, outside an OutboundBatch, the frame waits in the bufferevent for the
  // end of the loop pass, so that frames sent during one pass leave in one write.
  const bool in_loop = loop_->InLoopThread();
  // Only the frames of SendIfIdle are timed: the servers' replies pay no clock reading.
  bool direct = mode == WriteMode::kDirect;
  const bool timed = mode == WriteMode::kDirectIfIdle;
  const int64_t now_ns = timed ? clock::MonotonicNanos() : 0;
  if (timed) {
    const int64_t previous_ns = last_frame_ns_.exchange(now_ns, std::memory_order_relaxed);
    direct = now_ns - previous_ns >= std::chrono::nanoseconds(kIdleGap).count();
  }
  std::string* held = coalesce ? OutboundBatch::HeldBytes(this) : nullptr;
  // Staged, the body is copied once, behind the head in the staging buffer.
  if (coalesce && !in_loop && !direct && held == nullptr) return Stage(bytes, body);
  if (coalesce) AppendBody(body, &bytes);
  // A large frame inside a batch (a pull answer of stored records, by reference) is not held:
  // it leaves now, behind what the batch holds for this connection, written from this thread
  // when nothing is queued ahead. Queued in the bufferevent instead, it cost the connection's
  // I/O thread a wakeup (when another I/O thread appended the records and answered the held
  // pull), two epoll_ctl calls and a loop pass before it left.
  const bool large_in_batch = !coalesce && OutboundBatch::Active();
  if (large_in_batch) direct = true;
  std::string* held_ahead = large_in_batch ? OutboundBatch::FindHeld(this) : nullptr;

  // A sender writing from its own thread (SendIfIdle, SendNow) that finds another one
  // writing leaves its frame to that one, which writes it behind its own before it lets go of
  // the connection: waiting for the lock instead cost a futex sleep and wake-up per collision
  // (0.2 per send at 10k/s from 4 threads: the writer holds the lock through a sendmsg that
  // runs the peer's TCP receive).
  const bool joinable = coalesce && direct && !in_loop && held == nullptr;
  std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
  if (!joinable || !lock.try_lock()) {
    if (joinable && StageBehindWriter(bytes)) return Status::OK();
    lock.lock();
  }
  if (bev_ == nullptr) return ClosedError();
  evbuffer* output = bufferevent_get_output(bev_);
  const std::string* held_bytes = held != nullptr ? held : held_ahead;
  const size_t held_size = held_bytes != nullptr ? held_bytes->size() : 0;
  // output_bytes_ only overestimates: the exact count, which takes the output buffer's lock,
  // is only worth taking near the limit.
  size_t queued = output_bytes_.load(std::memory_order_relaxed) + StagedBytes() + held_size;
  if (queued > 0 && queued + frame_bytes > options_.max_outbound_bytes) {
    queued = QueuedBytes(bev_, tls_active_) + StagedBytes() + held_size;
    if (queued > 0 && queued + frame_bytes > options_.max_outbound_bytes) {
      return OutboundLimitError(queued, frame_bytes);
    }
  }
  // The idle check's reading serves (one clock reading less per async request or pull).
  last_write_ms_.store(timed ? now_ns / 1000000 : NowMillis(), std::memory_order_relaxed);
  if (held != nullptr) {
    held->append(bytes);
    return Status::OK();
  }
  if (held_ahead != nullptr && !held_ahead->empty()) {
    // The held frames were sent first: they lead the head's bytes.
    bytes.insert(0, *held_ahead);
    held_ahead->clear();
  }
  // mutex_ keeps frames from concurrent senders from interleaving: every thread that adds to
  // the output buffer holds it. The output buffer's own lock (the bufferevent's, which the
  // I/O thread takes to read) is only taken to queue, never across a sendmsg.
  const bool write_here = (!in_loop || large_in_batch) && direct;
  // Staged frames were sent first.
  int rc = MoveStagedLocked(output, joinable ? WriterPhase::kBegin : WriterPhase::kNone);
  // A large body is written from here too (a batch a caller waits on): queued, it cost the
  // I/O thread a wakeup, a writev and two epoll_ctl calls (write interest on and off) per
  // frame, and the caller the base's notification of its new write interest.
  size_t written = 0;
  if (rc == 0 && write_here) {
    if (coalesce) {
      const iovec whole{bytes.data(), bytes.size()};
      written = WriteDirectLocked(&whole, 1);
    } else {
      std::vector<iovec> parts;
      parts.reserve(2 + body.segments().size());
      parts.push_back(iovec{bytes.data(), bytes.size()});
      parts.push_back(iovec{const_cast<char*>(body.owned().data()), body.owned().size()});
      for (const CommandBody::Segment& segment : body.segments()) {
        parts.push_back(iovec{const_cast<char*>(segment.data), segment.size});
      }
      written = WriteDirectLocked(parts.data(), parts.size());
    }
  }
  // What the socket did not take is queued: the head's and owned bytes and the small
  // segments copied, run by run, each run into one reserved extent; large segments by
  // reference.
  const size_t segment_count = coalesce ? 0 : body.segments().size();
  const size_t piece_count = (coalesce ? 1 : 2) + segment_count;
  auto piece = [&](size_t i) -> std::string_view {
    if (i == 0) return bytes;
    if (i == 1) return body.owned();
    const CommandBody::Segment& segment = body.segments()[i - 2];
    return std::string_view(segment.data, segment.size);
  };
  auto copied = [&](size_t i) { return i < 2 || piece(i).size() < kCopySegmentBytes; };
  size_t first = 0;
  size_t skip = written;
  while (first < piece_count && skip >= piece(first).size()) skip -= piece(first++).size();
  // Piece `i` without what the socket took of it.
  auto unsent = [&](size_t i) { return i == first ? piece(i).substr(skip) : piece(i); };
  const bool queue_rest = first < piece_count;
  if (queue_rest) evbuffer_lock(output);
  for (size_t i = first; i < piece_count && rc == 0;) {
    if (!copied(i)) {
      const std::string_view part = unsent(i);
      auto* keep_alive = new std::shared_ptr<const void>(body.segments()[i - 2].keep_alive);
      rc = evbuffer_add_reference(output, part.data(), part.size(), &ReleaseSegment, keep_alive);
      if (rc != 0) delete keep_alive;
      ++i;
      continue;
    }
    size_t end = i;
    size_t run_bytes = 0;
    for (; end < piece_count && copied(end); ++end) run_bytes += unsent(end).size();
    if (run_bytes > 0) {
      evbuffer_iovec extent{};
      if (evbuffer_reserve_space(output, static_cast<ev_ssize_t>(run_bytes), &extent, 1) != 1) {
        rc = -1;
        break;
      }
      char* out = static_cast<char*>(extent.iov_base);
      for (size_t k = i; k < end; ++k) {
        const std::string_view part = unsent(k);
        std::memcpy(out, part.data(), part.size());
        out += part.size();
      }
      extent.iov_len = run_bytes;
      rc = evbuffer_commit_space(output, &extent, 1);
    }
    i = end;
  }
  if (queue_rest) {
    output_bytes_.store(QueuedBytes(bev_, tls_active_), std::memory_order_relaxed);
    evbuffer_unlock(output);
  }
  // Frames that joined this write meanwhile.
  if (joinable) {
    const int joined_rc = MoveStagedLocked(output, WriterPhase::kEnd);
    if (rc == 0) rc = joined_rc;
  }
  if (rc != 0) {
    FailQueueing();
    return Status::ResourceExhausted("cannot queue a frame of " + std::to_string(frame_bytes) +
                                     " bytes for " + remote_address_ + ": out of memory");
  }
  return Status::OK();
}

Status Connection::ClosedError() const {
  return Status::Network("connection " + std::to_string(id_) + " to " + remote_address_ +
                         " is closed");
}

Status Connection::OutboundLimitError(size_t queued, size_t frame_bytes) const {
  return Status::ResourceExhausted(
      "connection to " + remote_address_ + " already has " + std::to_string(queued) +
      " bytes waiting to be sent; adding a frame of " + std::to_string(frame_bytes) +
      " would pass the limit of " + std::to_string(options_.max_outbound_bytes));
}

Status Connection::Stage(const std::string& head, const CommandBody& body) {
  const size_t frame_bytes = head.size() + body.size();
  bool post = false;
  {
    std::unique_lock<std::mutex> lock(staged_mutex_);
    if (staged_closed_) return ClosedError();
    // output_bytes_ only overestimates: the exact count, which takes the output buffer's
    // lock, is only worth taking near the limit.
    const size_t estimate = staged_.size() + output_bytes_.load(std::memory_order_relaxed);
    if (estimate > 0 && estimate + frame_bytes > options_.max_outbound_bytes) {
      lock.unlock();
      const size_t queued = outbound_bytes();
      if (queued > 0 && queued + frame_bytes > options_.max_outbound_bytes) {
        return OutboundLimitError(queued, frame_bytes);
      }
      lock.lock();
      if (staged_closed_) return ClosedError();
    }
    staged_.append(head);
    AppendBody(body, &staged_);
    // A sender writing from its own thread takes it before it lets go of the connection.
    post = !flush_posted_ && !writer_active_;
    flush_posted_ = flush_posted_ || post;
  }
  if (post && (flush_event_ == nullptr || !loop_->Activate(flush_event_))) {
    // The loop has stopped (or the event could not be created): nothing staged would ever
    // leave.
    std::lock_guard<std::mutex> lock(staged_mutex_);
    staged_closed_ = true;
    staged_.clear();
    return ClosedError();
  }
  return Status::OK();
}

bool Connection::StageBehindWriter(const std::string& frame) {
  std::lock_guard<std::mutex> lock(staged_mutex_);
  if (!writer_active_ || staged_closed_) return false;
  // Near the outbound limit the exact check decides, under mutex_.
  const size_t estimate = staged_.size() + output_bytes_.load(std::memory_order_relaxed);
  if (estimate + frame.size() > options_.max_outbound_bytes) return false;
  staged_.append(frame);
  return true;
}

void Connection::FlushCallback(int /*fd*/, short /*what*/, void* arg) {
  // The event holds no reference: frames staged for a connection dropped meanwhile are
  // discarded, as a close discards them.
  if (auto self = static_cast<Connection*>(arg)->weak_from_this().lock()) self->FlushStaged();
}

void Connection::FlushStaged() {
  std::lock_guard<std::mutex> lock(mutex_);
  {
    // Frames staged from here on post another flush.
    std::lock_guard<std::mutex> staged_lock(staged_mutex_);
    flush_posted_ = false;
  }
  // Closed meanwhile: CloseNow discarded the staged frames, the close fails their requests.
  if (bev_ == nullptr) return;
  const int rc = MoveStagedLocked(bufferevent_get_output(bev_), WriterPhase::kNone);
  if (rc != 0) FailQueueing();
}

int Connection::MoveStagedLocked(evbuffer* output, WriterPhase phase) {
  for (int pass = 0;; ++pass) {
    bool post = false;
    {
      std::lock_guard<std::mutex> lock(staged_mutex_);
      if (phase == WriterPhase::kBegin) writer_active_ = true;
      // A writer takes what joined during its own write, and what joined during that: then
      // the I/O thread takes over, so that a sender is not kept writing others' frames
      // while they keep coming.
      const bool done = phase == WriterPhase::kEnd && (staged_.empty() || pass == kJoinedWrites);
      if (done) {
        writer_active_ = false;
        post = !staged_.empty() && !flush_posted_;
        flush_posted_ = flush_posted_ || post;
      }
      if (!staged_.empty() && !done) flushing_.swap(staged_);
    }
    if (flushing_.empty()) {
      if (post && (flush_event_ == nullptr || !loop_->Activate(flush_event_))) {
        // The loop has stopped: nothing staged would ever leave.
        std::lock_guard<std::mutex> lock(staged_mutex_);
        staged_closed_ = true;
        staged_.clear();
      }
      return 0;
    }
    last_write_ms_.store(NowMillis(), std::memory_order_relaxed);
    const iovec whole{flushing_.data(), flushing_.size()};
    const size_t written = WriteDirectLocked(&whole, 1);
    int rc = 0;
    if (written < flushing_.size()) {
      rc = evbuffer_add(output, flushing_.data() + written, flushing_.size() - written);
      output_bytes_.store(QueuedBytes(bev_, tls_active_), std::memory_order_relaxed);
    }
    flushing_.clear();
    // A burst's buffer is not kept for ever.
    if (flushing_.capacity() > kMaxStagedBytesKept) std::string().swap(flushing_);
    if (phase != WriterPhase::kEnd) return rc;
    if (rc != 0) {
      std::lock_guard<std::mutex> lock(staged_mutex_);
      writer_active_ = false;
      return rc;
    }
  }
}

size_t Connection::StagedBytes() const {
  std::lock_guard<std::mutex> lock(staged_mutex_);
  return staged_.size();
}

bool Connection::OutputEmptyLocked() {
  if (output_bytes_.load(std::memory_order_relaxed) == 0) return true;
  const size_t queued = QueuedBytes(bev_, tls_active_);
  output_bytes_.store(queued, std::memory_order_relaxed);
  return queued == 0;
}

size_t Connection::WriteDirectLocked(const iovec* parts, size_t count) {
  if (connecting_ || tls_active_ || !OutputEmptyLocked()) return 0;
  // Nothing is queued ahead: hand the bytes to the socket from this thread, sparing a wakeup
  // of the I/O thread. Whatever the socket does not take is queued as usual; a socket
  // error is left for the I/O thread to notice.
  msghdr message{};
  message.msg_iov = const_cast<iovec*>(parts);
  message.msg_iovlen = std::min<size_t>(count, IOV_MAX);
  const ssize_t sent = sendmsg(socket_fd_, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
  return sent > 0 ? static_cast<size_t>(sent) : 0;
}

void Connection::FailQueueing() {
  // A partial frame may be on the wire: the stream is unusable.
  loop_->Post([self = shared_from_this()] {
    self->CloseNow(Status::Internal("out of memory queueing a frame"));
  });
}

void Connection::WriteHeld(const std::string& bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Closed meanwhile: requests among the bytes are failed by the close, like queued ones.
  if (bev_ == nullptr) return;
  evbuffer* output = bufferevent_get_output(bev_);
  // Staged frames were sent first.
  int rc = MoveStagedLocked(output, WriterPhase::kNone);
  const iovec whole{const_cast<char*>(bytes.data()), bytes.size()};
  const size_t written = rc == 0 ? WriteDirectLocked(&whole, 1) : 0;
  if (rc == 0 && written < bytes.size()) {
    rc = evbuffer_add(output, bytes.data() + written, bytes.size() - written);
    output_bytes_.store(QueuedBytes(bev_, tls_active_), std::memory_order_relaxed);
  }
  if (rc != 0) FailQueueing();
}

namespace {

// The frames an OutboundBatch of this thread holds, by connection, in the order sent.
struct HeldFrames {
  std::shared_ptr<Connection> connection;
  std::string bytes;
};
struct BatchState {
  int depth = 0;
  std::vector<HeldFrames> held;
  // Buffers of written batches, kept with their capacity: the answers to each read (a
  // broker's I/O thread opens a batch per read) would otherwise grow a new string from
  // nothing, a reallocation and copy at each doubling.
  std::vector<std::string> spare;
};
thread_local BatchState t_batch;
constexpr size_t kMaxSpareBuffers = 4;
constexpr size_t kMaxSpareBytes = 256 * 1024;

}  // namespace

OutboundBatch::OutboundBatch() { ++t_batch.depth; }

OutboundBatch::~OutboundBatch() {
  if (--t_batch.depth == 0) WriteHeldNow();
}

void OutboundBatch::WriteHeldNow() {
  // Moved out first: writing never sends through a batch, but stay safe against it.
  std::vector<HeldFrames> held;
  held.swap(t_batch.held);
  for (HeldFrames& frames : held) {
    frames.connection->WriteHeld(frames.bytes);
    if (t_batch.spare.size() < kMaxSpareBuffers && frames.bytes.capacity() <= kMaxSpareBytes) {
      frames.bytes.clear();
      t_batch.spare.push_back(std::move(frames.bytes));
    }
  }
  // The vector's room too, unless a write started a new batch meanwhile.
  held.clear();
  if (t_batch.held.empty()) t_batch.held.swap(held);
}

bool OutboundBatch::Active() { return t_batch.depth > 0; }

std::string* OutboundBatch::FindHeld(Connection* connection) {
  for (HeldFrames& frames : t_batch.held) {
    if (frames.connection.get() == connection) return &frames.bytes;
  }
  return nullptr;
}

std::string* OutboundBatch::HeldBytes(Connection* connection) {
  if (t_batch.depth == 0) return nullptr;
  if (std::string* held = FindHeld(connection)) return held;
  std::string bytes;
  if (!t_batch.spare.empty()) {
    bytes = std::move(t_batch.spare.back());
    t_batch.spare.pop_back();
  }
  t_batch.held.push_back(HeldFrames{connection->shared_from_this(), std::move(bytes)});
  return &t_batch.held.back().bytes;
}

Status Connection::Reply(const RemotingCommand& request, RemotingCommand response) {
  if (request.IsOneway()) return Status::OK();
  response.set_opaque(request.opaque());
  response.MarkResponse();
  response.set_serialize_type(request.serialize_type());
  return Send(response);
}

bool Connection::RunOnLoop(std::function<void()> task) {
  if (loop_->InLoopThread()) {
    task();
    return true;
  }
  return loop_->Post(std::move(task));
}

void Connection::Close() {
  if (!open_.load(std::memory_order_acquire)) return;
  std::weak_ptr<Connection> weak = weak_from_this();
  loop_->Post([weak] {
    if (auto self = weak.lock()) self->CloseNow(Status::Cancelled("closed locally"));
  });
}

bool Connection::IsWritable() const { return outbound_bytes() < options_.max_outbound_bytes / 2; }

size_t Connection::outbound_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bev_ == nullptr ? 0 : QueuedBytes(bev_, tls_active_) + StagedBytes();
}

void Connection::CloseNow(const Status& reason) {
  if (first_byte_ != nullptr) {
    evutil_closesocket(event_get_fd(first_byte_));
    event_free(first_byte_);
    first_byte_ = nullptr;
  }
  bufferevent* bev = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    bev = bev_;
    bev_ = nullptr;
    socket_fd_ = -1;
    connecting_ = false;
    std::lock_guard<std::mutex> staged_lock(staged_mutex_);
    staged_closed_ = true;
    staged_.clear();
  }
  open_.store(false, std::memory_order_release);
  if (bev != nullptr) {
    bufferevent_setcb(bev, nullptr, nullptr, nullptr, nullptr);
    bufferevent_free(bev);
  }
  if (close_reported_) return;
  close_reported_ = true;
  if (auto handler = handler_.lock()) handler->OnClosed(shared_from_this(), reason);
}

// The strong reference keeps the connection alive until the callback returns, even if
// closing it drops the last other reference.
void Connection::ReadCallback(bufferevent* /*bev*/, void* arg) {
  static_cast<Connection*>(arg)->shared_from_this()->OnRead();
}

void Connection::EventCallback(bufferevent* /*bev*/, short what, void* arg) {
  static_cast<Connection*>(arg)->shared_from_this()->OnEvent(what);
}

// The input read in place: frames are decoded from the chains libevent holds them in, and
// what they took is drained once per read. Each evbuffer call takes the bufferevent's lock
// (BEV_OPT_THREADSAFE): asking for the length, copying the prefix out, pulling the header up
// and draining cost ~7 locks per frame; this costs one to look and one to drain per read.
// Only the connection's loop thread adds to or drains the input, so the chains stay put.
class Connection::InputReader {
 public:
  explicit InputReader(evbuffer* input) : input_(input) { Peek(); }

  // Bytes of the input not taken yet.
  size_t available() const { return available_; }
  // Copies the next `size` (at most available()) bytes out without taking them.
  void CopyOut(char* out, size_t size) {
    Ready();
    int index = index_;
    size_t offset = offset_;
    for (size_t done = 0; done < size;) {
      if (index == count_) {
        // Past the chains looked at (many small ones): the buffer copies it out.
        DrainTaken();
        evbuffer_copyout(input_, out, size);
        Peek();
        return;
      }
      const size_t step = std::min(chains_[index].iov_len - offset, size - done);
      std::memcpy(out + done, static_cast<const char*>(chains_[index].iov_base) + offset, step);
      done += step;
      offset += step;
      if (offset == chains_[index].iov_len) {
        ++index;
        offset = 0;
      }
    }
  }
  void Skip(size_t size) {
    Walk(size, [](const char*, size_t) {});
  }
  // Takes the next `size` bytes: in place when one chain holds them (valid until the next
  // call), else copied into *split.
  const char* Take(size_t size, std::string* split) {
    Ready();
    if (index_ < count_ && chains_[index_].iov_len - offset_ >= size) {
      const char* data = static_cast<const char*>(chains_[index_].iov_base) + offset_;
      Skip(size);
      return data;
    }
    split->clear();
    AppendTo(size, split);
    return split->data();
  }
  void AppendTo(size_t size, std::string* out) {
    Walk(size, [out](const char* data, size_t bytes) { out->append(data, bytes); });
  }
  // Looks again, after more was read into the input.
  void Reload() {
    DrainTaken();
    Peek();
  }
  // Drains what was taken from the input.
  void DrainTaken() {
    if (taken_ > 0) evbuffer_drain(input_, taken_);
    taken_ = 0;
  }

 private:
  static constexpr int kChains = 16;

  // Looks at the input's first chains (again, after a drain).
  void Peek() {
    // With a negative length libevent fills at most kChains and says no more.
    count_ = std::max(evbuffer_peek(input_, -1, nullptr, chains_, kChains), 0);
    index_ = 0;
    offset_ = 0;
    size_t peeked = 0;
    for (int i = 0; i < count_; ++i) peeked += chains_[i].iov_len;
    available_ = count_ < kChains ? peeked : evbuffer_get_length(input_);
  }
  // Moves the cursor onto a chain with bytes left, looking further when the chains looked at
  // ran out.
  void Ready() {
    while (index_ < count_ && offset_ == chains_[index_].iov_len) {
      ++index_;
      offset_ = 0;
    }
    if (index_ < count_ || available_ == 0) return;
    DrainTaken();
    Peek();
    while (index_ < count_ && chains_[index_].iov_len == 0) ++index_;
  }
  // Takes `size` bytes, handing each chain's part to `visit`.
  template <typename Visit>
  void Walk(size_t size, Visit visit) {
    while (size > 0) {
      Ready();
      if (index_ == count_) return;
      const size_t step = std::min(chains_[index_].iov_len - offset_, size);
      visit(static_cast<const char*>(chains_[index_].iov_base) + offset_, step);
      offset_ += step;
      size -= step;
      taken_ += step;
      available_ -= step;
    }
  }

  evbuffer* const input_;
  evbuffer_iovec chains_[kChains];
  int count_ = 0;
  // The cursor: chains_[index_], offset_ bytes in.
  int index_ = 0;
  size_t offset_ = 0;
  size_t available_ = 0;
  size_t taken_ = 0;
};

void Connection::OnRead() {
  // The bufferevent is only freed on this thread, so it stays valid during the callback.
  if (bev_ == nullptr) return;
  evbuffer* input = bufferevent_get_input(bev_);
  InputReader reader(input);
  // A full 4 KiB read may have left more in the socket: 1 KiB sends arrived ~3 a read, each
  // read with its own epoll_wait, store write and answer send. (TLS records reach the filter
  // through the socket bufferevent underneath, which this does not reach.)
  if (reader.available() >= input_left_ + kLibeventMaxRead && bev_ == SocketBufferEvent(bev_)) {
    ReadRestOfSocket(bev_, kReadRestBytes);
    // Making room may have moved the bytes within their chain, even for a read of nothing.
    reader.Reload();
  }
  std::vector<RemotingCommand> commands;
  Status error;
  const size_t available = reader.available();
  if (DecodeOne(&reader, &commands, &error)) {
    // The read's frames are mostly alike (a producer's answers, a batch of requests): room
    // for as many as the first one's size suggests, in one allocation rather than one per
    // doubling of the vector.
    const size_t first = available - reader.available();
    if (first > 0) commands.reserve(std::min(available / first + 1, kMaxReservedFrames));
    while (DecodeOne(&reader, &commands, &error)) {
    }
  }
  // Before the handler runs: it may close the connection, which frees the input.
  reader.DrainTaken();
  input_left_ = reader.available();
  // Frames before a malformed one are delivered before the connection reports its close.
  if (!commands.empty()) {
    // The answers to this read leave in one send() at its end, straight from this thread:
    // queued in the bufferevent instead, each read would cost two epoll_ctl calls (write
    // interest on and off) and a loop pass before the answers leave.
    OutboundBatch answers;
    if (auto handler = handler_.lock())
      handler->OnCommands(shared_from_this(), std::move(commands));
  }
  if (!error.ok()) {
    CloseNow(error);
    return;
  }
  if (bev_ == nullptr) input_left_ = 0;
}

bool Connection::DecodeOne(InputReader* reader, std::vector<RemotingCommand>* out, Status* error) {
  const size_t available = reader->available();
  if (available < 4) return false;
  char prefix_bytes[kFramePrefixBytes];
  const size_t peeked = available < kFramePrefixBytes ? 4 : kFramePrefixBytes;
  reader->CopyOut(prefix_bytes, peeked);
  // The length alone is checked first so an oversized frame is refused before buffering.
  Result<size_t> frame_bytes = ParseFrameLength(prefix_bytes, options_.max_frame_bytes);
  if (!frame_bytes.ok()) {
    *error = frame_bytes.status().WithContext("bad frame from " + remote_address_);
    return false;
  }
  if (available < *frame_bytes) return false;
  Result<FramePrefix> prefix = ParseFramePrefix(prefix_bytes, options_.max_frame_bytes);
  if (!prefix.ok()) {
    *error = prefix.status().WithContext("bad frame from " + remote_address_);
    return false;
  }
  reader->Skip(kFramePrefixBytes);
  std::string split_header;
  const char* header = reader->Take(prefix->header_bytes, &split_header);
  Result<RemotingCommand> command =
      DecodeHeader(prefix->serialize_type, header, prefix->header_bytes);
  if (!command.ok()) {
    *error = command.status().WithContext("bad frame from " + remote_address_);
    return false;
  }
  if (prefix->body_bytes > 0) {
    // Appended from the input's chains as they are: resizing first zero-filled the body only
    // for the copy to overwrite it (~2% of a broker's CPU in batches of 32, ~9% of a draining
    // consumer's instructions).
    std::string* body = command->mutable_body()->mutable_owned();
    body->reserve(prefix->body_bytes);
    reader->AppendTo(prefix->body_bytes, body);
  }
  out->push_back(std::move(command).value());
  return true;
}

void Connection::OnEvent(short what) {
  if (what & BEV_EVENT_CONNECTED) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // Accepted TLS connections report their finished handshake too: not news.
      if (!connecting_) return;
      connecting_ = false;
      if (bev_ != nullptr) {
        const timeval idle = ToTimeval(options_.idle_timeout);
        if (bev_ != SocketBufferEvent(bev_)) {
          bufferevent_set_timeouts(SocketBufferEvent(bev_), nullptr, nullptr);
        }
        bufferevent_set_timeouts(bev_, options_.idle_timeout.count() > 0 ? &idle : nullptr,
                                 nullptr);
        evutil_socket_t fd = bufferevent_getfd(SocketBufferEvent(bev_));
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      }
    }
    if (auto handler = handler_.lock()) handler->OnConnected(shared_from_this());
    return;
  }
  bool was_connecting = false;
  size_t partial = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    was_connecting = connecting_;
    if (bev_ != nullptr) partial = evbuffer_get_length(bufferevent_get_input(bev_));
  }
  if (what & BEV_EVENT_TIMEOUT) {
    if (was_connecting) {
      CloseNow(Status::Network("connect to " + remote_address_ + " timed out after " +
                               std::to_string(options_.connect_timeout.count()) + " ms"));
      return;
    }
    const int64_t idle_ms = NowMillis() - last_write_ms_.load(std::memory_order_relaxed);
    if ((what & BEV_EVENT_READING) && idle_ms < options_.idle_timeout.count()) {
      // Reads were idle but we wrote recently: the connection is in use.
      bufferevent_enable(bev_, EV_READ);
      return;
    }
    CloseNow(Status::Timeout("connection to " + remote_address_ + " idle for " +
                             std::to_string(options_.idle_timeout.count()) + " ms"));
    return;
  }
  if (what & BEV_EVENT_ERROR) {
    const int error = EVUTIL_SOCKET_ERROR();
    std::string cause = TlsErrors();
    if (cause.empty() && error == 0) {
      // libevent_openssl reports an unclean TLS shutdown or a refused handshake this way.
      cause = was_connecting ? "TLS handshake refused or connection closed by peer"
                             : "connection closed by peer without TLS close_notify";
    }
    if (cause.empty()) cause = evutil_socket_error_to_string(error);
    CloseNow(Status::Network(std::string(was_connecting ? "connect to " : "connection to ") +
                             remote_address_ + " failed: " + cause));
    return;
  }
  if (what & BEV_EVENT_EOF) {
    if (partial > 0) {
      CloseNow(Status::Network("peer " + remote_address_ + " closed the connection mid-frame (" +
                               std::to_string(partial) + " bytes of an incomplete frame)"));
    } else {
      CloseNow(Status::Network("connection closed by peer " + remote_address_));
    }
  }
}

std::string Connection::TlsErrors() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!tls_active_ || bev_ == nullptr) return "";
  std::string text;
  while (unsigned long error = bufferevent_get_openssl_error(bev_)) {
    // libevent also records bare SSL_get_error() results, which name no library.
    if (ERR_GET_LIB(error) == 0) continue;
    char buffer[256];
    ERR_error_string_n(error, buffer, sizeof(buffer));
    text = std::string("TLS: ") + buffer;
  }
  return text;
}

}  // namespace remoting
}  // namespace rocketmq
