// The per-thread memo behind the config managers' FindCached lookups (topics, subscription
// groups): each thread keeps the last key it asked a table for and the config it got, valid
// while the table has not changed. A per-request lookup of the same key then takes no lock
// and copies nothing.
#ifndef ROCKETMQ_BROKER_THREAD_MEMO_H_
#define ROCKETMQ_BROKER_THREAD_MEMO_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace rocketmq {
namespace broker {

// A table's identity in the memos: tests run several managers of a kind per process.
inline uint64_t NextMemoTableId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// The value of `key` in the table `table_id`, whose writers raise `table_version` (under
// their lock) after every change. `load(&version)` takes the table's lock, reads
// `table_version` into `version` and returns the config (null when absent).
template <typename Value, typename Load>
std::shared_ptr<const Value> FindMemoized(uint64_t table_id,
                                          const std::atomic<uint64_t>& table_version,
                                          const std::string& key, Load&& load) {
  struct Last {
    uint64_t table_id = 0;
    uint64_t table_version = 0;
    std::string key;
    std::shared_ptr<const Value> value;
  };
  thread_local Last last;
  // A change racing with this read is ordered after it, as if the lock had been taken first.
  if (last.table_id == table_id &&
      last.table_version == table_version.load(std::memory_order_acquire) && last.key == key) {
    return last.value;
  }
  uint64_t version = 0;
  std::shared_ptr<const Value> value = load(&version);
  last.table_id = table_id;
  last.table_version = version;
  last.key = key;
  last.value = value;
  return value;
}

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_THREAD_MEMO_H_
