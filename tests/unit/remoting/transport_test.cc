// Loopback tests of RemotingServer and RemotingClient.
#include <event2/event.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "protocol/response_code.h"
#include "remoting/connection.h"
#include "remoting/event_loop.h"
#include "remoting/frame_codec.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"
#include "test_support.h"

namespace rocketmq {
namespace remoting {
namespace {

using namespace std::chrono_literals;
using testing::Counter;
using testing::Gate;
using testing::RawListener;
using testing::RawSocket;
namespace ResponseCode = protocol::ResponseCode;

constexpr int32_t kEcho = 1;
constexpr int32_t kBlocking = 2;
constexpr int32_t kFailing = 3;
constexpr int32_t kThrowing = 4;
constexpr int32_t kCheckTransaction = 39;

// Records connection events for tests to await.
class RecordingListener : public ConnectionListener {
 public:
  void OnConnected(const std::shared_ptr<Connection>& connection) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last_ = connection;
    }
    connected.Add();
  }
  void OnClosed(const std::shared_ptr<Connection>& /*connection*/, const Status& reason) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      reasons_.push_back(reason);
    }
    closed.Add();
  }
  std::shared_ptr<Connection> last() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
  }
  Status reason(size_t i) {
    std::lock_guard<std::mutex> lock(mutex_);
    return i < reasons_.size() ? reasons_[i] : Status::Internal("no such close");
  }

  Counter connected;
  Counter closed;

 private:
  std::mutex mutex_;
  std::shared_ptr<Connection> last_;
  std::vector<Status> reasons_;
};

class TransportTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(0); }

  void TearDown() override {
    gate_.Open();
    if (client_) client_->Shutdown();
    if (server_) server_->Shutdown();
  }

  void StartServer(uint16_t port, RemotingServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = port;
    server_ = std::make_unique<RemotingServer>(options);
    server_->SetConnectionListener(listener_);
    server_->RegisterProcessor(
        kEcho,
        [this](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
          echoed_.Add();
          RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess);
          response.set_ext_fields(request.ext_fields());
          response.SetExtField("form", SerializeTypeName(request.serialize_type()));
          response.set_body(request.body().owned());
          return response;
        });
    server_->RegisterProcessor(
        kBlocking, [this](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
          blocked_.Add();
          gate_.Wait();
          return RemotingCommand::CreateResponse(ResponseCode::kSuccess);
        });
    server_->RegisterProcessor(
        kFailing, [](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
          return Status::InvalidArgument("topic is missing");
        });
    server_->RegisterProcessor(
        kThrowing, [](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
          throw std::runtime_error("boom");
        });
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    address_ = "127.0.0.1:" + std::to_string(server_->port());
  }

  RemotingClient& client(RemotingClientOptions options = {}) {
    if (!client_) {
      client_ = std::make_unique<RemotingClient>(options);
      EXPECT_TRUE(client_->Start().ok());
    }
    return *client_;
  }

  Result<RemotingCommand> Call(int32_t code, std::chrono::milliseconds timeout = 3s) {
    return client().InvokeSync(address_, RemotingCommand::CreateRequest(code), timeout);
  }

  std::shared_ptr<RecordingListener> listener_ = std::make_shared<RecordingListener>();
  std::unique_ptr<RemotingServer> server_;
  std::unique_ptr<RemotingClient> client_;
  std::string address_;
  Gate gate_;
  Counter echoed_;
  Counter blocked_;
};

TEST_F(TransportTest, ServerBindsAnEphemeralPort) { EXPECT_NE(server_->port(), 0); }

TEST_F(TransportTest, SyncRoundTripInBothHeaderForms) {
  for (SerializeType form : {SerializeType::kJson, SerializeType::kRocketMQ}) {
    RemotingClientOptions options;
    options.serialize_type = form;
    RemotingClient form_client(options);
    ASSERT_TRUE(form_client.Start().ok());
    RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
    request.SetExtField("topic", "TestTopic");
    request.set_body("hello");
    Result<RemotingCommand> response = form_client.InvokeSync(address_, request, 3s);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_TRUE(response->IsResponse());
    EXPECT_EQ(response->opaque(), request.opaque());
    EXPECT_EQ(response->code(), ResponseCode::kSuccess);
    EXPECT_EQ(*response->FindExtField("topic"), "TestTopic");
    EXPECT_EQ(*response->FindExtField("form"), SerializeTypeName(form));
    // The server answers in the request's form.
    EXPECT_EQ(response->serialize_type(), form);
    EXPECT_EQ(response->body().owned(), "hello");
  }
}

// A body read in many pieces (far more of the input buffer's chains than a frame decode
// takes at once) arrives whole and in order, both ways.
TEST_F(TransportTest, ALargeBodyArrivesWholeAndInOrder) {
  std::string body(3 * 1024 * 1024, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7 % 251);
  RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
  request.set_body(body);
  Result<RemotingCommand> response = client().InvokeSync(address_, request, 10s);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_TRUE(response->body().owned() == body);
}

// The sockets of this process, by descriptor.
std::set<int> OpenSockets() {
  std::set<int> sockets;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    std::error_code link_error;
    const std::string target = std::filesystem::read_symlink(entry.path(), link_error).string();
    if (!link_error && target.rfind("socket:", 0) == 0) {
      sockets.insert(std::stoi(entry.path().filename().string()));
    }
  }
  return sockets;
}

// Programs built on the SDK start other programs (our tests start brokers): none may inherit a
// listening, accepted or connecting socket.
TEST_F(TransportTest, NoSocketIsInheritedByAChildProgram) {
  server_->Shutdown();
  const std::set<int> before = OpenSockets();
  StartServer(0);
  ASSERT_TRUE(Call(kEcho).ok());
  ASSERT_TRUE(listener_->connected.WaitFor(1));
  std::vector<int> created;
  for (int fd : OpenSockets()) {
    if (before.count(fd) == 0) created.push_back(fd);
  }
  // The listener, the client's connection and the accepted one.
  ASSERT_GE(created.size(), 3u);
  for (int fd : created) {
    const int flags = ::fcntl(fd, F_GETFD);
    EXPECT_TRUE(flags >= 0 && (flags & FD_CLOEXEC) != 0) << "socket fd " << fd;
  }
}

TEST_F(TransportTest, CodesBeyondSixteenBitsTravelAsJsonEvenFromABinaryClient) {
  constexpr int32_t kPopMessage = 200050;
  server_->RegisterProcessor(
      kPopMessage,
      [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
        return RemotingCommand::CreateResponse(ResponseCode::kSuccess,
                                               SerializeTypeName(request.serialize_type()));
      });
  RemotingClientOptions options;
  options.serialize_type = SerializeType::kRocketMQ;
  Result<RemotingCommand> response =
      client(options).InvokeSync(address_, RemotingCommand::CreateRequest(kPopMessage), 3s);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->remark(), std::optional<std::string>("JSON"));
  Result<RemotingCommand> echoed = Call(kEcho);
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(*echoed->FindExtField("form"), "ROCKETMQ");
}

// A server started without accepting answers nothing until Accept(): the broker sets the
// store host, which needs the bound port, in between.
TEST_F(TransportTest, AServerAcceptsOnlyOnceToldTo) {
  server_->Shutdown();
  RemotingServerOptions options;
  options.accept_on_start = false;
  StartServer(0, options);
  Result<RemotingCommand> early = Call(kEcho, 300ms);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(echoed_.value(), 0);
  ASSERT_TRUE(server_->Accept().ok());
  Result<RemotingCommand> later = Call(kEcho, 3s);
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  EXPECT_EQ(later->code(), ResponseCode::kSuccess);
}

TEST_F(TransportTest, UnknownCodeIsNotSupported) {
  Result<RemotingCommand> response = Call(999);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->code(), ResponseCode::kRequestCodeNotSupported);
  EXPECT_EQ(response->remark(), std::optional<std::string>(" request type 999 not supported"));
}

TEST_F(TransportTest, ProcessorErrorsBecomeSystemError) {
  Result<RemotingCommand> failed = Call(kFailing);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->code(), ResponseCode::kSystemError);
  EXPECT_EQ(failed->remark(), std::optional<std::string>("topic is missing"));
  Result<RemotingCommand> thrown = Call(kThrowing);
  ASSERT_TRUE(thrown.ok());
  EXPECT_EQ(thrown->code(), ResponseCode::kSystemError);
  EXPECT_EQ(thrown->remark(), std::optional<std::string>("boom"));
}

TEST_F(TransportTest, DefaultProcessorTakesUnregisteredCodes) {
  server_->SetDefaultProcessor(MakeProcessor(
      [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
        return RemotingCommand::CreateResponse(ResponseCode::kSuccess,
                                               "default " + std::to_string(request.code()));
      }));
  Result<RemotingCommand> response = Call(777);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->remark(), std::optional<std::string>("default 777"));
}

TEST_F(TransportTest, OnewayRequestsGetNoResponse) {
  RawSocket socket = RawSocket::Connect(server_->port());
  ASSERT_TRUE(socket.valid());
  RemotingCommand oneway = RemotingCommand::CreateRequest(kEcho);
  oneway.MarkOneway();
  RemotingCommand unknown_oneway = RemotingCommand::CreateRequest(999);
  unknown_oneway.MarkOneway();
  RemotingCommand normal = RemotingCommand::CreateRequest(kEcho);
  ASSERT_TRUE(socket.Write(*EncodeFrame(oneway) + *EncodeFrame(unknown_oneway)));
  ASSERT_TRUE(echoed_.WaitFor(1));
  ASSERT_TRUE(socket.Write(*EncodeFrame(normal)));
  Result<RemotingCommand> first = socket.ReadCommand();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->opaque(), normal.opaque());
  ASSERT_TRUE(client().InvokeOneway(address_, RemotingCommand::CreateRequest(kEcho)).ok());
  EXPECT_TRUE(echoed_.WaitFor(3));
}

TEST_F(TransportTest, SyncTimeout) {
  const auto start = std::chrono::steady_clock::now();
  Result<RemotingCommand> response = Call(kBlocking, 200ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kTimeout) << response.status().ToString();
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 3s);
  // The late response is dropped; the connection keeps working.
  gate_.Open();
  EXPECT_TRUE(Call(kEcho).ok());
}

TEST_F(TransportTest, AsyncTimeoutCallsBackOnceOffTheIoThread) {
  Counter calls;
  std::atomic<int> code{-1};
  ASSERT_TRUE(client()
                  .InvokeAsync(address_, RemotingCommand::CreateRequest(kBlocking), 100ms,
                               [&](Result<RemotingCommand> result) {
                                 code = static_cast<int>(result.status().code());
                                 calls.Add();
                               })
                  .ok());
  ASSERT_TRUE(calls.WaitFor(1));
  EXPECT_EQ(code.load(), static_cast<int>(ErrorCode::kTimeout));
  gate_.Open();
  ASSERT_TRUE(Call(kEcho).ok());
  EXPECT_EQ(calls.value(), 1);
}

TEST_F(TransportTest, AsyncResponse) {
  Counter calls;
  std::string body;
  RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
  request.set_body("async");
  ASSERT_TRUE(client()
                  .InvokeAsync(address_, request, 3s,
                               [&](Result<RemotingCommand> result) {
                                 if (result.ok()) body = result->body().owned();
                                 calls.Add();
                               })
                  .ok());
  ASSERT_TRUE(calls.WaitFor(1));
  EXPECT_EQ(body, "async");
}

// Without a connection nothing is sent and none is opened; over one the request goes as by
// InvokeAsync.
TEST_F(TransportTest, AsyncIfConnectedSendsOnlyOverAnOpenConnection) {
  Counter calls;
  std::string body;
  auto on_response = [&](Result<RemotingCommand> result) {
    if (result.ok()) body = result->body().owned();
    calls.Add();
  };
  RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
  request.set_body("if-connected");
  Status sent = Status::Internal("untouched");
  EXPECT_FALSE(client().InvokeAsyncIfConnected(address_, request, 3s, on_response,
                                               CallbackThread::kExecutor, &sent));
  EXPECT_EQ(sent.code(), ErrorCode::kInternal);
  EXPECT_FALSE(client().IsConnected(address_));
  EXPECT_EQ(echoed_.value(), 0);

  ASSERT_TRUE(Call(kEcho).ok());
  ASSERT_TRUE(client().InvokeAsyncIfConnected(address_, request, 3s, on_response,
                                              CallbackThread::kExecutor, &sent));
  ASSERT_TRUE(sent.ok()) << sent.ToString();
  ASSERT_TRUE(calls.WaitFor(1));
  EXPECT_EQ(body, "if-connected");
  EXPECT_EQ(calls.value(), 1);
}

TEST_F(TransportTest, ConnectFailureIsANetworkError) {
  const std::string nowhere = "127.0.0.1:" + std::to_string(testing::UnusedPort());
  Result<RemotingCommand> response =
      client().InvokeSync(nowhere, RemotingCommand::CreateRequest(kEcho), 3s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
  EXPECT_FALSE(client().IsConnected(nowhere));
  EXPECT_EQ(
      client().InvokeSync("no-port", RemotingCommand::CreateRequest(kEcho), 1s).status().code(),
      ErrorCode::kInvalidArgument);
}

TEST_F(TransportTest, ConnectTimeout) {
  RawListener full(0);
  testing::BacklogFiller filler(full.port(), 4);
  RemotingClientOptions options;
  options.connection.connect_timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  Result<RemotingCommand> response =
      client(options).InvokeSync(full.address(), RemotingCommand::CreateRequest(kEcho), 10s);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), ErrorCode::kNetwork) << response.status().ToString();
  EXPECT_NE(response.status().message().find("timed out after 300 ms"), std::string::npos)
      << response.status().ToString();
  EXPECT_LT(elapsed, 5s);
}

TEST_F(TransportTest, ServerRestartAndClientReconnect) {
  ASSERT_TRUE(Call(kEcho).ok());
  const uint16_t port = server_->port();
  server_->Shutdown();
  Result<RemotingCommand> down = Call(kEcho, 1s);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), ErrorCode::kNetwork) << down.status().ToString();
  StartServer(port);
  Result<RemotingCommand> again = Call(kEcho);
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(TransportTest, ServerClosesAPeerThatStopsMidFrame) {
  RawSocket socket = RawSocket::Connect(server_->port());
  ASSERT_TRUE(listener_->connected.WaitFor(1));
  const std::string frame = *EncodeFrame(RemotingCommand::CreateRequest(kEcho));
  ASSERT_TRUE(socket.Write(frame.substr(0, frame.size() / 2)));
  socket.Close();
  ASSERT_TRUE(listener_->closed.WaitFor(1));
  EXPECT_EQ(listener_->reason(0).code(), ErrorCode::kNetwork);
  EXPECT_NE(listener_->reason(0).message().find("mid-frame"), std::string::npos)
      << listener_->reason(0).ToString();
  EXPECT_TRUE(Call(kEcho).ok());
}

TEST_F(TransportTest, ServerClosesOnMalformedFrame) {
  RawSocket socket = RawSocket::Connect(server_->port());
  ASSERT_TRUE(socket.Write(std::string("\x00\x00\x00\x08\x00\x00\x00\x04{{{{", 12)));
  EXPECT_TRUE(socket.WaitForClose());
  ASSERT_TRUE(listener_->closed.WaitFor(1));
  EXPECT_EQ(listener_->reason(0).code(), ErrorCode::kProtocol) << listener_->reason(0).ToString();
}

TEST_F(TransportTest, ServerClosesOnOversizedLength) {
  RawSocket socket = RawSocket::Connect(server_->port());
  ASSERT_TRUE(socket.Write(std::string("\x7f\xff\xff\xff", 4)));
  EXPECT_TRUE(socket.WaitForClose());
  ASSERT_TRUE(listener_->closed.WaitFor(1));
  EXPECT_NE(listener_->reason(0).message().find("exceeds the limit"), std::string::npos)
      << listener_->reason(0).ToString();
}

TEST_F(TransportTest, ClientFailsPendingWhenServerStopsMidFrame) {
  RawListener fake;
  Result<RemotingCommand> outcome = Status::Internal("not run");
  std::thread caller([&] {
    outcome = client().InvokeSync(fake.address(), RemotingCommand::CreateRequest(kEcho), 5s);
  });
  RawSocket peer = fake.Accept();
  ASSERT_TRUE(peer.valid());
  Result<RemotingCommand> request = peer.ReadCommand();
  ASSERT_TRUE(request.ok());
  const std::string response =
      *EncodeFrame(RemotingCommand::CreateResponseTo(*request, ResponseCode::kSuccess));
  ASSERT_TRUE(peer.Write(response.substr(0, 10)));
  peer.Close();
  caller.join();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), ErrorCode::kNetwork) << outcome.status().ToString();
}

TEST_F(TransportTest, ClientFailsPendingOnMalformedResponse) {
  RawListener fake;
  Result<RemotingCommand> outcome = Status::Internal("not run");
  std::thread caller([&] {
    outcome = client().InvokeSync(fake.address(), RemotingCommand::CreateRequest(kEcho), 5s);
  });
  RawSocket peer = fake.Accept();
  ASSERT_TRUE(peer.ReadCommand().ok());
  ASSERT_TRUE(peer.Write(std::string("\x00\x00\x00\x06\x05\x00\x00\x02{}", 10)));
  caller.join();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), ErrorCode::kProtocol) << outcome.status().ToString();
}

TEST_F(TransportTest, ServerSendsRequestsToItsClients) {
  client().RegisterProcessor(
      kCheckTransaction,
      [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess);
        response.SetExtField("seen", *request.FindExtField("msgId"));
        return response;
      });
  ASSERT_TRUE(Call(kEcho).ok());
  ASSERT_TRUE(listener_->connected.WaitFor(1));
  std::shared_ptr<Connection> to_client = listener_->last();
  ASSERT_NE(to_client, nullptr);
  RemotingCommand check = RemotingCommand::CreateRequest(kCheckTransaction);
  check.SetExtField("msgId", "ABC");
  Result<RemotingCommand> answer = server_->InvokeSync(to_client, check, 3s);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(*answer->FindExtField("seen"), "ABC");

  Counter calls;
  ASSERT_TRUE(server_
                  ->InvokeAsync(to_client, RemotingCommand::CreateRequest(999), 3s,
                                [&](Result<RemotingCommand> result) {
                                  EXPECT_TRUE(result.ok());
                                  if (result.ok()) {
                                    EXPECT_EQ(result->code(),
                                              ResponseCode::kRequestCodeNotSupported);
                                  }
                                  calls.Add();
                                })
                  .ok());
  EXPECT_TRUE(calls.WaitFor(1));
  EXPECT_TRUE(server_->InvokeOneway(to_client, RemotingCommand::CreateRequest(999)).ok());
}

TEST_F(TransportTest, ListenerSeesOpenAndClose) {
  ASSERT_TRUE(Call(kEcho).ok());
  ASSERT_TRUE(listener_->connected.WaitFor(1));
  EXPECT_EQ(server_->Connections().size(), 1u);
  client().CloseConnection(address_);
  ASSERT_TRUE(listener_->closed.WaitFor(1));
  EXPECT_EQ(listener_->reason(0).code(), ErrorCode::kNetwork);
  EXPECT_TRUE(server_->Connections().empty());
  EXPECT_TRUE(Call(kEcho).ok());
}

TEST_F(TransportTest, IdleConnectionsAreClosed) {
  RemotingServerOptions options;
  options.connection.idle_timeout = 200ms;
  server_->Shutdown();
  StartServer(0, options);
  ASSERT_TRUE(Call(kEcho).ok());
  ASSERT_TRUE(listener_->closed.WaitFor(1));
  EXPECT_EQ(listener_->reason(0).code(), ErrorCode::kTimeout) << listener_->reason(0).ToString();
}

TEST_F(TransportTest, FullExecutorAnswersSystemBusy) {
  auto executor = std::make_shared<ThreadPool>("tiny", 1, 1);
  Counter running;
  server_->RegisterProcessor(
      50,
      [this, &running](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
        running.Add();
        gate_.Wait();
        return RemotingCommand::CreateResponse(ResponseCode::kSuccess);
      },
      executor);
  Counter done;
  std::atomic<int> busy{0};
  auto send = [&] {
    ASSERT_TRUE(client()
                    .InvokeAsync(address_, RemotingCommand::CreateRequest(50), 5s,
                                 [&](Result<RemotingCommand> result) {
                                   if (result.ok() && result->code() == ResponseCode::kSystemBusy &&
                                       result->remark() ==
                                           std::optional<std::string>(
                                               "[OVERLOAD]system busy, start flow control for a "
                                               "while")) {
                                     ++busy;
                                   }
                                   done.Add();
                                 })
                    .ok());
  };
  send();
  ASSERT_TRUE(running.WaitFor(1));
  // One runs, the next waits in the queue, the last two are refused at once.
  for (int i = 0; i < 3; ++i) send();
  ASSERT_TRUE(done.WaitFor(2));
  EXPECT_EQ(busy.load(), 2);
  gate_.Open();
  ASSERT_TRUE(done.WaitFor(4));
  EXPECT_EQ(busy.load(), 2);
  executor->Shutdown();
}

TEST_F(TransportTest, ZeroCopySegmentsArriveInOrder) {
  auto mapped = std::make_shared<std::string>(100000, 'r');
  for (size_t i = 0; i < mapped->size(); ++i) (*mapped)[i] = static_cast<char>('a' + i % 26);
  server_->RegisterProcessor(
      60, [mapped](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess, "FOUND");
        response.set_body("head");
        response.mutable_body()->AppendReference(mapped->data(), 50000, mapped);
        response.mutable_body()->AppendReference(mapped->data() + 60000, 40000, mapped);
        return response;
      });
  Result<RemotingCommand> response = Call(60);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body().owned(),
            "head" + mapped->substr(0, 50000) + mapped->substr(60000, 40000));
}

// Small referenced segments (a producer's message body) are copied into the frame: the
// bytes arrive in order, and no reference is left behind.
TEST_F(TransportTest, SmallSegmentsAreCopiedIntoTheFrame) {
  auto body = std::make_shared<std::string>(3000, 'x');
  for (size_t i = 0; i < body->size(); ++i) (*body)[i] = static_cast<char>('a' + i % 26);
  server_->RegisterProcessor(
      61,
      [body](const std::shared_ptr<Connection>& connection,
             RemotingCommand& request) -> ProcessResult {
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess, "");
        response.set_body("head");
        response.mutable_body()->AppendReference(body->data(), 1000, body);
        response.mutable_body()->AppendReference(body->data() + 2000, 1000, body);
        EXPECT_TRUE(connection->Reply(request, std::move(response)).ok());
        return ProcessResult::Deferred();
      });
  Result<RemotingCommand> response = Call(61);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->body().owned(), "head" + body->substr(0, 1000) + body->substr(2000, 1000));
  // Ours and the processor's, once the server thread is done with its response (it may
  // still hold it when the answer arrives here).
  const auto deadline = std::chrono::steady_clock::now() + testing::kWait;
  while (body.use_count() > 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(body.use_count(), 2);
}

// A body of scattered small segments (a pull answer's records, which are copied into the
// output buffer run by run) with large ones (referenced) between them.
CommandBody ScatteredBody(const std::shared_ptr<const std::string>& mapped) {
  CommandBody body("head");
  size_t at = 0;
  for (int i = 0; i < 3000; ++i) {
    const size_t size = i % 100 == 50 ? 70000 : 1000 + i % 7;
    if (at + size > mapped->size()) at = 0;
    body.AppendReference(mapped->data() + at, size, mapped);
    at += size + 13;  // not adjacent: each its own segment
  }
  return body;
}

std::shared_ptr<std::string> MappedBytes() {
  auto mapped = std::make_shared<std::string>(4 * 1024 * 1024, '\0');
  for (size_t i = 0; i < mapped->size(); ++i) (*mapped)[i] = static_cast<char>(i * 7 % 251);
  return mapped;
}

// Queued by the I/O thread (a reply), and written by a blocking caller, which queues what
// the socket does not take at once from the middle of a segment or a run: either way
// every byte arrives in order, and the references are let go.
TEST_F(TransportTest, ScatteredSegmentsArriveInOrderBothWays) {
  const auto mapped = MappedBytes();
  const std::string expected = ScatteredBody(mapped).Flatten();
  ASSERT_GT(expected.size(), 3u * 1024 * 1024);
  server_->RegisterProcessor(
      62, [mapped](const std::shared_ptr<Connection>&, RemotingCommand&) -> ProcessResult {
        RemotingCommand response = RemotingCommand::CreateResponse(ResponseCode::kSuccess, "");
        *response.mutable_body() = ScatteredBody(mapped);
        return response;
      });
  Result<RemotingCommand> reply = Call(62, 10s);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_TRUE(reply->body().owned() == expected);

  RemotingCommand request = RemotingCommand::CreateRequest(kEcho);
  *request.mutable_body() = ScatteredBody(mapped);
  Result<RemotingCommand> echo = client().InvokeSync(address_, request, 10s);
  ASSERT_TRUE(echo.ok()) << echo.status().ToString();
  EXPECT_TRUE(echo->body().owned() == expected);
  request = RemotingCommand::CreateRequest(kEcho);

  const auto deadline = std::chrono::steady_clock::now() + testing::kWait;
  while (mapped.use_count() > 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(mapped.use_count(), 2);  // ours and the processor's
}

class TaggingHook : public RpcHook {
 public:
  explicit TaggingHook(bool refuse) : refuse_(refuse) {}
  Status BeforeRequest(const std::string&, RemotingCommand& request) override {
    if (refuse_ && request.FindExtField("AccessKey") == nullptr) {
      return Status::InvalidArgument("No accessKey is configured");
    }
    request.SetExtField("AccessKey", "ak");
    return Status::OK();
  }
  void AfterResponse(const std::string&, const RemotingCommand& request,
                     RemotingCommand& response) override {
    response.SetExtField("hooked-request-code", std::to_string(request.code()));
  }

 private:
  bool refuse_;
};

TEST_F(TransportTest, RpcHooksRunOnBothSides) {
  server_->AddRpcHook(std::make_shared<TaggingHook>(true));
  Result<RemotingCommand> refused = Call(kEcho);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->code(), ResponseCode::kSystemError);
  EXPECT_EQ(refused->remark(), std::optional<std::string>("No accessKey is configured"));

  client().AddRpcHook(std::make_shared<TaggingHook>(false));
  Result<RemotingCommand> signed_call = Call(kEcho);
  ASSERT_TRUE(signed_call.ok());
  EXPECT_EQ(signed_call->code(), ResponseCode::kSuccess);
  EXPECT_EQ(*signed_call->FindExtField("AccessKey"), "ak");
  EXPECT_EQ(*signed_call->FindExtField("hooked-request-code"), std::to_string(kEcho));
}

TEST_F(TransportTest, SlowReaderHitsTheOutboundLimit) {
  RawListener sink;
  RemotingClientOptions options;
  options.connection.max_outbound_bytes = 1 << 20;
  RemotingClient& limited = client(options);
  RemotingCommand big = RemotingCommand::CreateRequest(kEcho);
  big.set_body(std::string(64 * 1024, 'x'));
  Status last;
  int sent = 0;
  RawSocket peer(-1);
  for (int i = 0; i < 2000 && last.ok(); ++i) {
    last = limited.InvokeOneway(sink.address(), big);
    if (i == 0) peer = sink.Accept();
    if (last.ok()) ++sent;
  }
  EXPECT_EQ(last.code(), ErrorCode::kResourceExhausted) << last.ToString();
  EXPECT_GT(sent, 0);
}

// Small frames of busy senders are staged for the I/O thread rather than queued in the
// output buffer: the staged ones count towards the limit too.
TEST_F(TransportTest, SlowReaderOfSmallFramesHitsTheOutboundLimit) {
  RawListener sink;
  RemotingClientOptions options;
  options.connection.max_outbound_bytes = 1 << 20;
  RemotingClient& limited = client(options);
  RemotingCommand small = RemotingCommand::CreateRequest(kEcho);
  small.set_body(std::string(1024, 'x'));
  Status last;
  int sent = 0;
  RawSocket peer(-1);
  for (int i = 0; i < 100000 && last.ok(); ++i) {
    last = limited.InvokeOneway(sink.address(), small);
    if (i == 0) peer = sink.Accept();
    if (last.ok()) ++sent;
  }
  EXPECT_EQ(last.code(), ErrorCode::kResourceExhausted) << last.ToString();
  EXPECT_GT(sent, 0);
}

// Ignores what the connection reports, except that it is established.
class IgnoringHandler : public ConnectionHandler {
 public:
  void OnConnected(const std::shared_ptr<Connection>&) override { connected.set_value(); }
  std::promise<void> connected;
  void OnCommands(const std::shared_ptr<Connection>&, std::vector<RemotingCommand>) override {}
  void OnClosed(const std::shared_ptr<Connection>&, const Status&) override {}
};

// A client connection on a loop of its own to a raw peer socket, reporting to a `Handler`.
template <typename Handler>
class RawPeerConnectionTest : public ::testing::Test {
 protected:
  // Connects; the caller then waits for the handler to see the connection established.
  void Connect(const std::string& loop_name) {
    auto created = EventLoop::Create(loop_name);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    loop_ = *created;
    ASSERT_TRUE(loop_->Start().ok());
    auto connected = Connection::Connect(loop_, sink_.address(), ConnectionOptions{}, handler_);
    ASSERT_TRUE(connected.ok()) << connected.status().ToString();
    connection_ = *connected;
    peer_ = sink_.Accept();
    ASSERT_TRUE(peer_.valid());
  }
  void TearDown() override {
    if (connection_) connection_->Close();
    if (loop_) loop_->Stop();
  }

  RawListener sink_;
  std::shared_ptr<Handler> handler_ = std::make_shared<Handler>();
  std::shared_ptr<EventLoop> loop_;
  std::shared_ptr<Connection> connection_;
  RawSocket peer_{-1};
};

// Tests of Connection's write path.
class ConnectionTest : public RawPeerConnectionTest<IgnoringHandler> {
 protected:
  void SetUp() override {
    Connect("connection-test");
    if (HasFatalFailure()) return;
    // The connect's callback is deferred: a test that stops the loop before it ran would
    // leave it queued, holding the bufferevent past the loop's end (a leak under ASan).
    ASSERT_EQ(handler_->connected.get_future().wait_for(testing::kWait), std::future_status::ready);
  }

  // Parks the I/O thread until the returned promise is set: what a test sees the peer get
  // meanwhile was written from the calling threads.
  std::promise<void> BlockIoThread() {
    std::promise<void> release;
    std::promise<void> blocking;
    if (!loop_->Post([&blocking, released = release.get_future().share()] {
          blocking.set_value();
          released.wait();
        })) {
      ADD_FAILURE() << "the I/O thread takes no task";
      return release;
    }
    blocking.get_future().wait();
    return release;
  }
};

// Send stages a frame for the I/O thread while SendNow writes from the calling thread: a
// thread's frames must still reach the peer in the order it sent them.
TEST_F(ConnectionTest, QueuedAndDirectFramesOfOneThreadLeaveInOrder) {
  constexpr int kFrames = 2000;
  for (int i = 0; i < kFrames; ++i) {
    RemotingCommand frame = RemotingCommand::CreateRequest(kEcho);
    frame.set_opaque(i);
    frame.set_body(std::string(100, 'x'));
    // Runs of queued frames between direct ones.
    ASSERT_TRUE((i % 7 == 6 ? connection_->SendNow(frame) : connection_->Send(frame)).ok());
  }
  for (int i = 0; i < kFrames; ++i) {
    Result<RemotingCommand> received = peer_.ReadCommand();
    ASSERT_TRUE(received.ok()) << received.status().ToString();
    ASSERT_EQ(received->opaque(), i);
  }
}

// Senders writing from their own threads at once: a frame that finds another sender writing
// joins that write instead of waiting for the connection. Every frame must still reach the
// peer whole, each thread's in order, and without the I/O thread (blocked here).
TEST_F(ConnectionTest, ConcurrentDirectWritersLeaveEveryFrameWithoutTheIoThread) {
  std::promise<void> release = BlockIoThread();
  // ~50 KiB in all: what the socket takes without the peer reading, so that no sender's
  // write is cut short and left queued for the blocked I/O thread.
  constexpr int kThreads = 4;
  constexpr int kFrames = 100;
  std::vector<std::thread> senders;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([this, t, &failed] {
      for (int i = 0; i < kFrames; ++i) {
        RemotingCommand frame = RemotingCommand::CreateRequest(kEcho);
        frame.set_opaque(t * kFrames + i);
        frame.set_body(std::string(100 + t, static_cast<char>('a' + t)));
        if (!connection_->SendNow(frame).ok()) failed.fetch_add(1);
      }
    });
  }
  std::vector<int> next(kThreads, 0);
  bool in_order = true;
  for (int n = 0; n < kThreads * kFrames && in_order; ++n) {
    Result<RemotingCommand> received = peer_.ReadCommand();
    if (!received.ok()) {
      ADD_FAILURE() << received.status().ToString();
      break;
    }
    const int t = received->opaque() / kFrames;
    in_order = t >= 0 && t < kThreads && received->opaque() % kFrames == next[t] &&
               received->body().owned() == std::string(100 + t, static_cast<char>('a' + t));
    if (in_order) ++next[t];
  }
  release.set_value();
  for (std::thread& sender : senders) sender.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(next, std::vector<int>(kThreads, kFrames));
}

// A frame whose body is too large to copy behind its head (a batch a caller waits on) is
// written from the calling thread too: it reaches the peer while the I/O thread is busy.
TEST_F(ConnectionTest, SendNowWritesALargeReferencedBodyFromTheCallingThread) {
  std::promise<void> release = BlockIoThread();
  auto body = std::make_shared<std::string>(40 * 1024, 'x');
  for (size_t i = 0; i < body->size(); ++i) (*body)[i] = static_cast<char>('a' + i % 26);
  RemotingCommand frame = RemotingCommand::CreateRequest(kEcho);
  frame.set_opaque(7);
  frame.mutable_body()->AppendReference(body->data(), body->size(), body);
  Status sent = connection_->SendNow(frame);
  Result<RemotingCommand> received = peer_.ReadCommand();
  release.set_value();
  ASSERT_TRUE(sent.ok()) << sent.ToString();
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  EXPECT_EQ(received->opaque(), 7);
  EXPECT_EQ(received->body().owned(), *body);
}

// Records what a connection reads and why it closed, for tests of its read path.
class ReadingHandler : public ConnectionHandler {
 public:
  void OnConnected(const std::shared_ptr<Connection>&) override { connected.Add(); }
  void OnCommands(const std::shared_ptr<Connection>&,
                  std::vector<RemotingCommand> commands) override {
    const int count = static_cast<int>(commands.size());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (RemotingCommand& command : commands) received_.push_back(std::move(command));
    }
    frames.Add(count);
  }
  void OnClosed(const std::shared_ptr<Connection>&, const Status& reason) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      close_reason_ = reason;
    }
    closed.Add();
  }
  std::vector<RemotingCommand> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }
  Status close_reason() {
    std::lock_guard<std::mutex> lock(mutex_);
    return close_reason_;
  }

  Counter connected;
  Counter frames;
  Counter closed;

 private:
  std::mutex mutex_;
  std::vector<RemotingCommand> received_;
  Status close_reason_;
};

// A client connection reading what a raw peer writes.
class ConnectionReadTest : public RawPeerConnectionTest<ReadingHandler> {
 protected:
  void SetUp() override {
    Connect("connection-read-test");
    if (HasFatalFailure()) return;
    ASSERT_TRUE(handler_->connected.WaitFor(1));
  }
};

// The most a plaintext read turn takes from the socket (libevent's 4 KiB and the 64 KiB
// Connection reads behind it).
constexpr size_t kReadTurnBytes = 68 * 1024;

// A frame of `body_bytes` whose opaque and body say which it is.
std::string NumberedFrame(int32_t number, size_t body_bytes) {
  RemotingCommand command = RemotingCommand::CreateRequest(kEcho);
  command.set_opaque(number);
  std::string body(body_bytes, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>((i + number) * 13 % 251);
  command.set_body(std::move(body));
  return *EncodeFrame(command);
}

// Frames arrive whole and in order however the stream is cut: many small frames in one read,
// frames larger than a read turn, and cuts inside the length field, the header and the body.
TEST_F(ConnectionReadTest, FramesArriveWholeHoweverTheStreamIsCut) {
  std::vector<size_t> sizes;
  for (int i = 0; i < 400; ++i) {
    // Runs of small frames with a large one now and then.
    sizes.push_back(i % 97 == 40 ? kReadTurnBytes + 1000 * (i % 5) + 7
                                 : static_cast<size_t>(i * 37 % 1500));
  }
  sizes.push_back(3 * kReadTurnBytes + 5);
  std::string stream;
  for (size_t i = 0; i < sizes.size(); ++i) {
    stream += NumberedFrame(static_cast<int32_t>(i), sizes[i]);
  }
  // The first half in one write, as a burst lands in one read; the rest in pieces of sizes
  // that cut frames anywhere, the length field included.
  const size_t half = stream.size() / 2;
  ASSERT_TRUE(peer_.Write(stream.substr(0, half)));
  const size_t cuts[] = {1, 2, 3, 5, 8, 13, 700, 4096, 70000};
  size_t at = half;
  for (size_t i = 0; at < stream.size(); ++i) {
    const size_t piece = std::min(cuts[i % (sizeof cuts / sizeof cuts[0])], stream.size() - at);
    ASSERT_TRUE(peer_.Write(stream.substr(at, piece)));
    at += piece;
  }
  ASSERT_TRUE(handler_->frames.WaitFor(static_cast<int>(sizes.size())));
  const std::vector<RemotingCommand> received = handler_->received();
  ASSERT_EQ(received.size(), sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    const Result<RemotingCommand> expected =
        DecodeFrame(NumberedFrame(static_cast<int32_t>(i), sizes[i]));
    ASSERT_TRUE(expected.ok());
    ASSERT_EQ(received[i].opaque(), static_cast<int32_t>(i));
    ASSERT_TRUE(received[i].body().owned() == expected->body().owned()) << "frame " << i;
  }
  EXPECT_EQ(handler_->closed.value(), 0);
}

// A peer that closes inside a frame's length field, or inside a frame larger than a read, is
// reported as closing mid-frame, after the whole frames before it.
TEST_F(ConnectionReadTest, APeerClosingMidFrameIsReportedAfterTheWholeFrames) {
  ASSERT_TRUE(peer_.Write(NumberedFrame(1, 10) + NumberedFrame(2, 10).substr(0, 2)));
  peer_.Close();
  ASSERT_TRUE(handler_->closed.WaitFor(1));
  EXPECT_EQ(handler_->frames.value(), 1);
  EXPECT_EQ(handler_->close_reason().code(), ErrorCode::kNetwork);
  EXPECT_NE(handler_->close_reason().message().find("mid-frame (2 bytes"), std::string::npos)
      << handler_->close_reason().ToString();
}

TEST_F(ConnectionReadTest, APeerClosingInsideALargeFrameIsReportedMidFrame) {
  const std::string large = NumberedFrame(1, 2 * kReadTurnBytes);
  ASSERT_TRUE(peer_.Write(NumberedFrame(0, 10) + large.substr(0, large.size() - 1)));
  peer_.Close();
  ASSERT_TRUE(handler_->closed.WaitFor(1));
  EXPECT_EQ(handler_->frames.value(), 1);
  EXPECT_NE(handler_->close_reason().message().find("mid-frame (" +
                                                    std::to_string(large.size() - 1) + " bytes"),
            std::string::npos)
      << handler_->close_reason().ToString();
}

// libevent writes sockets with writev: a peer that closed would raise SIGPIPE in the
// writing thread and kill the process of whoever links the library, unless the I/O
// threads block it.
TEST(EventLoopTest, IoThreadsBlockSigpipe) {
  auto loop = EventLoop::Create("sigpipe-test");
  ASSERT_TRUE(loop.ok()) << loop.status().ToString();
  ASSERT_TRUE((*loop)->Start().ok());
  std::promise<bool> blocked;
  ASSERT_TRUE((*loop)->Post([&blocked] {
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    blocked.set_value(sigismember(&mask, SIGPIPE) == 1);
  }));
  std::future<bool> answer = blocked.get_future();
  ASSERT_EQ(answer.wait_for(testing::kWait), std::future_status::ready);
  EXPECT_TRUE(answer.get());
  (*loop)->Stop();
}

// Activate runs an event's callback on the loop thread; one activated before Stop still runs
// (a connection's flush of the frames staged before it), and none is accepted after.
TEST(EventLoopTest, ActivatedEventsRunOnTheLoopThreadUntilStop) {
  auto loop = EventLoop::Create("activate-test");
  ASSERT_TRUE(loop.ok()) << loop.status().ToString();
  ASSERT_TRUE((*loop)->Start().ok());
  struct Runs {
    EventLoop* loop;
    std::atomic<int> count{0};
    std::atomic<bool> on_loop_thread{true};
  } runs{loop->get()};
  event* ev = event_new((*loop)->base(), -1, 0,
                        [](evutil_socket_t, short, void* arg) {
                          auto* seen = static_cast<Runs*>(arg);
                          if (!seen->loop->InLoopThread()) seen->on_loop_thread = false;
                          ++seen->count;
                        },
                        &runs);
  ASSERT_NE(ev, nullptr);
  ASSERT_TRUE((*loop)->Activate(ev));
  (*loop)->Stop();
  EXPECT_EQ(runs.count.load(), 1);
  EXPECT_TRUE(runs.on_loop_thread.load());
  EXPECT_FALSE((*loop)->Activate(ev));
  event_free(ev);
}

// Frames staged for the I/O thread once its loop has stopped would never leave: refused.
TEST_F(ConnectionTest, SendAfterTheLoopStoppedFails) {
  loop_->Stop();
  RemotingCommand frame = RemotingCommand::CreateRequest(kEcho);
  frame.set_body(std::string(100, 'x'));
  EXPECT_EQ(connection_->Send(frame).code(), ErrorCode::kNetwork);
}

TEST_F(TransportTest, OversizedFramesAreRefusedBeforeSending) {
  RemotingClientOptions options;
  options.connection.max_frame_bytes = 4096;
  RemotingCommand big = RemotingCommand::CreateRequest(kEcho);
  big.set_body(std::string(5000, 'x'));
  Result<RemotingCommand> refused = client(options).InvokeSync(address_, big, 3s);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kInvalidArgument) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("exceeds the frame limit of 4096"), std::string::npos);
  big.set_body(std::string(1000, 'x'));
  EXPECT_TRUE(client().InvokeSync(address_, big, 3s).ok());
}

TEST_F(TransportTest, InvokeBeforeStartOrAfterShutdownIsIllegalState) {
  RemotingClient idle(RemotingClientOptions{});
  EXPECT_EQ(idle.InvokeSync(address_, RemotingCommand::CreateRequest(kEcho), 1s).status().code(),
            ErrorCode::kIllegalState);
  ASSERT_TRUE(idle.Start().ok());
  idle.Shutdown();
  EXPECT_EQ(idle.InvokeOneway(address_, RemotingCommand::CreateRequest(kEcho)).code(),
            ErrorCode::kIllegalState);
}

TEST_F(TransportTest, ShutdownCancelsEveryPendingRequestOnce) {
  constexpr int kRequests = 50;
  Result<RemotingCommand> sync_outcome = Status::Internal("not run");
  client();
  std::thread sync_caller([&] { sync_outcome = Call(kBlocking, 30s); });
  // The sync request is in flight once the server is processing it.
  ASSERT_TRUE(blocked_.WaitFor(1));
  Counter callbacks;
  std::atomic<int> cancelled{0};
  for (int i = 0; i < kRequests; ++i) {
    ASSERT_TRUE(client()
                    .InvokeAsync(address_, RemotingCommand::CreateRequest(kBlocking), 30s,
                                 [&](Result<RemotingCommand> result) {
                                   if (result.status().code() == ErrorCode::kCancelled) ++cancelled;
                                   callbacks.Add();
                                 })
                    .ok());
  }
  const auto start = std::chrono::steady_clock::now();
  client_->Shutdown();
  sync_caller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(callbacks.value(), kRequests);
  EXPECT_EQ(cancelled.load(), kRequests);
  EXPECT_EQ(sync_outcome.status().code(), ErrorCode::kCancelled);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
