// The per-thread memo behind the config managers' FindCached lookups (topics, subscription
// groups) and BrokerStats' item lookups: each thread keeps the last key it asked a table for
// and what it got, valid while the table has not changed. A per-request lookup of the same
// key then takes no lock and copies nothing.
#ifndef ROCKETMQ_BROKER_THREAD_MEMO_H_
#define ROCKETMQ_BROKER_THREAD_MEMO_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace rocketmq {
namespace broker {

// A table's identity in the memos: tests run several managers of a kind per process.
inline uint64_t NextMemoTableId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

// What `load` gave this thread for `key` in the table `table_id` at `table_version`, kept
// per thread and per call site (`load`'s type) until the key, the table or its version
// changes. `load(&version)` returns the value (any copyable type) and may set `version` to
// the one the table had when it was read (it starts as `table_version`).
template <typename Load>
auto Memoized(uint64_t table_id, uint64_t table_version, std::string_view key, Load&& load)
    -> std::decay_t<std::invoke_result_t<Load&, uint64_t*>> {
  using Value = std::decay_t<std::invoke_result_t<Load&, uint64_t*>>;
  struct Last {
    uint64_t table_id = 0;
    uint64_t table_version = 0;
    std::string key;
    Value value{};
  };
  thread_local Last last;
  if (last.table_id == table_id && last.table_version == table_version && last.key == key) {
    return last.value;
  }
  uint64_t version = table_version;
  Value value = load(&version);
  last.table_id = table_id;
  last.table_version = version;
  last.key = key;
  last.value = value;
  return value;
}

// The config of `key` in the table `table_id`, whose writers raise `table_version` (under
// their lock) after every change. `load(&version)` takes the table's lock, reads
// `table_version` into `version` and returns the config (null when absent).
template <typename Value, typename Load>
std::shared_ptr<const Value> FindMemoized(uint64_t table_id,
                                          const std::atomic<uint64_t>& table_version,
                                          std::string_view key, Load&& load) {
  // A change racing with this read is ordered after it, as if the lock had been taken first.
  return Memoized(table_id, table_version.load(std::memory_order_acquire), key,
                  [&](uint64_t* version) -> std::shared_ptr<const Value> { return load(version); });
}

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_THREAD_MEMO_H_
