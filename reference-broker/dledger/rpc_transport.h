// RpcTransport: the Transport of a real member — each RPC is a remoting frame to the peer's
// DLedger address (its `dLegerPeers` entry), sent with the project's RemotingClient. Frames
// match DLedgerRpcNettyService: request code = the DLedger code, body = the request JSON, no
// extFields; the answer's body is the response JSON (rpc_codec.h). A peer that cannot be
// reached, times out, or answers something undecodable yields a kNetworkError response.
#ifndef ROCKETMQ_DLEDGER_RPC_TRANSPORT_H_
#define ROCKETMQ_DLEDGER_RPC_TRANSPORT_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "dledger/config.h"
#include "dledger/transport.h"
#include "remoting/remoting_client.h"

namespace rocketmq {
namespace dledger {

class RpcTransport : public Transport {
 public:
  // `client` must be started and outlive this transport.
  RpcTransport(remoting::RemotingClient* client, const std::vector<Peer>& peers,
               std::chrono::milliseconds timeout);

  void Vote(const VoteRequest& request, std::function<void(VoteResponse)> done) override;
  void HeartBeat(const HeartBeatRequest& request,
                 std::function<void(HeartBeatResponse)> done) override;
  void Push(const PushEntryRequest& request, std::function<void(PushEntryResponse)> done) override;
  void LeadershipTransfer(const LeadershipTransferRequest& request,
                          std::function<void(LeadershipTransferResponse)> done) override;

 private:
  template <typename Response>
  void Call(RequestCode code, const std::string& remote_id, std::string body,
            Status (*decode)(std::string_view, Response*), std::function<void(Response)> done);

  remoting::RemotingClient* client_;
  std::map<std::string, std::string> addresses_;
  std::chrono::milliseconds timeout_;
};

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_RPC_TRANSPORT_H_
