// Messages with the same sharding key (here: an order id) go to the same queue, in order,
// so an orderly consumer sees each order's steps in sequence.
// Usage: orderly_producer -n 127.0.0.1:9876 -t TopicTest -c 30
#include <cstdio>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleOrderlyProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  const char* steps[] = {"created", "paid", "shipped"};
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    const std::string order_id = "order-" + std::to_string(i / 3);
    rocketmq::Message msg(args.topic, "Order", order_id + " " + steps[i % 3]);
    msg.set_key(order_id);
    auto result = producer.SendOrderly(msg, order_id);
    if (result.ok()) {
      std::printf("%s %s -> %s\n", order_id.c_str(), steps[i % 3],
                  result->queue.ToString().c_str());
    } else {
      std::fprintf(stderr, "send failed: %s\n", result.status().ToString().c_str());
      ++failures;
    }
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
