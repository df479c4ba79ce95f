// Broadcasting consumer: every consumer of the group gets every message (run two and both
// print everything); each keeps its own progress in a local offsets file instead of on the
// broker.
// Usage: broadcasting_consumer -n 127.0.0.1:9876 [-t TopicTest] [-c 10]
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>

#include "example_args.h"
#include "rocketmq/push_consumer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ConsumerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleBroadcastingConsumer";
  config.message_model = rocketmq::MessageModel::kBroadcasting;
  config.consume_from_where = rocketmq::ConsumeFromWhere::kFirstOffset;
  // Offsets files go to $HOME/.rocketmq_offsets unless offset_store_dir says otherwise.
  rocketmq::PushConsumer consumer(config);

  std::mutex mu;
  std::condition_variable done;
  int received = 0;
  consumer.RegisterMessageListener([&](const std::vector<rocketmq::MessageExt>& messages) {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& m : messages) {
      std::printf("queue=%d offset=%lld body=%s\n", m.queue_id(),
                  static_cast<long long>(m.queue_offset()), m.body().c_str());
      ++received;
    }
    done.notify_all();
    return rocketmq::ConsumeStatus::kConsumeSuccess;
  });
  if (auto s = consumer.Subscribe(args.topic, "*"); !s.ok()) {
    std::fprintf(stderr, "subscribe failed: %s\n", s.ToString().c_str());
    return 1;
  }
  if (auto s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  bool enough = false;
  {
    std::unique_lock<std::mutex> lock(mu);
    enough = done.wait_for(lock, std::chrono::seconds(60), [&] { return received >= args.count; });
  }
  consumer.Shutdown();
  std::printf("received %d message(s)\n", received);
  return enough ? 0 : 1;
}
