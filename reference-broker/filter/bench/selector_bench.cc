// selector_bench: what SQL92 filtering costs the pull path per stored message — the
// ExpressionMessageFilter's CommitLog check (decode the record header, look the selector's
// properties up, evaluate) on 1 KiB records, against the tags-code check alone.
//
//   selector_bench [messages=200000] [selector="region = 'eu' AND amount >= 500"]
//
// Records carry the properties a Java producer's message has (UNIQ_KEY, WAIT, TAGS, KEYS)
// plus region (one in five 'eu') and amount (0..999), so the default selector selects 10%.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "filter/expression_message_filter.h"
#include "filter/parser.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"

namespace {

std::vector<std::string> Records(int count) {
  std::vector<std::string> records;
  const std::string body(1024, 'x');
  for (int i = 0; i < count; ++i) {
    rocketmq::protocol::MessageProperties properties = {
        {"UNIQ_KEY", "7F0000010B2C18B4AAC2" + std::to_string(1000000 + i)},
        {"WAIT", "true"},
        {"TAGS", "TagA"},
        {"KEYS", "order-" + std::to_string(i)},
        {"region", i % 5 == 0 ? "eu" : "us"},
        {"amount", std::to_string((i * 7919) % 1000)},
    };
    const std::string encoded = rocketmq::protocol::EncodeMessageProperties(properties);
    rocketmq::protocol::MessageRecord record;
    record.topic = "BenchTopic";
    record.body = body;
    record.properties = encoded;
    auto bytes = rocketmq::protocol::EncodeMessageRecordToString(record);
    if (!bytes.ok()) std::abort();
    records.push_back(std::move(*bytes));
  }
  return records;
}

// Nanoseconds per record of the full check (consume queue, then CommitLog), and how many
// records passed.
std::pair<double, int> Measure(const rocketmq::store::MessageFilter& filter,
                               const std::vector<std::string>& records) {
  int passed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& record : records) {
    if (filter.IsMatchedByConsumeQueue(0) && filter.IsMatchedByCommitLog(record)) ++passed;
  }
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  return {static_cast<double>(ns) / static_cast<double>(records.size()), passed};
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 200000;
  const std::string text = argc > 2 ? argv[2] : "region = 'eu' AND amount >= 500";
  auto selector = rocketmq::filter::ParseSelector(text);
  if (!selector.ok()) {
    std::fprintf(stderr, "%s\n", selector.status().message().c_str());
    return 2;
  }
  const std::vector<std::string> records = Records(count);
  rocketmq::filter::PullFilterSpec tags;
  rocketmq::filter::PullFilterSpec sql;
  sql.selector = *selector;
  const rocketmq::filter::ExpressionMessageFilter tag_filter(tags);
  const rocketmq::filter::ExpressionMessageFilter sql_filter(sql);
  for (int round = 0; round < 2; ++round) {  // the first round warms caches
    const auto [tag_ns, tag_passed] = Measure(tag_filter, records);
    const auto [sql_ns, sql_passed] = Measure(sql_filter, records);
    if (round == 1) {
      std::printf(
          "%d records of 1 KiB: tags filter %.0f ns/msg (%d passed), SQL92 \"%s\" %.0f "
          "ns/msg (%d passed, %.1f%%)\n",
          count, tag_ns, tag_passed, text.c_str(), sql_ns, sql_passed, 100.0 * sql_passed / count);
    }
  }
  return 0;
}
