#include "request_command.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "latency_histogram.h"
#include "rocketmq/producer.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string namesrv;
  std::string topic;
  int64_t size = 128;
  int64_t threads = 4;
  int64_t seconds = 10;
  int64_t timeout_ms = 3000;
  bool replier = true;
};

Result<Options> ParseOptions(int argc, char** argv) {
  auto flags = BenchFlags::Parse(argc, argv, {"n", "t", "s", "w", "d", "timeout", "no-replier"});
  if (!flags.ok()) return flags.status();
  Options o;
  const char* env = std::getenv("NAMESRV_ADDR");
  o.namesrv = flags->String("n", env == nullptr ? "" : env);
  if (o.namesrv.empty())
    return Status::InvalidArgument("no nameserver: pass -n or set NAMESRV_ADDR");
  o.topic = flags->String("t", "BenchmarkRequest");
  o.replier = flags->String("no-replier", "false") != "true";
  struct IntFlag {
    const char* name;
    int64_t* field;
    int64_t min;
    int64_t max;
  };
  for (const IntFlag& f :
       {IntFlag{"s", &o.size, 1, 4 * 1024 * 1024}, IntFlag{"w", &o.threads, 1, 1024},
        IntFlag{"d", &o.seconds, 1, 86400}, IntFlag{"timeout", &o.timeout_ms, 1, 600000}}) {
    auto v = flags->Int(f.name, *f.field, f.min, f.max);
    if (!v.ok()) return v.status();
    *f.field = *v;
  }
  return o;
}

// Answers every request on the topic with its own body.
class Replier {
 public:
  Status Start(const Options& o) {
    ProducerConfig producer_config;
    producer_config.namesrv_addr = o.namesrv;
    producer_config.group = "rmq_bench_replier_producer";
    producer_ = std::make_unique<Producer>(producer_config);
    RMQ_RETURN_IF_ERROR(producer_->Start());
    ConsumerConfig config;
    config.namesrv_addr = o.namesrv;
    config.group = "rmq_bench_replier";
    config.consume_from_where = ConsumeFromWhere::kLastOffset;
    config.rebalance_interval_ms = 1000;
    consumer_ = std::make_unique<PushConsumer>(config);
    RMQ_RETURN_IF_ERROR(consumer_->Subscribe(o.topic));
    consumer_->RegisterMessageListener([this](const std::vector<MessageExt>& messages) {
      for (const MessageExt& m : messages) {
        auto reply = CreateReplyMessage(m, m.body());
        if (reply.ok()) producer_->Send(*reply);
      }
      return ConsumeStatus::kConsumeSuccess;
    });
    return consumer_->Start();
  }
  void Shutdown() {
    if (consumer_) consumer_->Shutdown();
    if (producer_) producer_->Shutdown();
  }

 private:
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<PushConsumer> consumer_;
};

}  // namespace

const char* RequestUsage() {
  return "request -n NAMESRV [-t TOPIC] [-s SIZE] [-w THREADS] [-d SECONDS] [--timeout MS] "
         "[--no-replier true]";
}

int RunRequest(int argc, char** argv) {
  auto parsed = ParseOptions(argc, argv);
  if (!parsed.ok()) {
    std::fprintf(stderr, "rmq-bench request: %s\nusage: rmq-bench %s\n",
                 parsed.status().ToString().c_str(), RequestUsage());
    return 2;
  }
  const Options o = *parsed;
  ProducerConfig config;
  config.namesrv_addr = o.namesrv;
  config.group = "rmq_bench_requester";
  Producer producer(config);
  if (Status s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "rmq-bench request: %s\n", s.ToString().c_str());
    return 1;
  }
  // The topic must exist before the replier subscribes.
  if (auto created = producer.Send(Message(o.topic, "create")); !created.ok()) {
    std::fprintf(stderr, "rmq-bench request: creating %s: %s\n", o.topic.c_str(),
                 created.status().ToString().c_str());
    return 1;
  }
  Replier replier;
  if (o.replier) {
    if (Status s = replier.Start(o); !s.ok()) {
      std::fprintf(stderr, "rmq-bench request: replier: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  const std::string body(static_cast<size_t>(o.size), 'r');
  // Until the replier's consumer owns the queues, requests go unanswered.
  const auto warm_deadline = Clock::now() + std::chrono::seconds(30);
  while (!producer.Request(Message(o.topic, body), std::chrono::milliseconds(1000)).ok()) {
    if (Clock::now() > warm_deadline) {
      std::fprintf(stderr, "rmq-bench request: no reply within 30 s\n");
      return 1;
    }
  }
  std::printf("requests to %s via %s: %lld threads, %lld-byte bodies, for %lld s\n",
              o.topic.c_str(), o.namesrv.c_str(), static_cast<long long>(o.threads),
              static_cast<long long>(o.size), static_cast<long long>(o.seconds));
  LatencyHistogram latency;
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> failed{0};
  std::mutex error_mu;
  std::string first_error;
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  const auto begin = Clock::now();
  for (int64_t i = 0; i < o.threads; ++i) {
    workers.emplace_back([&] {
      while (!stop.load(std::memory_order_relaxed)) {
        const auto start = Clock::now();
        auto reply =
            producer.Request(Message(o.topic, body), std::chrono::milliseconds(o.timeout_ms));
        if (reply.ok()) {
          latency.Record(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
          done.fetch_add(1, std::memory_order_relaxed);
        } else {
          failed.fetch_add(1, std::memory_order_relaxed);
          std::lock_guard<std::mutex> lock(error_mu);
          if (first_error.empty()) first_error = reply.status().ToString();
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  stop = true;
  for (auto& t : workers) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  replier.Shutdown();
  producer.Shutdown();
  const auto total = latency.Take();
  if (!first_error.empty()) std::fprintf(stderr, "first error: %s\n", first_error.c_str());
  std::printf(
      "{\"round_trips\":%llu,\"failed\":%llu,\"rtps\":%.1f,\"rt_p50_ms\":%.3f,"
      "\"rt_p99_ms\":%.3f,\"rt_max_ms\":%.3f}\n",
      static_cast<unsigned long long>(done.load()), static_cast<unsigned long long>(failed.load()),
      static_cast<double>(done.load()) / elapsed, total.PercentileMillis(0.5),
      total.PercentileMillis(0.99), static_cast<double>(total.max_micros) / 1000.0);
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace bench
}  // namespace rocketmq
