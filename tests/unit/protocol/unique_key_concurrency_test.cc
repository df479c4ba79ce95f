// Concurrency of the one stateful piece of the protocol library (labelled "concurrency" so
// the tsan preset runs it).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "protocol/message_id.h"

namespace rocketmq {
namespace protocol {
namespace {

TEST(UniqueKeyGeneratorConcurrencyTest, UniqueAcrossThreads) {
  UniqueKeyGenerator gen(HostAddress::V4(0x7F000001, 0));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;  // < 65536 in total so the 16-bit counter cannot wrap
  std::vector<std::vector<std::string>> keys(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&gen, &keys, t] {
      const int64_t now = 1700000000000;
      for (int i = 0; i < kPerThread; ++i) keys[t].push_back(gen.NextAt(now));
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& list : keys) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  char buf[UniqueKeyGenerator::kMaxLength];
  gen.NextInto(buf);
  EXPECT_EQ(std::string(buf, 20), gen.Next().substr(0, 20));
}

TEST(UniqueKeyGeneratorConcurrencyTest, MonthBoundaryRecomputedUnderContention) {
  UniqueKeyGenerator gen(HostAddress::V4(0x7F000001, 0));
  // 2023-11-14 and 2023-12-14 (UTC): whatever the local zone, different months.
  const int64_t times[] = {1700000000000, 1702592000000};
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<int> bad(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&gen, &bad, &times, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = gen.NextAt(times[(i + t) % 2]);
        const uint32_t ms = static_cast<uint32_t>(std::stoul(key.substr(20, 8), nullptr, 16));
        // A month has at most 31 days (plus an hour of daylight-saving shift).
        if (ms > 32u * 24 * 3600 * 1000) ++bad[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(bad[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace protocol
}  // namespace rocketmq
