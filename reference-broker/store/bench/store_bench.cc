// store-bench: append and read throughput of the message store on the real file system.
//
//   store-bench [--dir=/tmp] [--messages=N] [--size=1024] [--file-size=BYTES] [--seconds=10]
//               [--quick] [--scenario=SYNC_FLUSH,64,1] [--replay]
//
// For ASYNC_FLUSH and SYNC_FLUSH it runs 1, 4 and 64 writer threads (each waits for its
// acknowledgement before the next put), plus 4 writers keeping 256 puts each in flight,
// and prints appends/s and the p50/p99 latency from put to acknowledgement; then it
// reads one queue back sequentially through GetMessage. No network is involved.
// --replay: after each scenario, a restart without the ConsumeQueues and index, so that the
// dispatcher decodes the whole CommitLog (a dispatcher behind the appender's held records
// reads the log the same way); prints its wall and CPU time per MiB.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/logging.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "store/message_store.h"

namespace rocketmq {
namespace store {
namespace {

struct Options {
  std::string dir = "/tmp";
  // "SYNC_FLUSH,64,1": run only this flush type, writer count and per-writer window.
  std::string scenario;
  int64_t messages = 200000;
  // A scenario also stops issuing puts after this long (slow SYNC_FLUSH cases).
  int seconds = 10;
  int size = 1024;
  int64_t file_size = 256 * 1024 * 1024;
  bool replay = false;
};

struct Scenario {
  const char* flush;
  int writers;
  int window;
};

std::string EncodeRecord(int queue_id, int size) {
  const std::string body(static_cast<size_t>(size), 'x');
  std::string props;
  protocol::AppendProperty(&props, "TAGS", "TagA");
  protocol::AppendProperty(&props, "UNIQ_KEY", "7F000001000000000000000000000000");
  protocol::MessageRecord r;
  r.topic = "BenchTopic";
  r.queue_id = queue_id;
  r.body = body;
  r.body_crc = protocol::MaskedCrc32(body);
  r.properties = props;
  r.born_timestamp = 1;
  r.born_host = protocol::HostAddress::V4(0x7F000001, 40000);
  r.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
  auto encoded = protocol::EncodeMessageRecordToString(r);
  return encoded.ok() ? *encoded : std::string();
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Restarts the store without its ConsumeQueues and index: the dispatcher rebuilds them from
// the whole CommitLog.
bool TimeReplay(const MessageStoreConfig& config, const char* flush) {
  std::filesystem::remove_all(config.ConsumeQueueDir());
  std::filesystem::remove_all(config.IndexDir());
  MessageStore store(config);
  const auto begin = std::chrono::steady_clock::now();
  const double cpu_begin = ProcessCpuSeconds();
  Status started = store.Start();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  const double cpu = ProcessCpuSeconds() - cpu_begin;
  if (!started.ok()) {
    std::fprintf(stderr, "store-bench: replay: %s\n", started.ToString().c_str());
    return false;
  }
  const double mib = static_cast<double>(store.GetMaxPhyOffset()) / (1024.0 * 1024.0);
  std::printf("%-11s replay of %.0f MiB (dispatch only): %7.3f ms/MiB wall %7.3f ms/MiB CPU\n",
              flush, mib, secs * 1e3 / mib, cpu * 1e3 / mib);
  store.Shutdown();
  return true;
}

double Percentile(std::vector<int64_t>* v, double p) {
  if (v->empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v->size() - 1));
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(k), v->end());
  return static_cast<double>((*v)[k]) / 1000.0;
}

MessageStoreConfig BenchConfig(const Options& o, const std::string& root, const char* flush) {
  MessageStoreConfig c;
  c.store_path_root_dir = root;
  c.flush_disk_type = flush;
  c.mapped_file_size_commit_log = static_cast<int32_t>(o.file_size);
  c.max_message_size = 4 * 1024 * 1024;
  // Index files are sized for the run, not the 420 MB default.
  c.max_hash_slot_num = 500000;
  c.max_index_num = 2000000;
  return c;
}

bool RunScenario(const Options& o, const Scenario& s, bool read_back) {
  const std::string root = o.dir + "/store-bench-" + std::to_string(getpid());
  std::filesystem::remove_all(root);
  bool ok = true;
  {
    MessageStore store(BenchConfig(o, root, s.flush));
    Status started = store.Start();
    if (!started.ok()) {
      std::fprintf(stderr, "store-bench: %s\n", started.ToString().c_str());
      return false;
    }
    // Warm-up: creates the ConsumeQueue and index files, and lets the allocator finish
    // preallocating the next CommitLog file, so the timed part measures steady state.
    for (int q = 0; q < 8; ++q) store.PutMessage(EncodeRecord(q, o.size)).wait();
    store.AwaitDispatched(store.GetMaxPhyOffset(), std::chrono::seconds(60));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const int64_t per_writer = o.messages / s.writers;
    std::vector<std::vector<int64_t>> latencies(static_cast<size_t>(s.writers));
    std::atomic<int64_t> failures{0};
    const auto begin = std::chrono::steady_clock::now();
    const auto stop_at = begin + std::chrono::seconds(o.seconds);
    std::vector<std::thread> threads;
    for (int w = 0; w < s.writers; ++w) {
      threads.emplace_back([&, w] {
        const std::string record = EncodeRecord(w % 8, o.size);
        auto& lat = latencies[static_cast<size_t>(w)];
        lat.reserve(static_cast<size_t>(per_writer));
        std::mutex mu;
        std::condition_variable cv;
        int in_flight = 0;
        for (int64_t i = 0; i < per_writer && std::chrono::steady_clock::now() < stop_at; ++i) {
          {
            std::unique_lock<std::mutex> lock(mu);
            cv.wait(lock, [&] { return in_flight < s.window; });
            in_flight++;
          }
          const auto start = std::chrono::steady_clock::now();
          store.PutMessage(record, true, [&, start](const PutMessageResult& r) {
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
            std::lock_guard<std::mutex> lock(mu);
            if (!r.ok()) failures++;
            lat.push_back(ns);
            in_flight--;
            cv.notify_one();
          });
        }
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return in_flight == 0; });
      });
    }
    for (auto& t : threads) t.join();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::vector<int64_t> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    const double rate = static_cast<double>(all.size()) / secs;
    std::printf(
        "%-11s writers=%-3d in-flight=%-5d %8zu msgs %10.0f msgs/s %7.1f MB/s  p50 %8.1f us"
        "  p99 %8.1f us%s\n",
        s.flush, s.writers, s.writers * s.window, all.size(), rate, rate * o.size / 1e6,
        Percentile(&all, 0.50), Percentile(&all, 0.99), failures.load() > 0 ? "  (FAILURES)" : "");
    ok = failures.load() == 0;

    if (read_back) {
      store.AwaitDispatched(store.GetMaxPhyOffset(), std::chrono::seconds(60));
      const auto read_begin = std::chrono::steady_clock::now();
      int64_t msgs = 0;
      int64_t bytes = 0;
      for (int q = 0; q < 8; ++q) {
        int64_t offset = 1;  // after the warm-up message
        for (;;) {
          GetMessageResult got = store.GetMessage("bench", "BenchTopic", q, offset, 32, nullptr);
          if (got.status != GetMessageStatus::kFound) break;
          for (const auto& m : got.messages) bytes += m.size();
          msgs += static_cast<int64_t>(got.messages.size());
          offset = got.next_begin_offset;
        }
      }
      const double rsecs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - read_begin).count();
      std::printf(
          "%-11s sequential read (GetMessage, 32 per call): %8lld msgs %10.0f msgs/s "
          "%7.1f MB/s\n",
          s.flush, static_cast<long long>(msgs), static_cast<double>(msgs) / rsecs,
          static_cast<double>(bytes) / rsecs / 1e6);
    }
    store.Shutdown();
  }
  if (o.replay) ok = TimeReplay(BenchConfig(o, root, s.flush), s.flush) && ok;
  std::filesystem::remove_all(root);
  return ok;
}

}  // namespace
}  // namespace store
}  // namespace rocketmq

int main(int argc, char** argv) {
  using rocketmq::store::Options;
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      const std::string prefix = std::string(name) + "=";
      return arg.compare(0, prefix.size(), prefix) == 0 ? argv[i] + prefix.size() : nullptr;
    };
    if (const char* v = value("--dir")) {
      o.dir = v;
    } else if (const char* v2 = value("--messages")) {
      o.messages = std::atoll(v2);
    } else if (const char* v3 = value("--size")) {
      o.size = std::atoi(v3);
    } else if (const char* v4 = value("--file-size")) {
      o.file_size = std::atoll(v4);
    } else if (const char* v6 = value("--seconds")) {
      o.seconds = std::atoi(v6);
    } else if (const char* v5 = value("--scenario")) {
      o.scenario = v5;
    } else if (arg == "--replay") {
      o.replay = true;
    } else if (arg == "--quick") {
      o.messages = 20000;
      o.file_size = 64 * 1024 * 1024;
    } else {
      std::fprintf(stderr,
                   "usage: store-bench [--dir=DIR] [--messages=N] [--size=BYTES] "
                   "[--file-size=BYTES] [--seconds=S] [--quick] [--scenario=FLUSH,WRITERS,WINDOW] "
                   "[--replay]\n");
      return 2;
    }
  }
  if (o.messages <= 0 || o.size <= 0 || o.seconds <= 0 || o.file_size < 1024 * 1024) {
    std::fprintf(stderr,
                 "store-bench: --messages and --size must be positive, --file-size >= 1 MiB\n");
    return 2;
  }
  rocketmq::logging::SetLevel(rocketmq::LogLevel::kWarn);
  const rocketmq::store::Scenario scenarios[] = {
      {"ASYNC_FLUSH", 1, 1}, {"ASYNC_FLUSH", 4, 1}, {"ASYNC_FLUSH", 64, 1}, {"ASYNC_FLUSH", 4, 256},
      {"SYNC_FLUSH", 1, 1},  {"SYNC_FLUSH", 4, 1},  {"SYNC_FLUSH", 64, 1},  {"SYNC_FLUSH", 4, 256},
  };
  bool ok = true;
  for (const auto& s : scenarios) {
    const std::string name =
        std::string(s.flush) + "," + std::to_string(s.writers) + "," + std::to_string(s.window);
    if (!o.scenario.empty() && o.scenario != name) continue;
    const bool read_back = s.writers == 4 && s.window == 256;
    ok = rocketmq::store::RunScenario(o, s, read_back) && ok;
  }
  return ok ? 0 : 1;
}
