// Transactional messages: each message is delivered only if its local transaction commits.
// Here even-numbered orders commit, odd ones roll back, and every third answers "unknown"
// first: the broker then checks back later and the checker looks the order up.
// Usage: transaction_producer -n 127.0.0.1:9876 -t TopicTest -c 6
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "example_args.h"
#include "rocketmq/transaction_producer.h"

using rocketmq::TransactionState;

int main(int argc, char** argv) {
  ExampleArgs args;
  if (!ParseExampleArgs(argc, argv, &args)) return 2;

  // Stands in for the application's database: transaction id -> outcome.
  std::mutex mu;
  std::map<std::string, TransactionState> outcomes;

  rocketmq::ProducerConfig config;
  config.namesrv_addr = args.namesrv;
  config.group = "ExampleTransactionProducer";
  rocketmq::TransactionProducer producer(config, [&](const rocketmq::MessageExt& msg) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = outcomes.find(msg.msg_id());
    std::printf("broker checks %s\n", msg.msg_id().c_str());
    return it == outcomes.end() ? TransactionState::kUnknown : it->second;
  });
  if (auto s = producer.Start(); !s.ok()) {
    std::fprintf(stderr, "start failed: %s\n", s.ToString().c_str());
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    rocketmq::Message msg(args.topic, "Order", "order " + std::to_string(i));
    auto result = producer.SendInTransaction(
        msg, [&](const rocketmq::Message&, const rocketmq::SendResult& sent) {
          const TransactionState outcome =
              i % 2 == 0 ? TransactionState::kCommit : TransactionState::kRollback;
          std::lock_guard<std::mutex> lock(mu);
          outcomes[sent.transaction_id] = outcome;
          return i % 3 == 0 ? TransactionState::kUnknown : outcome;
        });
    if (result.ok()) {
      std::printf("%s: local transaction %s\n", result->transaction_id.c_str(),
                  rocketmq::TransactionStateName(result->local_state));
    } else {
      std::fprintf(stderr, "send failed: %s\n", result.status().ToString().c_str());
      ++failures;
    }
  }
  // Stay a while: undecided transactions are checked back after the broker's
  // transactionTimeOut (6 s by default) at its next check interval.
  std::printf("press Enter to stop\n");
  std::getchar();
  producer.Shutdown();
  return failures == 0 ? 0 : 1;
}
