#include "produce_command.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_flags.h"
#include "latency_histogram.h"
#include "latency_stamp.h"
#include "process_cpu.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosSince(Clock::time_point begin) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - begin).count();
}

struct Options {
  std::string namesrv;
  std::string topic;
  std::string group;
  int64_t size = 128;
  int64_t threads = 4;
  int64_t window = 0;    // async sends (batches, with --batch) in flight per thread; 0 = sync
  int64_t batch = 0;     // messages per batch; 0 = single messages
  int64_t coalesce = 0;  // async singles coalesced into batches of at most this; 0 = off
  int64_t tags = 0;      // send i (or message i of a batch) gets tag "T<i % tags>"; 0 = no tag
  int64_t rate = 0;  // sends per second over all threads, evenly spaced; 0 = as fast as possible
  int64_t seconds = 10;
  int64_t report_seconds = 2;
  bool trace = false;    // enableMsgTrace: what tracing costs the sends
  int64_t tls = 0;       // 1: TLS to the nameservers and brokers (useTLS, any server certificate)
  bool latency = false;  // stamp each body with the send time (latency_stamp.h)
  bool io_callbacks = false;  // asyncCallbackOnIoThread: the bench's callbacks only count
};

Result<Options> ParseOptions(int argc, char** argv) {
  auto flags = BenchFlags::Parse(argc, argv,
                                 {"n", "t", "g", "s", "w", "async", "batch", "coalesce", "tags",
                                  "d", "i", "trace", "tls", "rate", "latency", "io-callbacks"});
  if (!flags.ok()) return flags.status();
  Options o;
  const char* env = std::getenv("NAMESRV_ADDR");
  o.namesrv = flags->String("n", env == nullptr ? "" : env);
  if (o.namesrv.empty())
    return Status::InvalidArgument("no nameserver: pass -n or set NAMESRV_ADDR");
  o.topic = flags->String("t", "BenchmarkTest");
  o.group = flags->String("g", "rmq_bench_producer");
  o.trace = flags->String("trace", "false") == "true";
  o.latency = flags->String("latency", "false") == "true";
  o.io_callbacks = flags->String("io-callbacks", "false") == "true";
  struct IntFlag {
    const char* name;
    int64_t* field;
    int64_t min;
    int64_t max;
  };
  for (const IntFlag& f :
       {IntFlag{"s", &o.size, 1, 4 * 1024 * 1024}, IntFlag{"w", &o.threads, 1, 1024},
        IntFlag{"async", &o.window, 0, 1000000}, IntFlag{"batch", &o.batch, 0, 100000},
        IntFlag{"coalesce", &o.coalesce, 0, 1024}, IntFlag{"tags", &o.tags, 0, 1000},
        IntFlag{"d", &o.seconds, 1, 86400}, IntFlag{"i", &o.report_seconds, 1, 3600},
        IntFlag{"tls", &o.tls, 0, 1}, IntFlag{"rate", &o.rate, 0, 100000000}}) {
    auto v = flags->Int(f.name, *f.field, f.min, f.max);
    if (!v.ok()) return v.status();
    *f.field = *v;
  }
  if (o.coalesce > 0 && (o.window == 0 || o.batch > 0)) {
    return Status::InvalidArgument(
        "--coalesce applies to async single sends: give --async, not --batch");
  }
  if (o.latency && o.size < static_cast<int64_t>(kLatencyStampSize)) {
    return Status::InvalidArgument("--latency needs bodies of at least " +
                                   std::to_string(kLatencyStampSize) + " bytes (-s)");
  }
  return o;
}

// With --latency, stamps what is about to be sent with the time now.
void StampIfAsked(const Options& o, Message* message, std::vector<Message>* batch) {
  if (!o.latency) return;
  if (o.batch == 0) {
    StampNow(message);
    return;
  }
  for (Message& m : *batch) StampNow(&m);
}

// Shared counters of one run.
struct Stats {
  LatencyHistogram latency;
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> failed{0};
  std::mutex error_mu;
  std::string first_error;

  void Fail(const Status& status) {
    failed.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(error_mu);
    if (first_error.empty()) first_error = status.ToString();
  }
};

// Bounds the async sends one thread keeps in flight. A full window waits until half of it
// is answered, so that the sending thread is not woken (a thread switch) per answer. The
// count is atomic and the lock is taken only around waiting (as the producer's
// InFlightLimiter): the bench's own locking counted in the CPU per message it reports.
class Window {
 public:
  explicit Window(int64_t size) : size_(size) {}
  void Acquire() {
    if (in_flight_.load() < size_) {
      in_flight_.fetch_add(1);  // only this thread adds
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    waiting_.store(true);
    cv_.wait(lock, [&] { return in_flight_.load() <= size_ / 2; });
    waiting_.store(false);
    in_flight_.fetch_add(1);
  }
  void Release() {
    const int64_t now = in_flight_.fetch_sub(1) - 1;
    // A waiter sets waiting_ before it checks the count, a releaser lowers the count before
    // it reads waiting_: one of the two sees the other.
    if (now != 0 && !(now == size_ / 2 && waiting_.load())) return;
    { std::lock_guard<std::mutex> lock(mu_); }
    cv_.notify_all();
  }
  bool WaitEmpty(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return in_flight_.load() == 0; });
  }

  // Where the window's callbacks count; set by the sending thread before its first send.
  Stats* stats = nullptr;
  uint64_t per_send = 1;

 private:
  const int64_t size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<bool> waiting_{false};
};

// The messages a loop sends in turn: one, or with --tags one per tag "T0", "T1", ...
std::vector<Message> Rotation(const Options& o) {
  const std::string body(static_cast<size_t>(o.size), 'x');
  if (o.tags == 0) return {Message(o.topic, body)};
  std::vector<Message> out;
  for (int64_t t = 0; t < o.tags; ++t) out.emplace_back(o.topic, "T" + std::to_string(t), body);
  return out;
}

// A batch of o.batch messages taken from the rotation in turn.
std::vector<Message> BatchOf(const Options& o, const std::vector<Message>& rotation) {
  std::vector<Message> batch;
  for (int64_t i = 0; i < o.batch; ++i)
    batch.push_back(rotation[static_cast<size_t>(i) % rotation.size()]);
  return batch;
}

// Spaces one thread's sends so that all threads together make o.rate sends per second.
// Thread `index` starts index/threads of an interval late, so that the threads' sends
// interleave evenly: started together, they sent in bursts of one per thread, which
// contend for the connection and leave together rather than as a steady stream.
class Pacer {
 public:
  Pacer(const Options& o, int64_t index)
      : interval_(o.rate > 0 ? std::chrono::nanoseconds(1000000000LL * o.threads / o.rate)
                             : std::chrono::nanoseconds(0)),
        next_(Clock::now() + interval_ * index / o.threads) {}
  void Wait() {
    if (interval_.count() == 0) return;
    std::this_thread::sleep_until(next_);
    next_ += interval_;
  }

 private:
  const std::chrono::nanoseconds interval_;
  Clock::time_point next_;
};

void SyncLoop(Producer& producer, const Options& o, int64_t index, const std::atomic<bool>& stop,
              Stats& stats) {
  std::vector<Message> rotation = Rotation(o);
  std::vector<Message> batch = BatchOf(o, rotation);
  size_t next = 0;
  Pacer pacer(o, index);
  while (!stop.load(std::memory_order_relaxed)) {
    Message& message = rotation[next++ % rotation.size()];
    pacer.Wait();
    StampIfAsked(o, &message, &batch);
    const auto begin = Clock::now();
    auto result = o.batch > 0 ? producer.SendBatch(batch) : producer.Send(message);
    stats.latency.Record(MicrosSince(begin));
    if (result.ok()) {
      stats.sent.fetch_add(o.batch > 0 ? static_cast<uint64_t>(o.batch) : 1,
                           std::memory_order_relaxed);
    } else {
      stats.Fail(result.status());
    }
  }
}

void AsyncLoop(Producer& producer, const Options& o, int64_t index, const std::atomic<bool>& stop,
               Stats& stats, Window& window) {
  std::vector<Message> rotation = Rotation(o);
  std::vector<Message> batch = BatchOf(o, rotation);
  const uint64_t per_send = o.batch > 0 ? static_cast<uint64_t>(o.batch) : 1;
  size_t next = 0;
  Pacer pacer(o, index);
  // The callback captures only the window (which outlives every callback and knows the
  // stats) and the start time: 16 trivially copyable bytes, which std::function holds
  // without an allocation (the bench's own cost counts in the CPU per message it reports).
  window.stats = &stats;
  window.per_send = per_send;
  while (!stop.load(std::memory_order_relaxed)) {
    Message& message = rotation[next++ % rotation.size()];
    pacer.Wait();
    StampIfAsked(o, &message, &batch);
    window.Acquire();
    const auto begin = Clock::now();
    auto done = [w = &window, begin](const Result<SendResult>& r) {
      w->stats->latency.Record(MicrosSince(begin));
      if (r.ok()) {
        w->stats->sent.fetch_add(w->per_send, std::memory_order_relaxed);
      } else {
        w->stats->Fail(r.status());
      }
      w->Release();
    };
    Status started =
        o.batch > 0 ? producer.SendBatchAsync(batch, done) : producer.SendAsync(message, done);
    if (!started.ok()) {
      stats.Fail(started);
      window.Release();
    }
  }
}

void PrintInterval(double seconds, uint64_t sent, uint64_t failed,
                   const LatencyHistogram::Snapshot& interval, int64_t max_micros,
                   double cpu_per_message) {
  std::printf(
      "tps %.0f | rt avg %.3f ms p50 %.3f p99 %.3f max %.3f | cpu %.1f us/msg | failed %llu\n",
      static_cast<double>(sent) / seconds, interval.AverageMillis(), interval.PercentileMillis(0.5),
      interval.PercentileMillis(0.99), static_cast<double>(max_micros) / 1000.0, cpu_per_message,
      static_cast<unsigned long long>(failed));
  std::fflush(stdout);
}

}  // namespace

const char* ProduceUsage() {
  return "produce -n NAMESRV -t TOPIC [-s SIZE] [-w THREADS] [--async WINDOW per thread] "
         "[--batch N | --coalesce N] [-d SECONDS] [-g GROUP] [-i REPORT_SECONDS] [--trace true] "
         "[--tls 1] [--tags N] [--rate SENDS_PER_SECOND] [--latency true: stamp bodies for "
         "consume's "
         "microsecond e2e]  "
         "(RMQ_BENCH_ACCESS_KEY/RMQ_BENCH_SECRET_KEY "
         "sign the sends; with both --async and --batch, WINDOW counts batches in flight; "
         "--coalesce "
         "N: async singles leave in batches of up to N while sends pile up, coalesceAsyncSends; "
         "--io-callbacks true: asyncCallbackOnIoThread)";
}

int RunProduce(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "rmq-bench produce: %s\nusage: rmq-bench %s\n",
                 options.status().message().c_str(), ProduceUsage());
    return 2;
  }
  const Options& o = *options;
  ProducerConfig config;
  config.namesrv_addr = o.namesrv;
  config.tls_enable = o.tls != 0;
  // Signed sends for a broker with aclEnable=true; environment rather than flags so that the
  // secret stays out of process listings (broker_bench reads the same two).
  if (const char* access_key = std::getenv("RMQ_BENCH_ACCESS_KEY")) {
    config.access_key = access_key;
    const char* secret_key = std::getenv("RMQ_BENCH_SECRET_KEY");
    config.secret_key = secret_key != nullptr ? secret_key : "";
  }
  config.group = o.group;
  config.enable_msg_trace = o.trace;
  if (o.window > 0) {
    config.max_async_in_flight = static_cast<int32_t>(o.window * o.threads);
    config.callback_threads = 4;
  }
  config.async_callback_on_io_thread = o.io_callbacks;
  if (o.coalesce > 0) {
    config.coalesce_async_sends = true;
    config.coalesce_max_messages = static_cast<int32_t>(o.coalesce);
  }
  Producer producer(config);
  if (Status s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "rmq-bench produce: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::string mode =
      std::string(o.window > 0 ? "async window " + std::to_string(o.window) : "sync") +
      (o.batch > 0 ? ", batches of " + std::to_string(o.batch) : "") +
      (o.coalesce > 0 ? ", coalesced up to " + std::to_string(o.coalesce) : "");
  std::printf("producing to %s via %s: %lld threads, %lld-byte bodies, %s for %lld s\n",
              o.topic.c_str(), o.namesrv.c_str(), static_cast<long long>(o.threads),
              static_cast<long long>(o.size), mode.c_str(), static_cast<long long>(o.seconds));

  Stats stats;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Window>> windows;
  std::vector<std::thread> workers;
  const auto begin = Clock::now();
  const int64_t cpu_begin = ProcessCpuMicros();
  for (int64_t i = 0; i < o.threads; ++i) {
    windows.push_back(std::make_unique<Window>(o.window > 0 ? o.window : 1));
    Window& window = *windows.back();
    workers.emplace_back([&, i, &window = window] {
      if (o.window > 0) {
        AsyncLoop(producer, o, i, stop, stats, window);
      } else {
        SyncLoop(producer, o, i, stop, stats);
      }
    });
  }

  const auto end = begin + std::chrono::seconds(o.seconds);
  auto last_time = begin;
  auto last_snapshot = stats.latency.Take();
  uint64_t last_sent = 0;
  uint64_t last_failed = 0;
  int64_t last_cpu = cpu_begin;
  while (Clock::now() < end) {
    std::this_thread::sleep_until(
        std::min(end, Clock::now() + std::chrono::seconds(o.report_seconds)));
    const auto now = Clock::now();
    const auto snapshot = stats.latency.Take();
    const uint64_t sent = stats.sent.load();
    const uint64_t failed = stats.failed.load();
    const int64_t cpu = ProcessCpuMicros();
    PrintInterval(std::chrono::duration<double>(now - last_time).count(), sent - last_sent,
                  failed - last_failed, snapshot.Since(last_snapshot),
                  stats.latency.TakeIntervalMax(),
                  CpuMicrosPerMessage(last_cpu, cpu, sent - last_sent));
    last_cpu = cpu;
    last_time = now;
    last_snapshot = snapshot;
    last_sent = sent;
    last_failed = failed;
  }
  stop = true;
  for (auto& t : workers) t.join();
  for (auto& w : windows) {
    w->WaitEmpty(std::chrono::milliseconds(config.send_timeout_ms + 1000));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  const int64_t cpu_end = ProcessCpuMicros();
  producer.Shutdown();

  const auto total = stats.latency.Take();
  if (!stats.first_error.empty())
    std::fprintf(stderr, "first error: %s\n", stats.first_error.c_str());
  std::printf(
      "{\"sent\":%llu,\"failed\":%llu,\"tps\":%.1f,\"rt_p50_ms\":%.3f,\"rt_p99_ms\":%.3f,"
      "\"rt_max_ms\":%.3f,\"cpu_us_per_msg\":%.2f}\n",
      static_cast<unsigned long long>(stats.sent.load()),
      static_cast<unsigned long long>(stats.failed.load()),
      static_cast<double>(stats.sent.load()) / elapsed, total.PercentileMillis(0.5),
      total.PercentileMillis(0.99), static_cast<double>(total.max_micros) / 1000.0,
      CpuMicrosPerMessage(cpu_begin, cpu_end, stats.sent.load()));
  return stats.failed.load() == 0 ? 0 : 1;
}

}  // namespace bench
}  // namespace rocketmq
