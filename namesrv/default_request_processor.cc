#include "namesrv/default_request_processor.h"

#include <set>
#include <sstream>

#include "common/clock.h"
#include "common/logging.h"
#include "common/properties.h"
#include "namesrv/register_broker_request.h"
#include "protocol/cluster_info.h"
#include "protocol/crc32.h"
#include "protocol/json_writer.h"
#include "protocol/kv_table.h"
#include "protocol/namesrv_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace namesrv {
namespace {

namespace RequestCode = protocol::RequestCode;
namespace ResponseCode = protocol::ResponseCode;
using remoting::RemotingCommand;

// Ext field set by 5.x brokers and clients in zone mode (MixAll.ZONE_NAME).
constexpr char kZoneNameField[] = "__ZONE_NAME";

RemotingCommand Success() { return RemotingCommand::CreateResponse(ResponseCode::kSuccess); }

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

// Decodes a typed header; on failure the response Java's header decoding produces:
// SYSTEM_ERROR with a remark naming the request, the header field and the problem.
template <typename Header>
std::optional<Header> DecodeOrRespond(const RemotingCommand& request, RemotingCommand* error) {
  auto header = protocol::DecodeHeader<Header>(request.ext_fields());
  if (header.ok()) return std::move(*header);
  *error =
      Error(ResponseCode::kSystemError, std::string(protocol::RequestCodeName(request.code())) +
                                            ": " + header.status().message());
  return std::nullopt;
}

RemotingCommand TopicListResponse(const protocol::TopicList& list) {
  auto response = Success();
  response.set_body(list.Encode());
  return response;
}

// GetBrokerMemberGroupResponseBody: {"brokerMemberGroup":{"brokerAddrs":{0:"..."},
// "brokerName":"...","cluster":"..."}}, properties sorted as fastjson writes them.
std::string EncodeMemberGroup(const BrokerMemberGroup& group) {
  protocol::JsonWriter out;
  out.BeginObject().Key("brokerMemberGroup").BeginObject().Key("brokerAddrs").BeginObject();
  for (const auto& [id, addr] : group.broker_addrs) out.RawKey(id).String(addr);
  out.EndObject();
  out.Field("brokerName", group.broker_name).Field("cluster", group.cluster);
  out.EndObject().EndObject();
  return out.Take();
}

// Java sends a null body as no bytes at all; an empty body is "absent".
const std::string& BodyOf(const RemotingCommand& request) { return request.body().owned(); }

}  // namespace

DefaultRequestProcessor::DefaultRequestProcessor(const NamesrvConfig& config,
                                                 RouteInfoManager* routes, KvConfigManager* kv)
    : routes_(routes), kv_(kv), started_ms_(clock::MonotonicMillis()), config_(config) {
  RegisterNamesrvSettings(&config_, &settings_);
}

RemotingCommand DefaultRequestProcessor::Process(const RemotingCommand& request,
                                                 ConnectionId connection) {
  RMQ_LOG_DEBUG << "request " << request.ToString() << " on connection " << connection;
  switch (request.code()) {
    case RequestCode::kPutKvConfig:
      return PutKvConfig(request);
    case RequestCode::kGetKvConfig:
      return GetKvConfig(request);
    case RequestCode::kDeleteKvConfig:
      return DeleteKvConfig(request);
    case RequestCode::kQueryDataVersion:
      return QueryDataVersion(request);
    case RequestCode::kRegisterBroker:
      return RegisterBroker(request, connection);
    case RequestCode::kUnregisterBroker:
      return UnregisterBroker(request);
    case RequestCode::kBrokerHeartbeat:
      return BrokerHeartbeat(request);
    case RequestCode::kGetBrokerMemberGroup:
      return GetBrokerMemberGroup(request);
    case RequestCode::kGetRouteinfoByTopic:
      return GetRouteInfoByTopic(request);
    case RequestCode::kGetBrokerClusterInfo:
      return GetBrokerClusterInfo();
    case RequestCode::kWipeWritePermOfBroker:
      return OperateWritePerm(request, true);
    case RequestCode::kAddWritePermOfBroker:
      return OperateWritePerm(request, false);
    case RequestCode::kGetAllTopicListFromNameserver:
      return GetAllTopicList();
    case RequestCode::kDeleteTopicInNamesrv:
      return DeleteTopic(request);
    case RequestCode::kRegisterTopicInNamesrv:
      return RegisterTopic(request);
    case RequestCode::kGetKvlistByNamespace:
      return GetKvListByNamespace(request);
    case RequestCode::kGetTopicsByCluster:
      return GetTopicsByCluster(request);
    case RequestCode::kGetSystemTopicListFromNs:
      return TopicListResponse(routes_->GetSystemTopicList());
    case RequestCode::kGetUnitTopicList:
      return TopicListResponse(routes_->GetUnitTopics());
    case RequestCode::kGetHasUnitSubTopicList:
      return TopicListResponse(routes_->GetHasUnitSubTopicList());
    case RequestCode::kGetHasUnitSubUnunitTopicList:
      return TopicListResponse(routes_->GetHasUnitSubUnUnitTopicList());
    case RequestCode::kUpdateNamesrvConfig:
      return UpdateConfig(request);
    case RequestCode::kGetNamesrvConfig:
      return GetConfig();
    default:
      return Error(ResponseCode::kRequestCodeNotSupported,
                   " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand DefaultRequestProcessor::RegisterBroker(const RemotingCommand& request,
                                                        ConnectionId connection) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::RegisterBrokerRequestHeader>(request, &error);
  if (!header) return error;

  const std::string& body = BodyOf(request);
  if (header->body_crc32 != 0 && protocol::MaskedCrc32(body) != header->body_crc32) {
    RMQ_LOG_WARN << "REGISTER_BROKER from " << header->broker_addr << ": body crc32 "
                 << protocol::MaskedCrc32(body) << " does not match header bodyCrc32 "
                 << header->body_crc32;
    return Error(ResponseCode::kSystemError, "crc32 not match");
  }

  BrokerRegistration reg;
  reg.cluster_name = header->cluster_name;
  reg.broker_addr = header->broker_addr;
  reg.broker_name = header->broker_name;
  reg.broker_id = header->broker_id;
  reg.ha_server_addr = header->ha_server_addr;
  reg.heartbeat_timeout_ms = header->heartbeat_timeout_millis;
  reg.enable_acting_master = header->enable_acting_master;
  if (const std::string* zone = request.FindExtField(kZoneNameField)) reg.zone_name = *zone;
  reg.connection = connection;
  if (!body.empty()) {
    auto content = DecodeRegisterBrokerContent(body, header->compressed, request.version());
    if (!content.ok()) {
      RMQ_LOG_WARN << "REGISTER_BROKER from " << header->broker_addr
                   << ": body not decodable: " << content.status().message();
      return Error(ResponseCode::kSystemError,
                   "Failed to decode RegisterBrokerBody: " + content.status().message());
    }
    reg.data_version = content->data_version;
    reg.topics = std::move(content->topics);
    reg.filter_server_list = std::move(content->filter_server_list);
  } else if (request.version() >= kVersionV3_0_11) {
    reg.filter_server_list = std::vector<std::string>{};
  }

  const RegisterBrokerResult result = routes_->RegisterBroker(reg, clock::MonotonicMillis());
  protocol::RegisterBrokerResponseHeader response_header;
  if (!result.ha_server_addr.empty()) response_header.ha_server_addr = result.ha_server_addr;
  if (!result.master_addr.empty()) response_header.master_addr = result.master_addr;
  auto response = Success();
  response.set_ext_fields(response_header.Encode());
  if (ConfigField(&NamesrvConfig::return_order_topic_config_to_broker)) {
    auto order = kv_->GetNamespace(kNamespaceOrderTopicConfig);
    if (order.has_value()) response.set_body(protocol::KVTable{*order}.Encode());
  }
  return response;
}

RemotingCommand DefaultRequestProcessor::UnregisterBroker(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::UnRegisterBrokerRequestHeader>(request, &error);
  if (!header) return error;
  routes_->UnregisterBroker(header->cluster_name, header->broker_addr, header->broker_name,
                            header->broker_id);
  return Success();
}

RemotingCommand DefaultRequestProcessor::QueryDataVersion(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::QueryDataVersionRequestHeader>(request, &error);
  if (!header) return error;
  auto version = protocol::DataVersion::Decode(BodyOf(request));
  if (!version.ok()) {
    return Error(ResponseCode::kSystemError,
                 "QUERY_DATA_VERSION: body is not a DataVersion: " + version.status().message());
  }
  protocol::QueryDataVersionResponseHeader response_header;
  response_header.changed =
      routes_->IsBrokerTopicConfigChanged(header->cluster_name, header->broker_addr, *version);
  routes_->UpdateBrokerInfoUpdateTimestamp(header->cluster_name, header->broker_addr,
                                           clock::MonotonicMillis());
  auto response = Success();
  response.set_ext_fields(response_header.Encode());
  auto known = routes_->QueryBrokerTopicConfig(header->cluster_name, header->broker_addr);
  if (known.has_value()) response.set_body(known->Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::BrokerHeartbeat(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::BrokerHeartbeatRequestHeader>(request, &error);
  if (!header) return error;
  routes_->UpdateBrokerInfoUpdateTimestamp(header->cluster_name, header->broker_addr,
                                           clock::MonotonicMillis());
  return Success();
}

RemotingCommand DefaultRequestProcessor::GetBrokerMemberGroup(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::GetBrokerMemberGroupRequestHeader>(request, &error);
  if (!header) return error;
  auto response = Success();
  response.set_body(
      EncodeMemberGroup(routes_->GetBrokerMemberGroup(header->cluster_name, header->broker_name)));
  return response;
}

RemotingCommand DefaultRequestProcessor::GetRouteInfoByTopic(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::GetRouteInfoRequestHeader>(request, &error);
  if (!header) return error;

  if (ConfigField(&NamesrvConfig::need_wait_for_service) &&
      clock::MonotonicMillis() - started_ms_ <
          int64_t{ConfigField(&NamesrvConfig::wait_seconds_for_service)} * 1000) {
    return Error(ResponseCode::kSystemError, "name server not ready");
  }
  auto route = routes_->PickupTopicRoute(header->topic);
  if (!route.has_value()) {
    return Error(ResponseCode::kTopicNotExist,
                 "No topic route info in name server for the topic: " + header->topic +
                     "\nSee https://rocketmq.apache.org/docs/bestPractice/06FAQ for further "
                     "details.");
  }
  if (ConfigField(&NamesrvConfig::order_message_enable)) {
    route->order_topic_conf =
        kv_->Get(kNamespaceOrderTopicConfig, header->topic).value_or(std::string());
  }
  const bool standard =
      request.version() >= kVersionV4_9_4 || header->accept_standard_json_only.value_or(false);
  auto response = Success();
  response.set_body(route->Encode(standard ? protocol::JsonWriter::Mode::kStandard
                                           : protocol::JsonWriter::Mode::kFastjson));
  return response;
}

RemotingCommand DefaultRequestProcessor::GetBrokerClusterInfo() {
  auto response = Success();
  response.set_body(routes_->GetAllClusterInfo().Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::OperateWritePerm(const RemotingCommand& request,
                                                          bool wipe) {
  // Both requests carry the same single field.
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::WipeWritePermOfBrokerRequestHeader>(request, &error);
  if (!header) return error;
  const int count = wipe ? routes_->WipeWritePermOfBroker(header->broker_name)
                         : routes_->AddWritePermOfBroker(header->broker_name);
  RMQ_LOG_INFO << (wipe ? "wiped" : "added") << " write permission of broker "
               << header->broker_name << " on " << count << " topics";
  auto response = Success();
  if (wipe) {
    protocol::WipeWritePermOfBrokerResponseHeader response_header;
    response_header.wipe_topic_count = count;
    response.set_ext_fields(response_header.Encode());
  } else {
    protocol::AddWritePermOfBrokerResponseHeader response_header;
    response_header.add_topic_count = count;
    response.set_ext_fields(response_header.Encode());
  }
  return response;
}

RemotingCommand DefaultRequestProcessor::GetAllTopicList() {
  if (!ConfigField(&NamesrvConfig::enable_all_topic_list))
    return Error(ResponseCode::kSystemError, "disable");
  auto response = Success();
  response.set_body(routes_->GetAllTopicList().Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::DeleteTopic(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::DeleteTopicFromNamesrvRequestHeader>(request, &error);
  if (!header) return error;
  const std::string cluster = header->cluster_name.value_or(std::string());
  if (cluster.empty()) {
    routes_->DeleteTopic(header->topic);
  } else {
    routes_->DeleteTopic(header->topic, cluster);
  }
  RMQ_LOG_INFO << "deleted topic " << header->topic
               << (cluster.empty() ? std::string() : " in cluster " + cluster);
  return Success();
}

RemotingCommand DefaultRequestProcessor::RegisterTopic(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::RegisterTopicRequestHeader>(request, &error);
  if (!header) return error;
  auto route = protocol::TopicRouteData::Decode(BodyOf(request));
  if (!route.ok()) {
    return Error(
        ResponseCode::kSystemError,
        "REGISTER_TOPIC_IN_NAMESRV: body is not a TopicRouteData: " + route.status().message());
  }
  if (!route->queue_datas.empty()) routes_->RegisterTopic(header->topic, route->queue_datas);
  return Success();
}

RemotingCommand DefaultRequestProcessor::GetTopicsByCluster(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::GetTopicsByClusterRequestHeader>(request, &error);
  if (!header) return error;
  auto response = Success();
  response.set_body(routes_->GetTopicsByCluster(header->cluster).Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::PutKvConfig(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::PutKVConfigRequestHeader>(request, &error);
  if (!header) return error;
  Status s = kv_->Put(header->namespace_, header->key, header->value);
  if (!s.ok()) return Error(ResponseCode::kSystemError, s.message());
  return Success();
}

RemotingCommand DefaultRequestProcessor::GetKvConfig(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::GetKVConfigRequestHeader>(request, &error);
  if (!header) return error;
  auto value = kv_->Get(header->namespace_, header->key);
  if (!value.has_value()) {
    return Error(ResponseCode::kQueryNotFound,
                 "No config item, Namespace: " + header->namespace_ + " Key: " + header->key);
  }
  auto response = Success();
  protocol::GetKVConfigResponseHeader response_header;
  response_header.value = std::move(value);
  response.set_ext_fields(response_header.Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::DeleteKvConfig(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::DeleteKVConfigRequestHeader>(request, &error);
  if (!header) return error;
  Status s = kv_->Delete(header->namespace_, header->key);
  if (!s.ok()) return Error(ResponseCode::kSystemError, s.message());
  return Success();
}

RemotingCommand DefaultRequestProcessor::GetKvListByNamespace(const RemotingCommand& request) {
  RemotingCommand error;
  auto header = DecodeOrRespond<protocol::GetKVListByNamespaceRequestHeader>(request, &error);
  if (!header) return error;
  auto table = kv_->GetNamespace(header->namespace_);
  if (!table.has_value()) {
    return Error(ResponseCode::kQueryNotFound, "No config item, Namespace: " + header->namespace_);
  }
  auto response = Success();
  response.set_body(protocol::KVTable{*table}.Encode());
  return response;
}

RemotingCommand DefaultRequestProcessor::UpdateConfig(const RemotingCommand& request) {
  const std::string& body = BodyOf(request);
  if (body.empty()) return Success();
  auto props = Properties::Parse(body, "UPDATE_NAMESRV_CONFIG body");
  if (!props.ok()) return Error(ResponseCode::kSystemError, props.status().message());

  std::lock_guard<std::mutex> lock(config_mutex_);
  // Path-like keys are never changed remotely, whatever the black list says: writing them
  // was Apache's 2023 remote-code-execution hole.
  std::set<std::string> black_list = {"configBlackList", "configStorePath", "kvConfigPath",
                                      "rocketmqHome", "logFile"};
  std::istringstream configured(config_.config_black_list);
  for (std::string key; std::getline(configured, key, ';');) {
    if (!key.empty()) black_list.insert(key);
  }
  for (const auto& entry : props->entries()) {
    if (black_list.count(entry.first) != 0) {
      return Error(ResponseCode::kNoPermission, "Can not update config in black list.");
    }
  }
  // All or nothing: a bad value leaves the configuration unchanged.
  NamesrvConfig before = config_;
  Status s = settings_.Apply(*props);
  if (!s.ok()) {
    config_ = before;
    return Error(ResponseCode::kSystemError, s.message());
  }
  RMQ_LOG_INFO << "configuration updated remotely (" << props->entries().size() << " keys)";
  return Success();
}

RemotingCommand DefaultRequestProcessor::GetConfig() {
  auto response = Success();
  std::lock_guard<std::mutex> lock(config_mutex_);
  response.set_body(settings_.Dump());
  return response;
}

}  // namespace namesrv
}  // namespace rocketmq
