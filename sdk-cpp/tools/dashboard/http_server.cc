#include "http_server.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstring>
#include <exception>

#include "assets.h"
#include "json_values.h"

namespace rocketmq {
namespace dashboard {

namespace {

constexpr size_t kMaxBodyBytes = 64 * 1024;
constexpr int kConnectionTimeoutSeconds = 60;

const char* ReasonOf(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 415:
      return "Unsupported Media Type";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status >= 500 ? "Bad Gateway" : "Error";
  }
}

std::string Base64Decode(const std::string& in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return std::string();
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// Compares in time independent of where the strings differ.
bool SameSecret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  }
  return diff == 0 && !b.empty();
}

// jsoncpp reports a misuse (a wrong-typed read) by throwing; one bad answer must not take
// the server down.
ApiResponse HandleSafely(const Api& api, const ApiRequest& request) {
  try {
    return api.Handle(request);
  } catch (const std::exception& e) {
    ApiResponse response;
    response.status = 500;
    response.body["error"] = std::string("internal error: ") + e.what();
    response.body["code"] = "Internal";
    return response;
  }
}

const char* Header(evhttp_request* request, const char* name) {
  return evhttp_find_header(evhttp_request_get_input_headers(request), name);
}

// The host part of a Host header: "127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "::1".
std::string HostOf(const std::string& header) {
  if (!header.empty() && header[0] == '[') {
    const size_t close = header.find(']');
    return close == std::string::npos ? header : header.substr(1, close - 1);
  }
  const size_t colon = header.find(':');
  return colon == std::string::npos ? header : header.substr(0, colon);
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr addr{};
  if (inet_pton(AF_INET, host.c_str(), &addr) == 1) {
    return (ntohl(addr.s_addr) >> 24) == 127;
  }
  return false;
}

bool AuthorizationMatches(const std::string& header, const std::string& token) {
  if (header.rfind("Bearer ", 0) == 0) return SameSecret(header.substr(7), token);
  if (header.rfind("Basic ", 0) == 0) {
    const std::string pair = Base64Decode(header.substr(6));
    const size_t colon = pair.find(':');
    return colon != std::string::npos && SameSecret(pair.substr(colon + 1), token);
  }
  return false;
}

HttpServer::HttpServer(const Api* api, ServerOptions options)
    : api_(api), options_(std::move(options)) {}

HttpServer::~HttpServer() {
  Stop();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
  for (event* e : stop_events_) event_free(e);
  if (wake_ != nullptr) event_free(wake_);
  if (http_ != nullptr) evhttp_free(http_);
  if (base_ != nullptr) event_base_free(base_);
}

Result<std::string> HttpServer::Bind() {
  // Workers wake the loop with event_active(), which needs libevent's locking.
  static const int threads_enabled = evthread_use_pthreads();
  if (threads_enabled != 0) return Status::Internal("libevent has no pthreads support");
  base_ = event_base_new();
  if (base_ == nullptr) return Status::Internal("event_base_new failed");
  http_ = evhttp_new(base_);
  if (http_ == nullptr) return Status::Internal("evhttp_new failed");
  evhttp_set_allowed_methods(http_, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
  evhttp_set_max_body_size(http_, kMaxBodyBytes);
  evhttp_set_timeout(http_, kConnectionTimeoutSeconds);
  evhttp_set_gencb(http_, &HttpServer::OnRequest, this);
  evhttp_bound_socket* socket = evhttp_bind_socket_with_handle(
      http_, options_.host.c_str(), static_cast<uint16_t>(options_.port));
  if (socket == nullptr) {
    return Status::Network("cannot listen on " + options_.host + ":" +
                           std::to_string(options_.port) + ": " + std::strerror(errno));
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(evhttp_bound_socket_get_fd(socket), reinterpret_cast<sockaddr*>(&addr), &len) !=
      0) {
    return Status::Network(std::string("getsockname: ") + std::strerror(errno));
  }
  bound_port_ = addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  wake_ = event_new(base_, -1, EV_PERSIST, &HttpServer::OnWake, this);
  for (int sig : {SIGINT, SIGTERM}) {
    stop_events_.push_back(evsignal_new(base_, sig, &HttpServer::OnStop, this));
    event_add(stop_events_.back(), nullptr);
  }
  const std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return host + ":" + std::to_string(bound_port_);
}

Status HttpServer::Run() {
  if (base_ == nullptr) return Status::IllegalState("Bind() first");
  event_add(wake_, nullptr);
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  event_base_dispatch(base_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
  return Status::OK();
}

void HttpServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  if (base_ != nullptr) event_base_loopbreak(base_);
}

void HttpServer::OnRequest(evhttp_request* request, void* self) {
  static_cast<HttpServer*>(self)->HandleRequest(request);
}

void HttpServer::OnStop(int, short, void* self) {
  event_base_loopbreak(static_cast<HttpServer*>(self)->base_);
}

void HttpServer::OnConnectionClose(evhttp_connection* connection, void* self) {
  // The connection's requests are freed with it: their answers, when they come, go nowhere.
  auto* server = static_cast<HttpServer*>(self);
  for (auto it = server->in_flight_.begin(); it != server->in_flight_.end();) {
    it = it->second.connection == connection ? server->in_flight_.erase(it) : std::next(it);
  }
}

void HttpServer::OnWake(int, short, void* self) {
  auto* server = static_cast<HttpServer*>(self);
  std::deque<Done> done;
  {
    std::lock_guard<std::mutex> lock(server->mu_);
    done.swap(server->done_);
  }
  for (auto& d : done) {
    auto it = server->in_flight_.find(d.id);
    if (it == server->in_flight_.end()) continue;
    evhttp_request* request = it->second.request;
    server->in_flight_.erase(it);
    server->Reply(request, d.status, "application/json; charset=utf-8", d.body);
  }
}

bool HttpServer::Authorized(evhttp_request* request) {
  if (!options_.token.empty()) {
    const char* auth = Header(request, "Authorization");
    if (auth != nullptr && AuthorizationMatches(auth, options_.token)) return true;
    evhttp_add_header(evhttp_request_get_output_headers(request), "WWW-Authenticate",
                      "Basic realm=\"rmq-dashboard\", charset=\"UTF-8\"");
    ReplyError(request, 401, "this dashboard needs its token (basic auth password or Bearer)");
    return false;
  }
  // Without a token the server listens on loopback only; a page of another site whose name
  // resolves to 127.0.0.1 still sends its own name as Host.
  const char* host = Header(request, "Host");
  if (host == nullptr || !IsLoopbackHost(HostOf(host))) {
    ReplyError(request, 403, "the Host header must name a loopback address");
    return false;
  }
  return true;
}

void HttpServer::HandleRequest(evhttp_request* request) {
  if (!Authorized(request)) return;
  const evhttp_uri* uri = evhttp_request_get_evhttp_uri(request);
  const char* raw_path = uri == nullptr ? nullptr : evhttp_uri_get_path(uri);
  char* decoded = evhttp_uridecode(raw_path == nullptr ? "/" : raw_path, 0, nullptr);
  const std::string path = decoded == nullptr ? "/" : decoded;
  free(decoded);
  const bool post = evhttp_request_get_command(request) == EVHTTP_REQ_POST;
  if (path.rfind("/api/", 0) != 0) {
    if (post) {
      ReplyError(request, 405, "only /api/ takes POST");
      return;
    }
    ServeAsset(request, path);
    return;
  }
  ApiRequest api_request;
  api_request.post = post;
  api_request.path = path;
  if (const char* query = uri == nullptr ? nullptr : evhttp_uri_get_query(uri)) {
    evkeyvalq params;
    if (evhttp_parse_query_str(query, &params) != 0) {
      ReplyError(request, 400, "malformed query string");
      return;
    }
    for (evkeyval* kv = params.tqh_first; kv != nullptr; kv = kv->next.tqe_next) {
      api_request.query[kv->key] = kv->value;
    }
    evhttp_clear_headers(&params);
  }
  if (post) {
    const char* type = Header(request, "Content-Type");
    if (type == nullptr || std::strncmp(type, "application/json", 16) != 0) {
      ReplyError(request, 415, "POST bodies must be application/json");
      return;
    }
    evbuffer* input = evhttp_request_get_input_buffer(request);
    const size_t length = evbuffer_get_length(input);
    api_request.body.resize(length);
    evbuffer_copyout(input, api_request.body.data(), length);
  }
  if (!Api::NeedsCluster(api_request.path)) {
    ApiResponse response = HandleSafely(*api_, api_request);
    // The server's own load: requests waiting for the cluster.
    if (api_request.path == "/api/status") {
      response.body["inFlight"] = static_cast<Json::UInt64>(in_flight_.size());
    }
    Reply(request, response.status, "application/json; charset=utf-8", ToJsonText(response.body));
    return;
  }
  const uint64_t id = next_id_++;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (jobs_.size() >= options_.max_queued) {
      ReplyError(request, 503, "too many requests waiting for the cluster; try again");
      return;
    }
    jobs_.push_back({id, std::move(api_request)});
  }
  evhttp_connection* connection = evhttp_request_get_connection(request);
  evhttp_connection_set_closecb(connection, &HttpServer::OnConnectionClose, this);
  in_flight_[id] = {request, connection};
  work_.notify_one();
}

void HttpServer::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    ApiResponse response = HandleSafely(*api_, job.request);
    std::string body = ToJsonText(response.body);
    lock.lock();
    done_.push_back({job.id, response.status, std::move(body)});
    event_active(wake_, EV_READ, 0);
  }
}

void HttpServer::ServeAsset(evhttp_request* request, const std::string& path) {
  const std::string wanted = path == "/" ? "/index.html" : path;
  for (const Asset& asset : Assets()) {
    if (wanted == asset.path) {
      Reply(request, 200, asset.content_type,
            std::string(reinterpret_cast<const char*>(asset.data), asset.size));
      return;
    }
  }
  ReplyError(request, 404, "no page at " + path);
}

void HttpServer::Reply(evhttp_request* request, int status, const char* content_type,
                       const std::string& body) {
  evkeyvalq* headers = evhttp_request_get_output_headers(request);
  evhttp_add_header(headers, "Content-Type", content_type);
  evhttp_add_header(headers, "Cache-Control", "no-store");
  evhttp_add_header(headers, "X-Content-Type-Options", "nosniff");
  evhttp_add_header(headers, "X-Frame-Options", "DENY");
  evhttp_add_header(headers, "Referrer-Policy", "no-referrer");
  // Only the page's own script runs: no inline script, nothing from elsewhere.
  evhttp_add_header(headers, "Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; "
                    "img-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                    "base-uri 'none'; form-action 'none'");
  evbuffer* buffer = evbuffer_new();
  evbuffer_add(buffer, body.data(), body.size());
  evhttp_send_reply(request, status, ReasonOf(status), buffer);
  evbuffer_free(buffer);
}

void HttpServer::ReplyError(evhttp_request* request, int status, const std::string& message) {
  Json::Value body;
  body["error"] = message;
  body["code"] = ReasonOf(status);
  Reply(request, status, "application/json; charset=utf-8", ToJsonText(body));
}

}  // namespace dashboard
}  // namespace rocketmq
