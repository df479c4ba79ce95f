// broker_bench: send and pull throughput of a running broker, over the remoting protocol
// exactly as a client drives it.
//
//   broker_bench HOST:PORT [messages=20000] [body bytes=128] [in flight=64] [SQL92 selector]
//
// Sends SEND_MESSAGE_V2 with up to `in flight` requests outstanding (one connection), then
// pulls everything back with PULL_MESSAGE (32 per request). Prints msgs/s and the p50 /
// p99 / max send latency. Every message carries the property `bench` = its index mod 10;
// with a selector (e.g. "bench = 0", 10%; needs enablePropertyFilter=true) the pulls filter
// by it, and the pull rate counts the messages scanned. With RMQ_BENCH_ACCESS_KEY and
// RMQ_BENCH_SECRET_KEY set, every request is signed for a broker with aclEnable=true.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/send_headers.h"
#include "remoting/acl_signature.h"
#include "remoting/remoting_client.h"

namespace {

using rocketmq::remoting::RemotingCommand;
namespace rq = rocketmq::protocol::RequestCode;
namespace rc = rocketmq::protocol::ResponseCode;

// Signs as the SDK's AclSigningHook does, without linking the SDK.
class SigningHook : public rocketmq::remoting::RpcHook {
 public:
  SigningHook(std::string access_key, std::string secret_key)
      : access_key_(std::move(access_key)), secret_key_(std::move(secret_key)) {}
  rocketmq::Status BeforeRequest(const std::string&, RemotingCommand& request) override {
    namespace remoting = rocketmq::remoting;
    request.SetExtField(remoting::kAclAccessKeyField, access_key_);
    request.SetExtField(
        remoting::kAclSignatureField,
        remoting::AclSignature(
            remoting::AclRequestContent(request, remoting::AclContentSide::kClient), secret_key_));
    return rocketmq::Status::OK();
  }
  void AfterResponse(const std::string&, const RemotingCommand&, RemotingCommand&) override {}

 private:
  const std::string access_key_;
  const std::string secret_key_;
};

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: broker_bench HOST:PORT [messages] [body bytes] [in flight]\n");
    return 2;
  }
  const std::string addr = argv[1];
  const int total = argc > 2 ? std::atoi(argv[2]) : 20000;
  const size_t body_size = argc > 3 ? static_cast<size_t>(std::atoi(argv[3])) : 128;
  const int window = argc > 4 ? std::atoi(argv[4]) : 64;
  const std::string selector = argc > 5 ? argv[5] : "";
  const std::string topic = "BenchTopic" + std::to_string(rocketmq::clock::WallMillis() % 100000);

  rocketmq::remoting::RemotingClient client(rocketmq::remoting::RemotingClientOptions{});
  if (const char* access_key = std::getenv("RMQ_BENCH_ACCESS_KEY")) {
    const char* secret_key = std::getenv("RMQ_BENCH_SECRET_KEY");
    client.AddRpcHook(std::make_shared<SigningHook>(access_key, secret_key ? secret_key : ""));
  }
  if (!client.Start().ok()) return 1;

  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0;
  int failed = 0;
  std::vector<int64_t> latencies_us;
  latencies_us.reserve(static_cast<size_t>(total));
  const std::string body(body_size, 'x');
  const int64_t start_ns = rocketmq::clock::MonotonicNanos();
  for (int i = 0; i < total; ++i) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return in_flight < window; });
      ++in_flight;
    }
    rocketmq::protocol::SendMessageRequestHeader header;
    header.producer_group = "BenchGroup";
    header.topic = topic;
    header.queue_id = i % 4;
    header.born_timestamp = rocketmq::clock::WallMillis();
    std::string props;
    rocketmq::protocol::AppendProperty(&props, "WAIT", "true");
    rocketmq::protocol::AppendProperty(&props, "bench", std::to_string(i % 10));
    header.properties = props;
    auto request = RemotingCommand::CreateRequest(rq::kSendMessageV2, header.EncodeV2());
    request.set_body(body);
    const int64_t sent_ns = rocketmq::clock::MonotonicNanos();
    auto done = [&, sent_ns](rocketmq::Result<RemotingCommand> response) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!response.ok() || response->code() != rc::kSuccess) ++failed;
      latencies_us.push_back((rocketmq::clock::MonotonicNanos() - sent_ns) / 1000);
      --in_flight;
      changed.notify_all();
    };
    if (!client.InvokeAsync(addr, std::move(request), std::chrono::seconds(10), done).ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      ++failed;
      --in_flight;
    }
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return in_flight == 0; });
  }
  const double send_s = (rocketmq::clock::MonotonicNanos() - start_ns) / 1e9;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty() ? 0
                                : latencies_us[static_cast<size_t>(p * (latencies_us.size() - 1))];
  };
  std::printf(
      "send: %d msgs of %zu B, window %d: %.0f msgs/s, latency p50 %lld us, p99 %lld us, "
      "max %lld us, failed %d\n",
      total, body_size, window, total / send_s, static_cast<long long>(pct(0.5)),
      static_cast<long long>(pct(0.99)), static_cast<long long>(pct(1.0)), failed);

  // Sends are acknowledged once stored; wait (bounded) until they reached the queues.
  for (int q = 0; q < 4; ++q) {
    const int64_t expected = total / 4 + (q < total % 4 ? 1 : 0);
    const auto deadline = rocketmq::clock::Deadline::After(std::chrono::seconds(10));
    while (!deadline.Expired()) {
      rocketmq::protocol::GetMaxOffsetRequestHeader max;
      max.topic = topic;
      max.queue_id = q;
      auto response =
          client.InvokeSync(addr, RemotingCommand::CreateRequest(rq::kGetMaxOffset, max.Encode()),
                            std::chrono::seconds(10));
      if (!response.ok()) break;
      auto answer = rocketmq::protocol::OffsetResponseHeader::Decode(response->ext_fields());
      if (answer.ok() && answer->offset >= expected) break;
    }
  }
  const int64_t pull_start_ns = rocketmq::clock::MonotonicNanos();
  int64_t pulled = 0;
  for (int q = 0; q < 4; ++q) {
    int64_t offset = 0;
    for (int round = 0; round < total; ++round) {
      rocketmq::protocol::PullMessageRequestHeader header;
      header.consumer_group = "BenchConsumer";
      header.topic = topic;
      header.queue_id = q;
      header.queue_offset = offset;
      header.max_msg_nums = 32;
      header.sys_flag = 0x4;
      header.subscription = selector.empty() ? "*" : selector;
      header.expression_type = selector.empty() ? "TAG" : "SQL92";
      auto response =
          client.InvokeSync(addr, RemotingCommand::CreateRequest(rq::kPullMessage, header.Encode()),
                            std::chrono::seconds(10));
      if (!response.ok()) break;
      // With a selector, a stretch of queue without a match answers PULL_RETRY_IMMEDIATELY.
      if (response->code() == rc::kSuccess) {
        std::string bytes = response->body().Flatten();
        auto records = rocketmq::protocol::DecodeMessageRecords(bytes);
        if (!records.ok()) break;
        pulled += static_cast<int64_t>(records->size());
      } else if (response->code() != rc::kPullRetryImmediately) {
        break;
      }
      auto next = rocketmq::protocol::PullMessageResponseHeader::Decode(response->ext_fields());
      if (!next.ok()) break;
      offset = next->next_begin_offset;
    }
  }
  const double pull_s = (rocketmq::clock::MonotonicNanos() - pull_start_ns) / 1e9;
  const int expected = selector.empty() ? total : -1;
  std::printf("pull%s: %lld msgs in %.2f s: %.0f msgs/s (%.0f msgs/s scanned)\n",
              selector.empty() ? "" : (" with \"" + selector + "\"").c_str(),
              static_cast<long long>(pulled), pull_s, pulled / pull_s, total / pull_s);
  client.Shutdown();
  return failed == 0 && (expected < 0 || pulled == expected) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
