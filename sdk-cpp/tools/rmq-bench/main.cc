// rmq-bench: load generator for RocketMQ clusters, one subcommand per workload.
//   rmq-bench produce -n NAMESRV -t TOPIC [-s SIZE] [-w THREADS] [--async WINDOW]
//                     [--batch N] [-d SECONDS]
//   rmq-bench consume -n NAMESRV -t TOPIC [-g GROUP] [--expect N] [-d MAX_SECONDS]
//   rmq-bench request -n NAMESRV [-t TOPIC] [-s SIZE] [-w THREADS] [-d SECONDS]
#include <cstdio>
#include <cstring>

#include "consume_command.h"
#include "produce_command.h"
#include "request_command.h"

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* (*usage)();
};

constexpr Command kCommands[] = {
    {"produce", rocketmq::bench::RunProduce, rocketmq::bench::ProduceUsage},
    {"consume", rocketmq::bench::RunConsume, rocketmq::bench::ConsumeUsage},
    {"request", rocketmq::bench::RunRequest, rocketmq::bench::RequestUsage},
};

void PrintUsage() {
  std::fprintf(stderr, "usage: rmq-bench <command> [options]\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(stderr, "  %s\n", c.usage());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage();
    return 2;
  }
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) == 0) return c.run(argc - 2, argv + 2);
  }
  std::fprintf(stderr, "rmq-bench: unknown command '%s'\n", argv[1]);
  PrintUsage();
  return 2;
}
