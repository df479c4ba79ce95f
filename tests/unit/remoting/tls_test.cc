// TLS on remoting connections: enforcing and permissive servers, plaintext and TLS clients.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "protocol/response_code.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"

namespace rocketmq {
namespace remoting {
namespace {

using namespace std::chrono_literals;

constexpr int32_t kEcho = 1;

std::unique_ptr<RemotingServer> StartServer(TlsMode mode) {
  RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.tls.mode = mode;
  auto server = std::make_unique<RemotingServer>(options);
  server->RegisterProcessor(
      kEcho, [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
        RemotingCommand response =
            RemotingCommand::CreateResponse(protocol::ResponseCode::kSuccess);
        response.set_body(request.body().owned());
        return response;
      });
  Status started = server->Start();
  EXPECT_TRUE(started.ok()) << started.ToString();
  return server;
}

std::unique_ptr<RemotingClient> StartClient(TlsMode mode) {
  RemotingClientOptions options;
  options.tls.mode = mode;
  auto client = std::make_unique<RemotingClient>(options);
  Status started = client->Start();
  EXPECT_TRUE(started.ok()) << started.ToString();
  return client;
}

Result<RemotingCommand> Echo(RemotingClient& client, const RemotingServer& server,
                             std::string body) {
  RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
  request.set_body(std::move(body));
  return client.InvokeSync("127.0.0.1:" + std::to_string(server.port()), std::move(request), 5s);
}

TEST(TlsTest, EnforcingServerAndTlsClient) {
  auto server = StartServer(TlsMode::kEnforcing);
  auto client = StartClient(TlsMode::kEnforcing);
  Result<RemotingCommand> small = Echo(*client, *server, "over tls");
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(small->body().owned(), "over tls");
  const std::string big(1 << 20, 'z');
  Result<RemotingCommand> large = Echo(*client, *server, big);
  ASSERT_TRUE(large.ok()) << large.status().ToString();
  EXPECT_EQ(large->body().owned(), big);
  client->Shutdown();
  server->Shutdown();
}

TEST(TlsTest, PermissiveServerTakesBothKinds) {
  auto server = StartServer(TlsMode::kPermissive);
  auto plain = StartClient(TlsMode::kDisabled);
  auto secure = StartClient(TlsMode::kPermissive);
  Result<RemotingCommand> from_plain = Echo(*plain, *server, "plain");
  ASSERT_TRUE(from_plain.ok()) << from_plain.status().ToString();
  EXPECT_EQ(from_plain->body().owned(), "plain");
  Result<RemotingCommand> from_secure = Echo(*secure, *server, "secure");
  ASSERT_TRUE(from_secure.ok()) << from_secure.status().ToString();
  EXPECT_EQ(from_secure->body().owned(), "secure");
  plain->Shutdown();
  secure->Shutdown();
  server->Shutdown();
}

TEST(TlsTest, PlaintextClientIsRefusedByEnforcingServer) {
  auto server = StartServer(TlsMode::kEnforcing);
  auto plain = StartClient(TlsMode::kDisabled);
  Result<RemotingCommand> response = Echo(*plain, *server, "plain");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
  plain->Shutdown();
  server->Shutdown();
}

TEST(TlsTest, TlsClientFailsAgainstPlaintextServer) {
  auto server = StartServer(TlsMode::kDisabled);
  auto secure = StartClient(TlsMode::kEnforcing);
  Result<RemotingCommand> response = Echo(*secure, *server, "secure");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
  secure->Shutdown();
  server->Shutdown();
}

// Many 1 KiB frames from several threads at once: TLS records are encrypted on the senders'
// threads and leave through the socket bufferevent in bulk, so frames must neither
// interleave nor go missing.
TEST(TlsTest, ConcurrentAsyncRequestsAllComeBackIntact) {
  auto server = StartServer(TlsMode::kEnforcing);
  auto client = StartClient(TlsMode::kEnforcing);
  const std::string address = "127.0.0.1:" + std::to_string(server->port());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 300;
  std::mutex mutex;
  std::condition_variable done;
  int answered = 0;
  std::atomic<int> intact{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string body(1024, static_cast<char>('a' + t));
        body += std::to_string(i);
        RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
        request.set_body(body);
        Status sent = client->InvokeAsync(address, std::move(request), 10s,
                                          [&, body](Result<RemotingCommand> response) {
                                            if (response.ok() && response->body().owned() == body)
                                              ++intact;
                                            std::lock_guard<std::mutex> lock(mutex);
                                            ++answered;
                                            done.notify_all();
                                          });
        if (!sent.ok()) {
          std::lock_guard<std::mutex> lock(mutex);
          ++answered;
          done.notify_all();
        }
      }
    });
  }
  for (std::thread& sender : senders) sender.join();
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(done.wait_for(lock, 20s, [&] { return answered == kThreads * kPerThread; }));
  }
  EXPECT_EQ(intact.load(), kThreads * kPerThread);
  client->Shutdown();
  server->Shutdown();
}

// A peer that accepts TCP but never answers the TLS handshake: the connect timeout bounds
// the handshake as well, well before the request's own timeout.
TEST(TlsTest, SilentPeerFailsTheHandshakeAtTheConnectTimeout) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  RemotingClientOptions options;
  options.tls.mode = TlsMode::kEnforcing;
  options.connection.connect_timeout = 300ms;
  RemotingClient client(options);
  ASSERT_TRUE(client.Start().ok());
  const auto start = std::chrono::steady_clock::now();
  Result<RemotingCommand> response =
      client.InvokeSync("127.0.0.1:" + std::to_string(ntohs(address.sin_port)),
                        RemotingCommand::CreateRequest(kEcho), 10s);
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
  EXPECT_LT(waited, 5s) << response.status().ToString();
  client.Shutdown();
  close(listener);
}

TEST(TlsTest, MissingCertificateFileIsAClearError) {
  RemotingServerOptions options;
  options.host = "127.0.0.1";
  options.tls.mode = TlsMode::kEnforcing;
  options.tls.certificate_path = "/nonexistent/server.pem";
  RemotingServer server(options);
  Status started = server.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(started.message().find("/nonexistent/server.pem"), std::string::npos)
      << started.ToString();
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
