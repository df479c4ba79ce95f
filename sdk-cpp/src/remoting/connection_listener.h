// ConnectionListener: told when connections open and close. The nameserver drops a broker
// when its connection closes; the broker drops the clients of a closed connection.
//
// Calls are made in order (a connection's open before its close) on one event thread per
// server or client, never on an I/O thread. A client connection that never got established
// is only reported closed (with the connect error).
#ifndef ROCKETMQ_REMOTING_CONNECTION_LISTENER_H_
#define ROCKETMQ_REMOTING_CONNECTION_LISTENER_H_

#include <memory>

#include "remoting/connection.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace remoting {

class ConnectionListener {
 public:
  virtual ~ConnectionListener() = default;
  virtual void OnConnected(const std::shared_ptr<Connection>& connection) = 0;
  // `reason` tells why: peer closed (Network), bad frame (Protocol), idle (Timeout),
  // closed locally or by shutdown (Cancelled).
  virtual void OnClosed(const std::shared_ptr<Connection>& connection, const Status& reason) = 0;
};

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_CONNECTION_LISTENER_H_
