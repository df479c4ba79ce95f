// The DLedger RPC bodies as JSON, the way DLedger 0.3.1.2 (fastjson 1.2.69) writes them: keys
// sorted, absent (null) strings omitted, enums by name, entry bodies in padded Base64
// (reference/dledger-trace-timer.md §1.4). Requests travel as remoting frames with the
// DLedger request code and this JSON as the body, no extFields; responses as frames with
// code 200 and the response JSON, whose own `code` is the outcome.
//
// Decoders take any peer's bytes: every error is a Protocol status naming the body and the
// field, never a crash.
#ifndef ROCKETMQ_DLEDGER_RPC_CODEC_H_
#define ROCKETMQ_DLEDGER_RPC_CODEC_H_

#include <string>
#include <string_view>
#include <vector>

#include "dledger/messages.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace dledger {

std::string EncodeVoteRequest(const VoteRequest& request);
std::string EncodeVoteResponse(const VoteResponse& response);
std::string EncodeHeartBeatRequest(const HeartBeatRequest& request);
std::string EncodeHeartBeatResponse(const HeartBeatResponse& response);
std::string EncodePushEntryRequest(const PushEntryRequest& request);
std::string EncodePushEntryResponse(const PushEntryResponse& response);

Status DecodeVoteRequest(std::string_view json, VoteRequest* out);
Status DecodeVoteResponse(std::string_view json, VoteResponse* out);
Status DecodeHeartBeatRequest(std::string_view json, HeartBeatRequest* out);
Status DecodeHeartBeatResponse(std::string_view json, HeartBeatResponse* out);
Status DecodePushEntryRequest(std::string_view json, PushEntryRequest* out);
Status DecodePushEntryResponse(std::string_view json, PushEntryResponse* out);

std::string EncodeLeadershipTransferRequest(const LeadershipTransferRequest& request);
std::string EncodeLeadershipTransferResponse(const LeadershipTransferResponse& response);
Status DecodeLeadershipTransferRequest(std::string_view json, LeadershipTransferRequest* out);
Status DecodeLeadershipTransferResponse(std::string_view json, LeadershipTransferResponse* out);

// Client APPEND (50001) and GET (50002), used by DLedger's own clients and our tools.
struct AppendEntryRequest : RpcBase {
  std::string body;
};
struct AppendEntryResponse : RpcBase {
  int64_t index = -1;
  int64_t pos = -1;
};
struct GetEntriesRequest : RpcBase {
  int64_t begin_index = -1;
};
struct GetEntriesResponse : RpcBase {
  std::vector<Entry> entries;
};
std::string EncodeAppendEntryRequest(const AppendEntryRequest& request);
std::string EncodeAppendEntryResponse(const AppendEntryResponse& response);
std::string EncodeGetEntriesRequest(const GetEntriesRequest& request);
std::string EncodeGetEntriesResponse(const GetEntriesResponse& response);
Status DecodeAppendEntryRequest(std::string_view json, AppendEntryRequest* out);
Status DecodeAppendEntryResponse(std::string_view json, AppendEntryResponse* out);
Status DecodeGetEntriesRequest(std::string_view json, GetEntriesRequest* out);
Status DecodeGetEntriesResponse(std::string_view json, GetEntriesResponse* out);

// Padded standard Base64 (java.util.Base64 / fastjson's byte[]). Decoding is strict.
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace dledger
}  // namespace rocketmq

#endif  // ROCKETMQ_DLEDGER_RPC_CODEC_H_
