// Admin: each method is a short sequence of requests — find the brokers through the
// nameservers, ask each master, merge — the way DefaultMQAdminExtImpl does it, so results match
// what mqadmin shows for the same cluster.
#include "rocketmq/admin.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "admin/acl_bodies.h"
#include "admin/admin_bodies.h"
#include "client/client_instance.h"
#include "client/namesrv_selector.h"
#include "consumer/pulled_messages.h"
#include "protocol/admin_headers.h"
#include "protocol/client_headers.h"
#include "protocol/consumer_list_body.h"
#include "protocol/consumer_running_info.h"
#include "protocol/decoded_message.h"
#include "protocol/kv_table.h"
#include "protocol/message_id.h"
#include "protocol/namesrv_headers.h"
#include "protocol/offset_headers.h"
#include "protocol/pull_headers.h"
#include "protocol/pull_sysflag.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"
#include "protocol/topic_list.h"

namespace rocketmq {

namespace rq = protocol::RequestCode;
namespace rc = protocol::ResponseCode;
using remoting::RemotingCommand;

namespace {

// The group admin requests that need one (pulls) are made as; Java's tools use the same.
constexpr char kToolsConsumerGroup[] = "TOOLS_CONSUMER";

std::string Describe(int32_t code) {
  return std::string(protocol::ResponseCodeName(code)) + " (" + std::to_string(code) + ")";
}

// OK for SUCCESS; otherwise a Status naming `what`, the server and its answer.
Status ResponseStatus(const RemotingCommand& response, const std::string& what,
                      const std::string& addr) {
  const int32_t code = response.code();
  if (code == rc::kSuccess) return Status::OK();
  std::string message = what + " at " + addr + ": " + Describe(code);
  if (response.remark() && !response.remark()->empty()) message += ": " + *response.remark();
  switch (code) {
    case rc::kRequestCodeNotSupported:
      return Status::NotSupported(message);
    case rc::kTopicNotExist:
    case rc::kQueryNotFound:
    case rc::kSubscriptionGroupNotExist:
    case rc::kConsumerNotOnline:
      return Status::NotFound(message);
    default:
      return Status::BrokerError(message);
  }
}

std::string Body(const RemotingCommand& response) { return response.body().Flatten(); }

}  // namespace

class Admin::Impl {
 public:
  explicit Impl(AdminConfig config) : config_(std::move(config)) {}

  Status Start() {
    if (instance_) return Status::IllegalState("admin already started");
    if (config_.request_timeout_ms <= 0) {
      return Status::InvalidArgument("request_timeout_ms must be positive, not " +
                                     std::to_string(config_.request_timeout_ms));
    }
    auto instance = client::ClientInstance::Create(config_);
    if (!instance.ok()) return instance.status();
    auto addrs = client::NamesrvSelector::ParseAddresses((*instance)->config().namesrv_addr);
    if (!addrs.ok()) return addrs.status().WithContext("namesrvAddr");
    RMQ_RETURN_IF_ERROR((*instance)->Start());
    namesrv_addrs_ = std::move(*addrs);
    instance_ = std::move(*instance);
    return Status::OK();
  }

  Status Shutdown() {
    if (instance_) instance_->Shutdown();
    instance_.reset();
    return Status::OK();
  }

  const AdminConfig& config() const { return config_; }

  // --- transport

  std::chrono::milliseconds timeout() const {
    return std::chrono::milliseconds(config_.request_timeout_ms);
  }

  Result<RemotingCommand> Call(const std::string& addr, RemotingCommand request,
                               const std::string& what) {
    if (!instance_) return Status::IllegalState("admin not started");
    auto response = instance_->remoting().InvokeSync(addr, std::move(request), timeout());
    if (!response.ok()) return response.status().WithContext(what + " at " + addr);
    RMQ_RETURN_IF_ERROR(ResponseStatus(*response, what, addr));
    return response;
  }

  // Asks the nameservers in turn until one answers (whatever it answers).
  Result<RemotingCommand> CallNamesrv(const RemotingCommand& request, const std::string& what) {
    if (!instance_) return Status::IllegalState("admin not started");
    Status last = Status::Network("no nameserver configured");
    for (const auto& addr : namesrv_addrs_) {
      auto response = instance_->remoting().InvokeSync(addr, request, timeout());
      if (!response.ok()) {
        last = response.status().WithContext(what + " at nameserver " + addr);
        continue;
      }
      RMQ_RETURN_IF_ERROR(ResponseStatus(*response, what, "nameserver " + addr));
      return response;
    }
    return last;
  }

  // Sends `request` to every nameserver; the first failure is returned after trying them all.
  Status CallAllNamesrvs(const RemotingCommand& request, const std::string& what) {
    if (!instance_) return Status::IllegalState("admin not started");
    Status first;
    for (const auto& addr : namesrv_addrs_) {
      auto response = Call(addr, request, what);
      if (!response.ok() && first.ok()) first = response.status();
    }
    return first;
  }

  // --- lookups through the nameservers

  Result<ClusterInfo> GetClusterInfo() {
    auto response =
        CallNamesrv(RemotingCommand::CreateRequest(rq::kGetBrokerClusterInfo), "cluster info");
    if (!response.ok()) return response.status();
    auto info = protocol::ClusterInfo::Decode(Body(*response));
    if (!info.ok()) return info.status().WithContext("cluster info");
    return admin::ToPublic(*info);
  }

  Result<protocol::TopicRouteData> Route(const std::string& topic) {
    protocol::GetRouteInfoRequestHeader header;
    header.topic = topic;
    auto response = CallNamesrv(
        RemotingCommand::CreateRequest(rq::kGetRouteinfoByTopic, header.Encode()), "route");
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kNotFound) {
        return Status::NotFound("topic " + topic + " does not exist (no route on the nameserver)");
      }
      return response.status().WithContext("topic " + topic);
    }
    auto route = protocol::TopicRouteData::Decode(Body(*response));
    if (!route.ok()) return route.status().WithContext("route of topic " + topic);
    return route;
  }

  // broker name -> master address, for the brokers of `route` that have a master.
  static std::map<std::string, std::string> Masters(const protocol::TopicRouteData& route) {
    std::map<std::string, std::string> out;
    for (const auto& b : route.broker_datas) {
      if (auto master = b.MasterAddr()) out[b.broker_name] = *master;
    }
    return out;
  }

  Result<std::vector<std::string>> ClusterMasters(const std::string& cluster) {
    auto info = GetClusterInfo();
    if (!info.ok()) return info.status();
    auto names = info->clusters.find(cluster);
    if (names == info->clusters.end()) {
      return Status::NotFound("cluster " + cluster + " is not known to the nameservers");
    }
    std::vector<std::string> out;
    for (const auto& name : names->second) {
      auto broker = info->brokers.find(name);
      if (broker == info->brokers.end()) continue;
      std::string master = broker->second.MasterAddr();
      if (!master.empty()) out.push_back(master);
    }
    if (out.empty()) return Status::NotFound("cluster " + cluster + " has no master broker");
    return out;
  }

  // Every master of every cluster.
  Result<std::vector<std::string>> AllMasters() {
    auto info = GetClusterInfo();
    if (!info.ok()) return info.status();
    std::vector<std::string> out;
    for (const auto& [name, broker] : info->brokers) {
      std::string master = broker.MasterAddr();
      if (!master.empty()) out.push_back(master);
    }
    return out;
  }

  Result<std::vector<std::string>> DecodeTopicList(const RemotingCommand& response) {
    auto list = protocol::TopicList::Decode(Body(response));
    if (!list.ok()) return list.status().WithContext("topic list");
    return std::vector<std::string>(list->topic_list.begin(), list->topic_list.end());
  }

  Result<std::vector<std::string>> ListTopics() {
    auto response = CallNamesrv(RemotingCommand::CreateRequest(rq::kGetAllTopicListFromNameserver),
                                "topic list");
    if (!response.ok()) return response.status();
    return DecodeTopicList(*response);
  }

  Result<std::vector<std::string>> ListTopicsOfCluster(const std::string& cluster) {
    protocol::GetTopicsByClusterRequestHeader header;
    header.cluster = cluster;
    auto response =
        CallNamesrv(RemotingCommand::CreateRequest(rq::kGetTopicsByCluster, header.Encode()),
                    "topics of cluster " + cluster);
    if (!response.ok()) return response.status();
    return DecodeTopicList(*response);
  }

  // --- topics

  Result<std::vector<QueueStatus>> GetTopicStatus(const std::string& topic) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    std::vector<QueueStatus> out;
    for (const auto& [name, addr] : Masters(*route)) {
      protocol::GetTopicStatsInfoRequestHeader header;
      header.topic = topic;
      auto response =
          Call(addr, RemotingCommand::CreateRequest(rq::kGetTopicStatsInfo, header.Encode()),
               "topic stats of " + topic);
      if (!response.ok()) return response.status();
      auto stats = protocol::TopicStatsTable::Decode(Body(*response));
      if (!stats.ok()) return stats.status().WithContext("topic stats from " + addr);
      for (const auto& [queue, offsets] : stats->offset_table) {
        out.push_back(QueueStatus{admin::ToPublic(queue), offsets.min_offset, offsets.max_offset,
                                  offsets.last_update_timestamp});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const QueueStatus& a, const QueueStatus& b) { return a.queue < b.queue; });
    return out;
  }

  Result<std::vector<std::string>> GetTopicConsumerGroups(const std::string& topic) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    std::set<std::string> groups;
    for (const auto& [name, addr] : Masters(*route)) {
      protocol::QueryTopicConsumeByWhoRequestHeader header;
      header.topic = topic;
      auto response =
          Call(addr, RemotingCommand::CreateRequest(rq::kQueryTopicConsumeByWho, header.Encode()),
               "consumer groups of topic " + topic);
      if (!response.ok()) return response.status();
      auto list = protocol::GroupList::Decode(Body(*response));
      if (!list.ok()) return list.status().WithContext("consumer groups from " + addr);
      groups.insert(list->group_list.begin(), list->group_list.end());
    }
    return std::vector<std::string>(groups.begin(), groups.end());
  }

  Status CreateOrUpdateTopic(const std::string& broker_addr, const TopicSettings& s) {
    if (s.topic.empty()) return Status::InvalidArgument("topic name is empty");
    if (s.read_queue_nums <= 0 || s.write_queue_nums <= 0) {
      return Status::InvalidArgument("queue counts must be positive");
    }
    protocol::CreateTopicRequestHeader header;
    header.topic = s.topic;
    header.read_queue_nums = s.read_queue_nums;
    header.write_queue_nums = s.write_queue_nums;
    header.perm = s.perm;
    header.order = s.order;
    header.topic_sys_flag = 0;
    return Call(broker_addr,
                RemotingCommand::CreateRequest(rq::kUpdateAndCreateTopic, header.Encode()),
                "create topic " + s.topic)
        .status();
  }

  template <typename Fn>
  Status ForEachMaster(const std::string& cluster, Fn fn) {
    auto masters = ClusterMasters(cluster);
    if (!masters.ok()) return masters.status();
    for (const auto& addr : *masters) RMQ_RETURN_IF_ERROR(fn(addr));
    return Status::OK();
  }

  Status DeleteTopicInBroker(const std::string& broker_addr, const std::string& topic) {
    protocol::DeleteTopicRequestHeader header;
    header.topic = topic;
    return Call(broker_addr,
                RemotingCommand::CreateRequest(rq::kDeleteTopicInBroker, header.Encode()),
                "delete topic " + topic)
        .status();
  }

  Status DeleteTopicInNamesrv(const std::string& topic) {
    protocol::DeleteTopicFromNamesrvRequestHeader header;
    header.topic = topic;
    return CallAllNamesrvs(
        RemotingCommand::CreateRequest(rq::kDeleteTopicInNamesrv, header.Encode()),
        "delete topic " + topic);
  }

  // --- subscription groups

  Status CreateOrUpdateSubscriptionGroup(const std::string& broker_addr,
                                         const SubscriptionGroupSettings& s) {
    if (s.group_name.empty()) return Status::InvalidArgument("group name is empty");
    auto request = RemotingCommand::CreateRequest(rq::kUpdateAndCreateSubscriptionGroup);
    request.set_body(admin::EncodeSubscriptionGroup(s));
    return Call(broker_addr, std::move(request), "create group " + s.group_name).status();
  }

  Status DeleteSubscriptionGroup(const std::string& broker_addr, const std::string& group,
                                 bool remove_offset) {
    protocol::DeleteSubscriptionGroupRequestHeader header;
    header.group_name = group;
    header.remove_offset = remove_offset;
    return Call(broker_addr,
                RemotingCommand::CreateRequest(rq::kDeleteSubscriptionGroup, header.Encode()),
                "delete group " + group)
        .status();
  }

  // --- consumers and producers

  Result<ConsumeProgress> GetConsumeProgress(const std::string& group, const std::string& topic) {
    auto masters = AllMasters();
    if (!masters.ok()) return masters.status();
    ConsumeProgress progress;
    for (const auto& addr : *masters) {
      protocol::GetConsumeStatsRequestHeader header;
      header.consumer_group = group;
      if (!topic.empty()) header.topic = topic;
      auto response =
          Call(addr, RemotingCommand::CreateRequest(rq::kGetConsumeStats, header.Encode()),
               "consume stats of group " + group);
      if (!response.ok()) {
        if (response.status().code() == ErrorCode::kNotFound) continue;
        return response.status();
      }
      auto stats = protocol::ConsumeStats::Decode(Body(*response));
      if (!stats.ok()) return stats.status().WithContext("consume stats from " + addr);
      admin::AddConsumeStats(*stats, topic, &progress);
    }
    if (progress.queues.empty()) {
      return Status::NotFound("no broker has consume offsets of group " + group +
                              (topic.empty() ? "" : " on topic " + topic));
    }
    return progress;
  }

  Result<ConsumerConnections> GetConsumerConnections(const std::string& group) {
    auto masters = AllMasters();
    if (!masters.ok()) return masters.status();
    for (const auto& addr : *masters) {
      protocol::GetConsumerConnectionListRequestHeader header;
      header.consumer_group = group;
      auto response = Call(
          addr, RemotingCommand::CreateRequest(rq::kGetConsumerConnectionList, header.Encode()),
          "connections of group " + group);
      if (!response.ok()) {
        if (response.status().code() == ErrorCode::kNotFound) continue;
        return response.status();
      }
      auto connection = protocol::ConsumerConnection::Decode(Body(*response));
      if (!connection.ok()) return connection.status().WithContext("connections from " + addr);
      if (!connection->connection_set.empty()) return admin::ToPublic(*connection);
    }
    return Status::NotFound("consumer group " + group + " has no online member");
  }

  Result<std::vector<ClientConnection>> GetProducerConnections(const std::string& group,
                                                               const std::string& topic) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    std::map<std::string, ClientConnection> by_id;
    for (const auto& [name, addr] : Masters(*route)) {
      protocol::GetProducerConnectionListRequestHeader header;
      header.producer_group = group;
      auto response = Call(
          addr, RemotingCommand::CreateRequest(rq::kGetProducerConnectionList, header.Encode()),
          "producers of group " + group);
      if (!response.ok()) {
        if (response.status().code() == ErrorCode::kNotFound) continue;
        return response.status();
      }
      auto connection = protocol::ProducerConnection::Decode(Body(*response));
      if (!connection.ok()) return connection.status().WithContext("producers from " + addr);
      for (const auto& c : connection->connection_set) by_id[c.client_id] = admin::ToPublic(c);
    }
    if (by_id.empty()) return Status::NotFound("producer group " + group + " has no online member");
    std::vector<ClientConnection> out;
    for (auto& [id, c] : by_id) out.push_back(std::move(c));
    return out;
  }

  Result<ConsumerRunningInfo> GetConsumerRunningInfo(const std::string& group,
                                                     const std::string& client_id, bool jstack) {
    auto masters = AllMasters();
    if (!masters.ok()) return masters.status();
    Status last = Status::NotFound("no broker knows consumer " + client_id + " of group " + group);
    for (const auto& addr : *masters) {
      protocol::GetConsumerRunningInfoRequestHeader header;
      header.consumer_group = group;
      header.client_id = client_id;
      header.jstack_enable = jstack;
      auto response =
          Call(addr, RemotingCommand::CreateRequest(rq::kGetConsumerRunningInfo, header.Encode()),
               "running info of " + client_id);
      if (!response.ok()) {
        last = response.status();
        continue;
      }
      auto info = protocol::ConsumerRunningInfo::Decode(Body(*response));
      if (!info.ok()) return info.status().WithContext("running info from " + addr);
      return admin::ToPublic(*info);
    }
    return last;
  }

  Result<ConsumeDirectlyResult> ConsumeMessageDirectly(const std::string& group,
                                                       const std::string& client_id,
                                                       const std::string& topic,
                                                       const std::string& msg_id) {
    if (group.empty() || client_id.empty()) {
      return Status::InvalidArgument("consume directly needs a group and a client id");
    }
    auto message = ViewMessage(topic, msg_id);
    if (!message.ok()) return message.status();
    // The broker finds the message by its offset id, whatever id the caller had.
    protocol::ConsumeMessageDirectlyResultRequestHeader header;
    header.consumer_group = group;
    header.client_id = client_id;
    header.msg_id = message->offset_msg_id();
    const std::string addr = message->store_host();
    const std::string what = "consume directly " + msg_id + " by " + client_id;
    auto response = instance_->remoting().InvokeSync(
        addr, RemotingCommand::CreateRequest(rq::kConsumeMessageDirectly, header.Encode()),
        3 * timeout());
    if (!response.ok()) return response.status().WithContext(what + " at " + addr);
    RMQ_RETURN_IF_ERROR(ResponseStatus(*response, what, addr));
    auto answer = protocol::ConsumeMessageDirectlyResult::Decode(Body(*response));
    if (!answer.ok()) return answer.status().WithContext(what + " from " + addr);
    ConsumeDirectlyResult result;
    result.order = answer->order;
    result.auto_commit = answer->auto_commit;
    result.consume_result = answer->consume_result;
    result.remark = answer->remark.value_or("");
    result.spent_time_ms = answer->spent_time_mills;
    return result;
  }

  Result<int64_t> SearchOffset(const std::string& addr, const MessageQueue& queue,
                               int64_t timestamp) {
    protocol::SearchOffsetRequestHeader header;
    header.topic = queue.topic;
    header.queue_id = queue.queue_id;
    header.timestamp = timestamp;
    header.broker_name = queue.broker_name;
    auto response =
        Call(addr, RemotingCommand::CreateRequest(rq::kSearchOffsetByTimestamp, header.Encode()),
             "search offset of " + queue.ToString());
    if (!response.ok()) return response.status();
    auto offset = protocol::SearchOffsetResponseHeader::Decode(response->ext_fields());
    if (!offset.ok()) return offset.status().WithContext("search offset answer from " + addr);
    return offset->offset;
  }

  Result<std::string> MasterOf(const std::string& topic, const std::string& broker_name) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    auto masters = Masters(*route);
    auto it = masters.find(broker_name);
    if (it == masters.end()) {
      return Status::NotFound("broker " + broker_name + " has no master serving topic " + topic);
    }
    return it->second;
  }

  Result<std::map<MessageQueue, int64_t>> ResetOffsetByTime(const std::string& group,
                                                            const std::string& topic,
                                                            int64_t timestamp, bool force) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    std::map<MessageQueue, int64_t> out;
    for (const auto& [name, addr] : Masters(*route)) {
      protocol::ResetOffsetRequestHeader header;
      header.topic = topic;
      header.group = group;
      header.timestamp = timestamp;
      header.is_force = force;
      auto response = Call(
          addr, RemotingCommand::CreateRequest(rq::kInvokeBrokerToResetOffset, header.Encode()),
          "reset offsets of group " + group);
      if (response.ok()) {
        auto body = protocol::ResetOffsetBody::Decode(Body(*response));
        if (!body.ok()) return body.status().WithContext("reset offset answer from " + addr);
        for (const auto& [queue, offset] : body->offset_table) out[admin::ToPublic(queue)] = offset;
        continue;
      }
      const ErrorCode code = response.status().code();
      if (code != ErrorCode::kNotSupported && code != ErrorCode::kNotFound) {
        return response.status();
      }
      // The broker cannot notify consumers (none online, or no support): rewrite the committed
      // offsets, as mqadmin's resetOffsetByTimeOld does.
      auto reset = ResetCommittedOffsets(group, topic, name, addr, *route, timestamp, &out);
      if (!reset.ok()) return reset;
    }
    return out;
  }

  Status ResetCommittedOffsets(const std::string& group, const std::string& topic,
                               const std::string& broker_name, const std::string& addr,
                               const protocol::TopicRouteData& route, int64_t timestamp,
                               std::map<MessageQueue, int64_t>* out) {
    int32_t queues = 0;
    for (const auto& q : route.queue_datas) {
      if (q.broker_name == broker_name) queues = std::max(q.read_queue_nums, q.write_queue_nums);
    }
    for (int32_t id = 0; id < queues; ++id) {
      MessageQueue queue{topic, broker_name, id};
      auto offset = SearchOffset(addr, queue, timestamp);
      if (!offset.ok()) return offset.status();
      protocol::UpdateConsumerOffsetRequestHeader header;
      header.consumer_group = group;
      header.topic = topic;
      header.queue_id = id;
      header.commit_offset = *offset;
      header.broker_name = broker_name;
      auto response =
          Call(addr, RemotingCommand::CreateRequest(rq::kUpdateConsumerOffset, header.Encode()),
               "update offset of " + queue.ToString());
      if (!response.ok()) return response.status();
      (*out)[queue] = *offset;
    }
    return Status::OK();
  }

  // --- messages

  Result<std::vector<MessageExt>> Decode(const RemotingCommand& response,
                                         const std::string& broker_name, const std::string& addr) {
    auto decoded = protocol::DecodeMessages(Body(response));
    if (!decoded.ok()) return decoded.status().WithContext("messages from " + addr);
    std::vector<MessageExt> out;
    for (auto& m : *decoded) out.push_back(consumer::ToMessageExt(std::move(m), broker_name));
    return out;
  }

  // QUERY_MESSAGE on every master of the topic; `unique` asks the index for a UNIQ_KEY.
  Result<std::vector<MessageExt>> Query(const std::string& topic, const std::string& key,
                                        bool unique, int32_t max_num, int64_t begin_ms,
                                        int64_t end_ms) {
    auto route = Route(topic);
    if (!route.ok()) return route.status();
    std::vector<MessageExt> out;
    for (const auto& [name, addr] : Masters(*route)) {
      protocol::QueryMessageRequestHeader header;
      header.topic = topic;
      header.key = key;
      header.max_num = max_num;
      header.begin_timestamp = begin_ms;
      header.end_timestamp = end_ms;
      auto request = RemotingCommand::CreateRequest(rq::kQueryMessage, header.Encode());
      if (unique) request.SetExtField(protocol::kUniqueKeyQuery, "true");
      auto response = Call(addr, std::move(request), "query message by key " + key);
      if (!response.ok()) {
        if (response.status().code() == ErrorCode::kNotFound) continue;
        return response.status();
      }
      auto messages = Decode(*response, name, addr);
      if (!messages.ok()) return messages.status();
      // The index is a hash index: keep only the messages that really carry the key.
      for (auto& m : *messages) {
        bool match = false;
        if (unique) {
          match = m.property("UNIQ_KEY") == key;
        } else {
          const auto keys = m.keys();
          match = std::find(keys.begin(), keys.end(), key) != keys.end();
        }
        if (match) out.push_back(std::move(m));
      }
    }
    return out;
  }

  Result<MessageExt> ViewMessage(const std::string& topic, const std::string& msg_id) {
    // A producer's id is a UNIQ_KEY, found through the index; an offset id names the store
    // host and the commit-log offset. Both are 32 hex digits for IPv4, so try the key first:
    // reading a key as an offset id would send the request to a made-up address.
    // Without a topic only the offset id can be tried.
    std::string broker_name;
    auto id = protocol::DecodeOffsetMessageId(msg_id);
    if (!topic.empty()) {
      auto by_key = Query(topic, msg_id, true, 32, 0, INT64_MAX);
      if (!by_key.ok()) return by_key.status();
      if (!by_key->empty()) return std::move(by_key->front());
      if (!id.ok()) return Status::NotFound("no message " + msg_id + " in topic " + topic);
      auto route = Route(topic);
      if (!route.ok()) return route.status();
      for (const auto& b : route->broker_datas) {
        for (const auto& [bid, a] : b.broker_addrs) {
          if (a == id->store_host.ToString()) broker_name = b.broker_name;
        }
      }
      if (broker_name.empty()) {
        return Status::NotFound("no message " + msg_id + " in topic " + topic);
      }
    }
    if (!id.ok()) return id.status().WithContext("message id " + msg_id);
    const std::string addr = id->store_host.ToString();
    // Without a topic, a producer's id read as an offset id names a host that is no broker.
    const std::string hint = topic.empty() ? " (a producer's message id needs its topic)" : "";
    protocol::ViewMessageRequestHeader header;
    header.offset = id->commit_log_offset;
    auto response =
        Call(addr, RemotingCommand::CreateRequest(rq::kViewMessageById, header.Encode()),
             "view message " + msg_id + hint);
    if (!response.ok()) return response.status();
    auto messages = Decode(*response, broker_name, addr);
    if (!messages.ok()) return messages.status();
    if (messages->empty()) return Status::NotFound("no message " + msg_id);
    return std::move(messages->front());
  }

  // PULL_MESSAGE as the TOOLS_CONSUMER group, without committing anything. An empty result
  // when the queue has nothing at `offset` (past its end, or before its start).
  Result<std::vector<MessageExt>> PullMessages(const MessageQueue& queue, int64_t offset,
                                               int32_t max_num) {
    if (max_num <= 0) return Status::InvalidArgument("max_num must be positive");
    if (!instance_) return Status::IllegalState("admin not started");
    auto addr = MasterOf(queue.topic, queue.broker_name);
    if (!addr.ok()) return addr.status();
    protocol::PullMessageRequestHeader header;
    header.consumer_group = kToolsConsumerGroup;
    header.topic = queue.topic;
    header.queue_id = queue.queue_id;
    header.queue_offset = offset;
    header.max_msg_nums = max_num;
    header.sys_flag = protocol::PullSysFlag::Build(false, false, true, false);
    header.subscription = "*";
    header.expression_type = "TAG";
    auto response = instance_->remoting().InvokeSync(
        *addr, RemotingCommand::CreateRequest(rq::kPullMessage, header.Encode()), timeout());
    if (!response.ok()) return response.status().WithContext("pull " + queue.ToString());
    switch (response->code()) {
      case rc::kSuccess:
        break;
      case rc::kPullNotFound:
      case rc::kPullOffsetMoved:
      case rc::kPullRetryImmediately:
        return std::vector<MessageExt>{};
      default:
        RMQ_RETURN_IF_ERROR(ResponseStatus(*response, "pull " + queue.ToString(), *addr));
    }
    return Decode(*response, queue.broker_name, *addr);
  }

  Result<MessageExt> ViewMessageByOffset(const MessageQueue& queue, int64_t offset) {
    auto messages = PullMessages(queue, offset, 1);
    if (!messages.ok()) return messages.status();
    for (auto& m : *messages) {
      if (m.queue_offset() == offset) return std::move(m);
    }
    return Status::NotFound("no message at offset " + std::to_string(offset) + " of " +
                            queue.ToString());
  }

  // --- brokers

  Result<std::map<std::string, std::string>> GetBrokerRuntimeStats(const std::string& addr) {
    auto response =
        Call(addr, RemotingCommand::CreateRequest(rq::kGetBrokerRuntimeInfo), "broker status");
    if (!response.ok()) return response.status();
    auto table = protocol::KVTable::Decode(Body(*response));
    if (!table.ok()) return table.status().WithContext("broker status from " + addr);
    return table->table;
  }

  Result<std::map<std::string, std::string>> GetBrokerConfig(const std::string& addr) {
    auto response =
        Call(addr, RemotingCommand::CreateRequest(rq::kGetBrokerConfig), "broker config");
    if (!response.ok()) return response.status();
    return admin::DecodeProperties(Body(*response));
  }

  Status UpdateBrokerConfig(const std::string& addr,
                            const std::map<std::string, std::string>& properties) {
    if (properties.empty()) return Status::InvalidArgument("no property to update");
    auto request = RemotingCommand::CreateRequest(rq::kUpdateBrokerConfig);
    request.set_body(admin::EncodeProperties(properties));
    return Call(addr, std::move(request), "update broker config").status();
  }

  Result<BrokerStatsData> ViewBrokerStatsData(const std::string& addr, const std::string& name,
                                              const std::string& key) {
    protocol::ViewBrokerStatsDataRequestHeader header;
    header.stats_name = name;
    header.stats_key = key;
    auto response =
        Call(addr, RemotingCommand::CreateRequest(rq::kViewBrokerStatsData, header.Encode()),
             "broker stats " + name + "/" + key);
    if (!response.ok()) return response.status();
    auto data = admin::DecodeBrokerStatsData(Body(*response));
    if (!data.ok()) return data.status().WithContext("broker stats from " + addr);
    return data;
  }

  // --- KV configuration

  Status PutKvConfig(const std::string& ns, const std::string& key, const std::string& value) {
    protocol::PutKVConfigRequestHeader header;
    header.namespace_ = ns;
    header.key = key;
    header.value = value;
    return CallAllNamesrvs(RemotingCommand::CreateRequest(rq::kPutKvConfig, header.Encode()),
                           "put kv config " + ns + "/" + key);
  }

  Result<std::string> GetKvConfig(const std::string& ns, const std::string& key) {
    protocol::GetKVConfigRequestHeader header;
    header.namespace_ = ns;
    header.key = key;
    auto response = CallNamesrv(RemotingCommand::CreateRequest(rq::kGetKvConfig, header.Encode()),
                                "get kv config " + ns + "/" + key);
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kNotFound) {
        return Status::NotFound("kv config " + ns + "/" + key + " is not set");
      }
      return response.status();
    }
    auto answer = protocol::GetKVConfigResponseHeader::Decode(response->ext_fields());
    if (!answer.ok() || !answer->value) {
      return Status::NotFound("kv config " + ns + "/" + key + " is not set");
    }
    return *answer->value;
  }

  Status DeleteKvConfig(const std::string& ns, const std::string& key) {
    protocol::DeleteKVConfigRequestHeader header;
    header.namespace_ = ns;
    header.key = key;
    return CallAllNamesrvs(RemotingCommand::CreateRequest(rq::kDeleteKvConfig, header.Encode()),
                           "delete kv config " + ns + "/" + key);
  }

  Result<std::map<std::string, std::string>> GetKvList(const std::string& ns) {
    protocol::GetKVListByNamespaceRequestHeader header;
    header.namespace_ = ns;
    auto response =
        CallNamesrv(RemotingCommand::CreateRequest(rq::kGetKvlistByNamespace, header.Encode()),
                    "kv list " + ns);
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kNotFound) {
        return std::map<std::string, std::string>{};
      }
      return response.status();
    }
    auto table = protocol::KVTable::Decode(Body(*response));
    if (!table.ok()) return table.status().WithContext("kv list " + ns);
    return table->table;
  }

 private:
  const AdminConfig config_;
  std::vector<std::string> namesrv_addrs_;
  std::shared_ptr<client::ClientInstance> instance_;
};

Admin::Admin(AdminConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Admin::~Admin() {
  if (impl_) impl_->Shutdown();
}
Admin::Admin(Admin&&) noexcept = default;
Admin& Admin::operator=(Admin&&) noexcept = default;

Status Admin::Start() { return impl_->Start(); }
Status Admin::Shutdown() { return impl_->Shutdown(); }
const AdminConfig& Admin::config() const { return impl_->config(); }

Status Admin::UpdateAclAccount(const std::string& broker_addr, const AclAccount& account) {
  if (account.access_key.empty()) return Status::InvalidArgument("no accessKey given");
  return impl_
      ->Call(broker_addr,
             RemotingCommand::CreateRequest(rq::kUpdateAndCreateAclConfig,
                                            admin::EncodeAclAccount(account)),
             "update ACL account " + account.access_key)
      .status();
}

Status Admin::DeleteAclAccount(const std::string& broker_addr, const std::string& access_key) {
  if (access_key.empty()) return Status::InvalidArgument("no accessKey given");
  return impl_
      ->Call(broker_addr,
             RemotingCommand::CreateRequest(rq::kDeleteAclConfig, {{"accessKey", access_key}}),
             "delete ACL account " + access_key)
      .status();
}

Status Admin::UpdateGlobalWhiteAddresses(const std::string& broker_addr,
                                         const std::vector<std::string>& addresses,
                                         const std::string& acl_file) {
  protocol::ExtFields fields{{"globalWhiteAddrs", admin::JoinComma(addresses)}};
  if (!acl_file.empty()) fields["aclFileFullPath"] = acl_file;
  return impl_
      ->Call(broker_addr,
             RemotingCommand::CreateRequest(rq::kUpdateGlobalWhiteAddrsConfig, std::move(fields)),
             "update ACL global white addresses")
      .status();
}

Result<AclConfig> Admin::GetAclConfig(const std::string& broker_addr) {
  auto response = impl_->Call(
      broker_addr,
      RemotingCommand::CreateRequest(rq::kGetBrokerClusterAclConfig, protocol::ExtFields{}),
      "get ACL config");
  if (!response.ok()) return response.status();
  return admin::DecodeAclConfig(response->body().Flatten());
}

Result<ClusterInfo> Admin::GetClusterInfo() { return impl_->GetClusterInfo(); }
Result<std::vector<std::string>> Admin::GetClusterMasters(const std::string& cluster) {
  return impl_->ClusterMasters(cluster);
}
Result<std::map<std::string, std::string>> Admin::GetBrokerRuntimeStats(
    const std::string& broker_addr) {
  return impl_->GetBrokerRuntimeStats(broker_addr);
}
Result<BrokerStatsData> Admin::ViewBrokerStatsData(const std::string& broker_addr,
                                                   const std::string& stats_name,
                                                   const std::string& stats_key) {
  return impl_->ViewBrokerStatsData(broker_addr, stats_name, stats_key);
}
Result<std::map<std::string, std::string>> Admin::GetBrokerConfig(const std::string& broker_addr) {
  return impl_->GetBrokerConfig(broker_addr);
}
Status Admin::UpdateBrokerConfig(const std::string& broker_addr,
                                 const std::map<std::string, std::string>& properties) {
  return impl_->UpdateBrokerConfig(broker_addr, properties);
}

Result<std::vector<std::string>> Admin::ListTopics() { return impl_->ListTopics(); }
Result<std::vector<std::string>> Admin::ListTopicsOfCluster(const std::string& cluster) {
  return impl_->ListTopicsOfCluster(cluster);
}
Result<TopicRoute> Admin::GetTopicRoute(const std::string& topic) {
  auto route = impl_->Route(topic);
  if (!route.ok()) return route.status();
  return admin::ToPublic(*route);
}
Result<std::vector<std::string>> Admin::GetTopicConsumerGroups(const std::string& topic) {
  return impl_->GetTopicConsumerGroups(topic);
}
Result<std::vector<QueueStatus>> Admin::GetTopicStatus(const std::string& topic) {
  return impl_->GetTopicStatus(topic);
}
Status Admin::CreateOrUpdateTopic(const std::string& broker_addr, const TopicSettings& settings) {
  return impl_->CreateOrUpdateTopic(broker_addr, settings);
}
Status Admin::CreateOrUpdateTopicInCluster(const std::string& cluster,
                                           const TopicSettings& settings) {
  return impl_->ForEachMaster(
      cluster, [&](const std::string& addr) { return impl_->CreateOrUpdateTopic(addr, settings); });
}
Status Admin::DeleteTopicInBroker(const std::string& broker_addr, const std::string& topic) {
  return impl_->DeleteTopicInBroker(broker_addr, topic);
}
Status Admin::DeleteTopicInNamesrv(const std::string& topic) {
  return impl_->DeleteTopicInNamesrv(topic);
}
Status Admin::DeleteTopic(const std::string& cluster, const std::string& topic) {
  RMQ_RETURN_IF_ERROR(impl_->ForEachMaster(
      cluster, [&](const std::string& addr) { return impl_->DeleteTopicInBroker(addr, topic); }));
  return impl_->DeleteTopicInNamesrv(topic);
}

Status Admin::CreateOrUpdateSubscriptionGroup(const std::string& broker_addr,
                                              const SubscriptionGroupSettings& settings) {
  return impl_->CreateOrUpdateSubscriptionGroup(broker_addr, settings);
}
Status Admin::CreateOrUpdateSubscriptionGroupInCluster(const std::string& cluster,
                                                       const SubscriptionGroupSettings& settings) {
  return impl_->ForEachMaster(cluster, [&](const std::string& addr) {
    return impl_->CreateOrUpdateSubscriptionGroup(addr, settings);
  });
}
Status Admin::DeleteSubscriptionGroup(const std::string& broker_addr, const std::string& group,
                                      bool remove_offset) {
  return impl_->DeleteSubscriptionGroup(broker_addr, group, remove_offset);
}
Status Admin::DeleteSubscriptionGroupInCluster(const std::string& cluster, const std::string& group,
                                               bool remove_offset) {
  return impl_->ForEachMaster(cluster, [&](const std::string& addr) {
    return impl_->DeleteSubscriptionGroup(addr, group, remove_offset);
  });
}

Result<ConsumeProgress> Admin::GetConsumeProgress(const std::string& group,
                                                  const std::string& topic) {
  return impl_->GetConsumeProgress(group, topic);
}
Result<ConsumerConnections> Admin::GetConsumerConnections(const std::string& group) {
  return impl_->GetConsumerConnections(group);
}
Result<std::vector<ClientConnection>> Admin::GetProducerConnections(const std::string& group,
                                                                    const std::string& topic) {
  return impl_->GetProducerConnections(group, topic);
}
Result<ConsumeDirectlyResult> Admin::ConsumeMessageDirectly(const std::string& group,
                                                            const std::string& client_id,
                                                            const std::string& topic,
                                                            const std::string& msg_id) {
  return impl_->ConsumeMessageDirectly(group, client_id, topic, msg_id);
}
Result<ConsumerRunningInfo> Admin::GetConsumerRunningInfo(const std::string& group,
                                                          const std::string& client_id,
                                                          bool jstack) {
  return impl_->GetConsumerRunningInfo(group, client_id, jstack);
}
Result<std::map<MessageQueue, int64_t>> Admin::ResetOffsetByTime(const std::string& group,
                                                                 const std::string& topic,
                                                                 int64_t timestamp_ms, bool force) {
  return impl_->ResetOffsetByTime(group, topic, timestamp_ms, force);
}

Result<MessageExt> Admin::ViewMessage(const std::string& topic, const std::string& msg_id) {
  return impl_->ViewMessage(topic, msg_id);
}
Result<std::vector<MessageExt>> Admin::QueryMessagesByKey(const std::string& topic,
                                                          const std::string& key, int32_t max_num,
                                                          int64_t begin_ms, int64_t end_ms) {
  if (max_num <= 0) return Status::InvalidArgument("max_num must be positive");
  return impl_->Query(topic, key, false, max_num, begin_ms, end_ms);
}
Result<MessageExt> Admin::ViewMessageByOffset(const MessageQueue& queue, int64_t offset) {
  return impl_->ViewMessageByOffset(queue, offset);
}
Result<std::vector<MessageExt>> Admin::PullMessages(const MessageQueue& queue, int64_t offset,
                                                    int32_t max_num) {
  return impl_->PullMessages(queue, offset, max_num);
}
Result<int64_t> Admin::SearchOffset(const MessageQueue& queue, int64_t timestamp_ms) {
  auto addr = impl_->MasterOf(queue.topic, queue.broker_name);
  if (!addr.ok()) return addr.status();
  return impl_->SearchOffset(*addr, queue, timestamp_ms);
}

Status Admin::PutKvConfig(const std::string& name_space, const std::string& key,
                          const std::string& value) {
  return impl_->PutKvConfig(name_space, key, value);
}
Result<std::string> Admin::GetKvConfig(const std::string& name_space, const std::string& key) {
  return impl_->GetKvConfig(name_space, key);
}
Status Admin::DeleteKvConfig(const std::string& name_space, const std::string& key) {
  return impl_->DeleteKvConfig(name_space, key);
}
Result<std::map<std::string, std::string>> Admin::GetKvList(const std::string& name_space) {
  return impl_->GetKvList(name_space);
}

}  // namespace rocketmq
