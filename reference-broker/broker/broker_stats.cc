#include "broker/broker_stats.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "broker/thread_memo.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace broker {
namespace {

// Per window: the sampling period (the synthetic first sample sits one period before the
// first real one, as in Apache, so a window has a rate from its first sample on) and how
// many samples it keeps.
constexpr int64_t kPeriodMs[] = {10 * 1000, 10 * 60 * 1000, 60 * 60 * 1000};
constexpr size_t kKept[] = {7, 7, 25};
// Per-second rate samples kept: 600 s and one more.
constexpr size_t kRateSamples = 601;

// Java's Double.toString for the figures involved: "0.0", "12.5".
std::string JavaDouble(double value) {
  if (!std::isfinite(value)) return "0.0";
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  std::string text(buf, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text.append(".0");
  return text;
}

void WriteSnapshot(protocol::JsonWriter& w, const StatsItem::Snapshot& s) {
  w.BeginObject().Key("avgpt").Double(s.avgpt).Field("sum", s.sum).Key("tps").Double(s.tps);
  w.EndObject();
}

}  // namespace

void StatsItem::Sample(Window window, int64_t now_ms) {
  const int64_t value = value_.load(std::memory_order_relaxed);
  const int64_t times = times_.load(std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mutex_);
  std::deque<Call>& calls = calls_[window];
  if (calls.empty()) calls.push_back({now_ms - kPeriodMs[window], 0, 0});
  calls.push_back({now_ms, times, value});
  if (calls.size() > kKept[window]) calls.pop_front();
}

StatsItem::Snapshot StatsItem::Stats(Window window) const {
  Snapshot snapshot;
  std::lock_guard<std::mutex> lock(mutex_);
  const std::deque<Call>& calls = calls_[window];
  if (calls.empty()) return snapshot;
  const Call& first = calls.front();
  const Call& last = calls.back();
  snapshot.sum = last.value - first.value;
  if (last.timestamp > first.timestamp) {
    snapshot.tps = snapshot.sum * 1000.0 / static_cast<double>(last.timestamp - first.timestamp);
  }
  const int64_t times = last.times - first.times;
  if (times > 0) snapshot.avgpt = static_cast<double>(snapshot.sum) / static_cast<double>(times);
  return snapshot;
}

std::string BrokerStatsData::Encode() const {
  protocol::JsonWriter w;
  w.BeginObject();
  w.Key("statsDay");
  WriteSnapshot(w, day);
  w.Key("statsHour");
  WriteSnapshot(w, hour);
  w.Key("statsMinute");
  WriteSnapshot(w, minute);
  w.EndObject();
  return w.Take();
}

StatsItem* BrokerStats::ItemSet::GetOrCreate(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<StatsItem>& item = items_[key];
  if (!item) item = std::make_unique<StatsItem>();
  return item.get();
}

StatsItem* BrokerStats::ItemSet::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second.get();
}

void BrokerStats::ItemSet::Sample(StatsItem::Window window, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [key, item] : items_) item->Sample(window, now_ms);
}

BrokerStats::BrokerStats(std::string cluster_name)
    : serial_(NextMemoTableId()),
      cluster_name_(std::move(cluster_name)),
      broker_put_(broker_put_nums_.GetOrCreate(cluster_name_)),
      broker_get_(broker_get_nums_.GetOrCreate(cluster_name_)) {}

BrokerStats::PutItems BrokerStats::TopicPut(const std::string& topic) {
  // Items are never removed: the table's version never changes.
  return Memoized(serial_, 0, topic, [&](uint64_t*) {
    return PutItems{topic_put_nums_.GetOrCreate(topic), topic_put_size_.GetOrCreate(topic)};
  });
}

void BrokerStats::OnStored(const PutItems& items, int64_t messages, int64_t bytes) {
  items.nums->Add(messages);
  items.size->Add(bytes);
  broker_put_->Add(messages);
  totals_[kPut].fetch_add(messages, std::memory_order_relaxed);
  put_bytes_.fetch_add(bytes, std::memory_order_relaxed);
}

void BrokerStats::OnPulled(const std::string& topic, const std::string& group, int64_t messages,
                           int64_t bytes) {
  if (messages == 0) {
    totals_[kGetMiss].fetch_add(1, std::memory_order_relaxed);
    return;
  }
  totals_[kGetFound].fetch_add(1, std::memory_order_relaxed);
  totals_[kTransferred].fetch_add(messages, std::memory_order_relaxed);
  // Reused: built anew it was an allocation per pull.
  thread_local std::string key;
  key.assign(topic).append(1, '@').append(group);
  const PutItems items = Memoized(serial_, 0, key, [&](uint64_t*) {
    return PutItems{group_get_nums_.GetOrCreate(key), group_get_size_.GetOrCreate(key)};
  });
  items.nums->Add(messages);
  items.size->Add(bytes);
  broker_get_->Add(messages);
}

void BrokerStats::SampleRates(int64_t now_ms) {
  RateSample sample{now_ms, {}};
  for (int i = 0; i < kRateCount; ++i)
    sample.totals[i] = totals_[i].load(std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(rates_mutex_);
  rate_samples_.push_back(sample);
  if (rate_samples_.size() > kRateSamples) rate_samples_.pop_front();
}

void BrokerStats::SampleItems(StatsItem::Window window, int64_t now_ms) {
  for (ItemSet* set : {&topic_put_nums_, &topic_put_size_, &group_get_nums_, &group_get_size_,
                       &send_back_nums_, &broker_put_nums_, &broker_get_nums_}) {
    set->Sample(window, now_ms);
  }
}

const BrokerStats::ItemSet* BrokerStats::SetNamed(const std::string& name) const {
  static const std::pair<const char*, ItemSet BrokerStats::*> kSets[] = {
      {"TOPIC_PUT_NUMS", &BrokerStats::topic_put_nums_},
      {"TOPIC_PUT_SIZE", &BrokerStats::topic_put_size_},
      {"GROUP_GET_NUMS", &BrokerStats::group_get_nums_},
      {"GROUP_GET_SIZE", &BrokerStats::group_get_size_},
      {"SNDBCK_PUT_NUMS", &BrokerStats::send_back_nums_},
      {"BROKER_PUT_NUMS", &BrokerStats::broker_put_nums_},
      {"BROKER_GET_NUMS", &BrokerStats::broker_get_nums_}};
  for (const auto& [set_name, member] : kSets) {
    if (name == set_name) return &(this->*member);
  }
  return nullptr;
}

std::optional<BrokerStatsData> BrokerStats::View(const std::string& name,
                                                 const std::string& key) const {
  const ItemSet* set = SetNamed(name);
  const StatsItem* item = set != nullptr ? set->Find(key) : nullptr;
  if (item == nullptr) return std::nullopt;
  return BrokerStatsData{item->Stats(StatsItem::kMinute), item->Stats(StatsItem::kHour),
                         item->Stats(StatsItem::kDay)};
}

void BrokerStats::AddRuntimeInfo(std::map<std::string, std::string>* table) const {
  std::lock_guard<std::mutex> lock(rates_mutex_);
  // Over the last `seconds`, or as many as sampled so far (Apache answers "" until it has
  // them all, which its own clusterList cannot parse).
  auto rate = [&](int which, size_t seconds) {
    if (rate_samples_.size() < 2) return 0.0;
    const RateSample& last = rate_samples_.back();
    const RateSample& first =
        rate_samples_[rate_samples_.size() > seconds ? rate_samples_.size() - seconds - 1 : 0];
    if (last.timestamp <= first.timestamp) return 0.0;
    return static_cast<double>(last.totals[which] - first.totals[which]) * 1000.0 /
           static_cast<double>(last.timestamp - first.timestamp);
  };
  auto rates = [&](auto&& of) {
    return JavaDouble(of(10)) + " " + JavaDouble(of(60)) + " " + JavaDouble(of(600));
  };
  auto& t = *table;
  t["putTps"] = rates([&](size_t s) { return rate(kPut, s); });
  t["getFoundTps"] = rates([&](size_t s) { return rate(kGetFound, s); });
  t["getMissTps"] = rates([&](size_t s) { return rate(kGetMiss, s); });
  t["getTotalTps"] = rates([&](size_t s) { return rate(kGetFound, s) + rate(kGetMiss, s); });
  // Apache 4.x writes (and its tools read) the misspelt key; 5.x tools accept either.
  t["getTransferedTps"] = rates([&](size_t s) { return rate(kTransferred, s); });
  t["getTransferredTps"] = t["getTransferedTps"];
  const int64_t puts = totals_[kPut].load(std::memory_order_relaxed);
  const int64_t bytes = put_bytes_.load(std::memory_order_relaxed);
  // Apache reports 1 rather than 0 (its divisor).
  t["putMessageTimesTotal"] = std::to_string(puts == 0 ? 1 : puts);
  t["putMessageSizeTotal"] = std::to_string(bytes);
  t["putMessageAverageSize"] = JavaDouble(static_cast<double>(bytes) / (puts == 0 ? 1 : puts));
}

}  // namespace broker
}  // namespace rocketmq
