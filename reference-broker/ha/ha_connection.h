// HaConnection: the master's end of one slave's HA link (Apache HAConnection, whose read
// and write threads become callbacks on the master's one HA event loop).
//
// The slave's first offset report fixes where streaming starts: 0 asks for the start of
// the master's last CommitLog file, anything else for exactly that offset. From then on
// the connection sends data frames of at most haTransferBatchSize bytes, never past what
// the CommitLog holds, and a heartbeat (an empty frame at the next offset) after
// haSendHeartbeatInterval without writing. Every report is the slave's acknowledgement. It
// closes on a read or write error, on a report beyond the master's log (garbage, or a slave
// ahead of its master), and after haHousekeepingInterval without reading anything.
//
// A SYNC_MASTER's loop is woken by each report: producers wait for it, and the next frame
// goes out at once. An ASYNC_MASTER's loop reads the reports after the first when it pushes
// (every kAsyncPushInterval while appends come) and at its tick: a wakeup per report (one
// per slave turn, ~400 a second at full load) cost both brokers CPU for an acknowledgement
// nobody waits for.
//
// Frames are written straight from the CommitLog to the socket by whichever thread
// pushes: the store's appender right after an append, so that new bytes reach the slave
// without waking the HA thread first (one thread switch less on a SYNC_MASTER's critical
// path); and the HA loop for the rest (a slave catching up, a socket that was full, every
// frame after a report). Both send with sendfile from the file (the kernel neither copies
// the bytes nor faults the mapping's pages in), the appender only in a process that
// ignores SIGPIPE (else from the mapping with sendmsg). Only a frame the socket took part
// of is copied, to finish later.
//
// Threads: PushDirect and the accessors from any thread; the rest on the HA loop thread.
#ifndef ROCKETMQ_HA_HA_CONNECTION_H_
#define ROCKETMQ_HA_HA_CONNECTION_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "ha/ha_frame.h"
#include "rocketmq/status.h"
#include "store/message_store.h"
#include "store/selected_record.h"

struct event;
struct event_base;
struct msghdr;

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

  // Sends what the log holds beyond what was sent, as far as the socket takes it. Loop
  // thread.
  void Push();
  // The same from any other thread (the store's appender, after an append). Never waits
  // for a push in progress (that one sends the new bytes too) and leaves a long transfer
  // to the loop after a few frames.
  void PushDirect();
  // Periodic: a heartbeat when idle, the housekeeping timeout.
  void Tick();
  // Closes the link (idempotent); on_closed runs unless it was already closed. Loop thread.
  void Close(const Status& reason);

  // Any thread.
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  const std::string& remote_address() const { return remote_address_; }
  // The slave's newest report, -1 before the first (any thread).
  int64_t ack_offset() const { return ack_offset_.load(std::memory_order_acquire); }

 private:
  static void OnReadable(int fd, short what, void* arg);
  static void OnWritable(int fd, short what, void* arg);
  // Reads what the slave sent, the newest complete report into `newest`; false once the
  // link is closed (by the slave, an error). Loop thread.
  bool ReadReports(std::optional<int64_t>* newest);
  // Takes the slave's report (the first one fixes where streaming starts); false when it
  // closed the link for it. Loop thread.
  bool Acknowledge(int64_t offset);
  void PushFrom(bool direct);
  // With mu_ held: sends at most `max_frames` frames (after finishing a partly sent one);
  // arms the write event when the socket is full or frames are left. A `direct` push sends
  // nothing while the slave has not acknowledged all that was sent; the loop's push sends
  // a heartbeat when there is nothing to send and the link was silent for
  // haSendHeartbeatInterval.
  void PushLocked(int max_frames, bool direct);
  // With mu_ held: writes the rest of a partly sent frame; false while some is left.
  bool FlushUnsent();
  // With mu_ held: writes `header` and `body` as one frame, keeping what the socket did not
  // take in unsent_. False on a write error (recorded in write_error_).
  bool WriteFrame(const std::string& header, std::string_view body);
  // The same with the first `size` bytes of `body`, sent with sendfile from the CommitLog's
  // file where it has one (no copy into the socket, no page faults on the mapping). Off the
  // loop thread (which blocks SIGPIPE) only when sendfile_anywhere_: sendfile cannot
  // suppress SIGPIPE.
  bool WriteFrameFromFile(const std::string& header, const store::SelectedRecord& body,
                          size_t size);
  // Sends `message` without blocking (MSG_NOSIGNAL | MSG_DONTWAIT | `flags`), again when
  // interrupted: the bytes the socket took (0 when it is full), or -1 on a write error
  // (recorded in write_error_).
  ssize_t SendPart(const msghdr& message, int flags);
  // With mu_ held, from any thread: the loop finishes the write (or sees its error).
  void ArmWrite();
  // With mu_ held: frees the events and the socket.
  void ReleaseLocked();

  const std::string remote_address_;
  // The process ignores SIGPIPE (the broker does): an appender's direct push may use
  // sendfile too, rather than copying from the CommitLog's mapping, which also maps its
  // pages into this process for nothing else.
  const bool sendfile_anywhere_;
  store::MessageStore* const store_;
  const store::MessageStoreConfig& config_;
  Hooks hooks_;
  ReportDecoder reports_;  // loop thread
  int64_t last_read_ms_;   // loop thread
  // An ASYNC_MASTER's loop reads the reports when it pushes (every kAsyncPushInterval while
  // appends come, every tick otherwise) rather than being woken by each of them. Loop thread.
  bool reports_paused_ = false;
  bool warned_behind_min_ = false;

  // Guards the socket, its events and the transfer state against Push from other threads.
  std::mutex mu_;
  int fd_ = -1;
  event* read_event_ = nullptr;
  event* write_event_ = nullptr;
  bool write_armed_ = false;
  int64_t request_offset_ = -1;
  int64_t next_transfer_offset_ = -1;
  int64_t last_write_ms_;
  std::string unsent_;  // the tail of a frame the socket took part of
  int write_error_ = 0;
  // A push was asked for while another thread held mu_: the holder pushes again.
  std::atomic<bool> push_wanted_{false};
  std::atomic<int64_t> ack_offset_{-1};
  std::atomic<bool> closed_{false};
};

}  // namespace ha
}  // namespace rocketmq

#endif  // ROCKETMQ_HA_HA_CONNECTION_H_
