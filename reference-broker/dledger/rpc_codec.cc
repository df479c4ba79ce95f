#include "dledger/rpc_codec.h"

#include "protocol/json_reader.h"
#include "protocol/json_writer.h"

namespace rocketmq {
namespace dledger {

using protocol::JsonFields;
using protocol::JsonWriter;

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// fastjson omits null strings; ours are empty when absent.
void OptionalString(JsonWriter& w, std::string_view key, const std::string& value) {
  if (!value.empty()) w.Field(key, value);
}

void WriteEntry(JsonWriter& w, const Entry& e) {
  w.BeginObject()
      .Field("body", Base64Encode(e.body))
      .Field("bodyCrc", e.body_crc)
      .Field("chainCrc", e.chain_crc)
      .Field("channel", e.channel)
      .Field("index", e.index)
      .Field("magic", e.magic)
      .Field("pos", e.pos)
      .Field("size", e.size())
      .Field("term", e.term)
      .EndObject();
}

Status ReadEntry(const Json::Value& v, const std::string& what, Entry* out) {
  std::string body;
  int32_t size = 0;
  Status s = JsonFields(v, what)
                 .String("body", &body)
                 .Int32("bodyCrc", &out->body_crc)
                 .Int32("chainCrc", &out->chain_crc)
                 .Int32("channel", &out->channel)
                 .Int64("index", &out->index, true)
                 .Int32("magic", &out->magic)
                 .Int64("pos", &out->pos, true)
                 .Int32("size", &size)
                 .Int64("term", &out->term, true)
                 .status();
  if (!s.ok()) return s;
  Result<std::string> decoded = Base64Decode(body);
  if (!decoded.ok()) return decoded.status().WithContext(what + ".body");
  out->body = std::move(*decoded);
  if (out->magic != kEntryMagic) {
    return Status::Protocol(what + ".magic is " + std::to_string(out->magic) + ", expected 1");
  }
  return Status::OK();
}

// The base fields in their sorted places are interleaved with each body's own keys, so each
// encoder lists its keys in order itself; these read them back.
JsonFields& ReadBase(JsonFields& f, RpcBase* out) {
  return f.String("group", &out->group)
      .String("remoteId", &out->remote_id)
      .String("localId", &out->local_id)
      .String("leaderId", &out->leader_id)
      .Int32("code", &out->code)
      .Int64("term", &out->term);
}

Result<Json::Value> Parse(std::string_view json, const char* what) {
  Result<Json::Value> value = protocol::ParseJson(json, what);
  if (!value.ok()) return value.status();
  if (!value->isObject()) return Status::Protocol(std::string(what) + " is not a JSON object");
  return value;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::Protocol("Base64 text length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      uint32_t v = 0;
      if (c >= 'A' && c <= 'Z') {
        v = static_cast<uint32_t>(c - 'A');
      } else if (c >= 'a' && c <= 'z') {
        v = static_cast<uint32_t>(c - 'a' + 26);
      } else if (c >= '0' && c <= '9') {
        v = static_cast<uint32_t>(c - '0' + 52);
      } else if (c == '+') {
        v = 62;
      } else if (c == '/') {
        v = 63;
      } else if (c == '=' && i + 4 == text.size() && j >= 2 && (j == 3 || text[i + 3] == '=')) {
        ++pad;
      } else {
        return Status::Protocol("bad Base64 character at " + std::to_string(i + j));
      }
      if (pad > 0 && c != '=') return Status::Protocol("Base64 data after padding");
      n = (n << 6) | v;
    }
    out += static_cast<char>((n >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  return out;
}

std::string EncodeVoteRequest(const VoteRequest& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  w.Field("ledgerEndIndex", r.ledger_end_index).Field("ledgerEndTerm", r.ledger_end_term);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

std::string EncodeVoteResponse(const VoteResponse& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).Field("voteResult", VoteResultName(r.result)).EndObject();
  return w.Take();
}

namespace {
std::string EncodeBase(const RpcBase& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}
}  // namespace

std::string EncodeHeartBeatRequest(const HeartBeatRequest& r) { return EncodeBase(r); }
std::string EncodeHeartBeatResponse(const HeartBeatResponse& r) { return EncodeBase(r); }

std::string EncodePushEntryRequest(const PushEntryRequest& r) {
  JsonWriter w;
  const int64_t index = r.entry ? r.entry->index : -1;
  w.BeginObject()
      .Field("batch", false)
      .Key("batchEntry")
      .BeginArray()
      .EndArray()
      .Field("code", r.code)
      .Field("commitIndex", r.commit_index)
      .Field("count", static_cast<int32_t>(r.entry ? 1 : 0));
  if (r.entry) {
    w.Key("entry");
    WriteEntry(w, *r.entry);
  }
  w.Field("firstEntryIndex", index);
  OptionalString(w, "group", r.group);
  w.Field("lastEntryIndex", index);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term)
      .Field("totalSize", static_cast<int32_t>(0))
      .Field("type", PushTypeName(r.type))
      .EndObject();
  return w.Take();
}

std::string EncodePushEntryResponse(const PushEntryResponse& r) {
  JsonWriter w;
  w.BeginObject()
      .Field("beginIndex", r.begin_index)
      .Field("code", r.code)
      .Field("count", r.count)
      .Field("endIndex", r.end_index);
  OptionalString(w, "group", r.group);
  if (r.index) w.Field("index", *r.index);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

Status DecodeVoteRequest(std::string_view json, VoteRequest* out) {
  Result<Json::Value> v = Parse(json, "VoteRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "VoteRequest");
  return ReadBase(f, out)
      .Int64("ledgerEndIndex", &out->ledger_end_index)
      .Int64("ledgerEndTerm", &out->ledger_end_term)
      .status();
}

Status DecodeVoteResponse(std::string_view json, VoteResponse* out) {
  Result<Json::Value> v = Parse(json, "VoteResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "VoteResponse");
  std::string result = "UNKNOWN";
  RMQ_RETURN_IF_ERROR(ReadBase(f, out).String("voteResult", &result).status());
  if (!ParseVoteResult(result, &out->result)) {
    return Status::Protocol("VoteResponse.voteResult '" + result + "' is not a vote result");
  }
  return Status::OK();
}

Status DecodeHeartBeatRequest(std::string_view json, HeartBeatRequest* out) {
  Result<Json::Value> v = Parse(json, "HeartBeatRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "HeartBeatRequest");
  return ReadBase(f, out).status();
}

Status DecodeHeartBeatResponse(std::string_view json, HeartBeatResponse* out) {
  Result<Json::Value> v = Parse(json, "HeartBeatResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "HeartBeatResponse");
  return ReadBase(f, out).status();
}

Status DecodePushEntryRequest(std::string_view json, PushEntryRequest* out) {
  Result<Json::Value> v = Parse(json, "PushEntryRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "PushEntryRequest");
  std::string type = "APPEND";
  RMQ_RETURN_IF_ERROR(
      ReadBase(f, out).Int64("commitIndex", &out->commit_index).String("type", &type).status());
  if (!ParsePushType(type, &out->type)) {
    return Status::Protocol("PushEntryRequest.type '" + type + "' is not a push type");
  }
  const Json::Value& entry = (*v)["entry"];
  if (!entry.isNull()) {
    if (!entry.isObject()) return Status::Protocol("PushEntryRequest.entry is not an object");
    Entry e;
    RMQ_RETURN_IF_ERROR(ReadEntry(entry, "PushEntryRequest.entry", &e));
    out->entry = std::move(e);
  }
  const Json::Value& batch = (*v)["batchEntry"];
  if (batch.isArray() && batch.size() > 0) {
    return Status::NotSupported(
        "PushEntryRequest: batch push (isEnableBatchPush) is not supported");
  }
  return Status::OK();
}

Status DecodePushEntryResponse(std::string_view json, PushEntryResponse* out) {
  Result<Json::Value> v = Parse(json, "PushEntryResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "PushEntryResponse");
  int64_t index = -1;
  const bool has_index = v->isMember("index") && !(*v)["index"].isNull();
  RMQ_RETURN_IF_ERROR(ReadBase(f, out)
                          .Int64("index", &index)
                          .Int32("count", &out->count)
                          .Int64("beginIndex", &out->begin_index)
                          .Int64("endIndex", &out->end_index)
                          .status());
  if (has_index) out->index = index;
  return Status::OK();
}

std::string EncodeLeadershipTransferRequest(const LeadershipTransferRequest& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("takeLeadershipLedgerIndex", r.take_leadership_ledger_index).Field("term", r.term);
  OptionalString(w, "transferId", r.transfer_id);
  OptionalString(w, "transfereeId", r.transferee_id);
  w.EndObject();
  return w.Take();
}

std::string EncodeLeadershipTransferResponse(const LeadershipTransferResponse& r) {
  return EncodeBase(r);
}

Status DecodeLeadershipTransferRequest(std::string_view json, LeadershipTransferRequest* out) {
  Result<Json::Value> v = Parse(json, "LeadershipTransferRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "LeadershipTransferRequest");
  return ReadBase(f, out)
      .String("transferId", &out->transfer_id)
      .String("transfereeId", &out->transferee_id)
      .Int64("takeLeadershipLedgerIndex", &out->take_leadership_ledger_index)
      .status();
}

Status DecodeLeadershipTransferResponse(std::string_view json, LeadershipTransferResponse* out) {
  Result<Json::Value> v = Parse(json, "LeadershipTransferResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "LeadershipTransferResponse");
  return ReadBase(f, out).status();
}

std::string EncodeAppendEntryRequest(const AppendEntryRequest& r) {
  JsonWriter w;
  w.BeginObject().Field("body", Base64Encode(r.body)).Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

std::string EncodeAppendEntryResponse(const AppendEntryResponse& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code);
  OptionalString(w, "group", r.group);
  w.Field("index", r.index);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  w.Field("pos", r.pos);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

std::string EncodeGetEntriesRequest(const GetEntriesRequest& r) {
  JsonWriter w;
  w.BeginObject().Field("beginIndex", r.begin_index).Field("code", r.code);
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  w.Field("maxSize", static_cast<int32_t>(0));
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

std::string EncodeGetEntriesResponse(const GetEntriesResponse& r) {
  JsonWriter w;
  w.BeginObject().Field("code", r.code).Key("entries").BeginArray();
  for (const Entry& e : r.entries) WriteEntry(w, e);
  w.EndArray();
  OptionalString(w, "group", r.group);
  OptionalString(w, "leaderId", r.leader_id);
  OptionalString(w, "localId", r.local_id);
  OptionalString(w, "remoteId", r.remote_id);
  w.Field("term", r.term).EndObject();
  return w.Take();
}

Status DecodeAppendEntryRequest(std::string_view json, AppendEntryRequest* out) {
  Result<Json::Value> v = Parse(json, "AppendEntryRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "AppendEntryRequest");
  std::string body;
  RMQ_RETURN_IF_ERROR(ReadBase(f, out).String("body", &body, true).status());
  Result<std::string> decoded = Base64Decode(body);
  if (!decoded.ok()) return decoded.status().WithContext("AppendEntryRequest.body");
  out->body = std::move(*decoded);
  return Status::OK();
}

Status DecodeAppendEntryResponse(std::string_view json, AppendEntryResponse* out) {
  Result<Json::Value> v = Parse(json, "AppendEntryResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "AppendEntryResponse");
  return ReadBase(f, out).Int64("index", &out->index).Int64("pos", &out->pos).status();
}

Status DecodeGetEntriesRequest(std::string_view json, GetEntriesRequest* out) {
  Result<Json::Value> v = Parse(json, "GetEntriesRequest");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "GetEntriesRequest");
  return ReadBase(f, out).Int64("beginIndex", &out->begin_index).status();
}

Status DecodeGetEntriesResponse(std::string_view json, GetEntriesResponse* out) {
  Result<Json::Value> v = Parse(json, "GetEntriesResponse");
  if (!v.ok()) return v.status();
  JsonFields f(*v, "GetEntriesResponse");
  return ReadBase(f, out)
      .Array("entries", &out->entries,
             [](const Json::Value& e, const std::string& what, Entry* entry) {
               if (!e.isObject()) return Status::Protocol(what + " is not an object");
               return ReadEntry(e, what, entry);
             })
      .status();
}

}  // namespace dledger
}  // namespace rocketmq
