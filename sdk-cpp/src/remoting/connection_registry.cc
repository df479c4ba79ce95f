#include "remoting/connection_registry.h"

#include "common/logging.h"

namespace rocketmq {
namespace remoting {

ConnectionRegistry::ConnectionRegistry(std::string name)
    : name_(std::move(name)), events_(name_ + "-evt", 1) {}

ConnectionRegistry::~ConnectionRegistry() { events_.Shutdown(); }

void ConnectionRegistry::SetListener(std::shared_ptr<ConnectionListener> listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  listener_ = std::move(listener);
}

void ConnectionRegistry::Add(const std::shared_ptr<Connection>& connection) {
  bool closing = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing = closing_;
    live_.emplace(connection->id(), connection);
  }
  if (closing) connection->Close();
}

void ConnectionRegistry::NotifyConnected(const std::shared_ptr<Connection>& connection) {
  std::shared_ptr<ConnectionListener> listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    listener = listener_;
  }
  if (listener == nullptr) return;
  Status queued = events_.Submit([listener, connection] { listener->OnConnected(connection); });
  if (!queued.ok()) {
    RMQ_LOG_DEBUG << name_ << ": connect event dropped: " << queued.ToString();
  }
}

void ConnectionRegistry::Remove(const std::shared_ptr<Connection>& connection,
                                const Status& reason) {
  std::shared_ptr<ConnectionListener> listener;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(connection->id());
    listener = listener_;
    if (live_.empty()) emptied_.notify_all();
  }
  if (listener == nullptr) return;
  Status queued =
      events_.Submit([listener, connection, reason] { listener->OnClosed(connection, reason); });
  if (!queued.ok()) {
    RMQ_LOG_DEBUG << name_ << ": close event dropped: " << queued.ToString();
  }
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<Connection>> connections;
  connections.reserve(live_.size());
  for (const auto& entry : live_) connections.push_back(entry.second);
  return connections;
}

void ConnectionRegistry::CloseAllAndWait(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  for (const auto& connection : Snapshot()) connection->Close();
  std::unique_lock<std::mutex> lock(mutex_);
  if (!emptied_.wait_for(lock, timeout, [this] { return live_.empty(); })) {
    RMQ_LOG_WARN << name_ << ": " << live_.size() << " connections still open after "
                 << timeout.count() << " ms of shutdown";
  }
  lock.unlock();
  events_.Shutdown();
}

}  // namespace remoting
}  // namespace rocketmq
