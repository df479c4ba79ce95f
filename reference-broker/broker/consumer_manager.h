// ConsumerManager: the consumer groups connected to this broker — for each group its
// client connections and the subscriptions announced in their heartbeats (Apache
// ConsumerManager / ConsumerGroupInfo, protocol.md §8.8).
//
// Membership changes (a new connection, an unregister, a closed or expired connection)
// and subscription changes are reported to the listener, which the broker uses to send
// NOTIFY_CONSUMER_IDS_CHANGED to the group's remaining connections. The listener runs on
// the calling thread, outside the manager's lock. Thread-safe.
#ifndef ROCKETMQ_BROKER_CONSUMER_MANAGER_H_
#define ROCKETMQ_BROKER_CONSUMER_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/client_channel.h"
#include "protocol/heartbeat_data.h"

namespace rocketmq {
namespace broker {

enum class ConsumerGroupEvent {
  kChange,      // membership or subscriptions changed; `channels` = the group's connections now
  kUnregister,  // the group's last connection went away
  kRegister,    // a heartbeat registered the group (sent on every registration)
};

// A consistent copy of one group's state.
struct ConsumerGroupInfo {
  std::string group_name;
  std::string consume_type;
  std::string message_model;
  std::string consume_from_where;
  std::map<ChannelId, ClientChannelInfo> channels;
  std::map<std::string, protocol::SubscriptionData> subscriptions;  // by topic
  int64_t last_update_ms = 0;

  // Client ids of every connection, sorted (what GET_CONSUMER_LIST_BY_GROUP returns).
  std::vector<std::string> ClientIds() const;
  std::vector<ChannelId> ChannelIds() const;
};

class ConsumerManager {
 public:
  using Listener = std::function<void(ConsumerGroupEvent event, const std::string& group,
                                      const std::vector<ChannelId>& channels)>;
  using NowFunction = std::function<int64_t()>;

  // Channels without a heartbeat for `channel_expired_timeout_ms` are dropped by
  // ScanNotActiveChannels(). `now` defaults to the monotonic clock.
  explicit ConsumerManager(int64_t channel_expired_timeout_ms, NowFunction now = nullptr);

  void SetListener(Listener listener);

  // Registers or refreshes `channel` in `data.group_name` and replaces the group's
  // subscriptions. Returns true when membership or subscriptions changed; then a kChange
  // event is sent if `notify_on_change`.
  bool RegisterConsumer(const protocol::ConsumerData& data, const ClientChannelInfo& channel,
                        bool notify_on_change);
  // Removes `channel` (matched by id) from the group.
  void UnregisterConsumer(const std::string& group, ChannelId channel, bool notify_on_change);
  // A connection closed: removed from every group it was in.
  void OnChannelClosed(ChannelId channel);
  // Drops connections idle for longer than the timeout; returns how many.
  size_t ScanNotActiveChannels();

  std::optional<ConsumerGroupInfo> FindGroup(const std::string& group) const;
  // What a pull without a subscription of its own checks: the group's message model and its
  // subscription to `topic` (none if it does not subscribe it); nullopt when the group sent
  // no heartbeat here. Copies one subscription, not the group's channels (FindGroup did, on
  // every pull of Apache's Java consumer, which posts no subscription by default).
  struct GroupSubscription {
    std::string message_model;
    std::optional<protocol::SubscriptionData> subscription;
  };
  std::optional<GroupSubscription> FindSubscription(const std::string& group,
                                                    const std::string& topic) const;
  // Groups with a subscription to `topic`.
  std::set<std::string> GroupsOfTopic(const std::string& topic) const;
  std::vector<std::string> Groups() const;

 private:
  // Requires mutex_. Removes a channel from one group; true if it was there.
  // Events collected under the lock are delivered after it is released.
  struct Event {
    ConsumerGroupEvent type;
    std::string group;
    std::vector<ChannelId> channels;
  };
  // Requires mutex_. Removes `channel` from `group`; true if it was there.
  bool RemoveChannelLocked(const std::string& group, ChannelId channel, bool notify,
                           std::vector<Event>* events);
  void Deliver(const std::vector<Event>& events);

  const int64_t channel_expired_timeout_ms_;
  const NowFunction now_;
  mutable std::mutex mutex_;
  std::map<std::string, ConsumerGroupInfo> groups_;
  Listener listener_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CONSUMER_MANAGER_H_
