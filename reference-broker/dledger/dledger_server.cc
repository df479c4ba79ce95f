#include "dledger/dledger_server.h"

#include <chrono>

#include "common/clock.h"
#include "common/logging.h"
#include "dledger/rpc_codec.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace dledger {

namespace {
// How often the ticker drives the member: DLedger's state maintainer loops every ~10 ms.
constexpr std::chrono::milliseconds kTickInterval(5);

remoting::RemotingCommand JsonResponse(std::string body) {
  remoting::RemotingCommand response = remoting::RemotingCommand::CreateResponse(code::kSuccess);
  response.set_body(std::move(body));
  return response;
}
}  // namespace

DLedgerServer::DLedgerServer(DLedgerConfig config, store::Env* env)
    : config_(std::move(config)), env_(env) {}

DLedgerServer::~DLedgerServer() { Shutdown(); }

Status DLedgerServer::Start() {
  RMQ_RETURN_IF_ERROR(Validate(config_));
  Result<std::vector<Peer>> peers = ParsePeers(config_.peers);
  if (!peers.ok()) return peers.status();
  std::string self_address;
  for (const Peer& peer : *peers) {
    if (peer.id == config_.self_id) self_address = peer.address;
  }
  const size_t colon = self_address.rfind(':');
  int port = 0;
  try {
    port = std::stoi(self_address.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port <= 0 || port > 65535) {
    return Status::InvalidArgument("dLegerPeers gives member " + config_.self_id +
                                   " the bad port in '" + self_address + "'");
  }

  store_ = std::make_unique<LedgerStore>(env_, config_.DefaultPath(), config_.data_file_size,
                                         config_.index_file_size);
  RMQ_RETURN_IF_ERROR(store_->Recover().WithContext("recovering the DLedger store"));
  if (commit_listener_) store_->SetCommitListener(commit_listener_);

  remoting::RemotingClientOptions client_options;
  client_options.callback_threads = 1;
  client_ = std::make_unique<remoting::RemotingClient>(client_options);
  RMQ_RETURN_IF_ERROR(client_->Start());
  transport_ = std::make_unique<RpcTransport>(client_.get(), *peers,
                                              std::chrono::milliseconds(config_.rpc_timeout_ms));
  member_ = std::make_unique<Member>(
      config_, store_.get(), env_, transport_.get(), [] { return clock::MonotonicMillis(); },
      static_cast<uint64_t>(clock::WallMillis()) ^ std::hash<std::string>()(config_.self_id));
  if (role_listener_) member_->SetRoleListener(role_listener_);
  RMQ_RETURN_IF_ERROR(member_->Start());

  remoting::RemotingServerOptions server_options;
  server_options.host = self_address.substr(0, colon);
  server_options.port = static_cast<uint16_t>(port);
  server_options.io_threads = 1;
  server_options.default_executor_threads = 2;
  server_ = std::make_unique<remoting::RemotingServer>(server_options);
  election_executor_ = std::make_shared<ThreadPool>("rmq-dl-vote", 1, 10000);
  push_executor_ = std::make_shared<ThreadPool>("rmq-dl-push", 1, 10000);
  RegisterProcessors();
  RMQ_RETURN_IF_ERROR(server_->Start().WithContext("DLedger listener of " + config_.self_id));

  {
    std::lock_guard<std::mutex> lock(mu_);
    started_ = true;
  }
  ticker_ = std::thread([this] { TickLoop(); });
  return Status::OK();
}

void DLedgerServer::TickLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    member_->Tick();
    lock.lock();
    wake_.wait_for(lock, kTickInterval, [this] { return stopping_; });
  }
}

void DLedgerServer::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  // The listener first (no new requests), then the member (pending appends answered), then
  // the client (its callbacks reach the member, which must still exist).
  if (server_) server_->Shutdown();
  if (election_executor_) election_executor_->Shutdown();
  if (push_executor_) push_executor_->Shutdown();
  if (member_) member_->Shutdown();
  if (client_) client_->Shutdown();
}

void DLedgerServer::RegisterProcessors() {
  Member* member = member_.get();
  LedgerStore* store = store_.get();
  const DLedgerConfig config = config_;

  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kVote),
      [member](const std::shared_ptr<remoting::Connection>&,
               remoting::RemotingCommand& request) -> remoting::ProcessResult {
        VoteRequest vote;
        RMQ_RETURN_IF_ERROR(DecodeVoteRequest(request.body().Flatten(), &vote));
        return JsonResponse(EncodeVoteResponse(member->HandleVote(vote)));
      },
      election_executor_);
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kHeartBeat),
      [member](const std::shared_ptr<remoting::Connection>&,
               remoting::RemotingCommand& request) -> remoting::ProcessResult {
        HeartBeatRequest beat;
        RMQ_RETURN_IF_ERROR(DecodeHeartBeatRequest(request.body().Flatten(), &beat));
        return JsonResponse(EncodeHeartBeatResponse(member->HandleHeartBeat(beat)));
      },
      election_executor_);
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kPush),
      [member](const std::shared_ptr<remoting::Connection>&,
               remoting::RemotingCommand& request) -> remoting::ProcessResult {
        PushEntryRequest push;
        RMQ_RETURN_IF_ERROR(DecodePushEntryRequest(request.body().Flatten(), &push));
        return JsonResponse(EncodePushEntryResponse(member->HandlePush(push)));
      },
      push_executor_);
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kAppend),
      [member, config](const std::shared_ptr<remoting::Connection>& connection,
                       remoting::RemotingCommand& request) -> remoting::ProcessResult {
        AppendEntryRequest append;
        RMQ_RETURN_IF_ERROR(DecodeAppendEntryRequest(request.body().Flatten(), &append));
        AppendEntryResponse refused;
        static_cast<RpcBase&>(refused) = append;
        refused.term = member->term();
        refused.leader_id = member->leader_id();
        if (append.group != config.group) {
          refused.code = code::kUnknownGroup;
          return JsonResponse(EncodeAppendEntryResponse(refused));
        }
        if (append.remote_id != config.self_id) {
          refused.code = code::kUnknownMember;
          return JsonResponse(EncodeAppendEntryResponse(refused));
        }
        remoting::RemotingCommand header = request;
        header.mutable_body()->Clear();
        const int32_t immediate = member->Append(
            std::move(append.body),
            [connection, header, refused](int32_t result, const Entry& entry) mutable {
              refused.code = result;
              AppendEntryResponse response = refused;
              if (result == code::kSuccess) {
                response.index = entry.index;
                response.pos = entry.pos;
              }
              Status s =
                  connection->Reply(header, JsonResponse(EncodeAppendEntryResponse(response)));
              if (!s.ok()) {
                RMQ_LOG_DEBUG << "DLedger append answer: " << s.ToString();
              }
            });
        if (immediate != code::kSuccess) {
          refused.code = immediate;
          return JsonResponse(EncodeAppendEntryResponse(refused));
        }
        return remoting::ProcessResult::Deferred();
      });
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kLeadershipTransfer),
      [member](const std::shared_ptr<remoting::Connection>& connection,
               remoting::RemotingCommand& request) -> remoting::ProcessResult {
        LeadershipTransferRequest transfer;
        RMQ_RETURN_IF_ERROR(DecodeLeadershipTransferRequest(request.body().Flatten(), &transfer));
        remoting::RemotingCommand header = request;
        header.mutable_body()->Clear();
        member->HandleLeadershipTransfer(
            transfer, [connection, header](LeadershipTransferResponse response) {
              Status s = connection->Reply(
                  header, JsonResponse(EncodeLeadershipTransferResponse(response)));
              if (!s.ok()) {
                RMQ_LOG_DEBUG << "DLedger leadership transfer answer: " << s.ToString();
              }
            });
        return remoting::ProcessResult::Deferred();
      });
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kGet),
      [member, store](const std::shared_ptr<remoting::Connection>&,
                      remoting::RemotingCommand& request) -> remoting::ProcessResult {
        GetEntriesRequest get;
        RMQ_RETURN_IF_ERROR(DecodeGetEntriesRequest(request.body().Flatten(), &get));
        GetEntriesResponse response;
        static_cast<RpcBase&>(response) = get;
        response.term = member->term();
        response.leader_id = member->leader_id();
        if (get.begin_index < 0 || get.begin_index > store->committed_index()) {
          response.code = code::kIndexOutOfRange;
        } else {
          Result<Entry> entry = store->Get(get.begin_index);
          if (entry.ok()) {
            response.entries.push_back(std::move(*entry));
          } else {
            response.code = code::kIndexOutOfRange;
          }
        }
        return JsonResponse(EncodeGetEntriesResponse(response));
      });
  server_->RegisterProcessor(
      static_cast<int32_t>(RequestCode::kMetadata),
      [member, config](const std::shared_ptr<remoting::Connection>&,
                       remoting::RemotingCommand&) -> remoting::ProcessResult {
        protocol::JsonWriter w;
        w.BeginObject().Field("code", code::kSuccess).Field("group", config.group);
        const std::string leader = member->leader_id();
        if (!leader.empty()) w.Field("leaderId", leader);
        w.Key("peers").BeginObject();
        Result<std::vector<Peer>> peers = ParsePeers(config.peers);
        if (peers.ok()) {
          for (const Peer& peer : *peers) w.Field(peer.id, peer.address);
        }
        w.EndObject().Field("term", member->term()).EndObject();
        return JsonResponse(w.Take());
      });
}

}  // namespace dledger
}  // namespace rocketmq
