#include "ha/ha_connection.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace ha {

namespace {
// Frames queued in the socket's output at most: enough to keep a loopback or LAN link busy
// between two write callbacks, little enough that a stalled slave pins little memory.
constexpr size_t kQueuedFrames = 4;
}  // namespace

HaConnection::HaConnection(event_base* base, int fd, std::string remote_address,
                           store::MessageStore* store, const store::MessageStoreConfig& config,
                           Hooks hooks)
    : remote_address_(std::move(remote_address)),
      store_(store),
      config_(config),
      hooks_(std::move(hooks)),
      last_read_ms_(clock::MonotonicMillis()),
      last_write_ms_(clock::MonotonicMillis()) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  evutil_make_socket_nonblocking(fd);
  bev_ = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
  if (bev_ == nullptr) {
    evutil_closesocket(fd);
    closed_.store(true, std::memory_order_release);
    return;
  }
  bufferevent_setcb(bev_, &HaConnection::OnRead, &HaConnection::OnWrite, &HaConnection::OnEvent,
                    this);
  // The write callback fires when less than one batch is left to send: refill then.
  bufferevent_setwatermark(bev_, EV_WRITE, static_cast<size_t>(config_.ha_transfer_batch_size), 0);
  bufferevent_enable(bev_, EV_READ | EV_WRITE);
}

HaConnection::~HaConnection() {
  if (bev_ != nullptr) {
    bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
    bufferevent_free(bev_);
  }
}

void HaConnection::Close(const Status& reason) {
  if (bev_ == nullptr) return;
  bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
  bufferevent_free(bev_);
  bev_ = nullptr;
  closed_.store(true, std::memory_order_release);
  if (hooks_.on_closed) hooks_.on_closed(this, reason);
}

void HaConnection::OnRead(bufferevent* bev, void* arg) {
  auto* self = static_cast<HaConnection*>(arg);
  evbuffer* input = bufferevent_get_input(bev);
  self->last_read_ms_ = clock::MonotonicMillis();
  std::optional<int64_t> newest;
  char chunk[4096];
  while (evbuffer_get_length(input) > 0) {
    const int n = evbuffer_remove(input, chunk, sizeof chunk);
    if (n <= 0) break;
    if (auto report = self->reports_.Feed(std::string_view(chunk, static_cast<size_t>(n)))) {
      newest = report;
    }
  }
  if (newest) self->HandleReport(*newest);
}

void HaConnection::OnWrite(bufferevent* /*bev*/, void* arg) {
  static_cast<HaConnection*>(arg)->Push();
}

void HaConnection::OnEvent(bufferevent* /*bev*/, short what, void* arg) {
  auto* self = static_cast<HaConnection*>(arg);
  if (what & BEV_EVENT_EOF) {
    self->Close(Status::Network("the slave closed the HA connection"));
  } else if (what & BEV_EVENT_ERROR) {
    self->Close(Status::Network(std::string("HA connection error: ") +
                                evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR())));
  }
}

void HaConnection::HandleReport(int64_t offset) {
  const int64_t max_offset = store_->GetMaxPhyOffset();
  // Apache accepts any first report; a report past the master's end is a slave ahead of
  // its master or bytes that are no report at all, and streaming from there can never
  // start, so it closes at once rather than idling until housekeeping.
  if (offset < 0 || offset > max_offset) {
    Close(Status::Protocol("slave reported offset " + std::to_string(offset) +
                           ", outside the master's CommitLog [0, " + std::to_string(max_offset) +
                           "]"));
    return;
  }
  ack_offset_.store(offset, std::memory_order_release);
  if (request_offset_ < 0) {
    request_offset_ = offset;
    next_transfer_offset_ =
        offset == 0 ? max_offset - max_offset % store_->commit_log_file_size() : offset;
    RMQ_LOG_INFO << "slave " << remote_address_ << " asks for the CommitLog from " << offset
                 << "; sending from " << next_transfer_offset_;
  }
  if (hooks_.on_ack) hooks_.on_ack(offset);
  Push();
}

bool HaConnection::SendData() {
  auto view = store_->ReadCommitLogToFileEnd(next_transfer_offset_);
  if (!view.ok() || view->size() == 0) {
    // As in Apache, a slave behind the master's oldest file is not repaired here: it stays
    // connected and gets heartbeats. Say so once, it needs an operator.
    if (!warned_behind_min_ && next_transfer_offset_ < store_->GetMinPhyOffset()) {
      warned_behind_min_ = true;
      RMQ_LOG_WARN << "slave " << remote_address_ << " asks for CommitLog offset "
                   << next_transfer_offset_
                   << ", which this master no longer has (its log starts at "
                   << store_->GetMinPhyOffset() << ")";
    }
    return false;
  }
  const int32_t size = std::min(view->size(), config_.ha_transfer_batch_size);
  evbuffer* output = bufferevent_get_output(bev_);
  const std::string header = EncodeTransferHeader(TransferHeader{next_transfer_offset_, size});
  evbuffer_add(output, header.data(), header.size());
  evbuffer_add(output, view->bytes().data(), static_cast<size_t>(size));
  next_transfer_offset_ += size;
  last_write_ms_ = clock::MonotonicMillis();
  return true;
}

void HaConnection::SendHeartbeat() {
  const std::string header = EncodeTransferHeader(TransferHeader{next_transfer_offset_, 0});
  evbuffer_add(bufferevent_get_output(bev_), header.data(), header.size());
  last_write_ms_ = clock::MonotonicMillis();
}

void HaConnection::Push() {
  if (bev_ == nullptr || request_offset_ < 0) return;
  const size_t limit = kQueuedFrames * static_cast<size_t>(config_.ha_transfer_batch_size);
  evbuffer* output = bufferevent_get_output(bev_);
  while (evbuffer_get_length(output) < limit && SendData()) {
  }
}

void HaConnection::Tick() {
  if (bev_ == nullptr) return;
  const int64_t now = clock::MonotonicMillis();
  if (now - last_read_ms_ > config_.ha_housekeeping_interval) {
    Close(Status::Timeout("nothing read from the slave for " + std::to_string(now - last_read_ms_) +
                          " ms (haHousekeepingInterval)"));
    return;
  }
  Push();
  if (request_offset_ >= 0 && now - last_write_ms_ > config_.ha_send_heartbeat_interval &&
      evbuffer_get_length(bufferevent_get_output(bev_)) == 0) {
    SendHeartbeat();
  }
}

}  // namespace ha
}  // namespace rocketmq
