// HaClient: the slave side of classic replication (Apache HAService.HAClient), on an event
// loop thread of its own.
//
// While a master HA address is known (haMasterAddress, or the haServerAddr the nameserver
// returned to REGISTER_BROKER) it keeps one connection to it: reports its CommitLog's max
// offset on connect, after every applied frame that moved it, and after
// haSendHeartbeatInterval without reporting; appends every data frame at exactly the offset
// it names (a frame for any other offset than the local end closes the link, as does
// anything that is no frame); and closes after haHousekeepingInterval without reading.
// A closed link is reopened at once, a failed connect (or a link the master closed before
// sending anything, e.g. because this slave is ahead of it) after 5 s. The
// store dispatches the appended bytes to its own ConsumeQueues and index.
//
// Threads: the event loop (owned, joined by Shutdown); the rest is safe from any thread.
#ifndef ROCKETMQ_HA_HA_CLIENT_H_
#define ROCKETMQ_HA_HA_CLIENT_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "remoting/event_loop.h"
#include "rocketmq/status.h"
#include "store/message_store.h"

struct bufferevent;
struct event;

namespace rocketmq {
namespace ha {

class HaClient {
 public:
  // `store` must outlive the client and be started before Start().
  HaClient(store::MessageStore* store, const store::MessageStoreConfig& config);
  // Shutdown()s.
  ~HaClient();
  HaClient(const HaClient&) = delete;
  HaClient& operator=(const HaClient&) = delete;

  Status Start();
  // Closes the link and joins the loop. Idempotent.
  void Shutdown();

  // "ip:port" of the master's HA listener; a change closes a link to the old one.
  void UpdateMasterAddress(const std::string& address);
  std::string master_address() const;
  bool connected() const { return connected_.load(std::memory_order_acquire); }
  // The offset last reported to the master.
  int64_t reported_offset() const { return reported_.load(std::memory_order_acquire); }

 private:
  static void OnReadable(int fd, short what, void* arg);
  static void OnEvent(bufferevent* bev, short what, void* arg);
  static void OnTick(int fd, short what, void* arg);
  void Tick();
  void Connect();
  void Close(const Status& reason, bool retry_later);
  void Report(int64_t offset);
  // Applies the complete frames in the input; an error closes the link.
  Status ApplyFrames();
  // The socket reads as readable only once `missing` more bytes arrived (SO_RCVLOWAT).
  void WakeWhenReadable(size_t missing);

  store::MessageStore* const store_;
  const store::MessageStoreConfig& config_;
  std::shared_ptr<remoting::EventLoop> loop_;
  event* tick_ = nullptr;

  mutable std::mutex address_mu_;
  std::string master_address_;

  // Loop thread only.
  bufferevent* bev_ = nullptr;
  // Watches the socket for reads once connected: the bufferevent's own reading is off (see
  // OnEvent); it carries the connect, the reports the socket did not take, and write errors.
  event* read_event_ = nullptr;
  std::string connected_to_;
  bool connecting_ = false;
  bool received_ = false;  // a frame arrived on this link
  int low_water_ = 1;      // the socket's SO_RCVLOWAT
  size_t max_read_ = 0;    // bytes read per turn at most (16 frames)
  int64_t last_read_ms_ = 0;
  int64_t last_report_ms_ = 0;
  int64_t next_connect_ms_ = 0;

  std::atomic<bool> connected_{false};
  std::atomic<int64_t> reported_{-1};

  std::mutex lifecycle_mu_;
  bool started_ = false;
  bool shut_down_ = false;
};

}  // namespace ha
}  // namespace rocketmq

#endif  // ROCKETMQ_HA_HA_CLIENT_H_
