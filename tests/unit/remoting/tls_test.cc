// TLS on remoting connections: enforcing and permissive servers, plaintext and TLS clients.
#include <gtest/gtest.h>

#include <memory>
#include <string>

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
