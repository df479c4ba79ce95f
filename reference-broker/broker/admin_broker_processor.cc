#include "broker/admin_broker_processor.h"

#include <set>
#include <utility>

#include "broker/broker_controller.h"
#include "broker/process_memory.h"
#include "broker/topic_validator.h"
#include "common/clock.h"
#include "common/logging.h"
#include "protocol/admin_headers.h"
#include "protocol/client_headers.h"
#include "protocol/connection_bodies.h"
#include "protocol/consume_stats.h"
#include "protocol/consumer_list_body.h"
#include "protocol/json_reader.h"
#include "protocol/json_writer.h"
#include "protocol/kv_table.h"
#include "protocol/lock_batch_body.h"
#include "protocol/message_id.h"
#include "protocol/offset_headers.h"
#include "protocol/request_code.h"
#include "protocol/response_code.h"

namespace rocketmq {
namespace broker {
namespace {

namespace rc = protocol::ResponseCode;
namespace rq = protocol::RequestCode;
namespace perm = protocol::PermName;
using remoting::RemotingCommand;

RemotingCommand Error(int32_t code, std::string remark) {
  return RemotingCommand::CreateResponse(code, std::move(remark));
}

RemotingCommand Success() { return RemotingCommand::CreateResponse(rc::kSuccess); }

// DLedger mode (our keys; Apache 4.9 reports none): the group as this member sees it.
// brokerRole follows the group as Apache's changeToMaster/changeToSlave set it.
void AddDLedgerInfo(const dledger::DLedgerCommitLog& group, std::map<std::string, std::string>* t) {
  const dledger::DLedgerCommitLog::View v = group.view();
  (*t)["brokerRole"] = v.master_ready ? "SYNC_MASTER" : "SLAVE";
  (*t)["dLedgerGroup"] = group.config().group;
  (*t)["dLedgerSelfId"] = v.self_id;
  (*t)["dLedgerRole"] = v.role;
  (*t)["dLedgerTerm"] = std::to_string(v.term);
  (*t)["dLedgerLeaderId"] = v.leader_id;
  (*t)["dLedgerEndIndex"] = std::to_string(v.end_index);
  (*t)["dLedgerCommittedIndex"] = std::to_string(v.committed_index);
  std::string lags;
  for (const auto& [id, lag] : v.peer_lag) {
    lags += (lags.empty() ? "" : ";") + id + "=" + std::to_string(lag);
  }
  (*t)["dLedgerPeerLag"] = lags;
}

RemotingCommand SuccessWithBody(std::string body) {
  RemotingCommand response = Success();
  response.set_body(std::move(body));
  return response;
}

RemotingCommand OffsetAnswer(int64_t offset) {
  protocol::OffsetResponseHeader header;
  header.offset = offset;
  RemotingCommand response = Success();
  response.set_ext_fields(header.Encode());
  return response;
}

}  // namespace

const std::vector<int32_t>& AdminBrokerProcessor::Codes() {
  static const std::vector<int32_t> codes = {rq::kUpdateAndCreateTopic,
                                             rq::kDeleteTopicInBroker,
                                             rq::kGetAllTopicConfig,
                                             rq::kGetTopicStatsInfo,
                                             rq::kQueryTopicConsumeByWho,
                                             rq::kGetMaxOffset,
                                             rq::kGetMinOffset,
                                             rq::kSearchOffsetByTimestamp,
                                             rq::kGetEarliestMsgStoretime,
                                             rq::kLockBatchMq,
                                             rq::kUnlockBatchMq,
                                             rq::kGetConsumerConnectionList,
                                             rq::kGetConsumeStats,
                                             rq::kGetAllConsumerOffset,
                                             rq::kGetAllDelayOffset,
                                             rq::kGetAllSubscriptionGroupConfig,
                                             rq::kGetBrokerRuntimeInfo,
                                             rq::kGetBrokerConfig,
                                             rq::kUpdateBrokerConfig,
                                             rq::kViewBrokerStatsData,
                                             rq::kGetBrokerConsumeStats,
                                             rq::kUpdateAndCreateSubscriptionGroup,
                                             rq::kDeleteSubscriptionGroup,
                                             rq::kGetProducerConnectionList,
                                             rq::kGetConsumerRunningInfo,
                                             rq::kConsumeMessageDirectly};
  return codes;
}

remoting::ProcessResult AdminBrokerProcessor::Process(const std::shared_ptr<remoting::Connection>&,
                                                      RemotingCommand& request) {
  switch (request.code()) {
    case rq::kUpdateAndCreateTopic:
      return UpdateAndCreateTopic(request);
    case rq::kDeleteTopicInBroker:
      return DeleteTopic(request);
    case rq::kGetAllTopicConfig:
      return GetAllTopicConfig();
    case rq::kGetTopicStatsInfo:
      return GetTopicStatsInfo(request);
    case rq::kQueryTopicConsumeByWho:
      return QueryTopicConsumeByWho(request);
    case rq::kGetMaxOffset:
      return GetMaxOffset(request);
    case rq::kGetMinOffset:
      return GetMinOffset(request);
    case rq::kSearchOffsetByTimestamp:
      return SearchOffsetByTimestamp(request);
    case rq::kGetEarliestMsgStoretime:
      return GetEarliestMsgStoretime(request);
    case rq::kLockBatchMq:
      return LockBatch(request);
    case rq::kUnlockBatchMq:
      return UnlockBatch(request);
    case rq::kGetConsumerConnectionList:
      return GetConsumerConnectionList(request);
    case rq::kGetConsumeStats:
      return GetConsumeStats(request);
    case rq::kGetAllConsumerOffset:
      return GetAllConsumerOffset();
    case rq::kGetAllDelayOffset:
      return GetAllDelayOffset();
    case rq::kGetAllSubscriptionGroupConfig:
      return GetAllSubscriptionGroup();
    case rq::kUpdateAndCreateSubscriptionGroup:
      return UpdateSubscriptionGroup(request);
    case rq::kDeleteSubscriptionGroup:
      return DeleteSubscriptionGroup(request);
    case rq::kGetProducerConnectionList:
      return GetProducerConnectionList(request);
    case rq::kGetConsumerRunningInfo:
      return GetConsumerRunningInfo(request);
    case rq::kConsumeMessageDirectly:
      return ConsumeMessageDirectly(request);
    case rq::kGetBrokerRuntimeInfo:
      return GetBrokerRuntimeInfo();
    case rq::kGetBrokerConfig:
      return GetBrokerConfig();
    case rq::kUpdateBrokerConfig:
      return UpdateBrokerConfig(request);
    case rq::kViewBrokerStatsData:
      return ViewBrokerStatsData(request);
    case rq::kGetBrokerConsumeStats:
      return GetBrokerConsumeStats(request);
    default:
      return Error(rc::kRequestCodeNotSupported,
                   " request type " + std::to_string(request.code()) + " not supported");
  }
}

RemotingCommand AdminBrokerProcessor::UpdateAndCreateTopic(const RemotingCommand& request) {
  auto header = protocol::CreateTopicRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  Status valid = topic::Validate(header->topic);
  if (!valid.ok()) return Error(rc::kSystemError, valid.message());
  if (header->topic == broker_->config().broker_cluster_name) {
    return Error(rc::kSystemError,
                 "the topic[" + header->topic + "] is conflict with system reserved words");
  }
  if (header->read_queue_nums < 0 || header->write_queue_nums < 0 ||
      header->read_queue_nums > 65535 || header->write_queue_nums > 65535) {
    return Error(rc::kSystemError, "queue numbers of topic " + header->topic +
                                       " must be within 0..65535 (read " +
                                       std::to_string(header->read_queue_nums) + ", write " +
                                       std::to_string(header->write_queue_nums) + ")");
  }
  if (header->perm < 0 || header->perm > 15) {
    return Error(rc::kSystemError, "perm " + std::to_string(header->perm) + " is not a permission");
  }
  if (header->topic_filter_type != protocol::kTopicFilterTypeSingleTag &&
      header->topic_filter_type != protocol::kTopicFilterTypeMultiTag) {
    return Error(rc::kSystemError, "topicFilterType '" + header->topic_filter_type +
                                       "' is neither SINGLE_TAG nor MULTI_TAG");
  }
  protocol::TopicConfig config;
  config.topic_name = header->topic;
  config.read_queue_nums = header->read_queue_nums;
  config.write_queue_nums = header->write_queue_nums;
  config.perm = header->perm;
  config.topic_filter_type = header->topic_filter_type;
  config.topic_sys_flag = header->topic_sys_flag.value_or(0);
  config.order = header->order;
  Status s = broker_->topic_config_manager().UpdateTopicConfig(config);
  if (!s.ok()) return Error(rc::kSystemError, s.message());
  return Success();
}

RemotingCommand AdminBrokerProcessor::DeleteTopic(const RemotingCommand& request) {
  auto header = protocol::DeleteTopicRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  broker_->topic_config_manager().DeleteTopic(header->topic);
  broker_->consumer_offset_manager().RemoveTopic(header->topic);
  return Success();
}

RemotingCommand AdminBrokerProcessor::GetAllTopicConfig() {
  return SuccessWithBody(broker_->topic_config_manager().Wrapper().Encode());
}

RemotingCommand AdminBrokerProcessor::GetTopicStatsInfo(const RemotingCommand& request) {
  auto header = protocol::GetTopicStatsInfoRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto topic = broker_->topic_config_manager().Find(header->topic);
  if (!topic) return Error(rc::kTopicNotExist, "topic[" + header->topic + "] not exist");
  store::MessageStore* store = broker_->store();
  protocol::TopicStatsTable stats;
  for (int32_t q = 0; q < topic->write_queue_nums; ++q) {
    protocol::MessageQueue mq{header->topic, broker_->config().broker_name, q};
    protocol::TopicOffset offsets;
    offsets.min_offset = std::max<int64_t>(0, store->GetMinOffsetInQueue(header->topic, q));
    offsets.max_offset = std::max<int64_t>(0, store->GetMaxOffsetInQueue(header->topic, q));
    if (offsets.max_offset > 0) {
      offsets.last_update_timestamp = std::max<int64_t>(
          0, store->GetMessageStoreTimestamp(header->topic, q, offsets.max_offset - 1));
    }
    stats.offset_table[mq] = offsets;
  }
  return SuccessWithBody(stats.Encode());
}

RemotingCommand AdminBrokerProcessor::QueryTopicConsumeByWho(const RemotingCommand& request) {
  auto header = protocol::QueryTopicConsumeByWhoRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  std::set<std::string> groups = broker_->consumer_manager().GroupsOfTopic(header->topic);
  for (const auto& g : broker_->consumer_offset_manager().GroupsOfTopic(header->topic)) {
    groups.insert(g);
  }
  protocol::GroupList list;
  list.group_list.assign(groups.begin(), groups.end());
  return SuccessWithBody(list.Encode());
}

RemotingCommand AdminBrokerProcessor::GetMaxOffset(const RemotingCommand& request) {
  auto header = protocol::GetMaxOffsetRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  return OffsetAnswer(broker_->store()->GetMaxOffsetInQueue(header->topic, header->queue_id));
}

RemotingCommand AdminBrokerProcessor::GetMinOffset(const RemotingCommand& request) {
  auto header = protocol::TopicQueueRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  return OffsetAnswer(broker_->store()->GetMinOffsetInQueue(header->topic, header->queue_id));
}

RemotingCommand AdminBrokerProcessor::SearchOffsetByTimestamp(const RemotingCommand& request) {
  auto header = protocol::SearchOffsetRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  return OffsetAnswer(
      broker_->store()->GetOffsetInQueueByTime(header->topic, header->queue_id, header->timestamp));
}

RemotingCommand AdminBrokerProcessor::GetEarliestMsgStoretime(const RemotingCommand& request) {
  auto header = protocol::TopicQueueRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  protocol::GetEarliestMsgStoretimeResponseHeader response_header;
  response_header.timestamp =
      broker_->store()->GetEarliestMessageTime(header->topic, header->queue_id);
  RemotingCommand response = Success();
  response.set_ext_fields(response_header.Encode());
  return response;
}

RemotingCommand AdminBrokerProcessor::LockBatch(const RemotingCommand& request) {
  auto body = protocol::LockBatchRequestBody::Decode(request.body().owned());
  if (!body.ok()) return Error(rc::kSystemError, body.status().message());
  protocol::LockBatchResponseBody locked;
  locked.lock_ok_mq_set = broker_->rebalance_lock_manager().TryLockBatch(
      body->consumer_group, body->mq_set, body->client_id);
  return SuccessWithBody(locked.Encode());
}

RemotingCommand AdminBrokerProcessor::UnlockBatch(const RemotingCommand& request) {
  auto body = protocol::UnlockBatchRequestBody::Decode(request.body().owned());
  if (!body.ok()) return Error(rc::kSystemError, body.status().message());
  broker_->rebalance_lock_manager().UnlockBatch(body->consumer_group, body->mq_set,
                                                body->client_id);
  return Success();
}

RemotingCommand AdminBrokerProcessor::GetConsumerConnectionList(const RemotingCommand& request) {
  auto header = protocol::GetConsumerConnectionListRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto group = broker_->consumer_manager().FindGroup(header->consumer_group);
  if (!group || group->channels.empty()) {
    return Error(rc::kConsumerNotOnline,
                 "the consumer group[" + header->consumer_group + "] not online");
  }
  protocol::ConsumerConnection connection;
  for (const auto& [id, c] : group->channels) {
    connection.connection_set.push_back(
        protocol::Connection{c.client_id, c.remote_address, c.language, c.version});
  }
  connection.subscription_table = group->subscriptions;
  connection.consume_type = group->consume_type;
  connection.message_model = group->message_model;
  connection.consume_from_where = group->consume_from_where;
  return SuccessWithBody(connection.Encode());
}

// Apache's ConsumeStats of one topic for `group`: per write queue the broker's and the
// group's offsets and the store time of the last consumed message, and the group's pull
// rate over the last minute (GROUP_GET_NUMS); nullopt for a topic the broker does not have.
std::optional<protocol::ConsumeStats> AdminBrokerProcessor::TopicConsumeStats(
    const std::string& group, const std::string& topic_name) {
  auto topic = broker_->topic_config_manager().Find(topic_name);
  if (!topic) return std::nullopt;
  store::MessageStore* store = broker_->store();
  protocol::ConsumeStats stats;
  for (int32_t q = 0; q < topic->write_queue_nums; ++q) {
    protocol::OffsetWrapper w;
    w.broker_offset = std::max<int64_t>(0, store->GetMaxOffsetInQueue(topic_name, q));
    w.consumer_offset =
        std::max<int64_t>(0, broker_->consumer_offset_manager().QueryOffset(group, topic_name, q));
    if (w.consumer_offset > 0) {
      w.last_timestamp = std::max<int64_t>(
          0, store->GetMessageStoreTimestamp(topic_name, q, w.consumer_offset - 1));
    }
    stats.offset_table[protocol::MessageQueue{topic_name, broker_->config().broker_name, q}] = w;
  }
  if (auto gets = broker_->stats().View("GROUP_GET_NUMS", topic_name + "@" + group)) {
    stats.consume_tps = gets->minute.tps;
  }
  return stats;
}

// Like Apache: topics an online group no longer subscribes to are left out.
bool AdminBrokerProcessor::StillSubscribed(const std::string& group, const std::string& topic) {
  auto group_info = broker_->consumer_manager().FindGroup(group);
  return !group_info || group_info->subscriptions.empty() ||
         group_info->subscriptions.count(topic) > 0;
}

RemotingCommand AdminBrokerProcessor::GetConsumeStats(const RemotingCommand& request) {
  auto header = protocol::GetConsumeStatsRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  const std::string& group = header->consumer_group;
  std::set<std::string> topics;
  if (header->topic && !header->topic->empty()) {
    topics.insert(*header->topic);
  } else {
    topics = broker_->consumer_offset_manager().TopicsOfGroup(group);
  }
  protocol::ConsumeStats stats;
  for (const auto& t : topics) {
    if (!StillSubscribed(group, t)) continue;
    std::optional<protocol::ConsumeStats> one = TopicConsumeStats(group, t);
    if (!one) continue;
    stats.offset_table.insert(one->offset_table.begin(), one->offset_table.end());
    stats.consume_tps += one->consume_tps;
  }
  return SuccessWithBody(stats.Encode());
}

// GET_BROKER_CONSUME_STATS (mqadmin brokerConsumeStats): every subscription group's
// ConsumeStats per topic it has offsets for, and the total lag, as a ConsumeStatsList.
// isOrder=true keeps only order topics.
RemotingCommand AdminBrokerProcessor::GetBrokerConsumeStats(const RemotingCommand& request) {
  const std::string* is_order = request.FindExtField("isOrder");
  const bool order_only = is_order != nullptr && *is_order == "true";
  int64_t total_diff = 0;
  protocol::JsonWriter w;
  w.BeginObject().Field("brokerAddr", broker_->BrokerAddr()).Key("consumeStatsList").BeginArray();
  for (const auto& [group, config] : broker_->subscription_group_manager().Snapshot()) {
    w.BeginObject().Key(group).BeginArray();
    for (const std::string& topic : broker_->consumer_offset_manager().TopicsOfGroup(group)) {
      auto topic_config = broker_->topic_config_manager().Find(topic);
      if (!topic_config || (order_only && !topic_config->order)) continue;
      if (!StillSubscribed(group, topic)) continue;
      std::optional<protocol::ConsumeStats> stats = TopicConsumeStats(group, topic);
      if (!stats) continue;
      for (const auto& [queue, offsets] : stats->offset_table) {
        total_diff += offsets.broker_offset - offsets.consumer_offset;
      }
      w.Raw(stats->Encode());
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Field("totalDiff", total_diff).EndObject();
  return SuccessWithBody(w.Take());
}

// Apache answers with the content of delayOffset.json; the live table is what that file
// will hold at the next persist, and it is what a slave needs after a promotion.
RemotingCommand AdminBrokerProcessor::GetAllDelayOffset() {
  return SuccessWithBody(broker_->schedule_service().offsets().Encode());
}

RemotingCommand AdminBrokerProcessor::GetAllConsumerOffset() {
  return SuccessWithBody(broker_->consumer_offset_manager().Encode());
}

RemotingCommand AdminBrokerProcessor::GetAllSubscriptionGroup() {
  return SuccessWithBody(broker_->subscription_group_manager().Encode());
}

RemotingCommand AdminBrokerProcessor::UpdateSubscriptionGroup(const RemotingCommand& request) {
  auto body = protocol::ParseJson(request.body().owned(), "SubscriptionGroupConfig");
  if (!body.ok()) return Error(rc::kSystemError, body.status().message());
  if (!body->isObject()) return Error(rc::kSystemError, "SubscriptionGroupConfig is not an object");
  auto parsed = SubscriptionGroupConfig::FromJson(*body, "");
  if (!parsed.ok()) return Error(rc::kSystemError, parsed.status().message());
  SubscriptionGroupConfig config = std::move(*parsed);
  if (config.group_name.empty()) {
    return Error(rc::kSystemError, "SubscriptionGroupConfig has no groupName");
  }
  Status valid = topic::Validate(config.group_name);
  if (!valid.ok() || config.group_name.size() > 120) {
    return Error(rc::kSystemError, "the group name '" + config.group_name +
                                       "' is illegal: allowed are ^[%|a-zA-Z0-9_-]+$, at most "
                                       "120 characters");
  }
  if (config.retry_queue_nums < 0 || config.retry_max_times < -1) {
    return Error(rc::kSystemError, "retryQueueNums and retryMaxTimes of group " +
                                       config.group_name + " must not be negative");
  }
  broker_->subscription_group_manager().Update(config);
  return Success();
}

RemotingCommand AdminBrokerProcessor::DeleteSubscriptionGroup(const RemotingCommand& request) {
  auto header = protocol::DeleteSubscriptionGroupRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  broker_->subscription_group_manager().Delete(header->group_name);
  if (header->remove_offset.value_or(false) || header->clean_offset.value_or(false)) {
    broker_->consumer_offset_manager().RemoveGroup(header->group_name);
  }
  return Success();
}

RemotingCommand AdminBrokerProcessor::GetProducerConnectionList(const RemotingCommand& request) {
  auto header = protocol::GetProducerConnectionListRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  const std::vector<ClientChannelInfo> channels =
      broker_->producer_manager().Channels(header->producer_group);
  if (channels.empty()) {
    return Error(rc::kSystemError, "the producer group[" + header->producer_group + "] not exist");
  }
  protocol::ProducerConnection connection;
  for (const auto& c : channels) {
    connection.connection_set.push_back(
        protocol::Connection{c.client_id, c.remote_address, c.language, c.version});
  }
  return SuccessWithBody(connection.Encode());
}

RemotingCommand AdminBrokerProcessor::GetConsumerRunningInfo(const RemotingCommand& request) {
  auto header = protocol::GetConsumerRunningInfoRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  RemotingCommand forward =
      RemotingCommand::CreateRequest(rq::kGetConsumerRunningInfo, request.ext_fields());
  forward.set_body(request.body().owned());
  return CallConsumer(header->consumer_group, header->client_id, std::move(forward));
}

RemotingCommand AdminBrokerProcessor::ConsumeMessageDirectly(const RemotingCommand& request) {
  auto header = protocol::ConsumeMessageDirectlyResultRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) return Error(rc::kSystemError, header.status().message());
  auto id = protocol::DecodeOffsetMessageId(header->msg_id.value_or(""));
  if (!id.ok()) {
    return Error(rc::kSystemError, "consume message directly: msgId " +
                                       header->msg_id.value_or("") +
                                       " is not an offset message id: " + id.status().message());
  }
  auto found = broker_->store()->LookMessageByOffset(id->commit_log_offset);
  if (!found.ok()) {
    return Error(rc::kSystemError, "consume message directly: no message at commit log offset " +
                                       std::to_string(id->commit_log_offset) + ": " +
                                       found.status().message());
  }
  RemotingCommand forward =
      RemotingCommand::CreateRequest(rq::kConsumeMessageDirectly, request.ext_fields());
  forward.SetExtField("brokerName", broker_->config().broker_name);
  forward.set_body(std::string(found->bytes()));
  return CallConsumer(header->consumer_group, header->client_id.value_or(""), std::move(forward));
}

RemotingCommand AdminBrokerProcessor::CallConsumer(const std::string& group,
                                                   const std::string& client_id,
                                                   RemotingCommand forward) {
  auto members = broker_->consumer_manager().FindGroup(group);
  std::shared_ptr<remoting::Connection> connection;
  if (members) {
    for (const auto& [id, channel] : members->channels) {
      if (channel.client_id == client_id) connection = broker_->channel_table().Find(id);
    }
  }
  if (!connection) {
    return Error(rc::kSystemError, "The Consumer <" + group + "> <" + client_id + "> not online");
  }
  // Apache's Broker2Client waits 10 s for the consumer.
  auto answer = broker_->server().InvokeSync(connection, std::move(forward),
                                             std::chrono::milliseconds(10000));
  if (!answer.ok()) {
    return Error(rc::kSystemError, "consumer <" + group + "> <" + client_id +
                                       "> did not answer: " + answer.status().message());
  }
  return std::move(*answer);
}

RemotingCommand AdminBrokerProcessor::GetBrokerRuntimeInfo() {
  store::MessageStore* store = broker_->store();
  const int64_t now = clock::WallMillis();
  protocol::KVTable kv;
  auto& t = kv.table;
  t["brokerVersionDesc"] = "V4_9_8";
  t["brokerVersion"] = "409";
  t["msgPutTotalTodayNow"] = std::to_string(broker_->put_message_count.load());
  t["msgGetTotalTodayNow"] = std::to_string(broker_->get_message_count.load());
  t["msgPutTotalYesterdayMorning"] = "0";
  t["msgPutTotalTodayMorning"] = "0";
  t["msgGetTotalYesterdayMorning"] = "0";
  t["msgGetTotalTodayMorning"] = "0";
  broker_->stats().AddRuntimeInfo(&t);
  t["bootTimestamp"] = std::to_string(broker_->boot_timestamp());
  t["runtime"] = "[ " + std::to_string((now - broker_->boot_timestamp()) / 1000) + " seconds ]";
  t["commitLogMinOffset"] = std::to_string(store->GetMinPhyOffset());
  t["commitLogMaxOffset"] = std::to_string(store->GetMaxPhyOffset());
  t["dispatchBehindBytes"] =
      std::to_string(std::max<int64_t>(0, store->GetMaxPhyOffset() - store->dispatched_offset()));
  t["earliestMessageTimeStamp"] = std::to_string(store->GetEarliestMessageTime());
  t["brokerRole"] = broker_->store_config().broker_role;
  if (const dledger::DLedgerCommitLog* group = broker_->dledger()) AddDLedgerInfo(*group, &t);
  // Replication state (our keys; Apache 4.9 reports none): how far the slaves are.
  if (const ha::HaMaster* master = broker_->ha_master()) {
    const int64_t replicated = master->replicated_offset();
    t["haSlaveCount"] = std::to_string(master->connection_count());
    t["haReplicatedOffset"] = std::to_string(replicated);
    t["haSlaveFallBehindBytes"] =
        master->connection_count() > 0
            ? std::to_string(std::max<int64_t>(0, store->GetMaxPhyOffset() - replicated))
            : "-1";
    std::string slaves;
    for (const auto& slave : master->Slaves()) {
      if (!slaves.empty()) slaves += ";";
      slaves += slave.address + "=" + std::to_string(slave.ack_offset);
    }
    t["haSlaveAckOffsets"] = slaves;
  }
  if (const ha::HaClient* client = broker_->ha_client()) {
    t["haMasterAddress"] = client->master_address();
    t["haConnected"] = client->connected() ? "true" : "false";
    t["haReportedOffset"] = std::to_string(client->reported_offset());
  }
  t["pageCacheLockTimeMills"] = "0";
  // mqadmin clusterList prints these unconditionally; absent keys make it fail.
  for (const char* pool : {"send", "pull", "query"}) {
    t[std::string(pool) + "ThreadPoolQueueSize"] = "0";
    t[std::string(pool) + "ThreadPoolQueueHeadWaitTimeMills"] = "0";
  }
  const std::pair<const char*, Result<double>> ratios[] = {
      {"commitLogDiskRatio", store->CommitLogDiskRatio()},
      {"consumeQueueDiskRatio", store->ConsumeQueueDiskRatio()}};
  for (const auto& [key, ratio] : ratios) t[key] = ratio.ok() ? std::to_string(*ratio) : "-1";
  t["remainTransientStoreBufferNumbs"] = "0";
  // Our keys (Apache reports no memory figures): the broker's own memory apart from the
  // resident pages of the files it maps (process_memory.h).
  if (auto memory = ReadProcessMemory(); memory.ok()) {
    t["memoryResidentBytes"] = std::to_string(memory->resident_bytes);
    t["memoryAnonymousBytes"] = std::to_string(memory->anonymous_bytes);
    t["memoryFileBackedBytes"] = std::to_string(memory->file_backed_bytes);
    t["memorySwapBytes"] = std::to_string(memory->swap_bytes);
  }
  broker_->schedule_service().BuildRunningStats(&t);
  return SuccessWithBody(kv.Encode());
}

// Apache's ViewBrokerStatsData: the item's minute, hour and day figures, SYSTEM_ERROR when
// the broker has no such item (a topic never sent to, a group that never pulled).
RemotingCommand AdminBrokerProcessor::ViewBrokerStatsData(const RemotingCommand& request) {
  const std::string* name = request.FindExtField("statsName");
  const std::string* key = request.FindExtField("statsKey");
  if (name == nullptr || key == nullptr) {
    return Error(rc::kSystemError, "statsName and statsKey are required");
  }
  std::optional<BrokerStatsData> data = broker_->stats().View(*name, *key);
  if (!data) return Error(rc::kSystemError, "The stats <" + *name + "> <" + *key + "> not exist");
  return SuccessWithBody(data->Encode());
}

// The body is a properties text (mqadmin updateBrokerConfig -k KEY -v VALUE sends one
// line); no body changes nothing, as in Apache.
RemotingCommand AdminBrokerProcessor::UpdateBrokerConfig(const RemotingCommand& request) {
  // Received bodies are owned (segments are for sending).
  const std::string& text = request.body().owned();
  if (text.empty()) return Success();
  Result<Properties> props = Properties::Parse(text, "UPDATE_BROKER_CONFIG");
  if (!props.ok())
    return Error(rc::kSystemError, "string2Properties error: " + props.status().message());
  RuntimeConfig::Outcome outcome = broker_->UpdateConfig(*props);
  if (outcome.response_code != rc::kSuccess) {
    RMQ_LOG_WARN << "UPDATE_BROKER_CONFIG refused: " << outcome.remark;
  }
  return Error(outcome.response_code, std::move(outcome.remark));
}

RemotingCommand AdminBrokerProcessor::GetBrokerConfig() {
  protocol::GetBrokerConfigResponseHeader header;
  header.version = broker_->topic_config_manager().data_version().Encode();
  RemotingCommand response = SuccessWithBody(broker_->config_text());
  response.set_ext_fields(header.Encode());
  return response;
}

}  // namespace broker
}  // namespace rocketmq
