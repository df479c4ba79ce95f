// Lite pull consumer: the application asks for messages with Poll() instead of registering
// a listener. Here it takes every queue of the topic itself (Assign), polls until COUNT
// messages came or 60 s pass, and commits what it processed.
// Usage: lite_pull_consumer -n 127.0.0.1:9876 [-t TopicTest] [-c 10]
#include <chrono>
#include <cstdio>

#include "example_args.h"
#include "rocketmq/lite_pull_consumer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ConsumerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleLitePullConsumer";
  config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  // Without auto-commit, progress is recorded only by Commit().
  rocketmq::LitePullConsumer consumer(config, /*auto_commit=*/false);
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  auto queues = consumer.FetchMessageQueues(args.topic);
  if (!queues.ok()) {
    std::fprintf(stderr, "no queues for %s: %s\n", args.topic.c_str(),
                 queues.status().ToString().c_str());
    return 1;
  }
  // Subscribe(topic) instead would share the queues with the group's other members.
  if (auto s = consumer.Assign(*queues); !s.ok()) {
    std::fprintf(stderr, "assign failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int received = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (received < args.count && std::chrono::steady_clock::now() < deadline) {
    auto messages = consumer.Poll(std::chrono::seconds(1));
    if (!messages.ok()) {
      std::fprintf(stderr, "poll failed: %s\n", messages.status().ToString().c_str());
      break;
    }
    for (const auto& m : *messages) {
      std::printf("queue=%d offset=%lld body=%s\n", m.queue_id(),
                  static_cast<long long>(m.queue_offset()), m.body().c_str());
      ++received;
    }
    if (!messages->empty()) consumer.Commit();
  }
  consumer.Shutdown();
  std::printf("received %d message(s)\n", received);
  return received >= args.count ? 0 : 1;
}
