#include "ha/ha_master.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <future>

#include "common/logging.h"

namespace rocketmq {
namespace ha {

namespace {

constexpr timeval kTickInterval{0, 100 * 1000};
// ASYNC_MASTER: while appends keep coming, the loop sends them this long after the last
// send rather than once per append. Nobody waits for an ASYNC_MASTER's slave; the slave
// lags by this much more, and reads, appends and reports 4 ms of traffic a turn (~450 KB
// at 110k msgs/s; HaClient reads up to 16 frames) rather than one message per append or
// the ~100 KB of a 1 ms interval, spreading each turn's wakeup, reads, pwritev and report.
constexpr timeval kAsyncPushInterval{0, 4000};

std::string AddressToString(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  const auto* in = reinterpret_cast<const sockaddr_in*>(address);
  inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
}

}  // namespace

HaMaster::HaMaster(store::MessageStore* store, const store::MessageStoreConfig& config)
    : store_(store), config_(config) {}

HaMaster::~HaMaster() { Shutdown(); }

Status HaMaster::Start(const std::string& host, uint16_t port) {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_ || shut_down_) return Status::IllegalState("the HA master was already started");
  sockaddr_storage address{};
  int length = sizeof address;
  const std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (evutil_parse_sockaddr_port(bracketed.c_str(), reinterpret_cast<sockaddr*>(&address),
                                 &length) != 0) {
    return Status::InvalidArgument("cannot listen for HA on '" + host +
                                   "': not a numeric IP address");
  }
  if (address.ss_family == AF_INET6) {
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(port);
  }
  auto loop = remoting::EventLoop::Create("rmq-ha-master");
  if (!loop.ok()) return loop.status();
  loop_ = std::move(loop).value();
  listener_ = evconnlistener_new_bind(
      loop_->base(), &HaMaster::OnAccept, this,
      LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC | LEV_OPT_REUSEABLE | LEV_OPT_THREADSAFE, -1,
      reinterpret_cast<sockaddr*>(&address), length);
  if (listener_ == nullptr) {
    const int error = EVUTIL_SOCKET_ERROR();
    loop_.reset();
    return Status::IoError("cannot listen for HA on " + bracketed + ":" + std::to_string(port) +
                           ": " + evutil_socket_error_to_string(error));
  }
  sockaddr_storage bound{};
  socklen_t bound_length = sizeof bound;
  getsockname(evconnlistener_get_fd(listener_), reinterpret_cast<sockaddr*>(&bound), &bound_length);
  port_.store(ntohs(bound.ss_family == AF_INET6
                        ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port));
  tick_ = event_new(loop_->base(), -1, EV_PERSIST, &HaMaster::OnTick, this);
  event_add(tick_, &kTickInterval);
  push_timer_ = event_new(loop_->base(), -1, 0, &HaMaster::OnPushTimer, this);
  Status s = loop_->Start();
  if (!s.ok()) {
    event_free(tick_);
    tick_ = nullptr;
    event_free(push_timer_);
    push_timer_ = nullptr;
    evconnlistener_free(listener_);
    listener_ = nullptr;
    loop_.reset();
    return s;
  }
  started_ = true;
  RMQ_LOG_INFO << "HA master listening on " << bracketed << ":" << port_.load();
  return Status::OK();
}

void HaMaster::Shutdown() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (!started_) return;
  std::promise<void> closed;
  const bool posted = loop_->Post([this, &closed] {
    evconnlistener_free(listener_);
    listener_ = nullptr;
    event_free(tick_);
    tick_ = nullptr;
    event_free(push_timer_);
    push_timer_ = nullptr;
    std::vector<std::unique_ptr<HaConnection>> gone;
    {
      std::lock_guard<std::mutex> guard(connections_mu_);
      gone.swap(connections_);
    }
    connections_count_.store(0, std::memory_order_release);
    // Destroyed without on_closed: the list they would be removed from is already empty.
    gone.clear();
    closed.set_value();
  });
  if (posted) closed.get_future().wait();
  loop_->Stop();
  RMQ_LOG_INFO << "HA master stopped";
}

void HaMaster::OnAccept(evconnlistener* /*listener*/, int fd, sockaddr* address, int /*length*/,
                        void* arg) {
  auto* self = static_cast<HaMaster*>(arg);
  const std::string remote = AddressToString(address);
  HaConnection::Hooks hooks;
  hooks.on_ack = [self](int64_t offset) { self->OnAck(offset); };
  hooks.on_closed = [self](HaConnection* c, const Status& reason) { self->OnClosed(c, reason); };
  auto connection = std::make_unique<HaConnection>(self->loop_->base(), fd, remote, self->store_,
                                                   self->config_, std::move(hooks));
  if (connection->closed()) {
    RMQ_LOG_WARN << "cannot set up the HA connection of " << remote;
    return;
  }
  RMQ_LOG_INFO << "slave " << remote << " connected to the HA port";
  std::lock_guard<std::mutex> guard(self->connections_mu_);
  self->connections_.push_back(std::move(connection));
  self->connections_count_.fetch_add(1, std::memory_order_acq_rel);
}

void HaMaster::OnAck(int64_t offset) {
  int64_t current = replicated_.load(std::memory_order_acquire);
  while (offset > current &&
         !replicated_.compare_exchange_weak(current, offset, std::memory_order_acq_rel)) {
  }
  store_->OnReplicated(offset);
}

void HaMaster::OnClosed(HaConnection* connection, const Status& reason) {
  if (reason.code() == ErrorCode::kProtocol || reason.code() == ErrorCode::kTimeout) {
    RMQ_LOG_WARN << "HA connection of slave " << connection->remote_address()
                 << " closed: " << reason.message();
  } else {
    RMQ_LOG_INFO << "HA connection of slave " << connection->remote_address()
                 << " closed: " << reason.message();
  }
  connections_count_.fetch_sub(1, std::memory_order_acq_rel);
  // Destroyed on the next turn of the loop: this runs inside the connection's own callback.
  loop_->Post([this] {
    std::vector<std::unique_ptr<HaConnection>> gone;
    std::lock_guard<std::mutex> guard(connections_mu_);
    auto dead = std::stable_partition(connections_.begin(), connections_.end(),
                                      [](const auto& c) { return !c->closed(); });
    std::move(dead, connections_.end(), std::back_inserter(gone));
    connections_.erase(dead, connections_.end());
  });
}

void HaMaster::OnTick(int /*fd*/, short /*what*/, void* arg) {
  auto* self = static_cast<HaMaster*>(arg);
  std::vector<HaConnection*> live;
  {
    std::lock_guard<std::mutex> guard(self->connections_mu_);
    for (auto& c : self->connections_) live.push_back(c.get());
  }
  for (HaConnection* c : live) c->Tick();
}

void HaMaster::PushAll() {
  std::vector<HaConnection*> live;
  {
    std::lock_guard<std::mutex> guard(connections_mu_);
    for (auto& c : connections_) live.push_back(c.get());
  }
  for (HaConnection* c : live) c->Push();
}

void HaMaster::NotifyAppended() {
  if (connections_count_.load(std::memory_order_acquire) == 0) return;
  if (config_.is_sync_master()) {
    // Sent from this (the appender's) thread: waking the HA loop first would put a thread
    // switch between every append and the acknowledgement its producer waits for. Under
    // the lock, so the loop cannot destroy a connection meanwhile.
    std::lock_guard<std::mutex> guard(connections_mu_);
    for (auto& c : connections_) c->PushDirect();
    return;
  }
  // No producer waits for an ASYNC_MASTER's slave: the HA thread sends, next to the
  // appender rather than on its time (coalesced: one wakeup for a run of appends).
  if (push_pending_.exchange(true, std::memory_order_acq_rel)) return;
  if (!loop_->Post([this] { PushAppended(); })) {
    push_pending_.store(false, std::memory_order_release);
  }
}

void HaMaster::OnPushTimer(int /*fd*/, short /*what*/, void* arg) {
  static_cast<HaMaster*>(arg)->PushAppended();
}

void HaMaster::PushAppended() {
  // Cleared before reading the end: an append after this either is in `end` or wakes
  // the loop again.
  push_pending_.store(false, std::memory_order_release);
  const int64_t end = store_->GetMaxPhyOffset();
  PushAll();
  if (end == pushed_end_ || push_timer_ == nullptr) return;
  pushed_end_ = end;
  // Appends are coming: look again after kAsyncPushInterval instead of at each of them.
  if (!push_pending_.exchange(true, std::memory_order_acq_rel)) {
    event_add(push_timer_, &kAsyncPushInterval);
  }
}

bool HaMaster::IsSlaveOk(int64_t end_offset) const {
  return connections_count_.load(std::memory_order_acquire) > 0 &&
         end_offset - replicated_.load(std::memory_order_acquire) < config_.ha_slave_fallbehind_max;
}

std::vector<SlaveInfo> HaMaster::Slaves() const {
  std::vector<SlaveInfo> out;
  std::lock_guard<std::mutex> guard(connections_mu_);
  for (const auto& c : connections_) {
    if (!c->closed()) out.push_back(SlaveInfo{c->remote_address(), c->ack_offset()});
  }
  return out;
}

}  // namespace ha
}  // namespace rocketmq
