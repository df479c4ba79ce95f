// Sends messages one at a time and waits for each answer (retried on another broker if one
// fails). Usage: sync_producer -n 127.0.0.1:9876 -t TopicTest -c 10
#include <cstdio>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleSyncProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    rocketmq::Message msg(args.topic, "TagA", "Hello RocketMQ " + std::to_string(i));
    msg.set_key("key-" + std::to_string(i));
    auto result = producer.Send(msg);
    if (result.ok()) {
      std::printf("%s %s %s offset=%lld\n", rocketmq::SendStatusName(result->status),
                  result->message_id.c_str(), result->queue.ToString().c_str(),
                  static_cast<long long>(result->queue_offset));
    } else {
      std::fprintf(stderr, "send %d failed: %s\n", i, result.status().ToString().c_str());
      ++failures;
    }
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
