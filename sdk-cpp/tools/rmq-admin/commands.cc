#include "commands.h"

#include "acl_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <sstream>

#include "formatters.h"
#include "json_out.h"
#include "rocketmq/producer.h"
#include "rocketmq/topic_names.h"

namespace rocketmq {
namespace admin_cli {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The nameservers' KV namespace of ordered topics' queue layout.
constexpr char kOrderTopicConfig[] = "ORDER_TOPIC_CONFIG";

Status Usage(const std::string& message) { return Status::InvalidArgument(message); }

// The brokers a command addresses: -b ADDR, or every master of -c CLUSTER.
Result<std::vector<std::string>> TargetBrokers(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  if (a.Has("brokerAddr")) return std::vector<std::string>{a.Get("brokerAddr")};
  if (!a.Has("clusterName")) return Usage("give -b BROKER_ADDR or -c CLUSTER_NAME");
  return c.admin->GetClusterMasters(a.Get("clusterName"));
}

// "now", milliseconds since the epoch, or mqadmin's "yyyy-MM-dd#HH:mm:ss:SSS" (local time).
Result<int64_t> ParseTimestamp(const std::string& text) {
  if (text == "now") return NowMs();
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d#%d:%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) == 7) {
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    return static_cast<int64_t>(std::mktime(&tm)) * 1000 + ms;
  }
  ParsedArgs one;
  one.Set("timestamp", text);
  auto ms_value = one.GetInt("timestamp", 0);
  if (!ms_value.ok()) {
    return Usage("timestamp '" + text + "' is not 'now', milliseconds or yyyy-MM-dd#HH:mm:ss:SSS");
  }
  return *ms_value;
}

Status ClusterList(CommandContext& c) {
  auto info = c.admin->GetClusterInfo();
  if (!info.ok()) return info.status();
  if (c.args->Has("clusterName")) {
    auto keep = info->clusters.find(c.args->Get("clusterName"));
    if (keep == info->clusters.end()) {
      return Status::NotFound("cluster " + c.args->Get("clusterName") + " is not known");
    }
    ClusterInfo only;
    only.clusters[keep->first] = keep->second;
    only.brokers = info->brokers;
    *info = only;
  }
  std::map<std::string, std::map<std::string, std::string>> stats;
  for (const auto& [name, broker] : info->brokers) {
    for (const auto& [id, addr] : broker.addrs) {
      // A broker that does not answer still gets its row, with empty statistics.
      auto s = c.admin->GetBrokerRuntimeStats(addr);
      if (s.ok()) stats[addr] = std::move(*s);
    }
  }
  c.out = c.json ? ClusterListJson(*info, stats) : ClusterListText(*info, stats, NowMs());
  return Status::OK();
}

// -c: each topic's cluster and consumer groups (retry and dead-letter topics left out), as
// mqadmin's clusterModel; a topic whose brokers cannot be asked keeps an empty line.
Status TopicUsageList(CommandContext& c, const std::vector<std::string>& topics) {
  std::vector<TopicUsage> usage;
  for (const auto& topic : topics) {
    if (IsRetryTopic(topic) || IsDlqTopic(topic)) continue;
    TopicUsage u;
    u.topic = topic;
    if (auto route = c.admin->GetTopicRoute(topic); route.ok() && !route->brokers.empty()) {
      u.cluster = route->brokers.front().cluster;
    }
    if (auto groups = c.admin->GetTopicConsumerGroups(topic); groups.ok()) u.groups = *groups;
    usage.push_back(std::move(u));
  }
  c.out = c.json ? TopicUsageJson(usage) : TopicUsageText(usage);
  return Status::OK();
}

Status TopicList(CommandContext& c) {
  auto topics = c.args->Has("cluster") ? c.admin->ListTopicsOfCluster(c.args->Get("cluster"))
                                       : c.admin->ListTopics();
  if (!topics.ok()) return topics.status();
  if (c.args->Has("clusterModel")) return TopicUsageList(c, *topics);
  c.out = c.json ? TopicListJson(*topics) : TopicListText(*topics);
  return Status::OK();
}

Status TopicRouteCommand(CommandContext& c) {
  auto route = c.admin->GetTopicRoute(c.args->Get("topic"));
  if (!route.ok()) return route.status();
  c.out = TopicRouteJson(*route);
  return Status::OK();
}

Status TopicStatus(CommandContext& c) {
  auto queues = c.admin->GetTopicStatus(c.args->Get("topic"));
  if (!queues.ok()) return queues.status();
  c.out = c.json ? TopicStatusJson(*queues) : TopicStatusText(*queues);
  return Status::OK();
}

Status UpdateTopic(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  TopicSettings settings;
  settings.topic = a.Get("topic");
  auto read = a.GetInt("readQueueNums", 8);
  auto write = a.GetInt("writeQueueNums", 8);
  auto perm = a.GetInt("perm", 6);
  auto order = a.GetBool("order", false);
  for (const Status& s : {read.status(), write.status(), perm.status(), order.status()}) {
    if (!s.ok()) return s;
  }
  settings.read_queue_nums = static_cast<int32_t>(*read);
  settings.write_queue_nums = static_cast<int32_t>(*write);
  settings.perm = static_cast<int32_t>(*perm);
  settings.order = *order;
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  for (const auto& addr : *brokers) {
    RMQ_RETURN_IF_ERROR(c.admin->CreateOrUpdateTopic(addr, settings));
    if (!c.json) c.out += "create topic to " + addr + " success.\n";
  }
  if (settings.order) {
    // An ordered topic's queues per broker go to the nameservers' ORDER_TOPIC_CONFIG, which
    // routes carry to producers ("broker-a:8;broker-b:8"), as mqadmin does.
    auto info = c.admin->GetClusterInfo();
    if (!info.ok()) return info.status();
    std::string order_conf;
    for (const auto& [name, broker] : info->brokers) {
      if (std::find(brokers->begin(), brokers->end(), broker.MasterAddr()) == brokers->end()) {
        continue;
      }
      order_conf +=
          (order_conf.empty() ? "" : ";") + name + ":" + std::to_string(settings.write_queue_nums);
    }
    RMQ_RETURN_IF_ERROR(c.admin->PutKvConfig(kOrderTopicConfig, settings.topic, order_conf));
    if (!c.json) c.out += "set cluster orderConf. isOrder=true, orderConf=[" + order_conf + "]\n";
  }
  if (c.json) {
    JsonOut out;
    out.BeginObject()
        .Field("topic", settings.topic)
        .Key("brokers")
        .Strings(*brokers)
        .Field("readQueueNums", settings.read_queue_nums)
        .Field("writeQueueNums", settings.write_queue_nums)
        .Field("perm", settings.perm)
        .Field("order", settings.order)
        .EndObject();
    c.out = out.str() + "\n";
  } else {
    c.out += Format(
        "TopicConfig [topicName=%s, readQueueNums=%d, writeQueueNums=%d, perm=%d, "
        "order=%s]\n",
        settings.topic.c_str(), settings.read_queue_nums, settings.write_queue_nums, settings.perm,
        settings.order ? "true" : "false");
  }
  return Status::OK();
}

Status DeleteTopic(CommandContext& c) {
  const std::string topic = c.args->Get("topic");
  const std::string cluster = c.args->Get("clusterName");
  RMQ_RETURN_IF_ERROR(c.admin->DeleteTopic(cluster, topic));
  c.out = c.json ? "{\"deleted\":true}\n"
                 : "delete topic [" + topic + "] from cluster [" + cluster + "] success.\n" +
                       "delete topic [" + topic + "] from NameServer success.\n";
  return Status::OK();
}

Status UpdateSubGroup(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  SubscriptionGroupSettings s;
  s.group_name = a.Get("groupName");
  auto enable = a.GetBool("consumeEnable", true);
  auto from_min = a.GetBool("consumeFromMinEnable", true);
  auto broadcast = a.GetBool("consumeBroadcastEnable", true);
  auto retry_queues = a.GetInt("retryQueueNums", 1);
  auto retry_max = a.GetInt("retryMaxTimes", 16);
  auto broker_id = a.GetInt("brokerId", 0);
  auto slowly = a.GetInt("whichBrokerWhenConsumeSlowly", 1);
  auto notify = a.GetBool("notifyConsumerIdsChanged", true);
  for (const Status& st :
       {enable.status(), from_min.status(), broadcast.status(), retry_queues.status(),
        retry_max.status(), broker_id.status(), slowly.status(), notify.status()}) {
    if (!st.ok()) return st;
  }
  s.consume_enable = *enable;
  s.consume_from_min_enable = *from_min;
  s.consume_broadcast_enable = *broadcast;
  s.retry_queue_nums = static_cast<int32_t>(*retry_queues);
  s.retry_max_times = static_cast<int32_t>(*retry_max);
  s.broker_id = *broker_id;
  s.which_broker_when_consume_slowly = *slowly;
  s.notify_consumer_ids_changed_enable = *notify;
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  for (const auto& addr : *brokers) {
    RMQ_RETURN_IF_ERROR(c.admin->CreateOrUpdateSubscriptionGroup(addr, s));
    if (!c.json) c.out += "create subscription group to " + addr + " success.\n";
  }
  if (c.json) {
    JsonOut out;
    out.BeginObject().Field("group", s.group_name).Key("brokers").Strings(*brokers).EndObject();
    c.out = out.str() + "\n";
  }
  return Status::OK();
}

Status DeleteSubGroup(CommandContext& c) {
  const std::string group = c.args->Get("groupName");
  auto remove_offset = c.args->GetBool("removeOffset", false);
  if (!remove_offset.ok()) return remove_offset.status();
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  for (const auto& addr : *brokers) {
    RMQ_RETURN_IF_ERROR(c.admin->DeleteSubscriptionGroup(addr, group, *remove_offset));
    if (!c.json) {
      c.out +=
          "delete subscription group [" + group + "] from broker [" + addr + "]" +
          (c.args->Has("clusterName") ? " in cluster [" + c.args->Get("clusterName") + "]" : "") +
          " success.\n";
    }
  }
  if (c.json) c.out = "{\"deleted\":true}\n";
  return Status::OK();
}

// Every group with a retry topic, as mqadmin finds them; a group that cannot be asked
// still gets its line, with what is known.
Status AllGroupsProgress(CommandContext& c) {
  auto topics = c.admin->ListTopics();
  if (!topics.ok()) return topics.status();
  std::vector<GroupSummary> groups;
  for (const auto& topic : *topics) {
    if (!IsRetryTopic(topic)) continue;
    GroupSummary g;
    g.group = GroupOfRetryTopic(topic);
    if (auto progress = c.admin->GetConsumeProgress(g.group); progress.ok()) {
      g.consume_tps = progress->consume_tps;
      g.diff_total = progress->TotalLag();
    }
    if (auto members = c.admin->GetConsumerConnections(g.group); members.ok()) {
      g.count = static_cast<int32_t>(members->connections.size());
      if (!members->connections.empty()) g.version = members->connections.front().version;
      g.type = members->consume_type == "CONSUME_ACTIVELY" ? "PULL" : "PUSH";
      g.message_model = members->message_model;
    }
    groups.push_back(std::move(g));
  }
  c.out = c.json ? GroupSummariesJson(groups) : GroupSummariesText(groups);
  return Status::OK();
}

Status ConsumerProgress(CommandContext& c) {
  if (!c.args->Has("groupName")) return AllGroupsProgress(c);
  const std::string group = c.args->Get("groupName");
  auto progress = c.admin->GetConsumeProgress(group, c.args->Get("topicName"));
  if (!progress.ok()) return progress.status();
  c.out = c.json ? ConsumeProgressJson(group, *progress) : ConsumeProgressText(*progress);
  return Status::OK();
}

Status ConsumerConnection(CommandContext& c) {
  auto connections = c.admin->GetConsumerConnections(c.args->Get("consumerGroup"));
  if (!connections.ok()) return connections.status();
  c.out = c.json ? ConsumerConnectionsJson(*connections) : ConsumerConnectionsText(*connections);
  return Status::OK();
}

Status ProducerConnection(CommandContext& c) {
  auto connections =
      c.admin->GetProducerConnections(c.args->Get("producerGroup"), c.args->Get("topic"));
  if (!connections.ok()) return connections.status();
  c.out = c.json ? ProducerConnectionsJson(*connections) : ProducerConnectionsText(*connections);
  return Status::OK();
}

Status ConsumerStatus(CommandContext& c) {
  const std::string group = c.args->Get("consumerGroup");
  auto jstack = c.args->GetBool("jstackEnable", false);
  if (!jstack.ok()) return jstack.status();
  std::vector<std::string> clients;
  if (c.args->Has("clientId")) {
    clients.push_back(c.args->Get("clientId"));
  } else {
    auto connections = c.admin->GetConsumerConnections(group);
    if (!connections.ok()) return connections.status();
    for (const auto& conn : connections->connections) clients.push_back(conn.client_id);
  }
  std::string json_items;
  for (const auto& id : clients) {
    auto info = c.admin->GetConsumerRunningInfo(group, id, *jstack);
    if (!info.ok()) return info.status();
    if (c.json) {
      std::string item = RunningInfoJson(id, *info);
      item.pop_back();
      json_items += (json_items.empty() ? "" : ",") + item;
    } else {
      c.out += RunningInfoText(id, *info) + "\n";
    }
  }
  if (c.json) c.out = "{\"consumers\":[" + json_items + "]}\n";
  return Status::OK();
}

Status QueryMsgById(CommandContext& c) {
  std::stringstream ids(c.args->Get("msgId"));
  std::string id;
  std::string json_items;
  while (std::getline(ids, id, ',')) {
    if (id.empty()) continue;
    auto message = c.admin->ViewMessage(c.args->Get("topic"), id);
    if (!message.ok()) return message.status();
    if (c.json) {
      std::string item = MessageJson(*message);
      item.pop_back();
      json_items += (json_items.empty() ? "" : ",") + item;
    } else {
      c.out += MessageText(*message);
    }
  }
  if (c.json) c.out = "{\"messages\":[" + json_items + "]}\n";
  return Status::OK();
}

Status QueryMsgByKey(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto begin = a.GetInt("beginTimestamp", 0);
  auto end = a.GetInt("endTimestamp", INT64_MAX);
  auto max = a.GetInt("maxNum", 64);
  for (const Status& s : {begin.status(), end.status(), max.status()}) {
    if (!s.ok()) return s;
  }
  auto messages = c.admin->QueryMessagesByKey(a.Get("topic"), a.Get("msgKey"),
                                              static_cast<int32_t>(*max), *begin, *end);
  if (!messages.ok()) return messages.status();
  c.out = c.json ? MessageListJson(*messages) : MessageListText(*messages);
  return Status::OK();
}

Status QueryMsgByOffset(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto queue_id = a.GetInt("queueId", 0);
  auto offset = a.GetInt("offset", 0);
  if (!queue_id.ok()) return queue_id.status();
  if (!offset.ok()) return offset.status();
  MessageQueue queue{a.Get("topic"), a.Get("brokerName"), static_cast<int>(*queue_id)};
  auto message = c.admin->ViewMessageByOffset(queue, *offset);
  if (!message.ok()) return message.status();
  c.out = c.json ? MessageJson(*message) : MessageText(*message);
  return Status::OK();
}

Status ResetOffsetByTime(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto timestamp = ParseTimestamp(a.Get("timestamp"));
  if (!timestamp.ok()) return timestamp.status();
  auto force = a.GetBool("force", true);
  if (!force.ok()) return force.status();
  auto offsets = c.admin->ResetOffsetByTime(a.Get("group"), a.Get("topic"), *timestamp, *force);
  if (!offsets.ok()) return offsets.status();
  if (c.json) {
    c.out = ResetOffsetJson(*offsets);
    return Status::OK();
  }
  c.out = Format(
      "rollback consumer offset by specified group[%s], topic[%s], force[%s], "
      "timestamp(string)[%s], timestamp(long)[%lld]\n",
      a.Get("group").c_str(), a.Get("topic").c_str(), *force ? "true" : "false",
      a.Get("timestamp").c_str(), static_cast<long long>(*timestamp));
  c.out += ResetOffsetText(*offsets);
  return Status::OK();
}

Status BrokerStatus(CommandContext& c) {
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  std::map<std::string, std::map<std::string, std::string>> all;
  for (const auto& addr : *brokers) {
    auto stats = c.admin->GetBrokerRuntimeStats(addr);
    if (!stats.ok()) return stats.status();
    if (!c.json) {
      if (brokers->size() > 1) c.out += "============" + addr + "============\n";
      c.out += BrokerStatusText(*stats);
    }
    all[addr] = std::move(*stats);
  }
  if (c.json) c.out = MapsJson(all);
  return Status::OK();
}

Status GetBrokerConfig(CommandContext& c) {
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  std::map<std::string, std::map<std::string, std::string>> all;
  for (const auto& addr : *brokers) {
    auto config = c.admin->GetBrokerConfig(addr);
    if (!config.ok()) return config.status();
    if (!c.json) c.out += BrokerConfigText(addr, *config);
    all[addr] = std::move(*config);
  }
  if (c.json) c.out = MapsJson(all);
  return Status::OK();
}

Status UpdateBrokerConfig(CommandContext& c) {
  auto brokers = TargetBrokers(c);
  if (!brokers.ok()) return brokers.status();
  const std::map<std::string, std::string> change = {{c.args->Get("key"), c.args->Get("value")}};
  for (const auto& addr : *brokers) {
    RMQ_RETURN_IF_ERROR(c.admin->UpdateBrokerConfig(addr, change));
    if (!c.json) c.out += "update broker config success, " + addr + "\n";
  }
  if (c.json) c.out = "{\"updated\":true}\n";
  return Status::OK();
}

Status SendMessage(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  ProducerConfig config;
  static_cast<ClientConfig&>(config) = c.admin->config();
  config.group = a.Get("producerGroup", "PID_RMQ_ADMIN");
  config.instance_name = "rmq-admin-send";
  Message message(a.Get("topic"), a.Get("tags"), a.Get("body"));
  if (a.Has("keys")) message.set_key(a.Get("keys"));
  Producer producer(config);
  RMQ_RETURN_IF_ERROR(producer.Start());
  Result<SendResult> result = Status::Internal("not sent");
  if (a.Has("broker") || a.Has("qid")) {
    auto qid = a.GetInt("qid", 0);
    if (!qid.ok()) return qid.status();
    if (!a.Has("broker")) return Usage("-i QUEUE_ID needs -b BROKER_NAME");
    result = producer.Send(message,
                           MessageQueue{a.Get("topic"), a.Get("broker"), static_cast<int>(*qid)});
  } else {
    result = producer.Send(message);
  }
  producer.Shutdown();
  if (!result.ok()) return result.status();
  c.out = c.json ? SendResultJson(*result) : SendResultText(*result);
  return Status::OK();
}

// clusterRT: the send round trip to every broker, through the topic named after it (which
// every broker serves); the first send of each broker (connecting) is left out of the mean.
// mqadmin's BrokerStatsManager item names.
constexpr char kTopicPutNums[] = "TOPIC_PUT_NUMS";
constexpr char kGroupGetNums[] = "GROUP_GET_NUMS";

// statsAll: what each topic's masters count of its messages in and out (VIEW_BROKER_STATS_DATA)
// and each group's lag. As mqadmin, a broker without the figure counts as 0, and a topic that
// cannot be asked is left out.
Status StatsAll(CommandContext& c) {
  auto topics = c.admin->ListTopics();
  if (!topics.ok()) return topics.status();
  const bool active_only = c.args->Has("activeTopic");
  const std::string only = c.args->Get("topic");
  std::vector<TopicGroupStats> rows;
  for (const auto& topic : *topics) {
    if (IsRetryTopic(topic) || IsDlqTopic(topic)) continue;
    if (!only.empty() && topic != only) continue;
    auto route = c.admin->GetTopicRoute(topic);
    if (!route.ok()) continue;
    std::vector<std::string> masters;
    for (const auto& b : route->brokers) {
      if (!b.MasterAddr().empty()) masters.push_back(b.MasterAddr());
    }
    TopicGroupStats in;
    in.topic = topic;
    for (const auto& addr : masters) {
      if (auto s = c.admin->ViewBrokerStatsData(addr, kTopicPutNums, topic); s.ok()) {
        in.in_tps += s->minute.tps;
        in.in_msg_24h += s->Sum24Hours();
      }
    }
    auto groups = c.admin->GetTopicConsumerGroups(topic);
    if (!groups.ok() || groups->empty()) {
      if (!active_only || in.in_msg_24h > 0) rows.push_back(in);
      continue;
    }
    for (const auto& group : *groups) {
      TopicGroupStats row = in;
      row.group = group;
      for (const auto& addr : masters) {
        if (auto s = c.admin->ViewBrokerStatsData(addr, kGroupGetNums, topic + "@" + group);
            s.ok()) {
          row.out_tps += s->minute.tps;
          row.out_msg_24h += s->Sum24Hours();
        }
      }
      if (auto progress = c.admin->GetConsumeProgress(group, topic); progress.ok()) {
        row.accumulation = std::max<int64_t>(0, progress->TotalLag());
      }
      if (!active_only || row.in_msg_24h > 0 || row.out_msg_24h > 0) rows.push_back(row);
    }
  }
  c.out = c.json ? StatsAllJson(rows) : StatsAllText(rows);
  return Status::OK();
}

Status ClusterRT(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto amount = a.GetInt("amount", 100);
  auto size = a.GetInt("size", 128);
  if (!amount.ok()) return amount.status();
  if (!size.ok()) return size.status();
  if (*amount < 2 || *size < 0 || *size > 4 * 1024 * 1024) {
    return Usage("-a must be at least 2 and -s within 0..4194304");
  }
  auto info = c.admin->GetClusterInfo();
  if (!info.ok()) return info.status();
  if (a.Has("clusterName") && info->clusters.count(a.Get("clusterName")) == 0) {
    return Status::NotFound("cluster " + a.Get("clusterName") + " is not known");
  }
  ProducerConfig config;
  static_cast<ClientConfig&>(config) = c.admin->config();
  config.group = "PID_RMQ_ADMIN_RT";
  config.instance_name = "rmq-admin-rt";
  config.retry_times_when_send_failed = 0;
  Producer producer(config);
  RMQ_RETURN_IF_ERROR(producer.Start());
  JsonOut json;
  json.BeginObject().Key("brokers").BeginArray();
  std::string text = Format("%-24s  %-24s  %-4s  %-8s  %-8s\n", "#Cluster Name", "#Broker Name",
                            "#RT", "#successCount", "#failCount");
  const std::string body(static_cast<size_t>(*size), 'a');
  for (const auto& [cluster, names] : info->clusters) {
    if (a.Has("clusterName") && cluster != a.Get("clusterName")) continue;
    for (const auto& name : names) {
      int64_t success = 0;
      int64_t failed = 0;
      std::chrono::steady_clock::duration elapsed{};
      for (int64_t i = 0; i < *amount; ++i) {
        const auto start = std::chrono::steady_clock::now();
        auto sent = producer.Send(Message(name, body), MessageQueue{name, name, 0});
        if (i != 0) elapsed += std::chrono::steady_clock::now() - start;
        ++(sent.ok() ? success : failed);
      }
      const double rt = std::chrono::duration<double, std::milli>(elapsed).count() /
                        static_cast<double>(*amount - 1);
      text += Format("%-24s  %-24s  %-8s  %-16lld  %-16lld\n", cluster.c_str(), name.c_str(),
                     Format("%.2f", rt).c_str(), static_cast<long long>(success),
                     static_cast<long long>(failed));
      json.BeginObject()
          .Field("cluster", cluster)
          .Field("brokerName", name)
          .Field("rtMs", rt)
          .Field("successCount", success)
          .Field("failCount", failed)
          .EndObject();
    }
  }
  json.EndArray().EndObject();
  RMQ_RETURN_IF_ERROR(producer.Shutdown());
  c.out = c.json ? json.str() + "\n" : text;
  return Status::OK();
}

// Appends the messages of `queue` in [from, to) to `out`, at most `limit` in all, pulling
// in batches.
Status ReadQueue(Admin* admin, const MessageQueue& queue, int64_t from, int64_t to, size_t limit,
                 std::vector<MessageExt>* out) {
  int64_t offset = from;
  while (offset < to && out->size() < limit) {
    auto batch = admin->PullMessages(queue, offset, 32);
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (auto& m : *batch) {
      if (m.queue_offset() >= to || out->size() >= limit) return Status::OK();
      offset = m.queue_offset() + 1;
      out->push_back(std::move(m));
    }
  }
  return Status::OK();
}

Status ConsumeMessage(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto count = a.GetInt("messageNumber", 128);
  auto start = a.GetInt("offset", -1);
  if (!count.ok()) return count.status();
  if (!start.ok()) return start.status();
  if (*count <= 0) return Usage("-c must be positive");
  auto queues = c.admin->GetTopicStatus(a.Get("topic"));
  if (!queues.ok()) return queues.status();
  std::vector<MessageExt> consumed;
  for (const auto& q : *queues) {
    if (a.Has("brokerName") && q.queue.broker_name != a.Get("brokerName")) continue;
    if (a.Has("queueId") && std::to_string(q.queue.queue_id) != a.Get("queueId")) continue;
    RMQ_RETURN_IF_ERROR(ReadQueue(c.admin, q.queue, *start >= 0 ? *start : q.min_offset,
                                  q.max_offset, static_cast<size_t>(*count), &consumed));
  }
  if (c.json) {
    c.out = MessageListJson(consumed);
    return Status::OK();
  }
  c.out = Format("%-50s %4s %20s  %s\n", "#Message ID", "#QID", "#Offset", "#Body");
  for (const auto& m : consumed) {
    c.out += Format("%-50s %4d %20lld  %s\n", m.msg_id().c_str(), m.queue_id(),
                    static_cast<long long>(m.queue_offset()), SafeBody(m.body()).c_str());
  }
  return Status::OK();
}

// printMsg: every message of the topic (between -b and -e when given), queue by queue.
Status PrintMsg(CommandContext& c) {
  const ParsedArgs& a = *c.args;
  auto print_body = a.GetBool("printBody", true);
  if (!print_body.ok()) return print_body.status();
  std::optional<int64_t> begin;
  std::optional<int64_t> end;
  if (a.Has("beginTimestamp")) {
    auto t = ParseTimestamp(a.Get("beginTimestamp"));
    if (!t.ok()) return t.status();
    begin = *t;
  }
  if (a.Has("endTimestamp")) {
    auto t = ParseTimestamp(a.Get("endTimestamp"));
    if (!t.ok()) return t.status();
    end = *t;
  }
  auto queues = c.admin->GetTopicStatus(a.Get("topic"));
  if (!queues.ok()) return queues.status();
  std::vector<MessageExt> all;
  for (const auto& q : *queues) {
    int64_t from = q.min_offset;
    int64_t to = q.max_offset;
    if (begin) {
      auto found = c.admin->SearchOffset(q.queue, *begin);
      if (!found.ok()) return found.status();
      from = *found;
    }
    if (end) {
      auto found = c.admin->SearchOffset(q.queue, *end);
      if (!found.ok()) return found.status();
      to = *found;
    }
    std::vector<MessageExt> messages;
    RMQ_RETURN_IF_ERROR(ReadQueue(c.admin, q.queue, from, to, SIZE_MAX, &messages));
    if (!c.json) {
      c.out += Format("minOffset=%lld, maxOffset=%lld, %s\n", static_cast<long long>(from),
                      static_cast<long long>(to), q.queue.ToString().c_str());
      for (const auto& m : messages) c.out += PrintMsgLine(m, *print_body);
      c.out += "--------------------------------------------------------\n";
    }
    for (auto& m : messages) all.push_back(std::move(m));
  }
  if (c.json) c.out = MessageListJson(all);
  return Status::OK();
}

Status UpdateKvConfig(CommandContext& c) {
  RMQ_RETURN_IF_ERROR(
      c.admin->PutKvConfig(c.args->Get("namespace"), c.args->Get("key"), c.args->Get("value")));
  c.out = c.json ? "{\"updated\":true}\n" : "update kv config in namespace success.\n";
  return Status::OK();
}

Status DeleteKvConfig(CommandContext& c) {
  RMQ_RETURN_IF_ERROR(c.admin->DeleteKvConfig(c.args->Get("namespace"), c.args->Get("key")));
  c.out = c.json ? "{\"deleted\":true}\n" : "delete kv config from namespace success.\n";
  return Status::OK();
}

Status GetKvList(CommandContext& c) {
  auto list = c.admin->GetKvList(c.args->Get("namespace"));
  if (!list.ok()) return list.status();
  c.out = c.json ? MapJson(*list) : BrokerStatusText(*list);
  return Status::OK();
}

OptionSpec Req(char s, const char* name, const char* help) { return {s, name, true, true, help}; }
OptionSpec Opt(char s, const char* name, const char* help) { return {s, name, true, false, help}; }

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {{"clusterList", "List cluster infos", {Opt('c', "clusterName", "which cluster")}},
       ClusterList},
      {{"topicList",
        "Fetch all topic list from name server",
        {{'c', "clusterModel", false, false, "with each topic's cluster and consumer groups"},
         Opt('\0', "cluster", "only the topics of this cluster")}},
       TopicList},
      {{"topicRoute", "Examine topic route info", {Req('t', "topic", "topic name")}},
       TopicRouteCommand},
      {{"topicStatus", "Examine topic Status info", {Req('t', "topic", "topic name")}},
       TopicStatus},
      {{"updateTopic",
        "Update or create topic",
        {Opt('b', "brokerAddr", "create topic to which broker"),
         Opt('c', "clusterName", "create topic to which cluster"), Req('t', "topic", "topic name"),
         Opt('r', "readQueueNums", "set read queue nums (default 8)"),
         Opt('w', "writeQueueNums", "set write queue nums (default 8)"),
         Opt('p', "perm", "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW] (default 6)"),
         Opt('o', "order", "set topic's order(true|false)")}},
       UpdateTopic},
      {{"deleteTopic",
        "Delete topic from broker and NameServer.",
        {Req('t', "topic", "topic name"),
         Req('c', "clusterName", "delete topic from which cluster")}},
       DeleteTopic},
      {{"updateSubGroup",
        "Update or create subscription group",
        {Opt('b', "brokerAddr", "create subscription group to which broker"),
         Opt('c', "clusterName", "create subscription group to which cluster"),
         Req('g', "groupName", "consumer group name"),
         Opt('s', "consumeEnable", "consume enable (true|false)"),
         Opt('m', "consumeFromMinEnable", "from min offset (true|false)"),
         Opt('d', "consumeBroadcastEnable", "broadcast (true|false)"),
         Opt('q', "retryQueueNums", "retry queue nums"),
         Opt('r', "retryMaxTimes", "retry max times"),
         Opt('i', "brokerId", "consumer from which broker id"),
         Opt('w', "whichBrokerWhenConsumeSlowly", "which broker id when consume slowly"),
         Opt('a', "notifyConsumerIdsChanged", "notify consumerId changed (true|false)")}},
       UpdateSubGroup},
      {{"deleteSubGroup",
        "Delete subscription group from broker.",
        {Opt('b', "brokerAddr", "delete subscription group from which broker"),
         Opt('c', "clusterName", "delete subscription group from which cluster"),
         Req('g', "groupName", "subscription group name"),
         Opt('r', "removeOffset", "also remove the group's offsets (true|false)")}},
       DeleteSubGroup},
      {{"consumerProgress",
        "Query consumers's progress, speed",
        {Opt('g', "groupName", "consumer group name (default: a line per group)"),
         Opt('t', "topicName", "topic name")}},
       ConsumerProgress},
      {{"consumerConnection",
        "Query consumer's socket connection, client version and subscription",
        {Req('g', "consumerGroup", "consumer group name")}},
       ConsumerConnection},
      {{"producerConnection",
        "Query producer's socket connection and client version",
        {Req('g', "producerGroup", "producer group name"), Req('t', "topic", "topic name")}},
       ProducerConnection},
      {{"consumerStatus",
        "Query consumer's internal data structure",
        {Req('g', "consumerGroup", "consumer group name"),
         Opt('i', "clientId", "the consumer's client id"),
         Opt('s', "jstackEnable", "ask for the consumer's stack (true|false)")}},
       ConsumerStatus},
      {{"queryMsgById",
        "Query Message by Id",
        {Req('i', "msgId",
             "Message Id (offset id, or unique key with -t); several: comma separated"),
         Opt('t', "topic", "topic name, to find unique keys")}},
       QueryMsgById},
      {{"queryMsgByKey",
        "Query Message by Key",
        {Req('t', "topic", "topic name"), Req('k', "msgKey", "Message Key"),
         Opt('b', "beginTimestamp", "Begin timestamp(ms). default:0"),
         Opt('e', "endTimestamp", "End timestamp(ms). default:Long.MAX_VALUE"),
         Opt('c', "maxNum", "The maximum number of messages returned by the query, default:64")}},
       QueryMsgByKey},
      {{"queryMsgByOffset",
        "Query Message by offset",
        {Req('t', "topic", "topic name"), Req('b', "brokerName", "Broker Name"),
         Req('i', "queueId", "Queue Id"), Req('o', "offset", "Queue Offset")}},
       QueryMsgByOffset},
      {{"resetOffsetByTime",
        "Reset consumer offset by timestamp(without client restart).",
        {Req('g', "group", "set the consumer group"), Req('t', "topic", "set the topic"),
         Req('s', "timestamp", "set the timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
         Opt('f', "force", "set the force rollback by timestamp switch[true|false]")}},
       ResetOffsetByTime},
      {{"brokerStatus",
        "Fetch broker runtime status data",
        {Opt('b', "brokerAddr", "Broker address"), Opt('c', "clusterName", "which cluster")}},
       BrokerStatus},
      {{"getBrokerConfig",
        "Get broker config by cluster or special broker!",
        {Opt('b', "brokerAddr", "get which broker"), Opt('c', "clusterName", "get which cluster")}},
       GetBrokerConfig},
      {{"updateBrokerConfig",
        "Update broker's config",
        {Opt('b', "brokerAddr", "update which broker"),
         Opt('c', "clusterName", "update which cluster"), Req('k', "key", "config key"),
         Req('v', "value", "config value")}},
       UpdateBrokerConfig},
      {{"sendMessage",
        "Send a message",
        {Req('t', "topic", "Topic name"),
         Req('p', "body", "UTF-8 string format of the message body"),
         Opt('k', "keys", "Message keys"), Opt('c', "tags", "Message tags"),
         Opt('b', "broker", "Send message to target broker"),
         Opt('i', "qid", "Send message to target queue"),
         Opt('g', "producerGroup", "producer group (default PID_RMQ_ADMIN)")}},
       SendMessage},
      {{"consumeMessage",
        "Consume message (read only: nothing is committed)",
        {Req('t', "topic", "Topic name"), Opt('b', "brokerName", "Broker name"),
         Opt('i', "queueId", "Queue Id"), Opt('o', "offset", "Queue Offset"),
         Opt('c', "messageNumber", "Number of message to be consumed (default 128)")}},
       ConsumeMessage},
      {{"printMsg",
        "Print Message Detail",
        {Req('t', "topic", "topic name"),
         Opt('c', "charsetName", "CharsetName(eg: UTF-8) (bodies are printed as UTF-8, else hex)"),
         Opt('b', "beginTimestamp",
             "Begin timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
         Opt('e', "endTimestamp", "End timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]"),
         Opt('d', "printBody", "print body (true|false, default true)")}},
       PrintMsg},
      {{"clusterRT",
        "List All clusters Message Send RT (one round)",
        {Opt('a', "amount", "message amount per broker (default 100)"),
         Opt('s', "size", "message size in bytes (default 128)"),
         Opt('c', "clusterName", "cluster name (default: every cluster)")}},
       ClusterRT},
      {{"statsAll",
        "Topic and Consumer tps stats",
        {{'a', "activeTopic", false, false, "print active topic only"},
         Opt('t', "topic", "print select topic only")}},
       StatsAll},
      {{"updateKvConfig",
        "Create or update KV config.",
        {Req('s', "namespace", "set the namespace"), Req('k', "key", "set the key name"),
         Req('v', "value", "set the key value")}},
       UpdateKvConfig},
      {{"deleteKvConfig",
        "Delete KV config.",
        {Req('s', "namespace", "set the namespace"), Req('k', "key", "set the key name")}},
       DeleteKvConfig},
      {{"getKvList",
        "List the KV configs of a namespace.",
        {Req('s', "namespace", "set the namespace")}},
       GetKvList},
  };
  static const std::vector<Command> with_acl = [] {
    std::vector<Command> all = commands;
    all.insert(all.end(), AclCommands().begin(), AclCommands().end());
    return all;
  }();
  return with_acl;
}

const Command* FindCommand(const std::string& name) {
  for (const auto& c : Commands()) {
    if (c.spec.name == name) return &c;
  }
  return nullptr;
}

}  // namespace admin_cli
}  // namespace rocketmq
