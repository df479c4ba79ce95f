// ConnectionRegistry: the live connections of a server or client, and the wait for all of
// them to close at shutdown. Connection listener events are delivered from here, in order,
// on one event thread. Transport internals.
#ifndef ROCKETMQ_REMOTING_CONNECTION_REGISTRY_H_
#define ROCKETMQ_REMOTING_CONNECTION_REGISTRY_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/thread_pool.h"
#include "remoting/connection.h"
#include "remoting/connection_listener.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(std::string name);
  ~ConnectionRegistry();

  void SetListener(std::shared_ptr<ConnectionListener> listener);

  // Tracks a connection from creation until Remove. Tracking a connection after
  // CloseAllAndWait started closes it at once.
  void Add(const std::shared_ptr<Connection>& connection);
  // Reports an established connection to the listener.
  void NotifyConnected(const std::shared_ptr<Connection>& connection);
  // Stops tracking and reports the close to the listener.
  void Remove(const std::shared_ptr<Connection>& connection, const Status& reason);

  std::vector<std::shared_ptr<Connection>> Snapshot() const;

  // Closes every tracked connection and waits until each has been removed, at most
  // `timeout`; then delivers the remaining listener events and stops the event thread.
  void CloseAllAndWait(std::chrono::milliseconds timeout);

 private:
  const std::string name_;
  mutable std::mutex mutex_;
  std::condition_variable emptied_;
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> live_;
  bool closing_ = false;
  std::shared_ptr<ConnectionListener> listener_;
  ThreadPool events_;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_CONNECTION_REGISTRY_H_
