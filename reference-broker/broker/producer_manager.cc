#include "broker/producer_manager.h"

#include <algorithm>

#include "common/clock.h"
#include "common/logging.h"

namespace rocketmq {
namespace broker {

ProducerManager::ProducerManager(int64_t channel_expired_timeout_ms, NowFunction now)
    : channel_expired_timeout_ms_(channel_expired_timeout_ms),
      now_(now ? std::move(now) : NowFunction([] { return clock::MonotonicMillis(); })) {}

void ProducerManager::RegisterProducer(const std::string& group, const ClientChannelInfo& channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& channels = groups_[group];
  auto it = channels.find(channel.channel);
  if (it == channels.end()) {
    RMQ_LOG_INFO << "new producer connected, group: " << group << " client: " << channel.client_id
                 << " from " << channel.remote_address;
    it = channels.emplace(channel.channel, channel).first;
  }
  it->second.client_id = channel.client_id;
  it->second.last_update_ms = now_();
}

void ProducerManager::UnregisterProducer(const std::string& group, ChannelId channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return;
  g->second.erase(channel);
  if (g->second.empty()) groups_.erase(g);
}

void ProducerManager::OnChannelClosed(ChannelId channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto g = groups_.begin(); g != groups_.end();) {
    g->second.erase(channel);
    g = g->second.empty() ? groups_.erase(g) : std::next(g);
  }
}

size_t ProducerManager::ScanNotActiveChannels() {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t now = now_();
  size_t removed = 0;
  for (auto g = groups_.begin(); g != groups_.end();) {
    for (auto c = g->second.begin(); c != g->second.end();) {
      if (now - c->second.last_update_ms > channel_expired_timeout_ms_) {
        RMQ_LOG_WARN << "producer " << c->second.client_id << " (" << c->second.remote_address
                     << ") of group " << g->first << " sent no heartbeat for "
                     << (now - c->second.last_update_ms) << " ms; dropping it";
        c = g->second.erase(c);
        ++removed;
      } else {
        ++c;
      }
    }
    g = g->second.empty() ? groups_.erase(g) : std::next(g);
  }
  return removed;
}

std::vector<ClientChannelInfo> ProducerManager::Channels(const std::string& group) const {
  std::vector<ClientChannelInfo> out;
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = groups_.find(group);
  if (g == groups_.end()) return out;
  for (const auto& [id, c] : g->second) out.push_back(c);
  return out;
}

std::optional<ClientChannelInfo> ProducerManager::FindChannel(const std::string& client_id) const {
  std::optional<ClientChannelInfo> found;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [group, channels] : groups_) {
    for (const auto& [id, c] : channels) {
      if (c.client_id == client_id && (!found || c.last_update_ms > found->last_update_ms)) {
        found = c;
      }
    }
  }
  return found;
}

std::optional<ClientChannelInfo> ProducerManager::AvailableChannel(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto g = groups_.find(group);
  if (g == groups_.end() || g->second.empty()) return std::nullopt;
  auto best =
      std::max_element(g->second.begin(), g->second.end(), [](const auto& a, const auto& b) {
        return a.second.last_update_ms < b.second.last_update_ms;
      });
  return best->second;
}

std::vector<std::string> ProducerManager::Groups() const {
  std::vector<std::string> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [name, g] : groups_) out.push_back(name);
  return out;
}

}  // namespace broker
}  // namespace rocketmq
