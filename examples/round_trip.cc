// The round trip scripts/run-cluster.sh runs against a fresh local cluster: sends COUNT
// messages and reports each one's id, queue and offset. (Consuming them back is added
// when the SDK's consumer exists.) Exit status 0 only when every send succeeded.
// Usage: round_trip -n 127.0.0.1:9876 [-t RoundTripTopic] [-c 10]
#include <cstdio>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  args.topic = "RoundTripTopic";
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "RoundTripProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "round_trip: start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int sent = 0;
  for (int i = 0; i < args.count; ++i) {
    rocketmq::Message msg(args.topic, "RoundTrip", "round trip message " + std::to_string(i));
    msg.set_key("rt-" + std::to_string(i));
    auto result = producer.Send(msg);
    if (!result.ok()) {
      std::fprintf(stderr, "round_trip: send %d failed: %s\n", i,
                   result.status().ToString().c_str());
      continue;
    }
    ++sent;
    std::printf("sent %d: id=%s offsetId=%s queue=%s:%d offset=%lld status=%s\n", i,
                result->message_id.c_str(), result->offset_message_id.c_str(),
                result->queue.broker_name.c_str(), result->queue.queue_id,
                static_cast<long long>(result->queue_offset),
                rocketmq::SendStatusName(result->status));
  }
  producer.Shutdown();
  std::printf("round_trip: %d of %d messages sent to %s\n", sent, args.count, args.topic.c_str());
  return sent == args.count ? 0 : 1;
}
