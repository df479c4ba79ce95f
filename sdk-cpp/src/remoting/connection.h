// Connection: one TCP connection carrying remoting frames, in either direction.
//
// Servers hand connections to processors and connection listeners; the broker keeps them to
// push requests to clients (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) and to
// answer long-polling pulls later. All methods are thread-safe. A connection never reopens:
// once closed, Send fails and a client opens a new connection for the same address.
//
// Outbound bytes are bounded per connection (max_outbound_bytes): a peer that stops reading
// makes Send fail with ResourceExhausted instead of growing memory without limit.
#ifndef ROCKETMQ_REMOTING_CONNECTION_H_
#define ROCKETMQ_REMOTING_CONNECTION_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "remoting/event_loop.h"
#include "remoting/frame_codec.h"
#include "remoting/remoting_command.h"
#include "remoting/tls_context.h"
#include "rocketmq/status.h"

struct bufferevent;
struct event;
struct evbuffer;
struct iovec;
struct sockaddr;

namespace rocketmq {
namespace remoting {

struct ConnectionOptions {
  // Frames larger than this (length prefix included) close the connection when received
  // and are refused by Send.
  size_t max_frame_bytes = kDefaultMaxFrameBytes;
  // Bytes queued for sending beyond which Send refuses further frames.
  size_t max_outbound_bytes = 64 * 1024 * 1024;
  // A connection that neither reads nor writes for this long is closed; zero disables.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(120);
  // Client side: how long establishing the TCP connection may take.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(3);
};

class Connection;

// Holds back the whole frames this thread sends while it is alive and writes them when it
// ends, one write per connection: for a thread about to send many frames in a row (a batch
// of response callbacks, of store acknowledgements), so that they leave together rather
// than one system call or one I/O-thread wakeup each. An I/O thread opens one around the
// handling of each read. Scopes nest; the outermost one writes. Keep it short: held frames
// wait for its end. Large frames (a body of more than a few KiB by reference) are not held:
// they leave at once, behind the frames held for their connection.
//
//   { remoting::OutboundBatch batch; for (auto& r : replies) connection->Reply(...); }
class OutboundBatch {
 public:
  OutboundBatch();
  ~OutboundBatch();
  OutboundBatch(const OutboundBatch&) = delete;
  OutboundBatch& operator=(const OutboundBatch&) = delete;

  // Writes what this thread's batch holds now. A thread about to wait for an answer must
  // call it: its request may be among the held frames.
  static void WriteHeldNow();

 private:
  friend class Connection;
  // Whether this thread has a batch open.
  static bool Active();
  // Where this thread's batch holds frames for `connection`; null without a batch.
  static std::string* HeldBytes(Connection* connection);
  // The same without making room for them: null when the batch holds none for it.
  static std::string* FindHeld(Connection* connection);
};

// What the transport reports about a connection; called on the connection's I/O thread,
// so implementations only hand work off (the server and client do; users never see this).
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void OnConnected(const std::shared_ptr<Connection>& connection) = 0;
  // The whole frames of one read, in order: handing them off together costs one wakeup of
  // the thread that takes them instead of one per frame.
  virtual void OnCommands(const std::shared_ptr<Connection>& connection,
                          std::vector<RemotingCommand> commands) = 0;
  // Called exactly once per connection that reported OnConnected or was being
  // established; `reason` says why (peer closed, malformed frame, idle, local close).
  virtual void OnClosed(const std::shared_ptr<Connection>& connection, const Status& reason) = 0;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // Transport internals: adopt an accepted socket / start connecting to `address`. Events
  // are reported to the handler while it is alive. `tls` null: plaintext; otherwise its
  // mode decides (a permissive server looks at the first byte the client sends).
  static std::shared_ptr<Connection> Accept(std::shared_ptr<EventLoop> loop, int fd,
                                            std::string remote_address,
                                            const ConnectionOptions& options,
                                            std::weak_ptr<ConnectionHandler> handler,
                                            std::shared_ptr<const TlsContext> tls = nullptr);
  // Connecting starts at once from the calling thread, so frames can be sent right away:
  // they are queued and leave when the connection is established. InvalidArgument for an
  // address that is not "host:port"; NotFound when the host does not resolve.
  static Result<std::shared_ptr<Connection>> Connect(
      std::shared_ptr<EventLoop> loop, std::string remote_address, const ConnectionOptions& options,
      std::weak_ptr<ConnectionHandler> handler, std::shared_ptr<const TlsContext> tls = nullptr);
  ~Connection();

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Unique within the process; never reused.
  uint64_t id() const { return id_; }
  // "ip:port" of the peer (for a client connection: the address it was asked to reach).
  const std::string& remote_address() const { return remote_address_; }

  // Queues one whole frame. Network when the connection is closed, ResourceExhausted when
  // the outbound limit is reached, InvalidArgument when the command cannot be framed or its
  // frame is larger than max_frame_bytes (the peer would refuse it).
  // Body segments are written without copying and released once sent. Frames queued by
  // busy senders leave together, in one write of the I/O thread; on an I/O thread, and
  // inside an OutboundBatch, frames are held and leave together at the end of the loop
  // pass, of the batch (written from the batch's thread when nothing is queued ahead).
  Status Send(const RemotingCommand& command);

  // As Send, for a caller about to block on the answer: when nothing is queued ahead of the
  // frame it is written to the socket from the calling thread (never blocking: what the
  // socket does not take is queued), sparing the I/O thread a wakeup. Busy senders should
  // not: one segment per frame costs the peer a read per frame.
  Status SendNow(const RemotingCommand& command);

  // As Send, for a caller that sends now and then (an asynchronous request from a user's
  // thread): when the connection is idle, nothing queued and no frame sent for kIdleGap,
  // the frame is written from the calling thread as by SendNow, sparing the I/O thread a
  // wakeup and a loop pass per request at a steady low rate. Frames following each other
  // closer than that (timed among SendIfIdle's own) are queued as by Send, so that a busy
  // sender's leave in one write; one that comes while another sender writes from its own
  // thread leaves in that write.
  Status SendIfIdle(const RemotingCommand& command);
  static constexpr std::chrono::microseconds kIdleGap{50};

  // Sends `response` as the answer to `request`: same opaque and header form, response
  // flag set. Nothing is sent for oneway requests.
  Status Reply(const RemotingCommand& request, RemotingCommand response);

  // Runs `task` on this connection's I/O thread: at once when called there, else posted
  // behind the loop's queued tasks. False, and the task is dropped, once the loop stops.
  // For short work that never blocks, like the processors a server runs inline.
  bool RunOnLoop(std::function<void()> task);

  // Closes asynchronously; queued outbound bytes are discarded. Idempotent.
  void Close();
  bool IsOpen() const { return open_.load(std::memory_order_acquire); }
  // Below half the outbound limit: a producer of large responses should wait for this.
  bool IsWritable() const;
  size_t outbound_bytes() const;

 private:
  friend class OutboundBatch;
  Connection(std::shared_ptr<EventLoop> loop, std::string remote_address,
             const ConnectionOptions& options, std::weak_ptr<ConnectionHandler> handler,
             std::shared_ptr<const TlsContext> tls);
  // Loop-thread parts of Accept / Connect.
  void StartAccepted(int fd);
  // Wraps the accepted socket in a plain or TLS bufferevent and starts reading.
  void Adopt(int fd, bool tls);
  void OnFirstByte(short what);
  std::string TlsErrors();
  Status StartConnecting(const sockaddr* address, int address_length);
  enum class WriteMode { kQueue, kDirect, kDirectIfIdle };
  Status Write(const RemotingCommand& command, WriteMode mode);
  // With mutex_ held: writes `parts`, in order, to the socket if nothing is queued ahead of
  // them (plaintext, connected). Returns how many bytes the socket took. Only threads holding
  // mutex_ add to the output buffer, so an empty one stays empty meanwhile: the output
  // buffer's lock, which the I/O thread takes to read, is not held across the sendmsg.
  size_t WriteDirectLocked(const iovec* parts, size_t count);
  // With mutex_ held: whether the output buffer is empty. output_bytes_ saying so spares
  // the buffer's lock, which the I/O thread takes to read; otherwise the exact count is
  // taken and refreshes it.
  bool OutputEmptyLocked();
  // Bytes an OutboundBatch held for this connection.
  void WriteHeld(const std::string& bytes);
  // Adds a whole frame (its encoded head, then its body) to staged_ for the I/O thread, and
  // activates flush_event_ unless a flush is pending or a sender writing from its own thread
  // will take it.
  Status Stage(const std::string& head, const CommandBody& body);
  // Adds a whole frame to staged_ for the sender writing from its own thread now, which
  // writes it before it lets go of mutex_. False (nothing staged) when none is writing, or
  // near the outbound limit.
  bool StageBehindWriter(const std::string& frame);
  // Loop thread: writes what was staged (flush_event_'s callback).
  void FlushStaged();
  static void FlushCallback(int fd, short what, void* arg);
  // kBegin: a sender is about to write its frame from its own thread (writer_active_);
  // kEnd: it has, and writes what other senders staged meanwhile until none is left.
  enum class WriterPhase { kNone, kBegin, kEnd };
  // With mutex_ held: moves the staged frames behind what the output holds, straight to the
  // socket when nothing is queued ahead. 0, or libevent's error.
  int MoveStagedLocked(evbuffer* output, WriterPhase phase);
  size_t StagedBytes() const;
  Status ClosedError() const;
  Status OutboundLimitError(size_t queued, size_t frame_bytes) const;
  void FailQueueing();
  void CloseNow(const Status& reason);
  void OnRead();
  void OnEvent(short what);
  class InputReader;
  // Appends the next whole frame of the input to `out`; false when none is complete or the
  // input is malformed (then *error says why).
  bool DecodeOne(InputReader* reader, std::vector<RemotingCommand>* out, Status* error);
  int64_t NowMillis() const;

  static void ReadCallback(bufferevent* bev, void* arg);
  static void EventCallback(bufferevent* bev, short what, void* arg);
  static void FirstByteCallback(int fd, short what, void* arg);

  const uint64_t id_;
  const std::shared_ptr<EventLoop> loop_;
  const std::string remote_address_;
  const ConnectionOptions options_;
  const std::weak_ptr<ConnectionHandler> handler_;
  const std::shared_ptr<const TlsContext> tls_;

  // Guards bev_ against being freed (on the loop thread) while another thread writes.
  mutable std::mutex mutex_;
  bufferevent* bev_ = nullptr;
  // bev_'s socket when plaintext, else -1: asking the bufferevent takes its lock.
  int socket_fd_ = -1;  // guarded by mutex_
  std::atomic<bool> open_{true};
  bool connecting_ = false;      // guarded by mutex_
  bool close_reported_ = false;  // loop thread only
  // Input bytes the last read callback left undecoded (part of a frame): what the next
  // callback holds beyond them is what libevent read in between. Loop thread only.
  size_t input_left_ = 0;
  event* first_byte_ = nullptr;  // loop thread only: a permissive server waiting to sniff
  bool tls_active_ = false;      // guarded by mutex_
  std::atomic<int64_t> last_write_ms_{0};

  // Frames of busy senders wait here for the I/O thread rather than in the output buffer:
  // appending to the output buffer takes its lock (held by the I/O thread through each
  // writev) and libevent's base lock (to arm the write event) per frame, and the senders
  // queued up on both. Staging takes one short lock per frame and one posted task per I/O
  // thread pass, which writes everything staged meanwhile in one send(). The flush is an
  // event of the connection's own, activated rather than a task posted per flush: a posted
  // task cost an allocation on the sender and its free on the I/O thread.
  event* flush_event_ = nullptr;
  mutable std::mutex staged_mutex_;
  std::string staged_;          // guarded by staged_mutex_
  bool flush_posted_ = false;   // guarded by staged_mutex_
  bool staged_closed_ = false;  // guarded by staged_mutex_
  // A sender holds mutex_ to write from its own thread and takes staged_ before it lets go.
  bool writer_active_ = false;  // guarded by staged_mutex_
  std::string flushing_;        // guarded by mutex_: staged_'s other buffer, keeping capacity
  // The output buffer's length after frames were last added to it, or when last looked at:
  // an upper bound until then (it only drains meanwhile, and every thread adding to it holds
  // mutex_ and refreshes this), so that senders check the outbound limit and whether they
  // may write to the socket without the output buffer's lock unless near the limit or
  // behind queued bytes.
  std::atomic<size_t> output_bytes_{0};
  // When SendIfIdle last sent or queued a frame.
  std::atomic<int64_t> last_frame_ns_{0};
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_CONNECTION_H_
