// Custom headers of the nameserver requests (protocol.md §3.9, Apache
// RP/header/namesrv/*.java). Field names are Apache's; see header_codec.h for how
// Required / Optional / Defaulted map to @CFNotNull and nullable fields.
#ifndef ROCKETMQ_PROTOCOL_NAMESRV_HEADERS_H_
#define ROCKETMQ_PROTOCOL_NAMESRV_HEADERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/ext_fields.h"
#include "protocol/header_codec.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

// GET_ROUTEINFO_BY_TOPIC (105).
struct GetRouteInfoRequestHeader : HeaderBase<GetRouteInfoRequestHeader> {
  static constexpr char kName[] = "GetRouteInfoRequestHeader";
  std::string topic;
  // 4.9.4+: the requester wants standard JSON (quoted numeric keys) whatever its version.
  std::optional<bool> accept_standard_json_only;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Optional("acceptStandardJsonOnly", self.accept_standard_json_only);
  }
};

// REGISTER_BROKER (103). The body is a RegisterBrokerBody, zlib-compressed when
// `compressed`; body_crc32 = MaskedCrc32(body), 0 meaning "not checked".
struct RegisterBrokerRequestHeader : HeaderBase<RegisterBrokerRequestHeader> {
  static constexpr char kName[] = "RegisterBrokerRequestHeader";
  std::string broker_name;
  std::string broker_addr;  // "ip:port"
  std::string cluster_name;
  std::string ha_server_addr;  // "brokerIP2:haListenPort"
  int64_t broker_id = 0;
  std::optional<int64_t> heartbeat_timeout_millis;  // 5.x
  std::optional<bool> enable_acting_master;         // 5.x
  bool compressed = false;
  int32_t body_crc32 = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("brokerName", self.broker_name);
    v.Required("brokerAddr", self.broker_addr);
    v.Required("clusterName", self.cluster_name);
    v.Required("haServerAddr", self.ha_server_addr);
    v.Required("brokerId", self.broker_id);
    v.Optional("heartbeatTimeoutMillis", self.heartbeat_timeout_millis);
    v.Optional("enableActingMaster", self.enable_acting_master);
    v.Defaulted("compressed", self.compressed);
    v.Defaulted("bodyCrc32", self.body_crc32);
  }
};

// Response to REGISTER_BROKER: the master's addresses, given to slaves only.
struct RegisterBrokerResponseHeader : HeaderBase<RegisterBrokerResponseHeader> {
  static constexpr char kName[] = "RegisterBrokerResponseHeader";
  std::optional<std::string> ha_server_addr;
  std::optional<std::string> master_addr;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("haServerAddr", self.ha_server_addr);
    v.Optional("masterAddr", self.master_addr);
  }
};

// UNREGISTER_BROKER (104).
struct UnRegisterBrokerRequestHeader : HeaderBase<UnRegisterBrokerRequestHeader> {
  static constexpr char kName[] = "UnRegisterBrokerRequestHeader";
  std::string broker_name;
  std::string broker_addr;
  std::string cluster_name;
  int64_t broker_id = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("brokerName", self.broker_name);
    v.Required("brokerAddr", self.broker_addr);
    v.Required("clusterName", self.cluster_name);
    v.Required("brokerId", self.broker_id);
  }
};

// QUERY_DATA_VERSION (322); the body is the broker's DataVersion JSON.
struct QueryDataVersionRequestHeader : HeaderBase<QueryDataVersionRequestHeader> {
  static constexpr char kName[] = "QueryDataVersionRequestHeader";
  std::string broker_name;
  std::string broker_addr;
  std::string cluster_name;
  int64_t broker_id = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("brokerName", self.broker_name);
    v.Required("brokerAddr", self.broker_addr);
    v.Required("clusterName", self.cluster_name);
    v.Required("brokerId", self.broker_id);
  }
};

struct QueryDataVersionResponseHeader : HeaderBase<QueryDataVersionResponseHeader> {
  static constexpr char kName[] = "QueryDataVersionResponseHeader";
  bool changed = false;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("changed", self.changed);
  }
};

// BROKER_HEARTBEAT (904, 5.x).
struct BrokerHeartbeatRequestHeader : HeaderBase<BrokerHeartbeatRequestHeader> {
  static constexpr char kName[] = "BrokerHeartbeatRequestHeader";
  std::string cluster_name;
  std::string broker_addr;
  std::string broker_name;
  std::optional<int64_t> broker_id;
  std::optional<int32_t> epoch;
  std::optional<int64_t> max_offset;
  std::optional<int64_t> confirm_offset;
  std::optional<int64_t> heartbeat_timeout_mills;
  std::optional<int32_t> election_priority;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("clusterName", self.cluster_name);
    v.Required("brokerAddr", self.broker_addr);
    v.Required("brokerName", self.broker_name);
    v.Optional("brokerId", self.broker_id);
    v.Optional("epoch", self.epoch);
    v.Optional("maxOffset", self.max_offset);
    v.Optional("confirmOffset", self.confirm_offset);
    v.Optional("heartbeatTimeoutMills", self.heartbeat_timeout_mills);
    v.Optional("electionPriority", self.election_priority);
  }
};

// GET_BROKER_MEMBER_GROUP (901, 5.x).
struct GetBrokerMemberGroupRequestHeader : HeaderBase<GetBrokerMemberGroupRequestHeader> {
  static constexpr char kName[] = "GetBrokerMemberGroupRequestHeader";
  std::string cluster_name;
  std::string broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("clusterName", self.cluster_name);
    v.Required("brokerName", self.broker_name);
  }
};

// WIPE_WRITE_PERM_OF_BROKER (205) and ADD_WRITE_PERM_OF_BROKER (327).
struct WipeWritePermOfBrokerRequestHeader : HeaderBase<WipeWritePermOfBrokerRequestHeader> {
  static constexpr char kName[] = "WipeWritePermOfBrokerRequestHeader";
  std::string broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("brokerName", self.broker_name);
  }
};

struct WipeWritePermOfBrokerResponseHeader : HeaderBase<WipeWritePermOfBrokerResponseHeader> {
  static constexpr char kName[] = "WipeWritePermOfBrokerResponseHeader";
  int32_t wipe_topic_count = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("wipeTopicCount", self.wipe_topic_count);
  }
};

struct AddWritePermOfBrokerRequestHeader : HeaderBase<AddWritePermOfBrokerRequestHeader> {
  static constexpr char kName[] = "AddWritePermOfBrokerRequestHeader";
  std::string broker_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("brokerName", self.broker_name);
  }
};

struct AddWritePermOfBrokerResponseHeader : HeaderBase<AddWritePermOfBrokerResponseHeader> {
  static constexpr char kName[] = "AddWritePermOfBrokerResponseHeader";
  int32_t add_topic_count = 0;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("addTopicCount", self.add_topic_count);
  }
};

// DELETE_TOPIC_IN_NAMESRV (216).
struct DeleteTopicFromNamesrvRequestHeader : HeaderBase<DeleteTopicFromNamesrvRequestHeader> {
  static constexpr char kName[] = "DeleteTopicFromNamesrvRequestHeader";
  std::string topic;
  std::optional<std::string> cluster_name;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Optional("clusterName", self.cluster_name);
  }
};

// REGISTER_TOPIC_IN_NAMESRV (217, 5.x); the body is a TopicRouteData.
struct RegisterTopicRequestHeader : HeaderBase<RegisterTopicRequestHeader> {
  static constexpr char kName[] = "RegisterTopicRequestHeader";
  std::string topic;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
  }
};

// GET_TOPICS_BY_CLUSTER (224).
struct GetTopicsByClusterRequestHeader : HeaderBase<GetTopicsByClusterRequestHeader> {
  static constexpr char kName[] = "GetTopicsByClusterRequestHeader";
  std::string cluster;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("cluster", self.cluster);
  }
};

// PUT_KV_CONFIG (100).
struct PutKVConfigRequestHeader : HeaderBase<PutKVConfigRequestHeader> {
  static constexpr char kName[] = "PutKVConfigRequestHeader";
  std::string namespace_;
  std::string key;
  std::string value;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("namespace", self.namespace_);
    v.Required("key", self.key);
    v.Required("value", self.value);
  }
};

// GET_KV_CONFIG (101).
struct GetKVConfigRequestHeader : HeaderBase<GetKVConfigRequestHeader> {
  static constexpr char kName[] = "GetKVConfigRequestHeader";
  std::string namespace_;
  std::string key;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("namespace", self.namespace_);
    v.Required("key", self.key);
  }
};

struct GetKVConfigResponseHeader : HeaderBase<GetKVConfigResponseHeader> {
  static constexpr char kName[] = "GetKVConfigResponseHeader";
  std::optional<std::string> value;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Optional("value", self.value);
  }
};

// DELETE_KV_CONFIG (102).
struct DeleteKVConfigRequestHeader : HeaderBase<DeleteKVConfigRequestHeader> {
  static constexpr char kName[] = "DeleteKVConfigRequestHeader";
  std::string namespace_;
  std::string key;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("namespace", self.namespace_);
    v.Required("key", self.key);
  }
};

// GET_KVLIST_BY_NAMESPACE (219).
struct GetKVListByNamespaceRequestHeader : HeaderBase<GetKVListByNamespaceRequestHeader> {
  static constexpr char kName[] = "GetKVListByNamespaceRequestHeader";
  std::string namespace_;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("namespace", self.namespace_);
  }
};

// Legacy ordered-topic registration (no request code of its own in 4.9.8/dev).
struct RegisterOrderTopicRequestHeader : HeaderBase<RegisterOrderTopicRequestHeader> {
  static constexpr char kName[] = "RegisterOrderTopicRequestHeader";
  std::string topic;
  std::string order_topic_string;

  template <typename Self, typename V>
  static void Fields(Self& self, V& v) {
    v.Required("topic", self.topic);
    v.Required("orderTopicString", self.order_topic_string);
  }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_NAMESRV_HEADERS_H_
