// BrokerStats: the statistics Apache's tools read, counted on the send and pull paths with
// relaxed atomics and sampled by the broker's scheduler, never on those paths.
//
// Two families, as in Apache 4.9.7:
// - BrokerStatsManager's StatsItems (VIEW_BROKER_STATS_DATA, `mqadmin statsAll` and
//   `brokerStatus`): per key a value and a count of increments, sampled every 10 s (the
//   last 7 samples: the minute), every 10 min (7: the hour) and every hour (25: the day);
//   a window reports the value added in it (sum), per second (tps) and per increment
//   (avgpt). Keys: TOPIC_PUT_NUMS / TOPIC_PUT_SIZE by topic, GROUP_GET_NUMS / GROUP_GET_SIZE
//   and SNDBCK_PUT_NUMS by "topic@group", BROKER_PUT_NUMS / BROKER_GET_NUMS by cluster name.
// - StoreStatsService's rates (GET_BROKER_RUNTIME_INFO, `clusterList`): stored messages,
//   pulls that found or missed messages, messages handed to consumers, sampled every second
//   (the last 601), reported as "tps10s tps60s tps600s".
//
// Thread-safe. Items are never removed, so the pointers handed out stay valid for the
// broker's life (Apache drops a deleted topic's items; ours keep their history).
#ifndef ROCKETMQ_BROKER_BROKER_STATS_H_
#define ROCKETMQ_BROKER_BROKER_STATS_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace rocketmq {
namespace broker {

// Apache's StatsItem.
class StatsItem {
 public:
  // Hot path: two relaxed atomic additions.
  void Add(int64_t value, int64_t times = 1) {
    value_.fetch_add(value, std::memory_order_relaxed);
    times_.fetch_add(times, std::memory_order_relaxed);
  }

  struct Snapshot {
    int64_t sum = 0;
    double tps = 0;
    double avgpt = 0;
  };
  enum Window { kMinute, kHour, kDay };
  void Sample(Window window, int64_t now_ms);
  Snapshot Stats(Window window) const;

 private:
  struct Call {
    int64_t timestamp;
    int64_t times;
    int64_t value;
  };
  std::atomic<int64_t> value_{0};
  std::atomic<int64_t> times_{0};
  mutable std::mutex mutex_;
  std::deque<Call> calls_[3];
};

// BrokerStatsData, the body of VIEW_BROKER_STATS_DATA.
struct BrokerStatsData {
  StatsItem::Snapshot minute;
  StatsItem::Snapshot hour;
  StatsItem::Snapshot day;
  std::string Encode() const;
};

class BrokerStats {
 public:
  explicit BrokerStats(std::string cluster_name);
  BrokerStats(const BrokerStats&) = delete;
  BrokerStats& operator=(const BrokerStats&) = delete;

  // The items one stored send feeds; look them up before the store answers, and add to
  // them when it does.
  struct PutItems {
    StatsItem* nums;
    StatsItem* size;
  };
  PutItems TopicPut(const std::string& topic);
  void OnStored(const PutItems& items, int64_t messages, int64_t bytes);
  // A pull that returned `messages` (0: found nothing).
  void OnPulled(const std::string& topic, const std::string& group, int64_t messages,
                int64_t bytes);
  // SNDBCK_PUT_NUMS of "topic@group".
  StatsItem* SendBackItem(const std::string& key) { return send_back_nums_.GetOrCreate(key); }

  // Scheduler: every second, and every 10 s / 10 min / 1 h for the StatsItems.
  void SampleRates(int64_t now_ms);
  void SampleItems(StatsItem::Window window, int64_t now_ms);

  // VIEW_BROKER_STATS_DATA; nullopt when no such item exists (yet).
  std::optional<BrokerStatsData> View(const std::string& name, const std::string& key) const;
  // StoreStatsService's keys of GET_BROKER_RUNTIME_INFO: putTps, getFoundTps, getMissTps,
  // getTotalTps, getTransferedTps (and the getTransferredTps spelling), putMessageTimesTotal,
  // putMessageSizeTotal, putMessageAverageSize.
  void AddRuntimeInfo(std::map<std::string, std::string>* table) const;

 private:
  class ItemSet {
   public:
    StatsItem* GetOrCreate(const std::string& key);
    StatsItem* Find(const std::string& key) const;
    void Sample(StatsItem::Window window, int64_t now_ms);

   private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::unique_ptr<StatsItem>> items_;
  };
  const ItemSet* SetNamed(const std::string& name) const;

  // Tells the instances of the process apart in the per-thread memos of TopicPut and
  // OnPulled (thread_memo.h; an address could be reused by a later instance).
  const uint64_t serial_;
  const std::string cluster_name_;
  ItemSet topic_put_nums_;
  ItemSet topic_put_size_;
  ItemSet group_get_nums_;
  ItemSet group_get_size_;
  ItemSet send_back_nums_;
  ItemSet broker_put_nums_;
  ItemSet broker_get_nums_;
  StatsItem* const broker_put_;
  StatsItem* const broker_get_;

  // StoreStatsService's counters and their per-second samples.
  enum Rate { kPut, kGetFound, kGetMiss, kTransferred, kRateCount };
  std::atomic<int64_t> totals_[kRateCount] = {};
  std::atomic<int64_t> put_bytes_{0};
  mutable std::mutex rates_mutex_;
  struct RateSample {
    int64_t timestamp;
    int64_t totals[kRateCount];
  };
  std::deque<RateSample> rate_samples_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_BROKER_STATS_H_
