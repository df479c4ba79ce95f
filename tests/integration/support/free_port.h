// FreeLoopbackPort: a TCP port on 127.0.0.1 that was free a moment ago, for peers that must
// know each other's ports before they start (a DLedger group's peer list). Servers that can
// report the port they bound (listenPort=0) should do that instead: another process may take
// this one in between.
#ifndef ROCKETMQ_TESTS_SUPPORT_FREE_PORT_H_
#define ROCKETMQ_TESTS_SUPPORT_FREE_PORT_H_

namespace rocketmq {
namespace testing {

// The port, or -1 if none could be bound.
int FreeLoopbackPort();

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_SUPPORT_FREE_PORT_H_
