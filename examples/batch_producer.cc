// Sends many small messages in few requests: SplitBatch cuts the list into batches that fit
// the broker's size limit, and each batch is one SEND_BATCH_MESSAGE. The batches go once one
// after another (SendBatch), then once all in flight together (SendBatchAsync).
// Usage: batch_producer -n 127.0.0.1:9876 -t TopicTest -c 1000
#include <cstdio>
#include <future>
#include <vector>

#include "example_args.h"
#include "rocketmq/producer.h"

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleBatchProducer";
  rocketmq::Producer producer(config);
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  std::vector<rocketmq::Message> messages;
  for (int i = 0; i < args.count; ++i) {
    messages.emplace_back(args.topic, "TagA", "batched " + std::to_string(i));
  }
  const auto batches = rocketmq::SplitBatch(messages, 1024 * 1024);
  int failures = 0;
  for (const auto& batch : batches) {
    auto result = producer.SendBatch(batch);
    if (result.ok()) {
      std::printf("%zu messages to %s from offset %lld\n", batch.size(),
                  result->queue.ToString().c_str(), static_cast<long long>(result->queue_offset));
    } else {
      std::fprintf(stderr, "batch failed: %s\n", result.status().ToString().c_str());
      ++failures;
    }
  }

  std::vector<std::future<rocketmq::Result<rocketmq::SendResult>>> in_flight;
  for (const auto& batch : batches) in_flight.push_back(producer.SendBatchAsync(batch));
  for (auto& answer : in_flight) {
    auto result = answer.get();
    if (result.ok()) {
      std::printf("async: batch to %s from offset %lld\n", result->queue.ToString().c_str(),
                  static_cast<long long>(result->queue_offset));
    } else {
      std::fprintf(stderr, "async batch failed: %s\n", result.status().ToString().c_str());
      ++failures;
    }
  }
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
