// Sends messages without waiting; each result arrives in a callback on the SDK's callback
// threads. Usage: async_producer -n 127.0.0.1:9876 -t TopicTest -c 100
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleAsyncProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }

  std::mutex mu;
  std::condition_variable all_done;
  int completed = 0;
  std::atomic<int> failures{0};
  int started = 0;
  for (int i = 0; i < args.count; ++i) {
    rocketmq::Message msg(args.topic, "TagA", "async " + std::to_string(i));
    auto s = producer.SendAsync(msg, [&](const rocketmq::Result<rocketmq::SendResult>& result) {
      if (result.ok()) {
        std::printf("OK %s %s\n", result->message_id.c_str(), result->queue.ToString().c_str());
      } else {
        std::fprintf(stderr, "failed: %s\n", result.status().ToString().c_str());
        ++failures;
      }
      std::lock_guard<std::mutex> lock(mu);
      ++completed;
      all_done.notify_all();
    });
    if (s.ok()) {
      ++started;
    } else {
      std::fprintf(stderr, "not sent: %s\n", s.ToString().c_str());
      ++failures;
    }
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    all_done.wait_for(lock, std::chrono::seconds(30), [&] { return completed == started; });
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
