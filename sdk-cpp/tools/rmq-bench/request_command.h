// `rmq-bench request`: request-reply round trips (Producer::Request) from several threads,
// each waiting for its reply before the next request, against an in-process replier (a push
// consumer answering with CreateReplyMessage through its own producer) unless --no-replier
// says another process answers. Prints one JSON summary line: round trips per second and
// their latency.
#ifndef ROCKETMQ_TOOLS_RMQ_BENCH_REQUEST_COMMAND_H_
#define ROCKETMQ_TOOLS_RMQ_BENCH_REQUEST_COMMAND_H_

namespace rocketmq {
namespace bench {

int RunRequest(int argc, char** argv);
const char* RequestUsage();

}  // namespace bench
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_RMQ_BENCH_REQUEST_COMMAND_H_
