// `rmq-bench produce`: drives one producer from several threads (sync, or async with a window
// of sends in flight; single messages or batches) for a while, printing throughput and
// latency every few seconds and one JSON summary line at the end.
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_PRODUCE_COMMAND_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_PRODUCE_COMMAND_H_

namespace rocketmq {
namespace bench {

// argv holds the subcommand's own arguments (after "produce"). Returns the exit status.
int RunProduce(int argc, char** argv);
const char* ProduceUsage();

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_PRODUCE_COMMAND_H_
