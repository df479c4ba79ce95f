// The round trip scripts/run-cluster.sh runs against a fresh local cluster: sends COUNT
// messages, reporting each one's id, queue and offset, then consumes them back with a push
// consumer in a fresh group, printing each one received. Exit status 0 only when every send
// succeeded and every message sent came back within the wait (60 s).
// Its last line is the summary. Usage: round_trip -n 127.0.0.1:9876 [-t RoundTripTopic] [-c 10]
// [-l LOG_FILE]
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>

#include "example_args.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace {

constexpr auto kConsumeWait = std::chrono::seconds(60);

}  // namespace

int main(int argc, char** argv) {
  ExampleArgs args;
  args.topic = "RoundTripTopic";
  if (!ParseExampleArgs(argc, argv, &args)) return 2;
  // Bodies carry a run id, so that messages of earlier runs on the same topic are ignored.
  const std::string run =
      std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const auto started = std::chrono::steady_clock::now();

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "RoundTripProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "round_trip: start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  std::set<std::string> expected;
  for (int i = 0; i < args.count; ++i) {
    const std::string body = "round trip " + run + " message " + std::to_string(i);
    rocketmq::Message msg(args.topic, "RoundTrip", body);
    msg.set_key("rt-" + std::to_string(i));
    auto result = producer.Send(msg);
    if (!result.ok()) {
      std::fprintf(stderr, "round_trip: send %d failed: %s\n", i,
                   result.status().ToString().c_str());
      continue;
    }
    expected.insert(body);
    std::printf("sent %d: id=%s offsetId=%s queue=%s:%d offset=%lld status=%s\n", i,
                result->message_id.c_str(), result->offset_message_id.c_str(),
                result->queue.broker_name.c_str(), result->queue.queue_id,
                static_cast<long long>(result->queue_offset),
                rocketmq::SendStatusName(result->status));
  }
  producer.Shutdown();
  const int sent = static_cast<int>(expected.size());
  if (sent == 0) {
    std::fprintf(stderr, "round_trip: FAILED: none of %d messages could be sent\n", args.count);
    return 1;
  }

  rocketmq::ConsumerConfig consumer_config;
  consumer_config.namesrv_addr = args.namesrv;
  consumer_config.group = "RoundTripConsumer_" + run;
  consumer_config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  rocketmq::PushConsumer consumer(consumer_config);
  std::mutex mu;
  std::condition_variable all_back;
  std::set<std::string> received;
  consumer.RegisterMessageListener([&](const std::vector<rocketmq::MessageExt>& messages) {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& m : messages) {
      if (expected.count(m.body()) == 0 || !received.insert(m.body()).second) continue;
      std::printf("received: id=%s queue=%s:%d offset=%lld body=%s\n", m.msg_id().c_str(),
                  m.broker_name().c_str(), m.queue_id(), static_cast<long long>(m.queue_offset()),
                  m.body().c_str());
    }
    if (received.size() == expected.size()) all_back.notify_all();
    return rocketmq::ConsumeStatus::kConsumeSuccess;
  });
  if (auto s = consumer.Subscribe(args.topic, "*"); !s.ok()) {
    std::fprintf(stderr, "round_trip: subscribe failed: %s\n", s.ToString().c_str());
    return 1;
  }
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "round_trip: consumer start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  bool complete = false;
  {
    std::unique_lock<std::mutex> lock(mu);
    complete =
        all_back.wait_for(lock, kConsumeWait, [&] { return received.size() == expected.size(); });
  }
  consumer.Shutdown();
  std::lock_guard<std::mutex> lock(mu);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool ok = complete && sent == args.count;
  std::printf("round_trip: %s: %d of %d messages sent to %s, %zu received back, in %.1f s\n",
              ok ? "OK" : "FAILED", sent, args.count, args.topic.c_str(), received.size(), seconds);
  return ok ? 0 : 1;
}
