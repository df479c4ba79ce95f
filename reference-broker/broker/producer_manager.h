// ProducerManager: the producer groups connected to this broker and their connections
// (Apache ProducerManager). Used for GET_PRODUCER_CONNECTION_LIST and to find a live
// producer of a group (transaction check-back) or of a client (request-reply). Thread-safe.
#ifndef ROCKETMQ_BROKER_PRODUCER_MANAGER_H_
#define ROCKETMQ_BROKER_PRODUCER_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "broker/client_channel.h"

namespace rocketmq {
namespace broker {

class ProducerManager {
 public:
  using NowFunction = std::function<int64_t()>;

  explicit ProducerManager(int64_t channel_expired_timeout_ms, NowFunction now = nullptr);

  void RegisterProducer(const std::string& group, const ClientChannelInfo& channel);
  void UnregisterProducer(const std::string& group, ChannelId channel);
  void OnChannelClosed(ChannelId channel);
  // Drops connections idle for longer than the timeout; returns how many.
  size_t ScanNotActiveChannels();

  // The group's connections (empty when none).
  std::vector<ClientChannelInfo> Channels(const std::string& group) const;
  // Any live connection of the group, preferring the most recently refreshed one.
  std::optional<ClientChannelInfo> AvailableChannel(const std::string& group) const;
  std::vector<std::string> Groups() const;
  // The connection a client (by the clientID of its producer heartbeat) last refreshed, in
  // any group: where request-reply pushes the replies for that client (Apache findChannel).
  std::optional<ClientChannelInfo> FindChannel(const std::string& client_id) const;

 private:
  const int64_t channel_expired_timeout_ms_;
  const NowFunction now_;
  mutable std::mutex mutex_;
  std::map<std::string, std::map<ChannelId, ClientChannelInfo>> groups_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_PRODUCER_MANAGER_H_
