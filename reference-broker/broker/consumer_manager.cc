#include "broker/consumer_manager.h"

#include <algorithm>

#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace broker {

std::vector<std::string> ConsumerGroupInfo::ClientIds() const {
  std::vector<std::string> ids;
  ids.reserve(channels.size());
  for (const auto& [id, c] : channels) ids.push_back(c.client_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<ChannelId> ConsumerGroupInfo::ChannelIds() const {
  std::vector<ChannelId> ids;
  ids.reserve(channels.size());
  for (const auto& [id, c] : channels) ids.push_back(id);
  return ids;
}

ConsumerManager::ConsumerManager(int64_t channel_expired_timeout_ms, NowFunction now)
    : channel_expired_timeout_ms_(channel_expired_timeout_ms),
      now_(now ? std::move(now) : NowFunction([] { return clock::MonotonicMillis(); })) {}

void ConsumerManager::SetListener(Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  listener_ = std::move(listener);
}

void ConsumerManager::Deliver(const std::vector<Event>& events) {
  Listener listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener = listener_;
  }
  if (!listener) return;
  for (const auto& e : events) listener(e.type, e.group, e.channels);
}

bool ConsumerManager::RegisterConsumer(const protocol::ConsumerData& data,
                                       const ClientChannelInfo& channel, bool notify_on_change) {
  std::vector<Event> events;
  bool changed = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t now = now_();
    ConsumerGroupInfo& group = groups_[data.group_name];
    group.group_name = data.group_name;
    group.consume_type = data.consume_type;
    group.message_model = data.message_model;
    group.consume_from_where = data.consume_from_where;
    group.last_update_ms = now;

    auto it = group.channels.find(channel.channel);
    if (it == group.channels.end()) {
      RMQ_LOG_INFO << "new consumer connected, group: " << data.group_name
                   << " client: " << channel.client_id << " from " << channel.remote_address;
      ClientChannelInfo info = channel;
      info.last_update_ms = now;
      group.channels.emplace(channel.channel, std::move(info));
      changed = true;
    } else {
      if (it->second.client_id != channel.client_id) {
        RMQ_LOG_WARN << "consumer connection " << channel.remote_address << " of group "
                     << data.group_name << " changed its client id from " << it->second.client_id
                     << " to " << channel.client_id;
        it->second.client_id = channel.client_id;
        changed = true;
      }
      it->second.last_update_ms = now;
    }

    std::map<std::string, protocol::SubscriptionData> subs;
    for (const auto& s : data.subscription_data_set) subs[s.topic] = s;
    for (const auto& [topic, sub] : subs) {
      auto old = group.subscriptions.find(topic);
      if (old == group.subscriptions.end()) {
        group.subscriptions[topic] = sub;
        changed = true;
      } else if (sub.sub_version > old->second.sub_version) {
        old->second = sub;
      }
    }
    for (auto old = group.subscriptions.begin(); old != group.subscriptions.end();) {
      if (subs.count(old->first) == 0) {
        RMQ_LOG_INFO << "group " << data.group_name << " unsubscribed topic " << old->first;
        old = group.subscriptions.erase(old);
        changed = true;
      } else {
        ++old;
      }
    }
    if (changed && notify_on_change) {
      events.push_back({ConsumerGroupEvent::kChange, data.group_name, group.ChannelIds()});
    }
    events.push_back({ConsumerGroupEvent::kRegister, data.group_name, {}});
  }
  Deliver(events);
  return changed;
}

bool ConsumerManager::RemoveChannelLocked(const std::string& group_name, ChannelId channel,
                                          bool notify, std::vector<Event>* events) {
  auto g = groups_.find(group_name);
  if (g == groups_.end()) return false;
  auto c = g->second.channels.find(channel);
  if (c == g->second.channels.end()) return false;
  RMQ_LOG_INFO << "consumer " << c->second.client_id << " (" << c->second.remote_address
               << ") left group " << group_name;
  g->second.channels.erase(c);
  std::vector<ChannelId> remaining = g->second.ChannelIds();
  if (remaining.empty()) {
    groups_.erase(g);
    events->push_back({ConsumerGroupEvent::kUnregister, group_name, {}});
  }
  if (notify) events->push_back({ConsumerGroupEvent::kChange, group_name, std::move(remaining)});
  return true;
}

void ConsumerManager::UnregisterConsumer(const std::string& group, ChannelId channel,
                                         bool notify_on_change) {
  std::vector<Event> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    RemoveChannelLocked(group, channel, notify_on_change, &events);
  }
  Deliver(events);
}

void ConsumerManager::OnChannelClosed(ChannelId channel) {
  std::vector<Event> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, g] : groups_) {
      if (g.channels.count(channel) != 0) names.push_back(name);
    }
    for (const auto& name : names) RemoveChannelLocked(name, channel, true, &events);
  }
  Deliver(events);
}

size_t ConsumerManager::ScanNotActiveChannels() {
  std::vector<Event> events;
  size_t removed = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const int64_t now = now_();
    std::vector<std::pair<std::string, ChannelId>> expired;
    for (const auto& [name, g] : groups_) {
      for (const auto& [id, c] : g.channels) {
        if (now - c.last_update_ms > channel_expired_timeout_ms_) {
          RMQ_LOG_WARN << "consumer " << c.client_id << " (" << c.remote_address << ") of group "
                       << name << " sent no heartbeat for " << (now - c.last_update_ms)
                       << " ms; dropping it";
          expired.emplace_back(name, id);
        }
      }
    }
    for (const auto& [name, id] : expired) {
      if (RemoveChannelLocked(name, id, true, &events)) ++removed;
    }
  }
  Deliver(events);
  return removed;
}

std::optional<ConsumerGroupInfo> ConsumerManager::FindGroup(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  return it->second;
}

std::optional<ConsumerManager::GroupSubscription> ConsumerManager::FindSubscription(
    const std::string& group, const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return std::nullopt;
  GroupSubscription found{it->second.message_model, std::nullopt};
  auto s = it->second.subscriptions.find(topic);
  if (s != it->second.subscriptions.end()) found.subscription = s->second;
  return found;
}

std::set<std::string> ConsumerManager::GroupsOfTopic(const std::string& topic) const {
  std::set<std::string> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [name, g] : groups_) {
    if (g.subscriptions.count(topic) != 0) out.insert(name);
  }
  return out;
}

std::vector<std::string> ConsumerManager::Groups() const {
  std::vector<std::string> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [name, g] : groups_) out.push_back(name);
  return out;
}

}  // namespace broker
}  // namespace rocketmq
