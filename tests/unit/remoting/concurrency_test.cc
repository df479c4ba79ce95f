// Many requests in flight at once, from many threads, over one connection.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "protocol/response_code.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"
#include "test_support.h"

namespace rocketmq {
namespace remoting {
namespace {

using namespace std::chrono_literals;
using testing::Counter;

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RemotingServerOptions options;
    options.host = "127.0.0.1";
    server_ = std::make_unique<RemotingServer>(options);
    server_->RegisterProcessor(
        1, [](const std::shared_ptr<Connection>&, RemotingCommand& request) -> ProcessResult {
          RemotingCommand response =
              RemotingCommand::CreateResponse(protocol::ResponseCode::kSuccess);
          response.set_ext_fields(request.ext_fields());
          response.set_body(request.body().owned());
          return response;
        });
    ASSERT_TRUE(server_->Start().ok());
    address_ = "127.0.0.1:" + std::to_string(server_->port());
    client_ = std::make_unique<RemotingClient>(RemotingClientOptions{});
    ASSERT_TRUE(client_->Start().ok());
  }
  void TearDown() override {
    client_->Shutdown();
    server_->Shutdown();
  }

  std::unique_ptr<RemotingServer> server_;
  std::unique_ptr<RemotingClient> client_;
  std::string address_;
};

TEST_F(ConcurrencyTest, EightThreadsThousandSyncRequestsEach) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 1000;
  std::atomic<int> matched{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        RemotingCommand request = RemotingCommand::CreateRequest(1);
        const std::string tag = std::to_string(t) + "/" + std::to_string(i);
        request.SetExtField("tag", tag);
        request.set_body(tag);
        Result<RemotingCommand> response = client_->InvokeSync(address_, request, 10s);
        if (response.ok() && response->opaque() == request.opaque() &&
            *response->FindExtField("tag") == tag && response->body().owned() == tag) {
          ++matched;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(matched.load(), kThreads * kPerThread);
}

TEST_F(ConcurrencyTest, ThousandsOfAsyncRequestsInFlight) {
  constexpr int kRequests = 5000;
  Counter done;
  std::atomic<int> matched{0};
  for (int i = 0; i < kRequests; ++i) {
    RemotingCommand request = RemotingCommand::CreateRequest(1);
    const std::string tag = std::to_string(i);
    request.SetExtField("tag", tag);
    ASSERT_TRUE(client_
                    ->InvokeAsync(address_, request, 20s,
                                  [&, tag](Result<RemotingCommand> response) {
                                    if (response.ok() && *response->FindExtField("tag") == tag) {
                                      ++matched;
                                    }
                                    done.Add();
                                  })
                    .ok());
  }
  ASSERT_TRUE(done.WaitFor(kRequests, 30s));
  EXPECT_EQ(matched.load(), kRequests);
}

TEST_F(ConcurrencyTest, ShutdownWhileThreadsAreCalling) {
  std::atomic<bool> stop{false};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000 && !stop; ++i) {
        Result<RemotingCommand> response =
            client_->InvokeSync(address_, RemotingCommand::CreateRequest(1), 10s);
        if (response.ok()) continue;
        const ErrorCode code = response.status().code();
        if (code != ErrorCode::kCancelled && code != ErrorCode::kIllegalState &&
            code != ErrorCode::kNetwork) {
          ++unexpected;
        }
      }
    });
  }
  Counter progress;
  for (int i = 0; i < 200; ++i) {
    if (client_->InvokeSync(address_, RemotingCommand::CreateRequest(1), 10s).ok()) progress.Add();
  }
  client_->Shutdown();
  stop = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(progress.value(), 200);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
