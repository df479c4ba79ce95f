#include "sampler.h"

#include <cstdlib>
#include <vector>

#include "rocketmq/topic_names.h"

namespace rocketmq {
namespace dashboard {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t CounterOf(const std::map<std::string, std::string>& stats, const char* key) {
  auto it = stats.find(key);
  return it == stats.end() ? 0 : std::strtoll(it->second.c_str(), nullptr, 10);
}

double Rate(int64_t before, int64_t after, int64_t ms) {
  // A counter that went back (a broker restarted, a day rolled over) gives no rate.
  if (ms <= 0 || after < before) return 0;
  return static_cast<double>(after - before) * 1000.0 / static_cast<double>(ms);
}

}  // namespace

Sampler::Sampler(Admin* admin, std::chrono::milliseconds interval, size_t capacity)
    : admin_(admin), interval_(interval), capacity_(capacity) {}

Sampler::~Sampler() { Stop(); }

void Sampler::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Sampler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sampler::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    SampleOnce();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

void Sampler::SampleOnce() {
  Sample sample;
  std::string error;
  auto cluster = admin_->GetClusterInfo();
  if (!cluster.ok()) {
    error = cluster.status().ToString();
  } else {
    for (const auto& [name, broker] : cluster->brokers) {
      for (const auto& [id, addr] : broker.addrs) {
        const std::string key = name + "@" + addr;
        auto stats = admin_->GetBrokerRuntimeStats(addr);
        if (!stats.ok()) {
          error = stats.status().ToString();
          continue;
        }
        Counters now{CounterOf(*stats, "msgPutTotalTodayNow"),
                     CounterOf(*stats, "msgGetTotalTodayNow"), NowMs()};
        auto before = broker_counters_.find(key);
        if (before != broker_counters_.end()) {
          const int64_t ms = now.time_ms - before->second.time_ms;
          sample.brokers[key] = {Rate(before->second.put, now.put, ms),
                                 Rate(before->second.get, now.get, ms)};
        }
        broker_counters_[key] = now;
      }
    }
    auto topics = admin_->ListTopics();
    if (!topics.ok()) {
      error = topics.status().ToString();
    } else {
      size_t watched = 0;
      for (const auto& topic : *topics) {
        if (!IsRetryTopic(topic) || watched == kMaxGroups) continue;
        ++watched;
        const std::string group = GroupOfRetryTopic(topic);
        auto progress = admin_->GetConsumeProgress(group);
        if (!progress.ok()) continue;  // a group without offsets yet has nothing to chart
        GroupCounters now{0, NowMs()};
        for (const auto& q : progress->queues) now.consumed += q.consumer_offset;
        GroupRates rates;
        rates.lag = progress->TotalLag();
        auto before = group_counters_.find(group);
        if (before != group_counters_.end()) {
          rates.consume_tps =
              Rate(before->second.consumed, now.consumed, now.time_ms - before->second.time_ms);
        }
        group_counters_[group] = now;
        sample.groups[group] = rates;
      }
    }
  }
  sample.time_ms = NowMs();
  std::lock_guard<std::mutex> lock(mu_);
  last_error_ = error;
  ring_.push_back(std::move(sample));
  while (ring_.size() > capacity_) ring_.pop_front();
}

Json::Value Sampler::MetricsJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json::Value out;
  out["intervalMs"] = static_cast<Json::Int64>(interval_.count());
  out["error"] = last_error_;
  out["samples"] = Json::Value(Json::arrayValue);
  for (const auto& s : ring_) {
    Json::Value v;
    v["t"] = static_cast<Json::Int64>(s.time_ms);
    v["brokers"] = Json::Value(Json::objectValue);
    for (const auto& [key, r] : s.brokers) {
      v["brokers"][key]["inTps"] = r.in_tps;
      v["brokers"][key]["outTps"] = r.out_tps;
    }
    v["groups"] = Json::Value(Json::objectValue);
    for (const auto& [group, r] : s.groups) {
      v["groups"][group]["lag"] = static_cast<Json::Int64>(r.lag);
      v["groups"][group]["consumeTps"] = r.consume_tps;
    }
    out["samples"].append(v);
  }
  return out;
}

bool Sampler::LatestBroker(const std::string& key, BrokerRates* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = ring_.rbegin(); it != ring_.rend(); ++it) {
    auto found = it->brokers.find(key);
    if (found != it->brokers.end()) {
      *out = found->second;
      return true;
    }
  }
  return false;
}

}  // namespace dashboard
}  // namespace rocketmq
