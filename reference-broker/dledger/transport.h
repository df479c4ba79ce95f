// Transport: how a member reaches its peers. The Raft core only sends through this interface,
// so unit tests run whole groups in one thread over an in-memory transport with a fake clock,
// and the broker uses remoting frames (rpc_transport.h).
//
// Contract: a call does not block on the peer; its callback runs exactly once, on any thread,
// with the peer's answer or, when the peer cannot be reached or does not answer within the
// RPC timeout, a response whose code is kNetworkError (a vote's result stays kUnknown). The
// callback may run inside the call (a request that could not even be sent): the member
// sends with no lock held.
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
  virtual void LeadershipTransfer(const LeadershipTransferRequest& request,
                                  std::function<void(LeadershipTransferResponse)> done) = 0;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_TRANSPORT_H_
