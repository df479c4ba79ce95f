#include "formatters.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "json_out.h"

namespace rocketmq {
namespace admin_cli {

std::string Format(const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string out;
  if (size > 0) {
    out.resize(static_cast<size_t>(size) + 1);
    std::vsnprintf(out.data(), out.size(), format, args);
    out.resize(static_cast<size_t>(size));
  }
  va_end(args);
  return out;
}

std::string HumanTime(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &local);
  return Format("%s,%03d", text, static_cast<int>(epoch_ms % 1000));
}

std::string SafeBody(const std::string& body) {
  bool printable = true;
  for (size_t i = 0; i < body.size() && printable; ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') printable = false;
    if (c == 0x7f) printable = false;
  }
  // Bytes >= 0x80 must form valid UTF-8; JsonQuote escapes the ones that do not.
  if (printable && JsonQuote(body).find("\\u00") == std::string::npos) return body;
  std::string hex = "hex:";
  for (unsigned char c : body) hex += Format("%02x", c);
  return hex;
}

namespace {

const char* C(const std::string& s) { return s.c_str(); }

std::string Get(const std::map<std::string, std::string>& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? "" : it->second;
}

// The first number of a rate string such as "12.5 11.0 10.2" (TPS over 10s, 1min, 10min).
double FirstNumber(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

void WriteQueue(JsonOut* out, const MessageQueue& q) {
  out->Field("topic", q.topic).Field("brokerName", q.broker_name).Field("queueId", q.queue_id);
}

void WriteMessage(JsonOut* out, const MessageExt& m) {
  out->BeginObject()
      .Field("msgId", m.msg_id())
      .Field("offsetMsgId", m.offset_msg_id())
      .Field("topic", m.topic())
      .Field("tags", m.tags())
      .Key("keys")
      .Strings(m.keys())
      .Field("brokerName", m.broker_name())
      .Field("queueId", m.queue_id())
      .Field("queueOffset", m.queue_offset())
      .Field("commitLogOffset", m.commit_log_offset())
      .Field("reconsumeTimes", m.reconsume_times())
      .Field("bornTimestamp", m.born_timestamp())
      .Field("storeTimestamp", m.store_timestamp())
      .Field("bornHost", m.born_host())
      .Field("storeHost", m.store_host())
      .Field("sysFlag", m.sys_flag())
      .Key("properties")
      .Object(m.properties())
      .Field("body", m.body())
      .EndObject();
}

}  // namespace

std::string ClusterListText(const ClusterInfo& info,
                            const std::map<std::string, std::map<std::string, std::string>>& stats,
                            int64_t now_ms) {
  std::string out = Format("%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s\n",
                           "#Cluster Name", "#Broker Name", "#BID", "#Addr", "#Version",
                           "#InTPS(LOAD)", "#OutTPS(LOAD)", "#PCWait(ms)", "#Hour", "#SPACE");
  for (const auto& [cluster, names] : info.clusters) {
    for (const auto& name : names) {
      auto broker = info.brokers.find(name);
      if (broker == info.brokers.end()) continue;
      for (const auto& [id, addr] : broker->second.addrs) {
        static const std::map<std::string, std::string> kNone;
        auto found = stats.find(addr);
        const auto& s = found == stats.end() ? kNone : found->second;
        const std::string in_tps = Format("%9.2f(%s,%sms)", FirstNumber(Get(s, "putTps")),
                                          C(Get(s, "sendThreadPoolQueueSize")),
                                          C(Get(s, "sendThreadPoolQueueHeadWaitTimeMills")));
        const std::string out_tps =
            Format("%9.2f(%s,%sms)", FirstNumber(Get(s, "getTransferedTps")),
                   C(Get(s, "pullThreadPoolQueueSize")),
                   C(Get(s, "pullThreadPoolQueueHeadWaitTimeMills")));
        const std::string earliest = Get(s, "earliestMessageTimeStamp");
        const double hours =
            earliest.empty()
                ? 0
                : static_cast<double>(now_ms - std::atoll(earliest.c_str())) / 3600.0 / 1000.0;
        const std::string space = Get(s, "commitLogDiskRatio");
        out +=
            Format("%-16s  %-22s  %-4s  %-22s %-16s %19s %19s %10s %5s %6s\n", C(cluster), C(name),
                   C(std::to_string(id)), C(addr), C(Get(s, "brokerVersionDesc")), C(in_tps),
                   C(out_tps), C(Get(s, "pageCacheLockTimeMills")), C(Format("%2.2f", hours)),
                   C(Format("%.4f", space.empty() ? 0.0 : std::atof(space.c_str()))));
      }
    }
  }
  return out;
}

std::string ClusterListJson(
    const ClusterInfo& info,
    const std::map<std::string, std::map<std::string, std::string>>& stats) {
  JsonOut out;
  out.BeginObject().Key("clusters").BeginArray();
  for (const auto& [cluster, names] : info.clusters) {
    out.BeginObject().Field("cluster", cluster).Key("brokers").BeginArray();
    for (const auto& name : names) {
      auto broker = info.brokers.find(name);
      if (broker == info.brokers.end()) continue;
      for (const auto& [id, addr] : broker->second.addrs) {
        out.BeginObject().Field("brokerName", name).Field("brokerId", id).Field("addr", addr);
        auto s = stats.find(addr);
        if (s != stats.end()) {
          out.Field("version", Get(s->second, "brokerVersionDesc"))
              .Field("inTps", FirstNumber(Get(s->second, "putTps")))
              .Field("outTps", FirstNumber(Get(s->second, "getTransferedTps")))
              .Field("commitLogDiskRatio", Get(s->second, "commitLogDiskRatio"));
        }
        out.EndObject();
      }
    }
    out.EndArray().EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

std::string TopicListText(const std::vector<std::string>& topics) {
  std::string out;
  for (const auto& t : topics) out += t + "\n";
  return out;
}

std::string TopicListJson(const std::vector<std::string>& topics) {
  JsonOut out;
  out.BeginObject().Key("topicList").Strings(topics).EndObject();
  return out.str() + "\n";
}

std::string TopicUsageText(const std::vector<TopicUsage>& topics) {
  std::string out = Format("%-20s  %-48s  %-48s\n", "#Cluster Name", "#Topic", "#Consumer Group");
  for (const auto& t : topics) {
    // A topic nobody consumes still gets its line, with an empty group.
    const std::vector<std::string> groups =
        t.groups.empty() ? std::vector<std::string>{""} : t.groups;
    for (const auto& g : groups) {
      out += Format("%-20s  %-48s  %-48s\n", C(t.cluster), C(t.topic), C(g));
    }
  }
  return out;
}

std::string TopicUsageJson(const std::vector<TopicUsage>& topics) {
  JsonOut out;
  out.BeginObject().Key("topics").BeginArray();
  for (const auto& t : topics) {
    out.BeginObject()
        .Field("cluster", t.cluster)
        .Field("topic", t.topic)
        .Key("consumerGroups")
        .Strings(t.groups)
        .EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

std::string TopicRouteJson(const TopicRoute& route) {
  JsonOut out;
  out.BeginObject().Key("brokerDatas").BeginArray();
  for (const auto& b : route.brokers) {
    out.BeginObject().Field("cluster", b.cluster).Field("brokerName", b.broker_name);
    out.Key("brokerAddrs").BeginObject();
    for (const auto& [id, addr] : b.addrs) out.Field(std::to_string(id), addr);
    out.EndObject().EndObject();
  }
  out.EndArray().Key("queueDatas").BeginArray();
  for (const auto& q : route.queues) {
    out.BeginObject()
        .Field("brokerName", q.broker_name)
        .Field("readQueueNums", q.read_queue_nums)
        .Field("writeQueueNums", q.write_queue_nums)
        .Field("perm", q.perm)
        .EndObject();
  }
  out.EndArray();
  if (!route.order_topic_conf.empty()) out.Field("orderTopicConf", route.order_topic_conf);
  out.EndObject();
  return out.str() + "\n";
}

std::string TopicStatusText(const std::vector<QueueStatus>& queues) {
  std::string out = Format("%-32s  %-4s  %-20s  %-20s    %s\n", "#Broker Name", "#QID",
                           "#Min Offset", "#Max Offset", "#Last Updated");
  for (const auto& q : queues) {
    out += Format("%-32s  %-4d  %-20lld  %-20lld    %s\n", C(q.queue.broker_name), q.queue.queue_id,
                  static_cast<long long>(q.min_offset), static_cast<long long>(q.max_offset),
                  C(q.last_update_timestamp > 0 ? HumanTime(q.last_update_timestamp) : ""));
  }
  return out;
}

std::string TopicStatusJson(const std::vector<QueueStatus>& queues) {
  JsonOut out;
  out.BeginObject().Key("queues").BeginArray();
  for (const auto& q : queues) {
    out.BeginObject();
    WriteQueue(&out, q.queue);
    out.Field("minOffset", q.min_offset)
        .Field("maxOffset", q.max_offset)
        .Field("lastUpdateTimestamp", q.last_update_timestamp)
        .EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

std::string ConsumeProgressText(const ConsumeProgress& progress) {
  std::string out =
      Format("%-64s  %-32s  %-4s  %-20s  %-20s  %-20s %-20s  %s\n", "#Topic", "#Broker Name",
             "#QID", "#Broker Offset", "#Consumer Offset", "#Client IP", "#Diff", "#LastTime");
  for (const auto& q : progress.queues) {
    out += Format("%-64s  %-32s  %-4d  %-20lld  %-20lld  %-20s %-20lld  %s\n", C(q.queue.topic),
                  C(q.queue.broker_name), q.queue.queue_id, static_cast<long long>(q.broker_offset),
                  static_cast<long long>(q.consumer_offset), "N/A", static_cast<long long>(q.Lag()),
                  C(q.last_timestamp > 0 ? HumanTime(q.last_timestamp) : "N/A"));
  }
  out += "\n";
  out += Format("Consume TPS: %.2f\n", progress.consume_tps);
  out += Format("Diff Total: %lld\n", static_cast<long long>(progress.TotalLag()));
  return out;
}

std::string ConsumeProgressJson(const std::string& group, const ConsumeProgress& progress) {
  JsonOut out;
  out.BeginObject().Field("group", group).Key("queues").BeginArray();
  for (const auto& q : progress.queues) {
    out.BeginObject();
    WriteQueue(&out, q.queue);
    out.Field("brokerOffset", q.broker_offset)
        .Field("consumerOffset", q.consumer_offset)
        .Field("diff", q.Lag())
        .Field("lastTimestamp", q.last_timestamp)
        .EndObject();
  }
  out.EndArray()
      .Field("consumeTps", progress.consume_tps)
      .Field("diffTotal", progress.TotalLag())
      .EndObject();
  return out.str() + "\n";
}

std::string GroupSummariesText(const std::vector<GroupSummary>& groups) {
  std::string out = Format("%-64s  %-6s  %-24s %-5s  %-14s  %-7s  %s\n", "#Group", "#Count",
                           "#Version", "#Type", "#Model", "#TPS", "#Diff Total");
  for (const auto& g : groups) {
    out += Format("%-64s  %-6d  %-24s %-5s  %-14s  %-7.0f  %lld\n", C(g.group), g.count,
                  C(g.count > 0 ? std::to_string(g.version) : "OFFLINE"), C(g.type),
                  C(g.message_model), g.consume_tps, static_cast<long long>(g.diff_total));
  }
  return out;
}

std::string GroupSummariesJson(const std::vector<GroupSummary>& groups) {
  JsonOut out;
  out.BeginObject().Key("groups").BeginArray();
  for (const auto& g : groups) {
    out.BeginObject()
        .Field("group", g.group)
        .Field("count", g.count)
        .Field("version", g.version)
        .Field("type", g.type)
        .Field("messageModel", g.message_model)
        .Field("consumeTps", g.consume_tps)
        .Field("diffTotal", g.diff_total)
        .EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

namespace {

void WriteConnections(JsonOut* out, const std::vector<ClientConnection>& connections) {
  out->BeginArray();
  for (const auto& c : connections) {
    out->BeginObject()
        .Field("clientId", c.client_id)
        .Field("clientAddr", c.client_addr)
        .Field("language", c.language)
        .Field("version", c.version)
        .EndObject();
  }
  out->EndArray();
}

}  // namespace

std::string ConsumerConnectionsText(const ConsumerConnections& c) {
  std::string out;
  int i = 1;
  for (const auto& conn : c.connections) {
    out += Format("%03d  %-32s %-22s %-8s %d\n", i++, C(conn.client_id), C(conn.client_addr),
                  C(conn.language), conn.version);
  }
  out += "\nBelow is subscription:\n";
  i = 1;
  for (const auto& [topic, expression] : c.subscriptions) {
    out += Format("%03d  Topic: %-40s SubExpression: %s\n", i++, C(topic), C(expression));
  }
  out += "\n";
  out += Format("ConsumeType: %s\n", C(c.consume_type));
  out += Format("MessageModel: %s\n", C(c.message_model));
  out += Format("ConsumeFromWhere: %s\n", C(c.consume_from_where));
  return out;
}

std::string ConsumerConnectionsJson(const ConsumerConnections& c) {
  JsonOut out;
  out.BeginObject().Key("connections");
  WriteConnections(&out, c.connections);
  out.Key("subscriptions")
      .Object(c.subscriptions)
      .Field("consumeType", c.consume_type)
      .Field("messageModel", c.message_model)
      .Field("consumeFromWhere", c.consume_from_where)
      .EndObject();
  return out.str() + "\n";
}

std::string ProducerConnectionsText(const std::vector<ClientConnection>& connections) {
  std::string out;
  int i = 1;
  for (const auto& conn : connections) {
    out += Format("%04d  %-32s %-22s %-8s %d\n", i++, C(conn.client_id), C(conn.client_addr),
                  C(conn.language), conn.version);
  }
  return out;
}

std::string ProducerConnectionsJson(const std::vector<ClientConnection>& connections) {
  JsonOut out;
  out.BeginObject().Key("connections");
  WriteConnections(&out, connections);
  out.EndObject();
  return out.str() + "\n";
}

std::string RunningInfoText(const std::string& client_id, const ConsumerRunningInfo& info) {
  std::string out = "#Consumer: " + client_id + "\n\n#Consumer Properties#\n";
  for (const auto& [k, v] : info.properties) out += Format("%-40s: %s\n", C(k), C(v));
  out += "\n#Consumer Subscription#\n";
  int i = 1;
  for (const auto& [topic, expression] : info.subscriptions) {
    out += Format("%03d Topic: %-40s SubExpression: %s\n", i++, C(topic), C(expression));
  }
  out += "\n#Consumer Offset#\n";
  out +=
      Format("%-64s  %-32s  %-4s  %-20s\n", "#Topic", "#Broker Name", "#QID", "#Consumer Offset");
  for (const auto& q : info.queues) {
    out += Format("%-64s  %-32s  %-4d  %-20lld\n", C(q.queue.topic), C(q.queue.broker_name),
                  q.queue.queue_id, static_cast<long long>(q.commit_offset));
  }
  out += "\n#Consumer RT&TPS#\n";
  out += Format("%-64s  %14s %14s %14s %14s %18s %25s\n", "#Topic", "#Pull RT", "#Pull TPS",
                "#Consume RT", "#ConsumeOK TPS", "#ConsumeFailed TPS", "#ConsumeFailedMsgsInHour");
  for (const auto& [topic, r] : info.rates) {
    out += Format("%-64s  %14.2f %14.2f %14.2f %14.2f %18.2f %25lld\n", C(topic), r.pull_rt,
                  r.pull_tps, r.consume_rt, r.consume_ok_tps, r.consume_failed_tps,
                  static_cast<long long>(r.consume_failed_msgs));
  }
  if (!info.jstack.empty()) out += "\n#Consumer jstack#\n" + info.jstack + "\n";
  return out;
}

std::string RunningInfoJson(const std::string& client_id, const ConsumerRunningInfo& info) {
  JsonOut out;
  out.BeginObject()
      .Field("clientId", client_id)
      .Key("properties")
      .Object(info.properties)
      .Key("subscriptions")
      .Object(info.subscriptions)
      .Key("queues")
      .BeginArray();
  for (const auto& q : info.queues) {
    out.BeginObject();
    WriteQueue(&out, q.queue);
    out.Field("commitOffset", q.commit_offset)
        .Field("cachedMsgCount", q.cached_msg_count)
        .Field("locked", q.locked)
        .Field("dropped", q.dropped)
        .EndObject();
  }
  out.EndArray().Key("rates").BeginObject();
  for (const auto& [topic, r] : info.rates) {
    out.Key(topic)
        .BeginObject()
        .Field("pullRT", r.pull_rt)
        .Field("pullTPS", r.pull_tps)
        .Field("consumeRT", r.consume_rt)
        .Field("consumeOKTPS", r.consume_ok_tps)
        .Field("consumeFailedTPS", r.consume_failed_tps)
        .Field("consumeFailedMsgs", r.consume_failed_msgs)
        .EndObject();
  }
  out.EndObject();
  if (!info.jstack.empty()) out.Field("jstack", info.jstack);
  out.EndObject();
  return out.str() + "\n";
}

std::string MessageText(const MessageExt& m) {
  std::string keys;
  for (const auto& k : m.keys()) keys += (keys.empty() ? "" : " ") + k;
  std::string properties;
  for (const auto& [k, v] : m.properties()) {
    properties += (properties.empty() ? "" : ", ") + k + "=" + v;
  }
  std::string out;
  out += Format("%-20s %s\n", "OffsetID:", C(m.offset_msg_id()));
  out += Format("%-20s %s\n", "Topic:", C(m.topic()));
  out += Format("%-20s %s\n", "Tags:", C("[" + m.tags() + "]"));
  out += Format("%-20s %s\n", "Keys:", C("[" + keys + "]"));
  out += Format("%-20s %d\n", "Queue ID:", m.queue_id());
  out += Format("%-20s %lld\n", "Queue Offset:", static_cast<long long>(m.queue_offset()));
  out += Format("%-20s %lld\n", "CommitLog Offset:", static_cast<long long>(m.commit_log_offset()));
  out += Format("%-20s %d\n", "Reconsume Times:", m.reconsume_times());
  out += Format("%-20s %s\n", "Born Timestamp:", C(HumanTime(m.born_timestamp())));
  out += Format("%-20s %s\n", "Store Timestamp:", C(HumanTime(m.store_timestamp())));
  out += Format("%-20s %s\n", "Born Host:", C(m.born_host()));
  out += Format("%-20s %s\n", "Store Host:", C(m.store_host()));
  out += Format("%-20s %d\n", "System Flag:", m.sys_flag());
  out += Format("%-20s %s\n", "Properties:", C("{" + properties + "}"));
  out += Format("%-20s %s\n", "Message Body:", C(SafeBody(m.body())));
  return out;
}

std::string MessageJson(const MessageExt& message) {
  JsonOut out;
  WriteMessage(&out, message);
  return out.str() + "\n";
}

std::string MessageListText(const std::vector<MessageExt>& messages) {
  std::string out = Format("%-50s %4s %40s\n", "#Message ID", "#QID", "#Offset");
  for (const auto& m : messages) {
    out += Format("%-50s %4d %40lld\n", C(m.msg_id()), m.queue_id(),
                  static_cast<long long>(m.queue_offset()));
  }
  return out;
}

std::string MessageListJson(const std::vector<MessageExt>& messages) {
  JsonOut out;
  out.BeginObject().Key("messages").BeginArray();
  for (const auto& m : messages) WriteMessage(&out, m);
  out.EndArray().EndObject();
  return out.str() + "\n";
}

std::string PrintMsgLine(const MessageExt& m, bool print_body) {
  std::string properties;
  for (const auto& [k, v] : m.properties()) {
    properties += (properties.empty() ? "" : ", ") + k + "=" + v;
  }
  return Format(
      "MSGID: %s MessageExt [brokerName=%s, queueId=%d, storeSize=%d, queueOffset=%lld, "
      "sysFlag=%d, bornTimestamp=%lld, bornHost=%s, storeTimestamp=%lld, storeHost=%s, "
      "msgId=%s, commitLogOffset=%lld, reconsumeTimes=%d, Message{topic='%s', flag=%d, "
      "properties={%s}}] BODY: %s\n",
      C(m.msg_id()), C(m.broker_name()), m.queue_id(), m.store_size(),
      static_cast<long long>(m.queue_offset()), m.sys_flag(),
      static_cast<long long>(m.born_timestamp()), C(m.born_host()),
      static_cast<long long>(m.store_timestamp()), C(m.store_host()), C(m.offset_msg_id()),
      static_cast<long long>(m.commit_log_offset()), m.reconsume_times(), C(m.topic()), m.flag(),
      C(properties), print_body ? C(SafeBody(m.body())) : "NOT PRINT BODY");
}

std::string BrokerStatusText(const std::map<std::string, std::string>& stats) {
  std::string out;
  for (const auto& [k, v] : stats) out += Format("%-32s: %s\n", C(k), C(v));
  return out;
}

std::string BrokerConfigText(const std::string& addr,
                             const std::map<std::string, std::string>& config) {
  std::string out = "============" + addr + "============\n";
  for (const auto& [k, v] : config) out += Format("%-50s=  %s\n", C(k), C(v));
  return out;
}

std::string MapJson(const std::map<std::string, std::string>& map) {
  JsonOut out;
  out.Object(map);
  return out.str() + "\n";
}

std::string MapsJson(const std::map<std::string, std::map<std::string, std::string>>& maps) {
  JsonOut out;
  out.BeginObject();
  for (const auto& [addr, map] : maps) out.Key(addr).Object(map);
  out.EndObject();
  return out.str() + "\n";
}

std::string ResetOffsetText(const std::map<MessageQueue, int64_t>& offsets) {
  std::string out = Format("%-40s  %-40s  %-40s\n", "#brokerName", "#queueId", "#offset");
  for (const auto& [q, offset] : offsets) {
    out += Format("%-40s  %-40d  %-40lld\n", C(q.broker_name), q.queue_id,
                  static_cast<long long>(offset));
  }
  return out;
}

std::string ResetOffsetJson(const std::map<MessageQueue, int64_t>& offsets) {
  JsonOut out;
  out.BeginObject().Key("offsets").BeginArray();
  for (const auto& [q, offset] : offsets) {
    out.BeginObject();
    WriteQueue(&out, q);
    out.Field("offset", offset).EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

std::string SendResultText(const SendResult& r) {
  std::string out =
      Format("%-32s  %-4s  %-20s    %s\n", "#Broker Name", "#QID", "#Send Result", "#MsgId");
  out += Format("%-32s  %-4d  %-20s    %s\n", C(r.queue.broker_name), r.queue.queue_id,
                SendStatusName(r.status), C(r.message_id));
  return out;
}

std::string SendResultJson(const SendResult& r) {
  JsonOut out;
  out.BeginObject();
  WriteQueue(&out, r.queue);
  out.Field("sendStatus", SendStatusName(r.status))
      .Field("msgId", r.message_id)
      .Field("offsetMsgId", r.offset_message_id)
      .Field("queueOffset", r.queue_offset)
      .EndObject();
  return out.str() + "\n";
}

std::string StatsAllText(const std::vector<TopicGroupStats>& rows) {
  std::string out = Format("%-64s  %-64s %12s %11s %11s %14s %14s\n", "#Topic", "#Consumer Group",
                           "#Accumulation", "#InTPS", "#OutTPS", "#InMsg24Hour", "#OutMsg24Hour");
  // mqadmin cuts names to 64 characters (UtilAll.frontStringAtLeast).
  auto cut = [](const std::string& s) { return s.substr(0, 64); };
  for (const auto& r : rows) {
    if (r.group.empty()) {
      out += Format("%-64s  %-64s %12d %11.2f %11s %14lld %14s\n", C(cut(r.topic)), "", 0, r.in_tps,
                    "", static_cast<long long>(r.in_msg_24h), "NO_CONSUMER");
    } else {
      out += Format("%-64s  %-64s %12lld %11.2f %11.2f %14lld %14lld\n", C(cut(r.topic)),
                    C(cut(r.group)), static_cast<long long>(r.accumulation), r.in_tps, r.out_tps,
                    static_cast<long long>(r.in_msg_24h), static_cast<long long>(r.out_msg_24h));
    }
  }
  return out;
}

std::string StatsAllJson(const std::vector<TopicGroupStats>& rows) {
  JsonOut out;
  out.BeginObject().Key("stats").BeginArray();
  for (const auto& r : rows) {
    out.BeginObject().Field("topic", r.topic).Field("group", r.group);
    out.Field("accumulation", r.accumulation)
        .Field("inTps", r.in_tps)
        .Field("outTps", r.out_tps)
        .Field("inMsg24Hour", r.in_msg_24h)
        .Field("outMsg24Hour", r.out_msg_24h)
        .EndObject();
  }
  out.EndArray().EndObject();
  return out.str() + "\n";
}

}  // namespace admin_cli
}  // namespace rocketmq
