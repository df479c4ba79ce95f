#include "ha/ha_client.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/logging.h"
#include "ha/ha_frame.h"
#include "remoting/socket_read.h"

namespace rocketmq {
namespace ha {

namespace {
constexpr timeval kTickInterval{0, 100 * 1000};
// Apache's HAClient waits this long after a connect that failed.
constexpr int64_t kReconnectDelayMs = 5000;
}  // namespace

HaClient::HaClient(store::MessageStore* store, const store::MessageStoreConfig& config)
    : store_(store), config_(config), master_address_(config.ha_master_address) {}

HaClient::~HaClient() { Shutdown(); }

Status HaClient::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_ || shut_down_) return Status::IllegalState("the HA client was already started");
  auto loop = remoting::EventLoop::Create("rmq-ha-slave");
  if (!loop.ok()) return loop.status();
  loop_ = std::move(loop).value();
  tick_ = event_new(loop_->base(), -1, EV_PERSIST, &HaClient::OnTick, this);
  event_add(tick_, &kTickInterval);
  Status s = loop_->Start();
  if (!s.ok()) {
    event_free(tick_);
    tick_ = nullptr;
    loop_.reset();
    return s;
  }
  started_ = true;
  return Status::OK();
}

void HaClient::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (!started_) return;
  std::promise<void> closed;
  const bool posted = loop_->Post([this, &closed] {
    event_free(tick_);
    tick_ = nullptr;
    Close(Status::Cancelled("the broker is shutting down"), false);
    closed.set_value();
  });
  if (posted) closed.get_future().wait();
  loop_->Stop();
}

void HaClient::UpdateMasterAddress(const std::string& address) {
  std::lock_guard<std::mutex> lock(address_mu_);
  if (address == master_address_) return;
  RMQ_LOG_INFO << "HA master address changes from '" << master_address_ << "' to '" << address
               << "'";
  master_address_ = address;
}

std::string HaClient::master_address() const {
  std::lock_guard<std::mutex> lock(address_mu_);
  return master_address_;
}

void HaClient::OnTick(int /*fd*/, short /*what*/, void* arg) {
  static_cast<HaClient*>(arg)->Tick();
}

void HaClient::Tick() {
  const int64_t now = clock::MonotonicMillis();
  if (bev_ == nullptr) {
    if (now >= next_connect_ms_) Connect();
    return;
  }
  if (master_address() != connected_to_) {
    Close(Status::Cancelled("the master's HA address changed"), false);
    return;
  }
  if (now - last_read_ms_ > config_.ha_housekeeping_interval) {
    Close(Status::Timeout("nothing read from the master for " +
                          std::to_string(now - last_read_ms_) + " ms (haHousekeepingInterval)"),
          connecting_);
    return;
  }
  if (!connecting_ && now - last_report_ms_ >= config_.ha_send_heartbeat_interval) {
    Report(store_->GetMaxPhyOffset());
  }
}

void HaClient::Connect() {
  const std::string address = master_address();
  if (address.empty()) return;
  sockaddr_storage target{};
  int length = sizeof target;
  if (evutil_parse_sockaddr_port(address.c_str(), reinterpret_cast<sockaddr*>(&target), &length) !=
      0) {
    RMQ_LOG_WARN << "HA master address '" << address << "' is not ip:port; retrying later";
    next_connect_ms_ = clock::MonotonicMillis() + kReconnectDelayMs;
    return;
  }
  bev_ = bufferevent_socket_new(loop_->base(), -1, BEV_OPT_CLOSE_ON_FREE);
  if (bev_ == nullptr) {
    next_connect_ms_ = clock::MonotonicMillis() + kReconnectDelayMs;
    return;
  }
  bufferevent_setcb(bev_, nullptr, nullptr, &HaClient::OnEvent, this);
  // Reading many frames at once applies (and acknowledges) them in one pass: an
  // ASYNC_MASTER sends 4 ms of traffic at a time (~14 frames at 110k msgs/s), and each
  // turn costs a wakeup, a read, a pwritev and a report.
  max_read_ = 16 * (kTransferHeaderSize + static_cast<size_t>(config_.ha_transfer_batch_size));
  bufferevent_enable(bev_, EV_WRITE);
  connected_to_ = address;
  connecting_ = true;
  received_ = false;
  low_water_ = 1;
  last_read_ms_ = clock::MonotonicMillis();
  if (bufferevent_socket_connect(bev_, reinterpret_cast<sockaddr*>(&target), length) != 0) {
    Close(Status::Network(std::string("cannot connect to the HA master at ") + address), true);
    return;
  }
  // libevent creates the socket without FD_CLOEXEC; programs the broker starts must not inherit it.
  evutil_make_socket_closeonexec(bufferevent_getfd(bev_));
}

void HaClient::WakeWhenReadable(size_t missing) {
  // A frame can reach the socket in several segments, and each one woke this thread for a
  // read that could apply nothing. The kernel now wakes it once the frame is complete (it
  // caps the value at half the receive buffer; EOF and errors wake regardless). 1 (the
  // default) while no header is there to size the next frame.
  const int low_water = static_cast<int>(std::max<size_t>(1, missing));
  if (low_water == low_water_) return;
  if (setsockopt(bufferevent_getfd(bev_), SOL_SOCKET, SO_RCVLOWAT, &low_water, sizeof low_water) ==
      0) {
    low_water_ = low_water;
  }
}

void HaClient::Close(const Status& reason, bool retry_later) {
  if (bev_ == nullptr) return;
  if (read_event_ != nullptr) {
    event_free(read_event_);
    read_event_ = nullptr;
  }
  bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
  bufferevent_free(bev_);
  bev_ = nullptr;
  connecting_ = false;
  connected_.store(false, std::memory_order_release);
  next_connect_ms_ = clock::MonotonicMillis() + (retry_later ? kReconnectDelayMs : 0);
  if (reason.code() == ErrorCode::kCancelled) {
    RMQ_LOG_INFO << "HA link to master " << connected_to_ << " closed: " << reason.message();
  } else {
    RMQ_LOG_WARN << "HA link to master " << connected_to_ << " closed: " << reason.message();
  }
}

void HaClient::Report(int64_t offset) {
  const std::string report = EncodeReport(offset);
  evbuffer* output = bufferevent_get_output(bev_);
  size_t sent = 0;
  if (!connecting_ && evbuffer_get_length(output) == 0) {
    // Written now rather than on the loop's next turn: the master's waiting sends complete
    // when this arrives. What the socket does not take (or an error) goes the usual way.
    const ssize_t n =
        send(bufferevent_getfd(bev_), report.data(), report.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) sent = static_cast<size_t>(n);
  }
  if (sent < report.size()) evbuffer_add(output, report.data() + sent, report.size() - sent);
  reported_.store(offset, std::memory_order_release);
  last_report_ms_ = clock::MonotonicMillis();
}

void HaClient::OnEvent(bufferevent* /*bev*/, short what, void* arg) {
  auto* self = static_cast<HaClient*>(arg);
  if (what & BEV_EVENT_CONNECTED) {
    const int one = 1;
    const evutil_socket_t fd = bufferevent_getfd(self->bev_);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // Read here rather than by the bufferevent: libevent 2.1 reads at most 4 KiB a turn,
    // after an ioctl(FIONREAD), whatever bufferevent_set_max_single_read says, so every
    // turn cost an ioctl and two reads (its 4 KiB, then the rest with one readv) for one.
    self->read_event_ =
        event_new(self->loop_->base(), fd, EV_READ | EV_PERSIST, &HaClient::OnReadable, self);
    if (self->read_event_ == nullptr || event_add(self->read_event_, nullptr) != 0) {
      self->Close(Status::Internal("cannot watch the HA link for reads"), true);
      return;
    }
    self->connecting_ = false;
    self->connected_.store(true, std::memory_order_release);
    self->last_read_ms_ = clock::MonotonicMillis();
    const int64_t offset = self->store_->GetMaxPhyOffset();
    RMQ_LOG_INFO << "connected to HA master " << self->connected_to_ << "; replicating from "
                 << offset;
    // Apache's slave reports first after haSendHeartbeatInterval; reporting at once starts
    // the transfer that much earlier and is the same frame.
    self->Report(offset);
    return;
  }
  if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
    // A master that drops a link it never sent anything on would drop the next one too.
    const bool retry_later = self->connecting_ || !self->received_;
    const std::string error = (what & BEV_EVENT_EOF)
                                  ? std::string("the master closed the connection")
                                  : evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR());
    self->Close(Status::Network(error), retry_later);
  }
}

void HaClient::OnReadable(int /*fd*/, short /*what*/, void* arg) {
  auto* self = static_cast<HaClient*>(arg);
  const ssize_t read = remoting::ReadSocket(self->bev_, self->max_read_);
  if (read == 0) {
    self->Close(Status::Network("the master closed the connection"), !self->received_);
    return;
  }
  if (read < 0) {
    const int error = errno;
    if (error == EAGAIN || error == EWOULDBLOCK) return;
    // A master that drops a link it never sent anything on would drop the next one too.
    self->Close(Status::Network(evutil_socket_error_to_string(error)), !self->received_);
    return;
  }
  self->last_read_ms_ = clock::MonotonicMillis();
  Status s = self->ApplyFrames();
  if (!s.ok()) self->Close(s, false);
}

Status HaClient::ApplyFrames() {
  evbuffer* input = bufferevent_get_input(bev_);
  const size_t available = evbuffer_get_length(input);
  // Every complete frame read so far goes to the store in one write, straight from the
  // input buffer's chunks (no pullup copy): one pwritev, one dispatcher wakeup and one
  // report for them all rather than one each.
  const int64_t local = store_->GetMaxPhyOffset();
  int64_t expected = local;
  // An empty store takes whatever the master starts with (the start of its last file).
  bool any_offset = local == 0;
  int64_t start = -1;
  size_t consumed = 0;
  size_t missing = 0;  // bytes the socket must still deliver to complete the next frame
  std::vector<std::pair<size_t, size_t>> bodies;  // (position in the input, size)
  while (available - consumed >= kTransferHeaderSize) {
    char head[kTransferHeaderSize];
    evbuffer_ptr at;
    evbuffer_ptr_set(input, &at, consumed, EVBUFFER_PTR_SET);
    evbuffer_copyout_from(input, &at, head, sizeof head);
    auto header = DecodeTransferHeader(std::string_view(head, sizeof head));
    if (!header.ok()) return header.status();
    if (!any_offset && header->offset != expected) {
      return Status::Protocol("the master sent CommitLog offset " + std::to_string(header->offset) +
                              " but this slave's CommitLog ends at " + std::to_string(expected));
    }
    const size_t frame = kTransferHeaderSize + static_cast<size_t>(header->body_size);
    if (available - consumed < frame) {
      missing = frame - (available - consumed);
      break;
    }
    if (header->body_size > 0) {
      if (start < 0) start = header->offset;
      any_offset = false;
      expected = header->offset + header->body_size;
      bodies.emplace_back(consumed + kTransferHeaderSize, static_cast<size_t>(header->body_size));
    }
    consumed += frame;
  }
  WakeWhenReadable(missing);
  if (consumed == 0) return Status::OK();
  if (!bodies.empty()) {
    std::vector<std::string_view> pieces;
    std::vector<evbuffer_iovec> chunks;
    for (const auto& [position, size] : bodies) {
      evbuffer_ptr at;
      evbuffer_ptr_set(input, &at, position, EVBUFFER_PTR_SET);
      const int n = evbuffer_peek(input, static_cast<ssize_t>(size), &at, nullptr, 0);
      chunks.resize(static_cast<size_t>(n));
      evbuffer_peek(input, static_cast<ssize_t>(size), &at, chunks.data(), n);
      size_t left = size;
      for (const evbuffer_iovec& chunk : chunks) {
        const size_t take = std::min(left, chunk.iov_len);
        pieces.emplace_back(static_cast<const char*>(chunk.iov_base), take);
        left -= take;
      }
    }
    // Acknowledged as soon as the bytes are in the CommitLog, before the dispatcher builds
    // their queues on this thread: a SYNC_MASTER's producers wait for this report only.
    RMQ_RETURN_IF_ERROR(store_->AppendToCommitLog(start, pieces.data(), pieces.size(),
                                                  [this, end = expected] { Report(end); }));
  }
  evbuffer_drain(input, consumed);
  received_ = true;
  const int64_t end = store_->GetMaxPhyOffset();
  if (end > reported_.load(std::memory_order_acquire)) Report(end);
  return Status::OK();
}

}  // namespace ha
}  // namespace rocketmq
