#include "json_values.h"

#include <algorithm>

namespace rocketmq {
namespace dashboard {

bool IsPrintableUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7F) return false;
      ++i;
      continue;
    }
    size_t n = 0;
    unsigned min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + n > text.size()) return false;
    unsigned code = c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if (code < min || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return false;
    i += n;
  }
  return true;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

Json::Value BodyJson(const std::string& body) {
  Json::Value out;
  const bool truncated = body.size() > kMaxBodyShown;
  std::string_view shown(body.data(), truncated ? kMaxBodyShown : body.size());
  // A cut may split a UTF-8 sequence: drop its partial tail before deciding.
  if (truncated) {
    size_t end = shown.size();
    for (size_t back = 0; back < 3 && end > 0; ++back) {
      const auto c = static_cast<unsigned char>(shown[end - 1]);
      if ((c & 0xC0) == 0x80) {
        --end;
        continue;
      }
      if (c >= 0xC0) --end;
      break;
    }
    if (IsPrintableUtf8(shown.substr(0, end))) shown = shown.substr(0, end);
  }
  if (IsPrintableUtf8(shown)) {
    out["encoding"] = "text";
    out["data"] = std::string(shown);
  } else {
    out["encoding"] = "hex";
    out["data"] = Hex(shown);
  }
  out["size"] = static_cast<Json::Int64>(body.size());
  out["truncated"] = truncated;
  return out;
}

std::string Printable(const std::string& text) {
  return IsPrintableUtf8(text) ? text : "hex:" + Hex(text);
}

Json::Value StringMapJson(const std::map<std::string, std::string>& map) {
  Json::Value out(Json::objectValue);
  // Property values are user data too, and may hold any bytes.
  for (const auto& [k, v] : map) out[Printable(k)] = Printable(v);
  return out;
}

Json::Value MessageJson(const MessageExt& m) {
  Json::Value out;
  out["msgId"] = m.msg_id();
  out["offsetMsgId"] = m.offset_msg_id();
  out["topic"] = m.topic();
  out["tags"] = Printable(m.tags());
  out["keys"] = Printable(m.property("KEYS"));
  out["brokerName"] = m.broker_name();
  out["queueId"] = m.queue_id();
  out["queueOffset"] = static_cast<Json::Int64>(m.queue_offset());
  out["commitLogOffset"] = static_cast<Json::Int64>(m.commit_log_offset());
  out["bornTimestamp"] = static_cast<Json::Int64>(m.born_timestamp());
  out["storeTimestamp"] = static_cast<Json::Int64>(m.store_timestamp());
  out["bornHost"] = m.born_host();
  out["storeHost"] = m.store_host();
  out["reconsumeTimes"] = m.reconsume_times();
  out["storeSize"] = m.store_size();
  out["properties"] = StringMapJson(m.properties());
  out["body"] = BodyJson(m.body());
  return out;
}

Json::Value QueueJson(const MessageQueue& q) {
  Json::Value out;
  out["topic"] = q.topic;
  out["brokerName"] = q.broker_name;
  out["queueId"] = q.queue_id;
  return out;
}

Json::Value TopicRouteJson(const TopicRoute& route) {
  Json::Value out;
  out["queues"] = Json::Value(Json::arrayValue);
  for (const auto& q : route.queues) {
    Json::Value v;
    v["brokerName"] = q.broker_name;
    v["readQueueNums"] = q.read_queue_nums;
    v["writeQueueNums"] = q.write_queue_nums;
    v["perm"] = q.perm;
    out["queues"].append(v);
  }
  out["brokers"] = Json::Value(Json::arrayValue);
  for (const auto& b : route.brokers) {
    Json::Value v;
    v["cluster"] = b.cluster;
    v["brokerName"] = b.broker_name;
    v["addrs"] = Json::Value(Json::objectValue);
    for (const auto& [id, addr] : b.addrs) v["addrs"][std::to_string(id)] = addr;
    out["brokers"].append(v);
  }
  out["orderTopicConf"] = route.order_topic_conf;
  return out;
}

Json::Value ConsumeProgressJson(const ConsumeProgress& progress) {
  Json::Value out;
  out["consumeTps"] = progress.consume_tps;
  out["totalLag"] = static_cast<Json::Int64>(progress.TotalLag());
  out["queues"] = Json::Value(Json::arrayValue);
  for (const auto& q : progress.queues) {
    Json::Value v = QueueJson(q.queue);
    v["brokerOffset"] = static_cast<Json::Int64>(q.broker_offset);
    v["consumerOffset"] = static_cast<Json::Int64>(q.consumer_offset);
    v["lag"] = static_cast<Json::Int64>(q.Lag());
    v["lastTimestamp"] = static_cast<Json::Int64>(q.last_timestamp);
    out["queues"].append(v);
  }
  return out;
}

Json::Value ConsumerConnectionsJson(const ConsumerConnections& c) {
  Json::Value out;
  out["members"] = Json::Value(Json::arrayValue);
  for (const auto& conn : c.connections) {
    Json::Value v;
    v["clientId"] = conn.client_id;
    v["clientAddr"] = conn.client_addr;
    v["language"] = conn.language;
    v["version"] = conn.version;
    out["members"].append(v);
  }
  out["subscriptions"] = StringMapJson(c.subscriptions);
  out["consumeType"] = c.consume_type;
  out["messageModel"] = c.message_model;
  out["consumeFromWhere"] = c.consume_from_where;
  return out;
}

std::string ToJsonText(const Json::Value& value) {
  Json::StreamWriterBuilder builder;
  builder["indentation"] = "";
  builder["emitUTF8"] = true;
  builder["precision"] = 6;
  std::string text = Json::writeString(builder, value);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

Json::Value TraceRecordsJson(const std::vector<MessageExt>& trace_messages,
                             const std::string& msg_id) {
  constexpr char kFieldEnd = '\x01';
  constexpr char kRecordEnd = '\x02';
  Json::Value out(Json::arrayValue);
  for (const MessageExt& m : trace_messages) {
    const std::string& body = m.body();
    size_t begin = 0;
    while (begin < body.size()) {
      size_t end = body.find(kRecordEnd, begin);
      if (end == std::string::npos) end = body.size();
      std::vector<std::string> fields;
      for (size_t at = begin; at < end;) {
        size_t stop = body.find(kFieldEnd, at);
        if (stop == std::string::npos || stop > end) stop = end;
        fields.push_back(body.substr(at, stop - at));
        at = stop + 1;
      }
      begin = end + 1;
      // A trace message batches the records of many messages: keep this message's.
      if (fields.size() < 2 || std::find(fields.begin(), fields.end(), msg_id) == fields.end()) {
        continue;
      }
      Json::Value record;
      record["type"] = Printable(fields[0]);
      record["fields"] = Json::Value(Json::arrayValue);
      for (size_t i = 1; i < fields.size(); ++i) record["fields"].append(Printable(fields[i]));
      out.append(record);
    }
  }
  return out;
}

}  // namespace dashboard
}  // namespace rocketmq
