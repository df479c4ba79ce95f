// Command line shared by the examples: -n NAMESRV (default $NAMESRV_ADDR), -t TOPIC,
// -c COUNT, -l LOG_FILE. Kept tiny on purpose; the interesting part of each example is the
// SDK calls.
#ifndef ROCKETMQ_EXAMPLES_EXAMPLE_ARGS_H_
#define ROCKETMQ_EXAMPLES_EXAMPLE_ARGS_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "rocketmq/logging.h"

struct ExampleArgs {
  std::string namesrv;
  std::string topic = "TopicTest";
  int count = 10;
  std::string log_file;
};

inline void PrintExampleUsage(const char* program) {
  std::fprintf(stderr, "usage: %s -n NAMESRV [-t TOPIC] [-c COUNT] [-l LOG_FILE]\n", program);
}

// Returns false (after printing the usage) when the command line is not understood.
inline bool ParseExampleArgs(int argc, char** argv, ExampleArgs* args) {
  if (const char* env = std::getenv("NAMESRV_ADDR")) args->namesrv = env;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc || flag.size() != 2 || flag[0] != '-') {
      PrintExampleUsage(argv[0]);
      return false;
    }
    const std::string value = argv[++i];
    switch (flag[1]) {
      case 'n':
        args->namesrv = value;
        break;
      case 't':
        args->topic = value;
        break;
      case 'c':
        args->count = std::atoi(value.c_str());
        break;
      case 'l':
        args->log_file = value;
        break;
      default:
        PrintExampleUsage(argv[0]);
        return false;
    }
  }
  // The SDK writes WARN and above to stderr by default; a log file gets its INFO lines too.
  if (!args->log_file.empty()) {
    rocketmq::SetLogLevel(rocketmq::LogLevel::kInfo);
    if (auto s = rocketmq::SetLogFile(args->log_file); !s.ok()) {
      std::fprintf(stderr, "%s: %s\n", argv[0], s.ToString().c_str());
      return false;
    }
  }
  if (args->namesrv.empty()) {
    std::fprintf(stderr, "%s: no nameserver: pass -n HOST:PORT or set NAMESRV_ADDR\n", argv[0]);
    return false;
  }
  return true;
}

#endif  // ROCKETMQ_EXAMPLES_EXAMPLE_ARGS_H_
