// `rmq-bench consume`: one push consumer (clustering, concurrent listener) for a while or
// until N distinct messages arrived, printing consume throughput and born-to-consume
// latency every few seconds and one JSON summary line at the end.
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_CONSUME_COMMAND_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_CONSUME_COMMAND_H_

namespace rocketmq {
namespace bench {

// argv holds the subcommand's own arguments (after "consume"). Returns the exit status:
// 0, or 1 when --expect was given and fewer distinct messages arrived in time.
int RunConsume(int argc, char** argv);
const char* ConsumeUsage();

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_CONSUME_COMMAND_H_
