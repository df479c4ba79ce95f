// HttpServer: the dashboard's HTTP side, on libevent's evhttp. It serves the embedded page
// and hands the /api/ requests that ask the cluster to a few worker threads, so that an admin call
// waiting for a dead nameserver (bounded by the request timeout) never stalls the event loop; a
// worker's answer goes back to the loop through a wake-up event, and the loop writes it.
//
// Access: with a token, every request must carry it ("Authorization: Bearer TOKEN", or basic
// auth with the token as password, which browsers prompt for); without one, only requests
// whose Host header names a loopback address are served (DNS rebinding). A POST must be
// JSON (Content-Type: application/json), which a cross-site form cannot send.
//
// Threads: Run() runs the event loop on the calling thread until SIGINT/SIGTERM or Stop();
// the workers are started by Run() and joined before it returns.
#ifndef ROCKETMQ_TOOLS_DASHBOARD_HTTP_SERVER_H_
#define ROCKETMQ_TOOLS_DASHBOARD_HTTP_SERVER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "rocketmq/status.h"

struct event;
struct event_base;
struct evhttp;
struct evhttp_connection;
struct evhttp_request;

namespace rocketmq {
namespace dashboard {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::string token;
  int workers = 2;
  // API requests queued beyond this many are refused with 503 rather than piling up.
  size_t max_queued = 64;
};

// Whether `host` ("127.0.0.1", "::1", "localhost") can only be reached from this machine.
bool IsLoopbackHost(const std::string& host);

// Whether `header` (an Authorization header's value) carries `token`.
bool AuthorizationMatches(const std::string& header, const std::string& token);

class HttpServer {
 public:
  HttpServer(const Api* api, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; returns "host:port" with the port actually bound.
  Result<std::string> Bind();
  // Serves until SIGINT, SIGTERM or Stop().
  Status Run();
  // Thread-safe.
  void Stop();

 private:
  struct Job {
    uint64_t id;
    ApiRequest request;
  };
  struct Done {
    uint64_t id;
    int status;
    std::string body;
  };
  struct InFlight {
    evhttp_request* request;
    evhttp_connection* connection;
  };

  static void OnRequest(evhttp_request* request, void* self);
  static void OnWake(int fd, short what, void* self);
  static void OnStop(int fd, short what, void* self);
  static void OnConnectionClose(evhttp_connection* connection, void* self);

  void HandleRequest(evhttp_request* request);
  bool Authorized(evhttp_request* request);
  void ServeAsset(evhttp_request* request, const std::string& path);
  void Reply(evhttp_request* request, int status, const char* content_type,
             const std::string& body);
  void ReplyError(evhttp_request* request, int status, const std::string& message);
  void WorkerLoop();

  const Api* const api_;
  const ServerOptions options_;
  event_base* base_ = nullptr;
  evhttp* http_ = nullptr;
  event* wake_ = nullptr;
  std::vector<event*> stop_events_;
  int bound_port_ = 0;

  // Loop thread only.
  uint64_t next_id_ = 1;
  std::map<uint64_t, InFlight> in_flight_;

  std::mutex mu_;
  std::condition_variable work_;
  bool stopping_ = false;  // guarded by mu_
  std::deque<Job> jobs_;   // guarded by mu_
  std::deque<Done> done_;  // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_HTTP_SERVER_H_
