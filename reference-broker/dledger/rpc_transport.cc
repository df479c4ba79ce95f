#include "dledger/rpc_transport.h"

#include "common/logging.h"
#include "dledger/rpc_codec.h"

namespace rocketmq {
namespace dledger {

RpcTransport::RpcTransport(remoting::RemotingClient* client, const std::vector<Peer>& peers,
                           std::chrono::milliseconds timeout)
    : client_(client), timeout_(timeout) {
  for (const Peer& peer : peers) addresses_[peer.id] = peer.address;
}

template <typename Response>
void RpcTransport::Call(RequestCode code, const std::string& remote_id, std::string body,
                        Status (*decode)(std::string_view, Response*),
                        std::function<void(Response)> done) {
  Response failure;
  failure.code = code::kNetworkError;
  auto it = addresses_.find(remote_id);
  if (it == addresses_.end()) {
    RMQ_LOG_ERROR << "DLedger RPC to unknown member " << remote_id;
    done(failure);
    return;
  }
  remoting::RemotingCommand request =
      remoting::RemotingCommand::CreateRequest(static_cast<int32_t>(code));
  request.set_body(std::move(body));
  const std::string address = it->second;
  auto shared_done = std::make_shared<std::function<void(Response)>>(std::move(done));
  Status sent = client_->InvokeAsync(
      address, std::move(request), timeout_,
      [shared_done, decode, failure, address](Result<remoting::RemotingCommand> reply) {
        if (!reply.ok()) {
          RMQ_LOG_DEBUG << "DLedger RPC to " << address << ": " << reply.status().ToString();
          (*shared_done)(failure);
          return;
        }
        if (reply->code() != code::kSuccess) {
          RMQ_LOG_WARN << "DLedger RPC to " << address << " answered frame code " << reply->code()
                       << (reply->remark() ? ": " + *reply->remark() : "");
          (*shared_done)(failure);
          return;
        }
        Response response;
        Status decoded = decode(reply->body().Flatten(), &response);
        if (!decoded.ok()) {
          RMQ_LOG_WARN << "DLedger RPC to " << address << ": " << decoded.ToString();
          (*shared_done)(failure);
          return;
        }
        (*shared_done)(std::move(response));
      });
  if (!sent.ok()) {
    // Not sent, so the client will not call back: answer here (Transport allows it).
    RMQ_LOG_DEBUG << "DLedger RPC to " << address << " not sent: " << sent.ToString();
    (*shared_done)(failure);
  }
}

void RpcTransport::Vote(const VoteRequest& request, std::function<void(VoteResponse)> done) {
  Call<VoteResponse>(RequestCode::kVote, request.remote_id, EncodeVoteRequest(request),
                     &DecodeVoteResponse, std::move(done));
}

void RpcTransport::HeartBeat(const HeartBeatRequest& request,
                             std::function<void(HeartBeatResponse)> done) {
  Call<HeartBeatResponse>(RequestCode::kHeartBeat, request.remote_id,
                          EncodeHeartBeatRequest(request), &DecodeHeartBeatResponse,
                          std::move(done));
}

void RpcTransport::Push(const PushEntryRequest& request,
                        std::function<void(PushEntryResponse)> done) {
  Call<PushEntryResponse>(RequestCode::kPush, request.remote_id, EncodePushEntryRequest(request),
                          &DecodePushEntryResponse, std::move(done));
}

void RpcTransport::LeadershipTransfer(const LeadershipTransferRequest& request,
                                      std::function<void(LeadershipTransferResponse)> done) {
  Call<LeadershipTransferResponse>(RequestCode::kLeadershipTransfer, request.remote_id,
                                   EncodeLeadershipTransferRequest(request),
                                   &DecodeLeadershipTransferResponse, std::move(done));
}

}  // namespace dledger
}  // namespace rocketmq
