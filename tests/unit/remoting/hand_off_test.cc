// Where work runs and when frames leave: inline processors on the I/O thread, blocking ones
// on executors, callbacks of one read batched off the I/O thread, OutboundBatch holding
// frames until it ends, and an async request on an idle connection written by its caller.
#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "remoting/event_loop.h"
#include "remoting/frame_codec.h"
#include "remoting/remoting_client.h"
#include "remoting/remoting_server.h"
#include "remoting/rpc_hook.h"
#include "test_support.h"

namespace rocketmq {
namespace remoting {
namespace {

using namespace std::chrono_literals;
using testing::Counter;
using testing::RawListener;
using testing::RawSocket;

constexpr int32_t kInline = 1;
constexpr int32_t kOnExecutor = 2;
constexpr int32_t kInlineIfAsked = 3;
constexpr int32_t kDecidesWhileProcessing = 4;

std::string ThreadName() {
  char name[16] = {0};
  pthread_getname_np(pthread_self(), name, sizeof(name));
  return name;
}

// Answers with the name of the thread that processed the request.
ProcessResult AnswerWithThreadName(const std::shared_ptr<Connection>&, RemotingCommand&) {
  RemotingCommand response = RemotingCommand::CreateResponse(0);
  response.SetExtField("thread", ThreadName());
  return response;
}

// Inline only for requests that say so: the decision is per request.
class InlineIfAsked : public RequestProcessor {
 public:
  ProcessResult Process(const std::shared_ptr<Connection>& connection,
                        RemotingCommand& request) override {
    return AnswerWithThreadName(connection, request);
  }
  bool CanProcessInline(const RemotingCommand& request) const override {
    const std::string* asked = request.FindExtField("inline");
    return asked != nullptr && *asked == "true";
  }
};

// Decides inline and processes in one call, taking the "inline" field out of the request
// as a processor decoding its header moves it out. Answers which of its methods ran.
class DecidesWhileProcessing : public InlineIfAsked {
 public:
  ProcessResult Process(const std::shared_ptr<Connection>& connection,
                        RemotingCommand& request) override {
    return Via("Process", connection, request);
  }
  std::optional<ProcessResult> ProcessIfInline(const std::shared_ptr<Connection>& connection,
                                               RemotingCommand& request) override {
    if (!CanProcessInline(request)) return std::nullopt;
    request.mutable_ext_fields()->erase("inline");
    return Via("ProcessIfInline", connection, request);
  }

 private:
  static ProcessResult Via(const std::string& method, const std::shared_ptr<Connection>& connection,
                           RemotingCommand& request) {
    ProcessResult result = AnswerWithThreadName(connection, request);
    result.response()->SetExtField("via", method);
    return result;
  }
};

// Counts the requests it sees; refuses none.
class CountingHook : public RpcHook {
 public:
  Status BeforeRequest(const std::string&, RemotingCommand&) override {
    seen.fetch_add(1);
    return Status::OK();
  }
  void AfterResponse(const std::string&, const RemotingCommand&, RemotingCommand&) override {}
  std::atomic<int> seen{0};
};

class HandOffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RemotingServerOptions options;
    options.host = "127.0.0.1";
    options.io_threads = 1;
    server_ = std::make_unique<RemotingServer>(options);
    server_->RegisterProcessor(kInline, MakeProcessor(AnswerWithThreadName, true));
    server_->RegisterProcessor(kOnExecutor, AnswerWithThreadName);
    server_->RegisterProcessor(kInlineIfAsked, std::make_shared<InlineIfAsked>());
    server_->RegisterProcessor(kDecidesWhileProcessing, std::make_shared<DecidesWhileProcessing>());
    ASSERT_TRUE(server_->Start().ok());
    address_ = "127.0.0.1:" + std::to_string(server_->port());
    ASSERT_TRUE(client_.Start().ok());
  }

  std::string ProcessedOn(RemotingCommand request) { return Answered(std::move(request)).first; }

  // The thread that processed `request` and the method that answered ("" for none said).
  std::pair<std::string, std::string> Answered(RemotingCommand request) {
    Result<RemotingCommand> response = client_.InvokeSync(address_, std::move(request), 3s);
    if (!response.ok()) return {response.status().ToString(), ""};
    const std::string* thread = response->FindExtField("thread");
    const std::string* via = response->FindExtField("via");
    return {thread == nullptr ? "?" : *thread, via == nullptr ? "" : *via};
  }

  static RemotingCommand AskedInline(int32_t code) {
    RemotingCommand request = RemotingCommand::CreateRequest(code);
    request.SetExtField("inline", "true");
    return request;
  }

  std::unique_ptr<RemotingServer> server_;
  RemotingClient client_{RemotingClientOptions{}};
  std::string address_;
};

TEST_F(HandOffTest, InlineProcessorsRunOnTheIoThreadOthersOnTheExecutor) {
  EXPECT_EQ(ProcessedOn(RemotingCommand::CreateRequest(kInline)).rfind("rmq-srv-io", 0), 0u);
  EXPECT_EQ(ProcessedOn(RemotingCommand::CreateRequest(kOnExecutor)).rfind("rmq-srv-proc", 0), 0u);
  RemotingCommand asked = RemotingCommand::CreateRequest(kInlineIfAsked);
  asked.SetExtField("inline", "true");
  EXPECT_EQ(ProcessedOn(asked).rfind("rmq-srv-io", 0), 0u);
  EXPECT_EQ(ProcessedOn(RemotingCommand::CreateRequest(kInlineIfAsked)).rfind("rmq-srv-proc", 0),
            0u);
}

TEST_F(HandOffTest, WithoutHooksTheInlineDecisionAndTheProcessingAreOneCall) {
  auto [thread, via] = Answered(AskedInline(kDecidesWhileProcessing));
  EXPECT_EQ(thread.rfind("rmq-srv-io", 0), 0u) << thread;
  EXPECT_EQ(via, "ProcessIfInline");
  std::tie(thread, via) = Answered(RemotingCommand::CreateRequest(kDecidesWhileProcessing));
  EXPECT_EQ(thread.rfind("rmq-srv-proc", 0), 0u) << thread;
  EXPECT_EQ(via, "Process");
}

TEST_F(HandOffTest, WithAHookTheHookSeesTheRequestBeforeTheInlineProcessorDoes) {
  auto hook = std::make_shared<CountingHook>();
  server_->AddRpcHook(hook);
  auto [thread, via] = Answered(AskedInline(kDecidesWhileProcessing));
  EXPECT_EQ(thread.rfind("rmq-srv-io", 0), 0u) << thread;
  EXPECT_EQ(via, "Process");
  EXPECT_EQ(hook->seen.load(), 1);
  std::tie(thread, via) = Answered(RemotingCommand::CreateRequest(kDecidesWhileProcessing));
  EXPECT_EQ(thread.rfind("rmq-srv-proc", 0), 0u) << thread;
  EXPECT_EQ(via, "Process");
  EXPECT_EQ(hook->seen.load(), 2);
}

TEST_F(HandOffTest, EveryCallbackOfABurstRunsOnceOffTheIoThreadEvenIfOneThrows) {
  constexpr int kRequests = 500;
  Counter calls;
  std::mutex mutex;
  std::vector<int> seen(kRequests, 0);
  std::vector<std::string> threads;
  for (int i = 0; i < kRequests; ++i) {
    Status sent =
        client_.InvokeAsync(address_, RemotingCommand::CreateRequest(kInline), 5s,
                            [&, i](Result<RemotingCommand> response) {
                              {
                                std::lock_guard<std::mutex> lock(mutex);
                                ++seen[i];
                                if (!response.ok())
                                  threads.push_back("failed: " + response.status().ToString());
                                if (i % 100 == 0) threads.push_back(ThreadName());
                              }
                              calls.Add();
                              if (i == 0) throw std::runtime_error("a callback that throws");
                            });
    ASSERT_TRUE(sent.ok()) << sent.ToString();
  }
  ASSERT_TRUE(calls.WaitFor(kRequests));
  std::lock_guard<std::mutex> lock(mutex);
  for (int i = 0; i < kRequests; ++i) EXPECT_EQ(seen[i], 1) << "request " << i;
  for (const std::string& thread : threads) EXPECT_EQ(thread.rfind("rmq-cli-cb", 0), 0u) << thread;
}

TEST_F(HandOffTest, IoThreadCallbacksRunOnTheIoThreadAndTheirFailuresOnTheExecutor) {
  std::mutex mutex;
  std::vector<std::string> threads;
  Counter calls;
  auto record = [&](Result<RemotingCommand> response) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      threads.push_back((response.ok() ? "ok " : "failed ") + ThreadName());
    }
    calls.Add();
  };
  ASSERT_TRUE(client_
                  .InvokeAsync(address_, RemotingCommand::CreateRequest(kInline), 5s, record,
                               CallbackThread::kIoThread)
                  .ok());
  ASSERT_TRUE(calls.WaitFor(1));
  // A peer that never answers: the request times out.
  RawListener silent;
  ASSERT_TRUE(client_
                  .InvokeAsync(silent.address(), RemotingCommand::CreateRequest(kInline), 200ms,
                               record, CallbackThread::kIoThread)
                  .ok());
  ASSERT_TRUE(calls.WaitFor(2));
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0].rfind("ok rmq-cli-io", 0), 0u) << threads[0];
  EXPECT_EQ(threads[1].rfind("failed rmq-cli-cb", 0), 0u) << threads[1];
}

TEST_F(HandOffTest, ASyncCallInsideABatchIsNotHeldBack) {
  Counter calls;
  {
    OutboundBatch batch;
    ASSERT_TRUE(client_
                    .InvokeAsync(address_, RemotingCommand::CreateRequest(kInline), 5s,
                                 [&](Result<RemotingCommand>) { calls.Add(); })
                    .ok());
    // Waits for its own answer: the held frames, this one included, must leave now.
    Result<RemotingCommand> response =
        client_.InvokeSync(address_, RemotingCommand::CreateRequest(kInline), 5s);
    ASSERT_TRUE(response.ok()) << response.status().ToString();
  }
  EXPECT_TRUE(calls.WaitFor(1));
}

TEST(OutboundBatchTest, FramesLeaveTogetherWhenTheBatchEnds) {
  RawListener listener;
  RemotingClient client{RemotingClientOptions{}};
  ASSERT_TRUE(client.Start().ok());
  ASSERT_TRUE(client.InvokeOneway(listener.address(), RemotingCommand::CreateRequest(7)).ok());
  RawSocket peer = listener.Accept();
  ASSERT_TRUE(peer.valid());
  ASSERT_TRUE(peer.ReadCommand().ok());
  {
    OutboundBatch batch;
    {
      OutboundBatch nested;
      ASSERT_TRUE(client.InvokeOneway(listener.address(), RemotingCommand::CreateRequest(8)).ok());
    }
    ASSERT_TRUE(client.InvokeOneway(listener.address(), RemotingCommand::CreateRequest(9)).ok());
    // Held while the outermost batch lives.
    EXPECT_FALSE(peer.ReadCommand(200ms).ok());
  }
  Result<RemotingCommand> first = peer.ReadCommand();
  Result<RemotingCommand> second = peer.ReadCommand();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(first->code(), 8);
  EXPECT_EQ(second->code(), 9);
  client.Shutdown();
}

// A client with a single I/O thread, connected to a raw peer, whose I/O thread a test can
// hold busy: whatever reaches the peer meanwhile was written by the calling thread.
class BusyIoThreadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.event_loops = std::make_shared<EventLoopGroup>("busy-io", 1);
    ASSERT_TRUE(options_.event_loops->Start().ok());
    client_ = std::make_unique<RemotingClient>(options_);
    ASSERT_TRUE(client_->Start().ok());
    ASSERT_TRUE(client_->InvokeOneway(listener_.address(), RemotingCommand::CreateRequest(7)).ok());
    peer_ = listener_.Accept();
    ASSERT_TRUE(peer_.valid());
    ASSERT_TRUE(peer_.ReadCommand().ok());
  }

  void TearDown() override {
    release_.Open();
    client_->Shutdown();
    options_.event_loops->Stop();
  }

  void HoldIoThread() {
    ASSERT_TRUE(options_.event_loops->Next()->Post([this] {
      held_.Add();
      release_.Wait();
    }));
    ASSERT_TRUE(held_.WaitFor(1));
  }

  RawListener listener_;
  RemotingClientOptions options_;
  std::unique_ptr<RemotingClient> client_;
  RawSocket peer_{-1};
  Counter held_;
  testing::Gate release_;
};

TEST_F(BusyIoThreadTest, ALargeFrameInABatchLeavesAtOnceFromTheCallerBehindTheHeldFrames) {
  HoldIoThread();
  // A pull answer's stored records: a body by reference, larger than what a batch holds.
  auto records = std::make_shared<std::string>(8 * 1024, 'r');
  std::optional<Result<RemotingCommand>> small;
  std::optional<Result<RemotingCommand>> large;
  {
    OutboundBatch batch;
    EXPECT_TRUE(client_->InvokeOneway(listener_.address(), RemotingCommand::CreateRequest(8)).ok());
    RemotingCommand answer = RemotingCommand::CreateRequest(9);
    answer.mutable_body()->AppendReference(records->data(), records->size(), records);
    EXPECT_TRUE(client_->InvokeOneway(listener_.address(), std::move(answer)).ok());
    // Both leave before the batch ends, in the order sent.
    small = peer_.ReadCommand();
    large = peer_.ReadCommand();
  }
  release_.Open();
  ASSERT_TRUE(small->ok()) << small->status().ToString();
  ASSERT_TRUE(large->ok()) << large->status().ToString();
  EXPECT_EQ((*small)->code(), 8);
  EXPECT_EQ((*large)->code(), 9);
  EXPECT_EQ((*large)->body().owned(), *records);
}

TEST_F(BusyIoThreadTest, AnAsyncRequestOnAnIdleConnectionLeavesFromTheCaller) {
  HoldIoThread();
  // Longer than Connection::kIdleGap since the last frame: the connection is idle.
  std::this_thread::sleep_for(2ms);
  Counter calls;
  std::atomic<int> code{-1};
  ASSERT_TRUE(client_
                  ->InvokeAsync(listener_.address(), RemotingCommand::CreateRequest(8), 3s,
                                [&](Result<RemotingCommand> result) {
                                  code = static_cast<int>(result.status().code());
                                  calls.Add();
                                })
                  .ok());
  Result<RemotingCommand> request = peer_.ReadCommand();
  release_.Open();
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->code(), 8);

  // The answer still reaches the callback, through the I/O thread once it is free.
  RemotingCommand response = RemotingCommand::CreateResponse(0);
  response.set_opaque(request->opaque());
  std::string frame;
  ASSERT_TRUE(AppendFrameHead(response, &frame).ok());
  ASSERT_TRUE(peer_.Write(frame));
  ASSERT_TRUE(calls.WaitFor(1));
  EXPECT_EQ(code.load(), static_cast<int>(ErrorCode::kOk));
  client_->Shutdown();
  EXPECT_EQ(calls.value(), 1);
}

}  // namespace
}  // namespace remoting
}  // namespace rocketmq
