// ClientChannelInfo: one client connection as the client managers know it.
//
// Connections are named by a ChannelId the network layer assigns (stable for the life of
// the connection, never reused while the broker runs), so the managers stay free of
// sockets: the processors translate ids back to connections when they push requests.
#ifndef ROCKETMQ_BROKER_CLIENT_CHANNEL_H_
#define ROCKETMQ_BROKER_CLIENT_CHANNEL_H_

#include <cstdint>
#include <string>

namespace rocketmq {
namespace broker {

using ChannelId = uint64_t;

struct ClientChannelInfo {
  ChannelId channel = 0;
  // "ip:port" of the client end of the connection.
  std::string remote_address;
  // The clientID of the heartbeat ("ip@instance").
  std::string client_id;
  // Apache's LanguageCode name ("JAVA", "CPP", "GO", ...).
  std::string language = "JAVA";
  int32_t version = 0;
  // Monotonic milliseconds of the last heartbeat; what channel expiry compares against.
  int64_t last_update_ms = 0;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CLIENT_CHANNEL_H_
