// ChannelTable: the open client connections by id, so that the client managers (which only
// know ChannelIds) can have requests pushed to clients: NOTIFY_CONSUMER_IDS_CHANGED and,
// later, CHECK_TRANSACTION_STATE. Holds weak references: a closed connection is never kept
// alive by this table. Thread-safe.
#ifndef ROCKETMQ_BROKER_CHANNEL_TABLE_H_
#define ROCKETMQ_BROKER_CHANNEL_TABLE_H_

#include <map>
#include <memory>
#include <mutex>

#include "broker/client_channel.h"
#include "remoting/connection.h"

namespace rocketmq {
namespace broker {

class ChannelTable {
 public:
  void Add(const std::shared_ptr<remoting::Connection>& connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    table_[connection->id()] = connection;
  }
  void Remove(ChannelId id) {
    std::lock_guard<std::mutex> lock(mutex_);
    table_.erase(id);
  }
  // Null when the connection closed or was never seen.
  std::shared_ptr<remoting::Connection> Find(ChannelId id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = table_.find(id);
    return it == table_.end() ? nullptr : it->second.lock();
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return table_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::map<ChannelId, std::weak_ptr<remoting::Connection>> table_;
};

}  // namespace broker
}  // namespace rocketmq

#endif  // ROCKETMQ_BROKER_CHANNEL_TABLE_H_
