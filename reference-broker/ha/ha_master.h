// HaMaster: the master side of classic replication (Apache HAService's accept service,
// connection list and GroupTransferService): an HA listener on haListenPort and one
// HaConnection per slave, all on one event loop thread of its own.
//
// It tells the store two things: how far the furthest slave has acknowledged
// (MessageStore::OnReplicated, which completes SYNC_MASTER puts at the store's single
// acknowledgement point), and whether a slave can acknowledge at all (IsSlaveOk, the
// store's replica gate: a slave is connected and less than haSlaveFallbehindMax behind).
// The store calls NotifyAppended after every append: a SYNC_MASTER sends the new bytes to
// the slaves from the appender's thread (its producers wait for them), an ASYNC_MASTER
// wakes the loop to send them, at most once per kAsyncPushInterval while appends keep
// coming (a wakeup per append cost as much CPU as the append itself, on both ends). The loop reads
// the reports, completes the waiting sends, and keeps slaves that are catching up busy; a 100 ms
// tick covers heartbeats, housekeeping and anything a push missed.
//
// Threads: the event loop (owned, joined by Shutdown). IsSlaveOk, NotifyAppended and the
// accessors are safe from any thread.
#ifndef ROCKETMQ_HA_HA_MASTER_H_
#define ROCKETMQ_HA_HA_MASTER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ha/ha_connection.h"
#include "remoting/event_loop.h"
#include "rocketmq/status.h"
#include "store/message_store.h"

struct event;
struct evconnlistener;
struct sockaddr;

namespace rocketmq {
namespace ha {

struct SlaveInfo {
  std::string address;
  int64_t ack_offset = -1;  // -1 until its first report
};

class HaMaster {
 public:
  // `store` must outlive the master and be started before Start().
  HaMaster(store::MessageStore* store, const store::MessageStoreConfig& config);
  // Shutdown()s.
  ~HaMaster();
  HaMaster(const HaMaster&) = delete;
  HaMaster& operator=(const HaMaster&) = delete;

  // Listens on host:port (port 0: a free one).
  Status Start(const std::string& host, uint16_t port);
  // Closes the listener and every slave's link, joins the loop. Idempotent.
  void Shutdown();

  uint16_t port() const { return port_.load(std::memory_order_acquire); }
  // Apache's isSlaveOK: a slave is connected and a put ending at `end_offset` is less than
  // haSlaveFallbehindMax ahead of the furthest acknowledgement.
  bool IsSlaveOk(int64_t end_offset) const;
  // New CommitLog data. A SYNC_MASTER sends it to the slaves from the calling thread (the
  // appender's), as much as their sockets take without blocking, the loop the rest; an
  // ASYNC_MASTER wakes the loop to send it (coalesced; never blocks).
  void NotifyAppended();

  // The furthest offset any slave acknowledged (Apache's push2SlaveMaxOffset).
  int64_t replicated_offset() const { return replicated_.load(std::memory_order_acquire); }
  int32_t connection_count() const { return connections_count_.load(std::memory_order_acquire); }
  std::vector<SlaveInfo> Slaves() const;

 private:
  static void OnAccept(evconnlistener* listener, int fd, sockaddr* address, int length, void* arg);
  static void OnTick(int fd, short what, void* arg);
  static void OnPushTimer(int fd, short what, void* arg);
  // ASYNC_MASTER: sends what was appended; the loop thread.
  void PushAppended();
  void OnAck(int64_t offset);
  void OnClosed(HaConnection* connection, const Status& reason);
  void PushAll();

  store::MessageStore* const store_;
  const store::MessageStoreConfig& config_;
  std::shared_ptr<remoting::EventLoop> loop_;
  evconnlistener* listener_ = nullptr;
  event* tick_ = nullptr;
  event* push_timer_ = nullptr;
  // The CommitLog's end at the last PushAppended (loop thread).
  int64_t pushed_end_ = -1;
  std::atomic<uint16_t> port_{0};
  std::atomic<int64_t> replicated_{0};
  std::atomic<int32_t> connections_count_{0};
  // ASYNC_MASTER: a PushAppended is scheduled (posted or on the timer) that has not yet
  // begun; an append that finds it set needs no wakeup of its own.
  std::atomic<bool> push_pending_{false};

  // Changed on the loop thread only; Slaves() and NotifyAppended() read under the mutex.
  mutable std::mutex connections_mu_;
  std::vector<std::unique_ptr<HaConnection>> connections_;

  std::mutex lifecycle_mu_;
  bool started_ = false;
  bool shut_down_ = false;
};

}  // namespace ha
}  // namespace rocketmq

#endif  // ROCKETMQ_HA_HA_MASTER_H_
