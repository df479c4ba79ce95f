// NamesrvController: one running nameserver — the route table, the KV config store, the
// request processor on a remoting server, and the thread that expires silent brokers.
//
//   NamesrvController controller(config);
//   RMQ_RETURN_IF_ERROR(controller.Start());      // listening once this returns
//   std::string addr = controller.listen_address(); // "127.0.0.1:40123"
//   ...
//   controller.Shutdown();                          // also done by the destructor
//
// A broker disappears from routes when it unregisters, when its connection closes, or when
// the expiry scan (every scanNotActiveBrokerInterval) finds it silent for longer than
// brokerChannelExpiredTime (or its own heartbeatTimeoutMillis); the scan also closes that
// broker's connection.
#ifndef ROCKETMQ_NAMESRV_NAMESRV_CONTROLLER_H_
#define ROCKETMQ_NAMESRV_NAMESRV_CONTROLLER_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/thread_pool.h"
#include "namesrv/default_request_processor.h"
#include "namesrv/kv_config_manager.h"
#include "namesrv/namesrv_config.h"
#include "namesrv/route_info_manager.h"
#include "remoting/remoting_server.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {
class PlainPermissionManager;
}  // namespace acl
namespace namesrv {

class NamesrvController {
 public:
  explicit NamesrvController(NamesrvConfig config);
  // Shuts down.
  ~NamesrvController();
  NamesrvController(const NamesrvController&) = delete;
  NamesrvController& operator=(const NamesrvController&) = delete;

  // Loads the KV config, binds and starts serving, starts the expiry scan. Errors name
  // what failed: an unreadable KV file, an address that cannot be bound (port taken).
  Status Start();
  // Stops serving, joins every thread. Bounded by the longest request in progress.
  // Idempotent.
  void Shutdown();

  // "bindAddress:port" with the real port (also when listenPort was 0); empty before Start.
  std::string listen_address() const;

  RouteInfoManager* routes() { return &routes_; }
  KvConfigManager* kv() { return &kv_; }

 private:
  class BrokerConnectionListener;

  void ScanLoop();
  void ScanOnce();

  const NamesrvConfig config_;
  RouteInfoManager routes_;
  KvConfigManager kv_;
  std::unique_ptr<DefaultRequestProcessor> processor_;
  std::shared_ptr<ThreadPool> client_executor_;
  std::unique_ptr<remoting::RemotingServer> server_;
  // Null unless aclEnable.
  std::shared_ptr<acl::PlainPermissionManager> acl_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread scanner_;
};

}  // namespace namesrv
}  // namespace rocketmq

#endif  // ROCKETMQ_NAMESRV_NAMESRV_CONTROLLER_H_
