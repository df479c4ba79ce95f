#include "api.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

#include "json_values.h"
#include "rocketmq/topic_names.h"

namespace rocketmq {
namespace dashboard {

namespace {

constexpr int32_t kDefaultMaxMessages = 32;
constexpr int32_t kMaxMessages = 256;
// Trace messages read for one message: its send, and a consume per group and attempt.
constexpr int32_t kMaxTraceMessages = 32;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ApiResponse Ok(Json::Value body) { return {200, std::move(body)}; }

ApiResponse Error(int status, const std::string& message, const char* code) {
  ApiResponse r;
  r.status = status;
  r.body["error"] = message;
  r.body["code"] = code;
  return r;
}

ApiResponse BadRequest(const std::string& message) {
  return Error(400, message, "InvalidArgument");
}

// The cluster's failure as an answer: the page shows the message, the status says whose
// fault it is.
ApiResponse FromStatus(const Status& s) {
  int status = 502;
  switch (s.code()) {
    case ErrorCode::kInvalidArgument:
      status = 400;
      break;
    case ErrorCode::kNotFound:
      status = 404;
      break;
    case ErrorCode::kTimeout:
      status = 504;
      break;
    default:
      break;
  }
  return Error(status, s.message(), ErrorCodeName(s.code()));
}

// An error inside a larger answer: the rest of the page still shows.
Json::Value ErrorJson(const Status& s) {
  Json::Value v;
  v["error"] = s.message();
  v["code"] = ErrorCodeName(s.code());
  return v;
}

std::string Get(const ApiRequest& r, const std::string& key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? std::string() : it->second;
}

// An optional integer query parameter; false when present but not an integer.
bool GetInt(const ApiRequest& r, const std::string& key, int64_t fallback, int64_t* out) {
  const std::string text = Get(r, key);
  if (text.empty()) {
    *out = fallback;
    return true;
  }
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0') return false;
  *out = v;
  return true;
}

const char* TopicKind(const std::string& topic) {
  if (IsRetryTopic(topic)) return "retry";
  if (IsDlqTopic(topic)) return "dlq";
  if (IsSystemTopic(topic)) return "system";
  return "normal";
}

// A JSON body's integer field, or `fallback` when absent; false when not an integer.
bool BodyInt(const Json::Value& body, const char* key, int64_t fallback, int64_t* out) {
  if (!body.isMember(key)) {
    *out = fallback;
    return true;
  }
  const Json::Value& v = body[key];
  if (v.isIntegral()) {
    *out = v.asInt64();
    return true;
  }
  if (v.isString()) {
    char* end = nullptr;
    const std::string text = v.asString();
    *out = std::strtoll(text.c_str(), &end, 10);
    return end != text.c_str() && *end == '\0';
  }
  return false;
}

std::string BodyString(const Json::Value& body, const char* key) {
  return body.isMember(key) && body[key].isString() ? body[key].asString() : std::string();
}

}  // namespace

Api::Api(Admin* admin, const Sampler* sampler, ApiSettings settings)
    : admin_(admin), sampler_(sampler), settings_(std::move(settings)) {}

bool Api::IsAction(const std::string& path) {
  return path == "/api/topic/update" || path == "/api/group/reset-offset" ||
         path == "/api/message/resend";
}

bool Api::NeedsCluster(const std::string& path) {
  return path != "/api/status" && path != "/api/metrics";
}

ApiResponse Api::Handle(const ApiRequest& r) const {
  if (IsAction(r.path)) {
    if (!r.post) return Error(405, "use POST for " + r.path, "MethodNotAllowed");
    if (settings_.read_only) {
      return Error(403, "the dashboard is read-only (--read-only)", "Forbidden");
    }
    Json::Value body;
    Json::CharReaderBuilder builder;
    std::string errors;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    if (!reader->parse(r.body.data(), r.body.data() + r.body.size(), &body, &errors) ||
        !body.isObject()) {
      return BadRequest("the request body is not a JSON object: " + errors);
    }
    if (r.path == "/api/topic/update") return UpdateTopic(body);
    if (r.path == "/api/message/resend") return Resend(body);
    return ResetOffset(body);
  }
  if (r.post) return Error(405, r.path + " takes GET", "MethodNotAllowed");
  if (r.path == "/api/status") return Info();
  if (r.path == "/api/cluster") return Cluster();
  if (r.path == "/api/topics") return Topics();
  if (r.path == "/api/topic") return Topic(r);
  if (r.path == "/api/groups") return Groups();
  if (r.path == "/api/group") return Group(r);
  if (r.path == "/api/messages") return Messages(r);
  if (r.path == "/api/message") return MessageById(r);
  if (r.path == "/api/metrics") return Ok(sampler_->MetricsJson());
  return Error(404, "no API at " + r.path, "NotFound");
}

ApiResponse Api::Info() const {
  Json::Value v;
  v["namesrv"] = settings_.namesrv_addr;
  v["readOnly"] = settings_.read_only;
  v["time"] = static_cast<Json::Int64>(NowMs());
  return Ok(v);
}

ApiResponse Api::Cluster() const {
  auto info = admin_->GetClusterInfo();
  if (!info.ok()) return FromStatus(info.status());
  Json::Value out;
  out["clusters"] = Json::Value(Json::objectValue);
  for (const auto& [cluster, names] : info->clusters) {
    out["clusters"][cluster] = Json::Value(Json::arrayValue);
    for (const auto& n : names) out["clusters"][cluster].append(n);
  }
  out["brokers"] = Json::Value(Json::arrayValue);
  for (const auto& [name, broker] : info->brokers) {
    for (const auto& [id, addr] : broker.addrs) {
      Json::Value b;
      b["cluster"] = broker.cluster;
      b["brokerName"] = name;
      b["brokerId"] = static_cast<Json::Int64>(id);
      b["addr"] = addr;
      b["role"] = id == 0 ? "MASTER" : "SLAVE";
      auto stats = admin_->GetBrokerRuntimeStats(addr);
      if (!stats.ok()) {
        b["error"] = ErrorJson(stats.status());
      } else {
        auto field = [&](const char* key) {
          auto it = stats->find(key);
          return it == stats->end() ? std::string() : it->second;
        };
        if (!field("brokerRole").empty()) b["role"] = field("brokerRole");
        b["version"] = field("brokerVersionDesc");
        b["commitLogDiskRatio"] = std::atof(field("commitLogDiskRatio").c_str());
        b["msgPutTotalTodayNow"] = field("msgPutTotalTodayNow");
        b["msgGetTotalTodayNow"] = field("msgGetTotalTodayNow");
        b["runtime"] = field("runtime");
        b["putTps"] = field("putTps");
        b["getTransferedTps"] = field("getTransferedTps");
        // The broker's own memory apart from the resident pages of its mapped store files,
        // so that a warm CommitLog is not read as the broker's footprint.
        b["memoryAnonymousBytes"] = field("memoryAnonymousBytes");
        b["memoryFileBackedBytes"] = field("memoryFileBackedBytes");
      }
      BrokerRates rates;
      if (sampler_->LatestBroker(name + "@" + addr, &rates)) {
        b["inTps"] = rates.in_tps;
        b["outTps"] = rates.out_tps;
      }
      out["brokers"].append(b);
    }
  }
  return Ok(out);
}

ApiResponse Api::Topics() const {
  auto topics = admin_->ListTopics();
  if (!topics.ok()) return FromStatus(topics.status());
  Json::Value out;
  out["topics"] = Json::Value(Json::arrayValue);
  for (const auto& t : *topics) {
    Json::Value v;
    v["topic"] = t;
    v["kind"] = TopicKind(t);
    out["topics"].append(v);
  }
  return Ok(out);
}

ApiResponse Api::Topic(const ApiRequest& r) const {
  const std::string topic = Get(r, "topic");
  if (topic.empty()) return BadRequest("give ?topic=NAME");
  auto route = admin_->GetTopicRoute(topic);
  if (!route.ok()) return FromStatus(route.status());
  Json::Value out;
  out["topic"] = topic;
  out["route"] = TopicRouteJson(*route);
  auto status = admin_->GetTopicStatus(topic);
  if (!status.ok()) {
    out["queuesError"] = ErrorJson(status.status());
  } else {
    out["queues"] = Json::Value(Json::arrayValue);
    for (const auto& q : *status) {
      Json::Value v = QueueJson(q.queue);
      v["minOffset"] = static_cast<Json::Int64>(q.min_offset);
      v["maxOffset"] = static_cast<Json::Int64>(q.max_offset);
      v["lastUpdateTimestamp"] = static_cast<Json::Int64>(q.last_update_timestamp);
      out["queues"].append(v);
    }
  }
  auto groups = admin_->GetTopicConsumerGroups(topic);
  if (!groups.ok()) {
    out["groupsError"] = ErrorJson(groups.status());
  } else {
    out["groups"] = Json::Value(Json::arrayValue);
    for (const auto& g : *groups) out["groups"].append(g);
  }
  return Ok(out);
}

ApiResponse Api::UpdateTopic(const Json::Value& body) const {
  TopicSettings s;
  s.topic = BodyString(body, "topic");
  if (Status valid = ValidateTopicName(s.topic); !valid.ok()) return BadRequest(valid.message());
  int64_t read = 0;
  int64_t write = 0;
  int64_t perm = 0;
  if (!BodyInt(body, "readQueueNums", 8, &read) || !BodyInt(body, "writeQueueNums", 8, &write) ||
      !BodyInt(body, "perm", 6, &perm)) {
    return BadRequest("readQueueNums, writeQueueNums and perm must be integers");
  }
  if (read < 1 || read > 1024 || write < 1 || write > 1024) {
    return BadRequest("queue numbers must be 1 to 1024");
  }
  if (perm != 2 && perm != 4 && perm != 6) return BadRequest("perm must be 2, 4 or 6");
  s.read_queue_nums = static_cast<int32_t>(read);
  s.write_queue_nums = static_cast<int32_t>(write);
  s.perm = static_cast<int32_t>(perm);
  s.order = body.get("order", false).isBool() && body.get("order", false).asBool();
  if (s.order) {
    // Ordered topics also need the nameservers' ORDER_TOPIC_CONFIG; rmq-admin updateTopic -o
    // writes it. Refusing is clearer than a half-ordered topic.
    return BadRequest("ordered topics: use rmq-admin updateTopic -o true");
  }
  const std::string broker = BodyString(body, "brokerAddr");
  std::string cluster = BodyString(body, "cluster");
  Json::Value out;
  out["topic"] = s.topic;
  if (!broker.empty()) {
    Status st = admin_->CreateOrUpdateTopic(broker, s);
    if (!st.ok()) return FromStatus(st);
    out["brokers"].append(broker);
    return Ok(out);
  }
  if (cluster.empty()) {
    auto info = admin_->GetClusterInfo();
    if (!info.ok()) return FromStatus(info.status());
    if (info->clusters.size() != 1) return BadRequest("give \"cluster\" or \"brokerAddr\"");
    cluster = info->clusters.begin()->first;
  }
  Status st = admin_->CreateOrUpdateTopicInCluster(cluster, s);
  if (!st.ok()) return FromStatus(st);
  out["cluster"] = cluster;
  return Ok(out);
}

ApiResponse Api::Groups() const {
  auto topics = admin_->ListTopics();
  if (!topics.ok()) return FromStatus(topics.status());
  Json::Value out;
  out["groups"] = Json::Value(Json::arrayValue);
  for (const auto& topic : *topics) {
    if (!IsRetryTopic(topic)) continue;
    Json::Value g;
    g["group"] = GroupOfRetryTopic(topic);
    auto progress = admin_->GetConsumeProgress(g["group"].asString());
    if (progress.ok()) {
      g["totalLag"] = static_cast<Json::Int64>(progress->TotalLag());
      g["consumeTps"] = progress->consume_tps;
    } else {
      g["progressError"] = ErrorJson(progress.status());
    }
    auto members = admin_->GetConsumerConnections(g["group"].asString());
    g["members"] = members.ok() ? static_cast<int>(members->connections.size()) : 0;
    if (members.ok()) g["messageModel"] = members->message_model;
    out["groups"].append(g);
  }
  return Ok(out);
}

ApiResponse Api::Group(const ApiRequest& r) const {
  const std::string group = Get(r, "group");
  if (group.empty()) return BadRequest("give ?group=NAME");
  Json::Value out;
  out["group"] = group;
  auto progress = admin_->GetConsumeProgress(group);
  if (progress.ok()) {
    out["progress"] = ConsumeProgressJson(*progress);
  } else {
    out["progressError"] = ErrorJson(progress.status());
  }
  auto members = admin_->GetConsumerConnections(group);
  if (members.ok()) {
    out["connections"] = ConsumerConnectionsJson(*members);
  } else {
    out["connectionsError"] = ErrorJson(members.status());
  }
  if (!progress.ok() && !members.ok() && progress.status().code() != ErrorCode::kNotFound) {
    return FromStatus(progress.status());
  }
  return Ok(out);
}

ApiResponse Api::ResetOffset(const Json::Value& body) const {
  const std::string group = BodyString(body, "group");
  const std::string topic = BodyString(body, "topic");
  if (group.empty() || topic.empty()) return BadRequest("give \"group\" and \"topic\"");
  int64_t timestamp = 0;
  if (!BodyInt(body, "timestamp", NowMs(), &timestamp) || timestamp < 0) {
    return BadRequest("\"timestamp\" must be milliseconds since the epoch");
  }
  auto offsets = admin_->ResetOffsetByTime(group, topic, timestamp, true);
  if (!offsets.ok()) return FromStatus(offsets.status());
  Json::Value out;
  out["offsets"] = Json::Value(Json::arrayValue);
  for (const auto& [queue, offset] : *offsets) {
    Json::Value v = QueueJson(queue);
    v["offset"] = static_cast<Json::Int64>(offset);
    out["offsets"].append(v);
  }
  return Ok(out);
}

ApiResponse Api::Resend(const Json::Value& body) const {
  const std::string topic = BodyString(body, "topic");
  const std::string msg_id = BodyString(body, "msgId");
  const std::string group = BodyString(body, "group");
  std::string client = BodyString(body, "clientId");
  if (msg_id.empty() || group.empty()) return BadRequest("give \"msgId\" and \"group\"");
  if (client.empty()) {
    auto members = admin_->GetConsumerConnections(group);
    if (!members.ok()) return FromStatus(members.status());
    if (members->connections.empty()) {
      return Error(404, "group " + group + " has no online consumer", "NotFound");
    }
    client = members->connections.front().client_id;
  }
  auto result = admin_->ConsumeMessageDirectly(group, client, topic, msg_id);
  if (!result.ok()) return FromStatus(result.status());
  Json::Value out;
  out["clientId"] = client;
  out["consumeResult"] = result->consume_result;
  out["remark"] = result->remark;
  out["spentTimeMs"] = static_cast<Json::Int64>(result->spent_time_ms);
  out["order"] = result->order;
  out["autoCommit"] = result->auto_commit;
  return Ok(out);
}

ApiResponse Api::Messages(const ApiRequest& r) const {
  const std::string topic = Get(r, "topic");
  if (topic.empty()) return BadRequest("give ?topic=NAME");
  int64_t begin = 0;
  int64_t end = 0;
  int64_t max = 0;
  if (!GetInt(r, "begin", 0, &begin) || !GetInt(r, "end", INT64_MAX, &end) ||
      !GetInt(r, "max", kDefaultMaxMessages, &max)) {
    return BadRequest("begin, end and max must be integers (milliseconds, a count)");
  }
  if (max < 1 || max > kMaxMessages) {
    return BadRequest("max must be 1 to " + std::to_string(kMaxMessages));
  }
  if (end < begin) return BadRequest("end is before begin");
  std::vector<MessageExt> found;
  const std::string key = Get(r, "key");
  if (!key.empty()) {
    auto messages = admin_->QueryMessagesByKey(topic, key, static_cast<int32_t>(max), begin, end);
    if (!messages.ok()) return FromStatus(messages.status());
    found = std::move(*messages);
  } else {
    // By store time: from each queue's first offset at `begin`, read forward until `end`.
    auto queues = admin_->GetTopicStatus(topic);
    if (!queues.ok()) return FromStatus(queues.status());
    for (const auto& q : *queues) {
      if (static_cast<int64_t>(found.size()) >= max) break;
      auto offset = admin_->SearchOffset(q.queue, begin);
      if (!offset.ok()) return FromStatus(offset.status());
      int64_t next = std::max(*offset, q.min_offset);
      // Bounded: each pull advances or ends the queue, and the total is capped by `max`.
      while (next < q.max_offset && static_cast<int64_t>(found.size()) < max) {
        const int32_t want =
            static_cast<int32_t>(std::min<int64_t>(32, max - static_cast<int64_t>(found.size())));
        auto batch = admin_->PullMessages(q.queue, next, want);
        if (!batch.ok()) return FromStatus(batch.status());
        if (batch->empty()) break;
        bool past_end = false;
        for (auto& m : *batch) {
          next = std::max(next, m.queue_offset() + 1);
          if (m.store_timestamp() > end) {
            past_end = true;
            break;
          }
          if (m.store_timestamp() >= begin) found.push_back(std::move(m));
        }
        if (past_end) break;
      }
    }
    std::sort(found.begin(), found.end(), [](const MessageExt& a, const MessageExt& b) {
      return a.store_timestamp() < b.store_timestamp();
    });
  }
  Json::Value out;
  out["messages"] = Json::Value(Json::arrayValue);
  for (const auto& m : found) out["messages"].append(MessageJson(m));
  return Ok(out);
}

ApiResponse Api::MessageById(const ApiRequest& r) const {
  const std::string id = Get(r, "id");
  if (id.empty()) return BadRequest("give ?id=MESSAGE_ID (and ?topic=NAME for a unique key)");
  auto message = admin_->ViewMessage(Get(r, "topic"), id);
  if (!message.ok()) return FromStatus(message.status());
  Json::Value one = MessageJson(*message);
  // Tracing clients key their trace messages by the traced message ids. No trace topic (no
  // client traces) or a failed lookup leaves the list empty: the message is still shown.
  const std::string trace_topic =
      Get(r, "traceTopic").empty() ? kDefaultTraceTopic : Get(r, "traceTopic");
  auto traces =
      admin_->QueryMessagesByKey(trace_topic, message->msg_id(), kMaxTraceMessages, 0, INT64_MAX);
  one["traces"] =
      traces.ok() ? TraceRecordsJson(*traces, message->msg_id()) : Json::Value(Json::arrayValue);
  Json::Value out;
  out["messages"] = Json::Value(Json::arrayValue);
  out["messages"].append(one);
  return Ok(out);
}

}  // namespace dashboard
}  // namespace rocketmq
