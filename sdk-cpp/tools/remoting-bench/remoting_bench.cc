// remoting-bench: round trips per second and latency of the remoting transport on loopback.
//
//   remoting-bench                         the default matrix against an in-process echo server
//   remoting-bench -c 4 -w 64 -b 1024 -d 5 one scenario: 4 connections, 64 in flight each,
//                                          1 KiB bodies, 5 seconds
//   remoting-bench --serve 10999           only the echo server (for a client in another process)
//   remoting-bench --server 127.0.0.1:10999 -c 1 -w 1
//   remoting-bench --raw                   plain-socket baseline on this machine, for comparison
//   remoting-bench --inline                the echo runs on the server's I/O thread (a
//                                          processor that never blocks) instead of an executor
//
// A window of 1 is ping-pong with InvokeSync on one thread per connection; larger windows
// keep that many InvokeAsync requests in flight per connection, each callback sending the
// next. Latency is from the call to the response reaching the caller.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/logging.h"
#include "remoting/frame_codec.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"

namespace rocketmq {
namespace remoting {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int32_t kEchoCode = 1;

struct Scenario {
  int connections = 1;
  int window = 1;
  size_t body_bytes = 0;
  double seconds = 3;
};

struct Outcome {
  uint64_t round_trips = 0;
  uint64_t errors = 0;
  double seconds = 0;
  double p50_us = 0;
  double p99_us = 0;
};

std::unique_ptr<RemotingServer> StartEchoServer(uint16_t port, bool inline_echo) {
  RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.io_threads = 1;
  options.default_executor_threads = 2;
  options.default_executor_queue = 100000;
  auto server = std::make_unique<RemotingServer>(options);
  server->RegisterProcessor(
      kEchoCode,
      MakeProcessor(
          [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
            RemotingCommand response = RemotingCommand::CreateResponse(0);
            response.set_body(std::move(*request.mutable_body()->mutable_owned()));
            return response;
          },
          inline_echo));
  Status started = server->Start();
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start the echo server: %s\n", started.ToString().c_str());
    return nullptr;
  }
  return server;
}

// Latencies of one connection, merged at the end.
struct Recorder {
  std::mutex mutex;
  std::vector<uint32_t> latencies_ns;
  uint64_t errors = 0;
};

class Pipeline {
 public:
  Pipeline(RemotingClient* client, std::string address, const std::string& body, int window,
           Clock::time_point end, Recorder* recorder)
      : client_(client),
        address_(std::move(address)),
        body_(body),
        window_(window),
        end_(end),
        recorder_(recorder) {}

  void Run() {
    for (int i = 0; i < window_; ++i) SendOne();
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return in_flight_ == 0; });
  }

 private:
  void SendOne() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++in_flight_;
    }
    RemotingCommand request = RemotingCommand::CreateRequest(kEchoCode);
    request.set_body(body_);
    const auto start = Clock::now();
    Status sent = client_->InvokeAsync(
        address_, std::move(request), std::chrono::seconds(10),
        [this, start](Result<RemotingCommand> response) { Done(start, response.ok()); });
    if (!sent.ok()) Done(start, false);
  }

  void Done(Clock::time_point start, bool ok) {
    const auto now = Clock::now();
    {
      std::lock_guard<std::mutex> lock(recorder_->mutex);
      if (ok) {
        recorder_->latencies_ns.push_back(static_cast<uint32_t>(std::min<int64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - start).count(),
            UINT32_MAX)));
      } else {
        ++recorder_->errors;
      }
    }
    if (ok && now < end_) SendOne();
    std::lock_guard<std::mutex> lock(mutex_);
    if (--in_flight_ == 0) idle_.notify_all();
  }

  RemotingClient* client_;
  const std::string address_;
  const std::string& body_;
  const int window_;
  const Clock::time_point end_;
  Recorder* recorder_;
  std::mutex mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
};

Outcome Run(const std::string& address, const Scenario& scenario) {
  auto loops = std::make_shared<EventLoopGroup>("bench-io", 1);
  if (!loops->Start().ok()) return {};
  std::vector<std::unique_ptr<RemotingClient>> clients;
  for (int i = 0; i < scenario.connections; ++i) {
    RemotingClientOptions options;
    options.event_loops = loops;
    options.callback_threads = 1;
    clients.push_back(std::make_unique<RemotingClient>(options));
    clients.back()->Start().ok();
    // Connect before timing.
    clients.back()->InvokeSync(address, RemotingCommand::CreateRequest(kEchoCode),
                               std::chrono::seconds(3));
  }
  const std::string body(scenario.body_bytes, 'x');
  std::vector<Recorder> recorders(scenario.connections);
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(scenario.seconds));
  std::vector<std::thread> threads;
  for (int i = 0; i < scenario.connections; ++i) {
    threads.emplace_back([&, i] {
      Recorder& recorder = recorders[i];
      recorder.latencies_ns.reserve(1 << 20);
      if (scenario.window <= 1) {
        while (Clock::now() < end) {
          RemotingCommand request = RemotingCommand::CreateRequest(kEchoCode);
          request.set_body(body);
          const auto sent = Clock::now();
          Result<RemotingCommand> response =
              clients[i]->InvokeSync(address, std::move(request), std::chrono::seconds(10));
          const auto latency =
              std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - sent);
          if (response.ok()) {
            recorder.latencies_ns.push_back(static_cast<uint32_t>(latency.count()));
          } else {
            ++recorder.errors;
          }
        }
      } else {
        Pipeline(clients[i].get(), address, body, scenario.window, end, &recorder).Run();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  Outcome outcome;
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<uint32_t> all;
  for (Recorder& recorder : recorders) {
    all.insert(all.end(), recorder.latencies_ns.begin(), recorder.latencies_ns.end());
    outcome.errors += recorder.errors;
  }
  for (auto& client : clients) client->Shutdown();
  loops->Stop();
  outcome.round_trips = all.size();
  if (!all.empty()) {
    std::sort(all.begin(), all.end());
    outcome.p50_us = all[all.size() / 2] / 1000.0;
    outcome.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)] / 1000.0;
  }
  return outcome;
}

// The same frames over plain blocking sockets with an echo thread: what the machine itself
// allows, with no event loop, executor or correlation.
Outcome RunRaw(const Scenario& scenario) {
  Outcome outcome;
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener, 1) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(listener);
    return outcome;
  }
  RemotingCommand request = RemotingCommand::CreateRequest(kEchoCode);
  request.set_body(std::string(scenario.body_bytes, 'x'));
  const std::string frame = *EncodeFrame(request);
  const auto read_exactly = [](int fd, char* buffer, size_t size) {
    size_t got = 0;
    while (got < size) {
      const ssize_t n = recv(fd, buffer + got, size - got, 0);
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    return true;
  };
  auto write_all = [](int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  };
  std::thread echo([&] {
    const int peer = accept(listener, nullptr, nullptr);
    int one = 1;
    setsockopt(peer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    // A byte-stream echo: whatever arrives goes straight back.
    std::string buffer(256 * 1024, '\0');
    while (true) {
      const ssize_t n = recv(peer, &buffer[0], buffer.size(), 0);
      if (n <= 0 || !write_all(peer, buffer.substr(0, static_cast<size_t>(n)))) break;
    }
    close(peer);
  });
  const int client = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    const int window = std::max(1, scenario.window);
    std::string batch;
    for (int i = 0; i < window; ++i) batch += frame;
    std::string replies(batch.size(), '\0');
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(scenario.seconds));
    std::vector<uint32_t> latencies;
    while (Clock::now() < end) {
      const auto sent = Clock::now();
      if (!write_all(client, batch) || !read_exactly(client, &replies[0], replies.size())) break;
      latencies.push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - sent).count()));
      outcome.round_trips += static_cast<uint64_t>(window);
    }
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!latencies.empty()) {
      std::sort(latencies.begin(), latencies.end());
      outcome.p50_us = latencies[latencies.size() / 2] / 1000.0;
      outcome.p99_us =
          latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)] / 1000.0;
    }
  }
  shutdown(client, SHUT_RDWR);
  close(client);
  echo.join();
  close(listener);
  return outcome;
}

void Print(const Scenario& scenario, const Outcome& outcome) {
  std::printf("%5d %7d %7zu %12.0f %10.1f %10.1f %8llu\n", scenario.connections, scenario.window,
              scenario.body_bytes, outcome.round_trips / outcome.seconds, outcome.p50_us,
              outcome.p99_us, static_cast<unsigned long long>(outcome.errors));
  std::fflush(stdout);
}

int Usage() {
  std::fprintf(stderr,
               "usage: remoting-bench [-c CONNECTIONS] [-w WINDOW] [-b BODY_BYTES] [-d SECONDS]\n"
               "                      [--inline] [--server HOST:PORT | --serve PORT | --raw]\n");
  return 2;
}

std::atomic<bool> g_stop{false};

int Main(int argc, char** argv) {
  logging::SetLevel(LogLevel::kWarn);
  Scenario scenario;
  bool single = false;
  std::string server_address;
  int serve_port = -1;
  bool raw = false;
  bool inline_echo = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--raw") {
      raw = true;
      continue;
    }
    if (arg == "--inline") {
      inline_echo = true;
      continue;
    }
    if (i + 1 >= argc) return Usage();
    const char* value = argv[++i];
    if (arg == "-c") {
      scenario.connections = std::max(1, std::atoi(value));
      single = true;
    } else if (arg == "-w") {
      scenario.window = std::max(1, std::atoi(value));
      single = true;
    } else if (arg == "-b") {
      scenario.body_bytes = static_cast<size_t>(std::max(0, std::atoi(value)));
      single = true;
    } else if (arg == "-d") {
      scenario.seconds = std::max(0.1, std::atof(value));
    } else if (arg == "--server") {
      server_address = value;
    } else if (arg == "--serve") {
      serve_port = std::atoi(value);
    } else {
      return Usage();
    }
  }
  if (serve_port >= 0) {
    auto server = StartEchoServer(static_cast<uint16_t>(serve_port), inline_echo);
    if (!server) return 1;
    std::printf("echo server on 127.0.0.1:%u; Ctrl-C stops it\n", server->port());
    std::fflush(stdout);
    std::signal(SIGINT, [](int) { g_stop = true; });
    std::signal(SIGTERM, [](int) { g_stop = true; });
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server->Shutdown();
    return 0;
  }
  if (raw) {
    // Latency here is per window (one write of `window` frames, then reading them back).
    std::printf("raw sockets, one connection\n%5s %7s %7s %12s %10s %10s %8s\n", "conns", "window",
                "body", "rt/s", "p50_us", "p99_us", "errors");
    for (size_t body : {size_t{0}, size_t{1024}}) {
      for (int window : {1, 64}) {
        Scenario next = scenario;
        next.connections = 1;
        next.window = window;
        next.body_bytes = body;
        Print(next, RunRaw(next));
      }
    }
    return 0;
  }
  std::unique_ptr<RemotingServer> server;
  if (server_address.empty()) {
    server = StartEchoServer(0, inline_echo);
    if (!server) return 1;
    server_address = "127.0.0.1:" + std::to_string(server->port());
  }
  std::printf("%5s %7s %7s %12s %10s %10s %8s\n", "conns", "window", "body", "rt/s", "p50_us",
              "p99_us", "errors");
  if (single) {
    Print(scenario, Run(server_address, scenario));
  } else {
    for (size_t body : {size_t{0}, size_t{1024}}) {
      for (auto [connections, window] : {std::pair{1, 1}, {4, 1}, {1, 64}, {4, 64}}) {
        Scenario next = scenario;
        next.connections = connections;
        next.window = window;
        next.body_bytes = body;
        Print(next, Run(server_address, next));
      }
    }
  }
  if (server) server->Shutdown();
  return 0;
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq

int main(int argc, char** argv) { return rocketmq::remoting::Main(argc, argv); }
