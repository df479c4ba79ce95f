// Transport: how a member reaches its peers. The Raft core only sends through this interface,
// so unit tests run whole groups in one thread over an in-memory transport with a fake clock,
// and the broker uses remoting frames (rpc_transport.h).
//
// Contract: a call returns at once; its callback runs exactly once, later, on any thread,
// with the peer's answer or, when the peer cannot be reached or does not answer within the
// RPC timeout, a response whose code is kNetworkError (a vote's result stays kUnknown). The
// callback must never run inside the call itself (the core sends with no lock held, but
// relies on this to keep its bookkeeping simple).
#ifndef ROCKETMQ_DLEDGER_TRANSPORT_H_
#define ROCKETMQ_DLEDGER_TRANSPORT_H_

#include <functional>

#include "dledger/messages.h"

namespace rocketmq {
namespace dledger {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void Vote(const VoteRequest& request, std::function<void(VoteResponse)> done) = 0;
  virtual void HeartBeat(const HeartBeatRequest& request,
                         std::function<void(HeartBeatResponse)> done) = 0;
  virtual void Push(const PushEntryRequest& request,
                    std::function<void(PushEntryResponse)> done) = 0;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_TRANSPORT_H_
