#include "consume_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_flags.h"
#include "latency_histogram.h"
#include "latency_stamp.h"
#include "process_cpu.h"
#include "rocketmq/push_consumer.h"

namespace rocketmq {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string namesrv;
  std::string topic;
  std::string group;
  std::string expression;
  bool sql = false;  // the expression is SQL92 (--sql), else tags (-e)
  int64_t threads = 20;
  int64_t seconds = 60;
  int64_t expect = 0;  // stop after this many distinct messages; 0 = run for `seconds`
  int64_t report_seconds = 2;
  bool from_last = false;
  bool io_listener = false;  // consumeOnIoThread: the bench's listener only counts
};

Result<Options> ParseOptions(int argc, char** argv) {
  auto flags = BenchFlags::Parse(
      argc, argv, {"n", "t", "g", "e", "sql", "w", "d", "expect", "i", "last", "io-listener"});
  if (!flags.ok()) return flags.status();
  Options o;
  const char* env = std::getenv("NAMESRV_ADDR");
  o.namesrv = flags->String("n", env == nullptr ? "" : env);
  if (o.namesrv.empty()) {
    return Status::InvalidArgument("no nameserver: pass -n or set NAMESRV_ADDR");
  }
  o.topic = flags->String("t", "BenchmarkTest");
  // A fresh group by default, so that a run sees the topic from its first message.
  o.group =
      flags->String("g", "rmq_bench_consumer_" +
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count()));
  o.expression = flags->String("e", "*");
  if (flags->Has("sql")) {
    if (flags->Has("e")) return Status::InvalidArgument("give -e (tags) or --sql, not both");
    o.expression = flags->String("sql", "");
    o.sql = true;
  }
  o.from_last = flags->String("last", "false") == "true";
  o.io_listener = flags->String("io-listener", "false") == "true";
  struct IntFlag {
    const char* name;
    int64_t* field;
    int64_t min;
    int64_t max;
  };
  for (const IntFlag& f : {IntFlag{"w", &o.threads, 1, 1000}, IntFlag{"d", &o.seconds, 1, 86400},
                           IntFlag{"expect", &o.expect, 0, int64_t{1} << 40},
                           IntFlag{"i", &o.report_seconds, 1, 3600}}) {
    auto v = flags->Int(f.name, *f.field, f.min, f.max);
    if (!v.ok()) return v.status();
    *f.field = *v;
  }
  return o;
}

// What the listener threads record.
struct Stats {
  std::mutex mu;
  std::condition_variable changed;
  // The messages seen, one bit per queue offset of each queue: a hash set of message ids
  // missed the cache twice per message once it held millions, a large part of the CPU
  // this bench charged to the consumer. A redelivery (same queue, same offset) is a
  // duplicate. The listener always succeeds, so no message comes back through %RETRY%.
  struct QueueSeen {
    std::string broker;
    int32_t queue_id = 0;
    std::vector<uint64_t> bits;
  };
  // By queue id, then broker: a scan of all queues per message cost as much as the
  // consumer's own work with BenchmarkTest's 1024 queues.
  std::unordered_map<int32_t, std::vector<QueueSeen>> seen;
  uint64_t distinct = 0;
  // False when the message was seen before.
  bool Mark(const MessageExt& m) {
    std::vector<QueueSeen>& same_id = seen[m.queue_id()];
    QueueSeen* queue = nullptr;
    for (QueueSeen& q : same_id) {
      if (q.broker == m.broker_name()) queue = &q;
    }
    if (queue == nullptr)
      queue = &same_id.emplace_back(QueueSeen{m.broker_name(), m.queue_id(), {}});
    const auto offset = static_cast<uint64_t>(std::max<int64_t>(0, m.queue_offset()));
    const size_t word = offset / 64;
    if (word >= queue->bits.size()) queue->bits.resize(word + word / 2 + 1024);
    const uint64_t bit = uint64_t{1} << (offset % 64);
    if (queue->bits[word] & bit) return false;
    queue->bits[word] |= bit;
    ++distinct;
    return true;
  }
  uint64_t received = 0;
  uint64_t duplicates = 0;
  Clock::time_point last_receipt;
  // From the born timestamp (milliseconds), and from latency stamps (microseconds): once
  // stamped messages arrive only they are reported, so that a backlog of unstamped ones
  // (a fresh group starts at offset 0 while the queue's first file is in memory, as in
  // Apache) does not count.
  LatencyHistogram e2e;
  LatencyHistogram stamped_e2e;
  uint64_t stamped = 0;
};

}  // namespace

const char* ConsumeUsage() {
  return "consume -n NAMESRV -t TOPIC [-g GROUP] [-e 'TagA || TagB' | --sql 'a > 1'] [-w THREADS] "
         "[-d MAX_SECONDS] [--expect N distinct, then stop] [--last true] [-i REPORT_SECONDS] "
         "[--io-listener true: consumeOnIoThread]";
}

int RunConsume(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "rmq-bench consume: %s\nusage: rmq-bench %s\n",
                 options.status().message().c_str(), ConsumeUsage());
    return 2;
  }
  const Options& o = *options;
  ConsumerConfig config;
  config.namesrv_addr = o.namesrv;
  config.group = o.group;
  config.consume_thread_count = static_cast<int32_t>(o.threads);
  config.consume_on_io_thread = o.io_listener;
  config.consume_from_where =
      o.from_last ? ConsumeFromWhere::kLastOffset : ConsumeFromWhere::kFirstOffset;
  PushConsumer consumer(config);
  Stats stats;
  consumer.RegisterMessageListener([&stats, &o](const std::vector<MessageExt>& messages) {
    const int64_t now = WallMicros();
    std::lock_guard<std::mutex> lock(stats.mu);
    for (const auto& m : messages) {
      ++stats.received;
      if (!stats.Mark(m)) ++stats.duplicates;
      const std::optional<int64_t> stamp = ReadLatencyStamp(m.body());
      if (stamp) {
        ++stats.stamped;
        stats.stamped_e2e.Record(std::max<int64_t>(0, now - *stamp));
      } else {
        stats.e2e.Record(std::max<int64_t>(0, now - m.born_timestamp() * 1000));
      }
    }
    stats.last_receipt = Clock::now();
    // Only the end of an --expect run interests the reporting thread: waking it for every
    // listener call cost the consumer process a context switch per message.
    if (o.expect > 0 && stats.distinct >= static_cast<uint64_t>(o.expect)) {
      stats.changed.notify_all();
    }
    return ConsumeStatus::kConsumeSuccess;
  });
  if (Status s = o.sql ? consumer.Subscribe(o.topic, o.expression, ExpressionType::kSql92)
                       : consumer.Subscribe(o.topic, o.expression);
      !s.ok()) {
    std::fprintf(stderr, "rmq-bench consume: %s\n", s.ToString().c_str());
    return 2;
  }
  const auto begin = Clock::now();
  const int64_t cpu_begin = ProcessCpuMicros();
  if (Status s = consumer.Start(); !s.ok()) {
    std::fprintf(stderr, "rmq-bench consume: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("consuming %s (%s) via %s as group %s, %lld threads, %s\n", o.topic.c_str(),
              o.expression.c_str(), o.namesrv.c_str(), o.group.c_str(),
              static_cast<long long>(o.threads),
              o.expect > 0 ? ("until " + std::to_string(o.expect) + " distinct messages").c_str()
                           : ("for " + std::to_string(o.seconds) + " s").c_str());

  const auto end = begin + std::chrono::seconds(o.seconds);
  auto last_time = begin;
  auto last_snapshot = stats.e2e.Take();
  auto last_stamped_snapshot = stats.stamped_e2e.Take();
  uint64_t last_received = 0;
  int64_t last_cpu = cpu_begin;
  bool reached = false;
  while (true) {
    const auto report_at = std::min(end, Clock::now() + std::chrono::seconds(o.report_seconds));
    {
      std::unique_lock<std::mutex> lock(stats.mu);
      reached = stats.changed.wait_until(lock, report_at, [&] {
        return o.expect > 0 && stats.distinct >= static_cast<uint64_t>(o.expect);
      });
    }
    const auto now = Clock::now();
    const auto snapshot = stats.e2e.Take();
    const auto stamped_snapshot = stats.stamped_e2e.Take();
    uint64_t received = 0;
    {
      std::lock_guard<std::mutex> lock(stats.mu);
      received = stats.received;
    }
    const auto born_interval = snapshot.Since(last_snapshot);
    const auto stamped_interval = stamped_snapshot.Since(last_stamped_snapshot);
    const bool stamped = stamped_interval.total > 0;
    const auto& interval = stamped ? stamped_interval : born_interval;
    const int64_t born_max = stats.e2e.TakeIntervalMax();
    const int64_t stamped_max = stats.stamped_e2e.TakeIntervalMax();
    const double seconds = std::chrono::duration<double>(now - last_time).count();
    const int64_t cpu = ProcessCpuMicros();
    std::printf(
        "%8.1f msg/s  e2e p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  cpu %.1f us/msg  "
        "(%llu received)\n",
        seconds > 0 ? static_cast<double>(received - last_received) / seconds : 0.0,
        interval.PercentileMillis(0.5), interval.PercentileMillis(0.99),
        interval.PercentileMillis(0.999),
        static_cast<double>(stamped ? stamped_max : born_max) / 1000.0,
        CpuMicrosPerMessage(last_cpu, cpu, received - last_received),
        static_cast<unsigned long long>(received));
    last_cpu = cpu;
    std::fflush(stdout);
    last_time = now;
    last_snapshot = snapshot;
    last_stamped_snapshot = stamped_snapshot;
    last_received = received;
    if (reached || now >= end) break;
  }
  const int64_t cpu_end = ProcessCpuMicros();
  consumer.Shutdown();

  std::lock_guard<std::mutex> lock(stats.mu);
  // Throughput over the time messages were arriving: from Start to the last receipt.
  const auto stop = stats.received > 0 ? stats.last_receipt : Clock::now();
  const double elapsed = std::max(1e-3, std::chrono::duration<double>(stop - begin).count());
  const auto total = stats.stamped > 0 ? stats.stamped_e2e.Take() : stats.e2e.Take();
  std::printf(
      "{\"received\":%llu,\"distinct\":%llu,\"duplicates\":%llu,\"tps\":%.1f,"
      "\"e2e_p50_ms\":%.3f,\"e2e_p99_ms\":%.3f,\"e2e_p999_ms\":%.3f,\"e2e_max_ms\":%.3f,"
      "\"e2e_stamped\":%llu,\"cpu_us_per_msg\":%.2f}\n",
      static_cast<unsigned long long>(stats.received),
      static_cast<unsigned long long>(stats.distinct),
      static_cast<unsigned long long>(stats.duplicates),
      static_cast<double>(stats.received) / elapsed, total.PercentileMillis(0.5),
      total.PercentileMillis(0.99), total.PercentileMillis(0.999),
      static_cast<double>(total.max_micros) / 1000.0,
      static_cast<unsigned long long>(stats.stamped),
      CpuMicrosPerMessage(cpu_begin, cpu_end, stats.received));
  if (o.expect > 0 && !reached) {
    std::fprintf(stderr, "rmq-bench consume: only %llu of %lld distinct messages arrived\n",
                 static_cast<unsigned long long>(stats.distinct), static_cast<long long>(o.expect));
    return 1;
  }
  return 0;
}

}  // namespace bench
}  // namespace rocketmq
