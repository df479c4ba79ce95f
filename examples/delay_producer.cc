// Delayed delivery: the broker holds each message for the time of its delay level
// (level 3 is 10 s with the default table "1s 5s 10s 30s 1m ...").
// Usage: delay_producer -n 127.0.0.1:9876 -t TopicTest -c 5
#include <cstdio>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleDelayProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    rocketmq::Message msg(args.topic, "Delayed", "delayed " + std::to_string(i));
    msg.set_delay_level(3);
    auto result = producer.Send(msg);
    if (result.ok()) {
      std::printf("%s delivered in ~10 s from %s\n", result->message_id.c_str(),
                  result->queue.ToString().c_str());
    } else {
      std::fprintf(stderr, "send failed: %s\n", result.status().ToString().c_str());
      ++failures;
    }
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
