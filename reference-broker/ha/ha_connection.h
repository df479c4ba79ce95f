// HaConnection: the master's end of one slave's HA link (Apache HAConnection, whose read
// and write threads become callbacks on the master's one HA event loop).
//
// The slave's first offset report fixes where streaming starts: 0 asks for the start of
// the master's last CommitLog file, anything else for exactly that offset. From then on
// the connection keeps the socket's output topped up with data frames of at most
// haTransferBatchSize bytes, never past what the CommitLog holds, and sends a heartbeat
// (an empty frame at the next offset) after haSendHeartbeatInterval without writing.
// Every report is the slave's acknowledgement. It closes on a read error, on a report
// beyond the master's log (garbage, or a slave ahead of its master), and after
// haHousekeepingInterval without reading anything.
//
// Thread: everything but the accessors runs on the HA event loop thread.
#ifndef ROCKETMQ_HA_HA_CONNECTION_H_
#define ROCKETMQ_HA_HA_CONNECTION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "ha/ha_frame.h"
#include "rocketmq/status.h"
#include "store/message_store.h"

struct bufferevent;
struct event_base;

namespace rocketmq {
namespace ha {

class HaConnection {
 public:
  // `on_ack`: the slave holds the log up to the offset. `on_closed`: the link is gone (the
  // owner may destroy the connection once the callback returned).
  struct Hooks {
    std::function<void(int64_t offset)> on_ack;
    std::function<void(HaConnection* connection, const Status& reason)> on_closed;
  };

  // Takes ownership of the connected socket `fd`.
  HaConnection(event_base* base, int fd, std::string remote_address, store::MessageStore* store,
               const store::MessageStoreConfig& config, Hooks hooks);
  ~HaConnection();
  HaConnection(const HaConnection&) = delete;
  HaConnection& operator=(const HaConnection&) = delete;

  // Sends what the log holds beyond what was sent, as far as the socket takes it.
  void Push();
  // Periodic: a heartbeat when idle, the housekeeping timeout.
  void Tick();
  // Closes the link (idempotent); on_closed runs unless it was already closed. The
  // accessors below are safe from any thread; the rest runs on the loop thread.
  void Close(const Status& reason);

  // Any thread.
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  const std::string& remote_address() const { return remote_address_; }
  // The slave's newest report, -1 before the first (any thread).
  int64_t ack_offset() const { return ack_offset_.load(std::memory_order_acquire); }

 private:
  static void OnRead(bufferevent* bev, void* arg);
  static void OnWrite(bufferevent* bev, void* arg);
  static void OnEvent(bufferevent* bev, short what, void* arg);
  void HandleReport(int64_t offset);
  // Appends one frame of up to haTransferBatchSize bytes; false when there is nothing new.
  bool SendData();
  void SendHeartbeat();

  bufferevent* bev_ = nullptr;
  const std::string remote_address_;
  store::MessageStore* const store_;
  const store::MessageStoreConfig& config_;
  Hooks hooks_;
  ReportDecoder reports_;
  int64_t request_offset_ = -1;
  int64_t next_transfer_offset_ = -1;
  int64_t last_read_ms_;
  int64_t last_write_ms_;
  bool warned_behind_min_ = false;
  std::atomic<int64_t> ack_offset_{-1};
  std::atomic<bool> closed_{false};
};

}  // namespace ha
}  // namespace rocketmq

#endif  // ROCKETMQ_HA_HA_CONNECTION_H_
