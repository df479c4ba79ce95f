// Api: the dashboard's JSON API under /api/, as a function of a parsed request, so that it
// runs on a worker thread away from the HTTP event loop and is testable without a socket.
//
//   GET  /api/status                       the dashboard's settings and load (inFlight)
//   GET  /api/cluster                      brokers by cluster: role, version, TPS, disk use
//   GET  /api/topics                       every topic, with its kind (normal, retry, dlq, system)
//   GET  /api/topic?topic=T                route, queues with offsets, consumer groups
//   POST /api/topic/update                 {"topic", "cluster"|"brokerAddr", "readQueueNums",
//                                           "writeQueueNums", "perm", "order"}: create/update
//   GET  /api/groups                       every group: members, lag, consume TPS
//   GET  /api/group?group=G                members, subscriptions, lag per queue
//   POST /api/group/reset-offset           {"group", "topic", "timestamp" (ms)}
//   GET  /api/messages?topic=T&key=K       by key; without key, by store time:
//                                          &begin=MS&end=MS&max=N
//   GET  /api/message?topic=T&id=ID        by message id (unique key or offset id)
//   POST /api/message/resend               {"topic", "msgId", "group", "clientId" (default:
//                                           the group's first online member)}: the consumer
//                                           consumes it again (CONSUME_MESSAGE_DIRECTLY)
//   GET  /api/metrics                      the sampler's TPS and lag history
//
// Answers are JSON objects; a failure is {"error": text, "code": name} with a 4xx status for
// a bad request and 502/504 when the cluster failed or did not answer in time.
#ifndef ROCKETMQ_TOOLS_DASHBOARD_API_H_
#define ROCKETMQ_TOOLS_DASHBOARD_API_H_

#include <json/json.h>

#include <map>
#include <memory>
#include <string>

#include "rocketmq/admin.h"
#include "sampler.h"

namespace rocketmq {
namespace dashboard {

struct ApiRequest {
  bool post = false;
  std::string path;                          // "/api/topic", without the query
  std::map<std::string, std::string> query;  // decoded
  std::string body;                          // a POST's JSON text
};

struct ApiResponse {
  int status = 200;
  Json::Value body;
};

struct ApiSettings {
  std::string namesrv_addr;
  bool read_only = false;
};

class Api {
 public:
  // `admin` (started) and `sampler` outlive the Api. Thread-safe: Handle may run on
  // several threads at once.
  Api(Admin* admin, const Sampler* sampler, ApiSettings settings);

  ApiResponse Handle(const ApiRequest& request) const;

  // Whether `path` names a state-changing action (POST only, refused when read-only).
  static bool IsAction(const std::string& path);
  // Whether answering `path` may wait for the cluster; the others are answered at once from
  // what the dashboard holds (settings, the sampler's history).
  static bool NeedsCluster(const std::string& path);

 private:
  ApiResponse Info() const;
  ApiResponse Cluster() const;
  ApiResponse Topics() const;
  ApiResponse Topic(const ApiRequest& r) const;
  ApiResponse UpdateTopic(const Json::Value& body) const;
  ApiResponse Groups() const;
  ApiResponse Group(const ApiRequest& r) const;
  ApiResponse ResetOffset(const Json::Value& body) const;
  ApiResponse Resend(const Json::Value& body) const;
  ApiResponse Messages(const ApiRequest& r) const;
  ApiResponse MessageById(const ApiRequest& r) const;

  Admin* const admin_;
  const Sampler* const sampler_;
  const ApiSettings settings_;
};

}  // namespace dashboard
}  // namespace rocketmq

#endif  // ROCKETMQ_TOOLS_DASHBOARD_API_H_
