// Admin views of connected clients (protocol.md §4.9): ConsumerConnection (answer to
// GET_CONSUMER_CONNECTION_LIST 203) and ProducerConnection (GET_PRODUCER_CONNECTION_LIST
// 204).
#ifndef ROCKETMQ_PROTOCOL_CONNECTION_BODIES_H_
#define ROCKETMQ_PROTOCOL_CONNECTION_BODIES_H_

#include <json/json.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/heartbeat_data.h"
#include "protocol/json_writer.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct Connection {
  std::string client_id;
  std::string client_addr;  // "ip:port"
  std::string language;     // LanguageCode name: "JAVA", "CPP", ...
  int32_t version = 0;      // the client's MQVersion ordinal

  void Write(JsonWriter* out) const;
  static Status Read(const Json::Value& value, const std::string& what, Connection* out);
  bool operator==(const Connection& o) const {
    return client_id == o.client_id && client_addr == o.client_addr && language == o.language &&
           version == o.version;
  }
};

struct ConsumerConnection {
  std::vector<Connection> connection_set;
  std::map<std::string, SubscriptionData> subscription_table;  // topic -> subscription
  std::string consume_type;
  std::string message_model;
  std::string consume_from_where;

  std::string Encode() const;
  static Result<ConsumerConnection> Decode(std::string_view json);
};

struct ProducerConnection {
  std::vector<Connection> connection_set;

  std::string Encode() const;
  static Result<ProducerConnection> Decode(std::string_view json);
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_CONNECTION_BODIES_H_
