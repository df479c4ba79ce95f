// Sampler: the dashboard's history. A thread of its own asks the cluster every `interval`
// for each broker's message counters and each consumer group's progress, and keeps the
// rates and lags of the last `capacity` rounds in a ring buffer that /api/metrics returns.
// Rates are computed from counter differences between rounds, so they are right whether or
// not a broker reports its own (putTps) figures.
//
// Threads: Start() starts the sampling thread, Stop() joins it; MetricsJson() and
// Latest*() may be called from any thread.
#ifndef ROCKETMQ_TOOLS_DASHBOARD_SAMPLER_H_
#define ROCKETMQ_TOOLS_DASHBOARD_SAMPLER_H_

#include <json/json.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "rocketmq/admin.h"

namespace rocketmq {
namespace dashboard {

struct BrokerRates {
  double in_tps = 0;   // messages stored per second
  double out_tps = 0;  // messages handed to consumers per second
};

struct GroupRates {
  int64_t lag = 0;
  double consume_tps = 0;  // committed offsets advanced per second
};

struct Sample {
  int64_t time_ms = 0;
  std::map<std::string, BrokerRates> brokers;  // by "brokerName@address"
  std::map<std::string, GroupRates> groups;    // by group name
};

class Sampler {
 public:
  // The groups watched per round are capped so that a round stays within a few requests.
  static constexpr size_t kMaxGroups = 64;

  Sampler(Admin* admin, std::chrono::milliseconds interval, size_t capacity);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  void Start();
  void Stop();

  // {"intervalMs", "error" (of the last round, "" when it went well), "samples": [...]}
  Json::Value MetricsJson() const;
  // The rates of the last round, if any.
  bool LatestBroker(const std::string& key, BrokerRates* out) const;

 private:
  struct Counters {
    int64_t put = 0;
    int64_t get = 0;
    int64_t time_ms = 0;
  };
  struct GroupCounters {
    int64_t consumed = 0;  // the sum of the group's committed offsets
    int64_t time_ms = 0;
  };

  void Run();
  void SampleOnce();

  Admin* const admin_;
  const std::chrono::milliseconds interval_;
  const size_t capacity_;

  // Only the sampling thread touches these.
  std::map<std::string, Counters> broker_counters_;
  std::map<std::string, GroupCounters> group_counters_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;        // guarded by mu_
  std::deque<Sample> ring_;  // guarded by mu_
  std::string last_error_;   // guarded by mu_
  std::thread thread_;
};

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_SAMPLER_H_
