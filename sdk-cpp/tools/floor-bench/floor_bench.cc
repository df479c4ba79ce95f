// floor-bench: what this machine itself allows for rmq-bench's loads, with no RocketMQ code.
//
//   floor-bench relay  [--rate 10000] [--seconds 10] [--size 1024] [--store DIR] [--flush-ms 500]
//                      [--files reserved|zeroed]
//   floor-bench stream [--threads 4] [--window 8] [--batch 32] [--size 1024] [--seconds 8]
//                      [--store DIR] [--flush-ms 500] [--files reserved|zeroed]
//                      [--replica none|async|sync]
//
// Three processes talk over loopback TCP with length-prefixed frames, in the shape of a
// producer, a broker and a long-polling consumer, and do the least each role must do:
//   relay   the born-to-consume shape. The producer sends single stamped messages at a steady
//           rate from one thread and reads acknowledgements on another. The hub appends each
//           message to its store, acknowledges it, and hands it to the consumer's waiting pull,
//           or keeps it for the next pull. The consumer reads on its only thread and sends the
//           next pull right away. Prints the e2e and send round-trip percentiles.
//   stream  the batched-send shape. Each producer thread keeps WINDOW frames of BATCH messages
//           in flight on its own connection; the hub (two threads, connections split between
//           them) appends the frames of a read turn with one pwrite and acknowledges them with
//           one write; a producer sends as many frames as one read brought acknowledgements, in
//           one write. --batch 1 is the async single-send shape. With --replica a fourth process
//           receives every append in store order, appends it to its own store and reports its
//           offset after each read; under `sync` the hub acknowledges a frame only once the
//           replica has reported past it (a SYNC_MASTER's shape). Prints messages/s and the
//           frame round-trip percentiles.
// The store is a sequence of preallocated 1 GiB files under --store (a fresh temp dir by
// default, removed at exit) written with pwrite, with an fdatasync every --flush-ms by a thread
// of its own, as a broker's CommitLog is; --flush-ms 0 never syncs. --files reserved (the
// default) only fallocates a file, as our broker does by default; --files zeroed also writes
// and syncs its zeros when it is created (before the run for the first, inline at a roll-over),
// as warmMapedFileEnable=true does ahead of the writer. Each process prints its CPU
// per message, so the numbers read directly against rmq-bench's and broker_bench's.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string mode;
  double rate = 10000;
  double seconds = 10;
  size_t size = 1024;
  int threads = 4;
  int window = 8;
  int batch = 32;
  std::string store;
  int flush_ms = 500;
  std::string replica = "none";
  bool zeroed = false;
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "floor-bench: %s: %s\n", what, std::strerror(errno));
  std::exit(2);
}

// Frames are a 4-byte big-endian length and that many bytes.
// The hubs' sockets are non-blocking: a full send buffer waits until it drains.
void WriteAll(int fd, const char* data, size_t length) {
  while (length > 0) {
    const ssize_t n = ::write(fd, data, length);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd writable{fd, POLLOUT, 0};
      ::poll(&writable, 1, -1);
      continue;
    }
    if (n <= 0) Die("write");
    data += n;
    length -= static_cast<size_t>(n);
  }
}

void AppendFrame(std::string* out, const char* payload, size_t length) {
  const uint32_t be = htonl(static_cast<uint32_t>(length));
  out->append(reinterpret_cast<const char*>(&be), 4);
  out->append(payload, length);
}

// Reads whole frames from a blocking or non-blocking socket into a growing buffer.
class FrameReader {
 public:
  // Returns false on EOF or error; true when it read something or would block.
  bool Fill(int fd) {
    char chunk[64 * 1024];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  // The next whole frame's payload, or false when none is complete yet.
  bool Next(std::string* payload) {
    if (buffer_.size() - consumed_ < 4) return Compact();
    uint32_t be;
    std::memcpy(&be, buffer_.data() + consumed_, 4);
    const size_t length = ntohl(be);
    if (buffer_.size() - consumed_ < 4 + length) return Compact();
    payload->assign(buffer_, consumed_ + 4, length);
    consumed_ += 4 + length;
    return true;
  }

 private:
  bool Compact() {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
    return false;
  }

  std::string buffer_;
  size_t consumed_ = 0;
};

// Preallocated 1 GiB files written in sequence, synced by a flusher thread.
class Store {
 public:
  static constexpr int64_t kFileBytes = int64_t{1} << 30;

  Store(std::string dir, int flush_ms, bool zeroed)
      : dir_(std::move(dir)), flush_ms_(flush_ms), zeroed_(zeroed) {
    if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) Die("create the store dir");
    Roll();
    if (flush_ms_ > 0) flusher_ = std::thread([this] { Flush(); });
  }

  ~Store() {
    stop_ = true;
    if (flusher_.joinable()) flusher_.join();
    for (int fd : fds_) ::close(fd);
  }

  // Every append is also written, in store order, to this socket (a replica's).
  void ForwardTo(int fd) { replica_ = fd; }

  // Returns the store's end offset after the append.
  int64_t Append(const char* data, size_t length) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (position_ + static_cast<int64_t>(length) > kFileBytes) Roll();
    if (::pwrite(fds_.back(), data, length, position_) != static_cast<ssize_t>(length)) {
      Die("pwrite to the store");
    }
    position_ += static_cast<int64_t>(length);
    end_ += static_cast<int64_t>(length);
    if (replica_ >= 0) WriteAll(replica_, data, length);
    return end_;
  }

 private:
  void Roll() {
    const std::string path = dir_ + "/" + std::to_string(fds_.size());
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::posix_fallocate(fd, 0, kFileBytes) != 0) Die("create a store file");
    if (zeroed_) {
      const std::string zeros(1 << 20, '\0');
      for (int64_t at = 0; at < kFileBytes; at += static_cast<int64_t>(zeros.size())) {
        if (::pwrite(fd, zeros.data(), zeros.size(), at) != static_cast<ssize_t>(zeros.size())) {
          Die("write a store file's zeros");
        }
      }
      if (::fdatasync(fd) != 0) Die("sync a store file's zeros");
    }
    fds_.push_back(fd);
    position_ = 0;
  }

  void Flush() {
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(flush_ms_));
      int fd;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        fd = fds_.back();
      }
      ::fdatasync(fd);
    }
  }

  const std::string dir_;
  const int flush_ms_;
  const bool zeroed_;
  std::mutex mutex_;
  std::vector<int> fds_;
  int64_t position_ = 0;
  int64_t end_ = 0;
  int replica_ = -1;
  std::atomic<bool> stop_{false};
  std::thread flusher_;
};

int Listen(uint16_t* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    Die("listen on 127.0.0.1");
  }
  *port = ntohs(address.sin_port);
  return fd;
}

void NoDelay(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int Connect(uint16_t port, char role = 0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Die("connect to the hub");
  }
  NoDelay(fd);
  if (role != 0) WriteAll(fd, &role, 1);
  return fd;
}

// Producers start once the hub has its store and all its peers: one byte says so.
void AwaitGo(int fd) {
  char go = 0;
  if (::read(fd, &go, 1) != 1 || go != 'G') Die("wait for the hub");
}

int AcceptOne(int listener) {
  const int fd = ::accept(listener, nullptr, nullptr);
  if (fd < 0) Die("accept");
  NoDelay(fd);
  return fd;
}

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void PrintPercentiles(const char* name, std::vector<int64_t>* ns) {
  if (ns->empty()) {
    std::printf("  %s: none\n", name);
    return;
  }
  std::sort(ns->begin(), ns->end());
  auto at = [&](double q) {
    return static_cast<double>(
               (*ns)[std::min(ns->size() - 1, static_cast<size_t>(q * ns->size()))]) /
           1e6;
  };
  std::printf("  %s ms: p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (%zu)\n", name, at(0.5), at(0.99),
              at(0.999), static_cast<double>(ns->back()) / 1e6, ns->size());
}

// ---- relay ----

// Each peer's first byte names it: 'P' the producer, 'C' the consumer.
void RelayHub(int listener, const Options& options, uint64_t expected) {
  Store store(options.store + "/hub", options.flush_ms, options.zeroed);
  int producer = -1, consumer = -1;
  for (int i = 0; i < 2; ++i) {
    const int fd = AcceptOne(listener);
    char role = 0;
    if (::read(fd, &role, 1) != 1) Die("read a peer's role");
    (role == 'P' ? producer : consumer) = fd;
  }
  if (producer < 0 || consumer < 0) Die("tell the producer from the consumer");
  WriteAll(producer, "G", 1);
  SetNonBlocking(producer);
  SetNonBlocking(consumer);
  const int epoll = ::epoll_create1(0);
  for (int fd : {producer, consumer}) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
  }
  FrameReader from_producer, from_consumer;
  std::deque<std::string> kept;
  bool pull_waiting = false;
  uint64_t relayed = 0;
  bool producer_open = true, consumer_open = true;
  std::string out, payload;
  const double cpu_start = CpuSeconds();
  auto answer_pull = [&] {
    out.clear();
    std::string messages;
    for (const std::string& message : kept) AppendFrame(&messages, message.data(), message.size());
    AppendFrame(&out, messages.data(), messages.size());
    WriteAll(consumer, out.data(), out.size());
    relayed += kept.size();
    kept.clear();
    pull_waiting = false;
  };
  while (producer_open || consumer_open) {
    epoll_event events[2];
    const int n = ::epoll_wait(epoll, events, 2, 1000);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == producer) {
        producer_open = from_producer.Fill(producer);
        out.clear();
        while (from_producer.Next(&payload)) {
          store.Append(payload.data(), payload.size());
          AppendFrame(&out, payload.data(), 8);  // the acknowledgement echoes the stamp
          kept.push_back(payload);
        }
        if (!out.empty()) WriteAll(producer, out.data(), out.size());
        if (pull_waiting && !kept.empty()) answer_pull();
        if (!producer_open) ::epoll_ctl(epoll, EPOLL_CTL_DEL, producer, nullptr);
      } else {
        consumer_open = from_consumer.Fill(consumer);
        while (from_consumer.Next(&payload)) {
          pull_waiting = true;
          if (!kept.empty()) answer_pull();
        }
        if (!consumer_open) ::epoll_ctl(epoll, EPOLL_CTL_DEL, consumer, nullptr);
      }
    }
  }
  std::printf(
      "hub: relayed %llu of %llu, CPU %.2f us/msg\n", static_cast<unsigned long long>(relayed),
      static_cast<unsigned long long>(expected),
      (CpuSeconds() - cpu_start) * 1e6 / static_cast<double>(std::max<uint64_t>(relayed, 1)));
}

void RelayProducer(uint16_t port, const Options& options, uint64_t count) {
  const int fd = Connect(port, 'P');
  AwaitGo(fd);
  std::vector<int64_t> round_trips;
  round_trips.reserve(count);
  const double cpu_start = CpuSeconds();
  std::thread acks([&] {
    FrameReader reader;
    std::string payload;
    while (round_trips.size() < count && reader.Fill(fd)) {
      while (reader.Next(&payload)) {
        int64_t stamp;
        std::memcpy(&stamp, payload.data(), 8);
        round_trips.push_back(NowNs() - stamp);
      }
    }
  });
  std::string message(options.size, 'x');
  std::string frame;
  const int64_t interval_ns = static_cast<int64_t>(1e9 / options.rate);
  timespec next{};
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (uint64_t i = 0; i < count; ++i) {
    next.tv_nsec += interval_ns;
    while (next.tv_nsec >= 1000000000) {
      next.tv_nsec -= 1000000000;
      ++next.tv_sec;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    const int64_t stamp = NowNs();
    std::memcpy(message.data(), &stamp, 8);
    frame.clear();
    AppendFrame(&frame, message.data(), message.size());
    WriteAll(fd, frame.data(), frame.size());
  }
  acks.join();
  std::printf("producer: %llu sent, CPU %.2f us/msg\n", static_cast<unsigned long long>(count),
              (CpuSeconds() - cpu_start) * 1e6 / static_cast<double>(count));
  PrintPercentiles("send round trip", &round_trips);
  ::close(fd);
}

void RelayConsumer(uint16_t port, uint64_t count, double seconds) {
  const int fd = Connect(port, 'C');
  std::vector<int64_t> e2e;
  e2e.reserve(count);
  FrameReader reader;
  std::string answer;
  const double cpu_start = CpuSeconds();
  const auto give_up = Clock::now() + std::chrono::duration<double>(seconds + 10);
  const char pull[4] = {0, 0, 0, 0};
  while (e2e.size() < count && Clock::now() < give_up) {
    WriteAll(fd, pull, sizeof pull);
    bool answered = false;
    while (!(answered = reader.Next(&answer)) && Clock::now() < give_up) {
      pollfd readable{fd, POLLIN, 0};
      if (::poll(&readable, 1, 1000) == 1 && !reader.Fill(fd)) Die("the hub closed");
    }
    if (!answered) break;
    const int64_t now = NowNs();
    for (size_t at = 0; at + 4 <= answer.size();) {
      uint32_t be;
      std::memcpy(&be, answer.data() + at, 4);
      int64_t stamp;
      std::memcpy(&stamp, answer.data() + at + 4, 8);
      e2e.push_back(now - stamp);
      at += 4 + ntohl(be);
    }
  }
  std::printf(
      "consumer: %zu received, CPU %.2f us/msg\n", e2e.size(),
      (CpuSeconds() - cpu_start) * 1e6 / static_cast<double>(std::max<size_t>(e2e.size(), 1)));
  PrintPercentiles("e2e", &e2e);
  ::close(fd);
}

// ---- stream ----

// What the hub holds back under --replica sync: each connection's acknowledgements, in order,
// with the store offset the replica must report first.
class HeldAcks {
 public:
  // The replica may report past a frame before the frame is held (the append forwards it
  // first), so a hold checks the offset already reported too.
  void Hold(int fd, int64_t end_offset, const char* stamp) {
    std::lock_guard<std::mutex> lock(mutex_);
    Held held{fd, end_offset, {}};
    std::memcpy(held.stamp, stamp, 8);
    held_.push_back(held);
    ReleaseLocked();
  }

  void Release(int64_t replicated) {
    std::lock_guard<std::mutex> lock(mutex_);
    replicated_ = std::max(replicated_, replicated);
    ReleaseLocked();
  }

 private:
  struct Held {
    int fd;
    int64_t end_offset;
    char stamp[8];
  };

  // Sends every acknowledgement the replica's offset covers, one write per connection.
  void ReleaseLocked() {
    std::vector<std::pair<int, std::string>> out;
    while (!held_.empty() && held_.front().end_offset <= replicated_) {
      const Held& held = held_.front();
      auto it =
          std::find_if(out.begin(), out.end(), [&](const auto& o) { return o.first == held.fd; });
      if (it == out.end()) it = out.insert(out.end(), {held.fd, std::string()});
      AppendFrame(&it->second, held.stamp, 8);
      held_.pop_front();
    }
    for (const auto& [fd, acks] : out) WriteAll(fd, acks.data(), acks.size());
  }

  std::mutex mutex_;
  std::deque<Held> held_;  // in store order: appends and holds happen under one lock below
  int64_t replicated_ = 0;
};

struct StreamHubState {
  Store* store;
  bool sync_replica;
  HeldAcks held;
  std::mutex append_and_hold;
  std::atomic<uint64_t> frames{0};
};

void StreamHubThread(std::vector<int> connections, StreamHubState* state) {
  const int epoll = ::epoll_create1(0);
  std::vector<FrameReader> readers(connections.size());
  for (size_t i = 0; i < connections.size(); ++i) {
    SetNonBlocking(connections[i]);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = i;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, connections[i], &event);
  }
  size_t open = connections.size();
  std::string payload, turn, acks;
  std::vector<size_t> frame_ends;  // within `turn`
  while (open > 0) {
    epoll_event events[16];
    const int n = ::epoll_wait(epoll, events, 16, 1000);
    for (int i = 0; i < n; ++i) {
      const size_t index = events[i].data.u64;
      const int fd = connections[index];
      const bool still_open = readers[index].Fill(fd);
      turn.clear();
      acks.clear();
      frame_ends.clear();
      while (readers[index].Next(&payload)) {
        turn += payload;
        frame_ends.push_back(turn.size());
        AppendFrame(&acks, payload.data(), 8);
      }
      // One append (and one forward to the replica) per read turn, as a broker appends a
      // turn's messages together.
      if (!turn.empty()) {
        if (state->sync_replica) {
          std::lock_guard<std::mutex> lock(state->append_and_hold);
          const int64_t end = state->store->Append(turn.data(), turn.size());
          const int64_t start = end - static_cast<int64_t>(turn.size());
          for (size_t f = 0; f < frame_ends.size(); ++f) {
            state->held.Hold(fd, start + static_cast<int64_t>(frame_ends[f]),
                             acks.data() + f * 12 + 4);
          }
        } else {
          state->store->Append(turn.data(), turn.size());
          WriteAll(fd, acks.data(), acks.size());
        }
        state->frames.fetch_add(frame_ends.size(), std::memory_order_relaxed);
      }
      if (!still_open) {
        ::epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
        --open;
      }
    }
  }
}

// Reads the replica's offset reports (8 bytes each) until it closes.
void ReadReplicaReports(int replica, HeldAcks* held) {
  char reports[8 * 1024];
  size_t filled = 0;
  for (;;) {
    const ssize_t n = ::read(replica, reports + filled, sizeof reports - filled);
    if (n <= 0) return;
    filled += static_cast<size_t>(n);
    const size_t whole = filled / 8 * 8;
    if (whole == 0) continue;
    int64_t replicated;
    std::memcpy(&replicated, reports + whole - 8, 8);
    held->Release(replicated);
    std::memmove(reports, reports + whole, filled - whole);
    filled -= whole;
  }
}

// Each peer's first byte names it: 'P' a producer, 'R' the replica.
void StreamHub(int listener, const Options& options) {
  Store store(options.store + "/hub", options.flush_ms, options.zeroed);
  std::vector<int> connections[2];
  int replica = -1;
  const int peers = options.threads + (options.replica == "none" ? 0 : 1);
  for (int i = 0; i < peers; ++i) {
    const int fd = AcceptOne(listener);
    char role = 0;
    if (::read(fd, &role, 1) != 1) Die("read a peer's role");
    if (role == 'R') {
      replica = fd;
    } else {
      connections[connections[0].size() > connections[1].size() ? 1 : 0].push_back(fd);
    }
  }
  if (replica >= 0) store.ForwardTo(replica);
  for (const auto& half : connections) {
    for (int fd : half) WriteAll(fd, "G", 1);
  }
  StreamHubState state{&store, options.replica == "sync", {}, {}, {}};
  const double cpu_start = CpuSeconds();
  std::thread reports;
  if (replica >= 0) reports = std::thread(ReadReplicaReports, replica, &state.held);
  std::thread second(StreamHubThread, connections[1], &state);
  StreamHubThread(connections[0], &state);
  second.join();
  if (replica >= 0) {
    ::shutdown(replica, SHUT_WR);
    reports.join();
  }
  const double messages =
      static_cast<double>(state.frames.load() * static_cast<uint64_t>(options.batch));
  std::printf("hub: %.0f messages, CPU %.2f us/msg\n", messages,
              (CpuSeconds() - cpu_start) * 1e6 / std::max(messages, 1.0));
}

// Appends what the hub forwards and reports its store's end offset after each read.
void StreamReplica(uint16_t port, const Options& options) {
  const int fd = Connect(port, 'R');
  Store store(options.store + "/replica", options.flush_ms, options.zeroed);
  std::vector<char> chunk(256 * 1024);
  int64_t replicated = 0;
  const double cpu_start = CpuSeconds();
  for (;;) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n <= 0) break;
    replicated = store.Append(chunk.data(), static_cast<size_t>(n));
    WriteAll(fd, reinterpret_cast<const char*>(&replicated), 8);
  }
  const double messages = static_cast<double>(replicated) / static_cast<double>(options.size);
  std::printf("replica: %.0f bytes, CPU %.2f us/msg\n", static_cast<double>(replicated),
              (CpuSeconds() - cpu_start) * 1e6 / std::max(messages, 1.0));
}

void StreamProducer(uint16_t port, const Options& options) {
  std::string frame, window;
  const std::string batch(options.size * static_cast<size_t>(options.batch), 'x');
  AppendFrame(&frame, batch.data(), batch.size());
  for (int i = 0; i < options.window; ++i) window += frame;
  std::atomic<uint64_t> acked{0};
  std::mutex merge;
  std::vector<int64_t> round_trips;
  const auto end = Clock::now() + std::chrono::duration<double>(options.seconds);
  const double cpu_start = CpuSeconds();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&] {
      const int fd = Connect(port, 'P');
      AwaitGo(fd);
      std::deque<int64_t> sent_at;  // acknowledgements come back in send order
      std::vector<int64_t> mine;
      sent_at.assign(static_cast<size_t>(options.window), NowNs());
      WriteAll(fd, window.data(), window.size());
      FrameReader reader;
      std::string ack;
      while (!sent_at.empty() && reader.Fill(fd)) {
        size_t refill = 0;  // frames to send in one write for the acknowledgements of this read
        const int64_t now = NowNs();
        while (reader.Next(&ack)) {
          mine.push_back(now - sent_at.front());
          sent_at.pop_front();
          acked.fetch_add(1, std::memory_order_relaxed);
          if (Clock::now() < end) ++refill;
        }
        sent_at.insert(sent_at.end(), refill, now);
        WriteAll(fd, window.data(), refill * frame.size());
      }
      ::close(fd);
      std::lock_guard<std::mutex> lock(merge);
      round_trips.insert(round_trips.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const double messages = static_cast<double>(acked.load() * static_cast<uint64_t>(options.batch));
  std::printf(
      "producer: %.0f msgs/s (%d threads x %d frames of %d x %zu B in flight, replica %s), "
      "CPU %.2f us/msg\n",
      messages / elapsed, options.threads, options.window, options.batch, options.size,
      options.replica.c_str(), (CpuSeconds() - cpu_start) * 1e6 / std::max(messages, 1.0));
  PrintPercentiles("frame round trip", &round_trips);
}

// ---- processes ----

// The roles, so that an interrupted run stops them too and still removes its temp store.
pid_t g_children[4];
int g_child_count = 0;

void StopChildren(int) {
  for (int i = 0; i < g_child_count; ++i) ::kill(g_children[i], SIGTERM);
}

pid_t Spawn(const std::function<void()>& role) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid < 0) Die("fork");
  if (pid == 0) {
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    role();
    std::fflush(stdout);
    std::_Exit(0);
  }
  g_children[g_child_count++] = pid;
  return pid;
}

bool WaitAll(const std::vector<pid_t>& pids) {
  bool ok = true;
  for (pid_t pid : pids) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return ok;
}

bool ParseArgs(int argc, char** argv, Options* options) {
  if (argc < 2 || argc % 2 != 0) return false;
  options->mode = argv[1];
  std::string files = "reserved";
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    // A flag of the other mode would be ignored silently, and the run would measure another load.
    const bool stream_only =
        flag == "--threads" || flag == "--window" || flag == "--batch" || flag == "--replica";
    if ((options->mode == "relay" && stream_only) ||
        (options->mode == "stream" && flag == "--rate")) {
      std::fprintf(stderr, "floor-bench: %s is not a flag of %s\n", flag.c_str(),
                   options->mode.c_str());
      return false;
    }
    if (flag == "--rate") {
      options->rate = std::atof(value);
    } else if (flag == "--seconds") {
      options->seconds = std::atof(value);
    } else if (flag == "--size") {
      options->size = static_cast<size_t>(std::atol(value));
    } else if (flag == "--threads") {
      options->threads = std::atoi(value);
    } else if (flag == "--window") {
      options->window = std::atoi(value);
    } else if (flag == "--batch") {
      options->batch = std::atoi(value);
    } else if (flag == "--store") {
      options->store = value;
    } else if (flag == "--flush-ms") {
      options->flush_ms = std::atoi(value);
    } else if (flag == "--files") {
      files = value;
    } else if (flag == "--replica") {
      options->replica = value;
    } else {
      return false;
    }
  }
  options->zeroed = files == "zeroed";
  return (options->mode == "relay" || options->mode == "stream") && options->rate > 0 &&
         options->seconds > 0 && options->size >= 8 && options->threads > 0 &&
         options->window > 0 && options->batch > 0 && options->flush_ms >= 0 &&
         (files == "reserved" || files == "zeroed") &&
         (options->replica == "none" || options->replica == "async" || options->replica == "sync");
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::fprintf(stderr,
                 "usage: floor-bench relay  [--rate N] [--seconds S] [--size B] [--store DIR] "
                 "[--flush-ms MS] [--files reserved|zeroed]\n"
                 "       floor-bench stream [--threads N] [--window N] [--batch N] [--size B] "
                 "[--seconds S] [--store DIR] [--flush-ms MS] [--files reserved|zeroed]\n"
                 "                          [--replica none|async|sync]\n");
    return 2;
  }
  std::string temp_store;
  if (options.store.empty()) {
    char pattern[] = "/tmp/floor-bench-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) Die("create a temp store dir");
    temp_store = options.store = pattern;
  }
  struct sigaction stop {};
  stop.sa_handler = StopChildren;
  stop.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &stop, nullptr);
  ::sigaction(SIGTERM, &stop, nullptr);
  uint16_t port = 0;
  const int listener = Listen(&port);
  std::vector<pid_t> pids;
  if (options.mode == "relay") {
    const auto count = static_cast<uint64_t>(options.rate * options.seconds);
    pids.push_back(Spawn([&] { RelayHub(listener, options, count); }));
    ::close(listener);
    pids.push_back(Spawn([&] { RelayProducer(port, options, count); }));
    pids.push_back(Spawn([&] { RelayConsumer(port, count, options.seconds); }));
  } else {
    pids.push_back(Spawn([&] { StreamHub(listener, options); }));
    ::close(listener);
    if (options.replica != "none") pids.push_back(Spawn([&] { StreamReplica(port, options); }));
    pids.push_back(Spawn([&] { StreamProducer(port, options); }));
  }
  const bool ok = WaitAll(pids);
  if (!temp_store.empty()) std::filesystem::remove_all(temp_store);
  return ok ? 0 : 1;
}
