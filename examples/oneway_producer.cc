// Fire and forget: no answer, no retry; OK only means the request was written.
// Usage: oneway_producer -n 127.0.0.1:9876 -t TopicTest -c 10
#include <cstdio>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleOnewayProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    auto s = producer.SendOneway(rocketmq::Message(args.topic, "oneway " + std::to_string(i)));
    if (!s.ok()) {
      std::fprintf(stderr, "send %d failed: %s\n", i, s.ToString().c_str());
      ++failures;
    }
  }
  std::printf("%d oneway messages written\n", args.count - failures);
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
