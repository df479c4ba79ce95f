// AccessRequest: what one request asks of the ACL, read from it as Apache 4.9.7's
// PlainAccessValidator.parse does: the client's address, the credentials it carries, the
// content its signature covers, and the permission each topic and group needs.
//
// Needed permissions by request code (Apache's table; every other code needs none, and
// SEND_BATCH_MESSAGE is not in it):
//   SEND_MESSAGE(_V2)           PUB on the topic; a %RETRY% topic: SUB on the sender's
//                               retry topic, which Apache reads from a field ("group" / "a")
//                               that names the producer group
//   CONSUMER_SEND_MSG_BACK      SUB on the group
//   PULL_MESSAGE                SUB on the topic and the group
//   QUERY_MESSAGE               SUB on the topic
//   HEART_BEAT                  SUB on each consumer group and each subscribed topic
//   UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP   SUB on the group
//   UPDATE_CONSUMER_OFFSET      SUB on the group and the topic
// A group is keyed as its retry topic "%RETRY%group", as in Apache.
#ifndef ROCKETMQ_ACL_ACCESS_REQUEST_H_
#define ROCKETMQ_ACL_ACCESS_REQUEST_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "acl/permission.h"
#include "protocol/topic_names.h"
#include "remoting/remoting_command.h"
#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {

struct AccessRequest {
  std::string remote_ip;  // without port
  int32_t request_code = 0;
  std::optional<std::string> access_key;
  std::optional<std::string> signature;
  // The request itself, whose content (AclRequestContent, server side) the signature
  // covers; valid while the request is.
  const remoting::RemotingCommand* command = nullptr;
  // resource (topic, or %RETRY%group) -> permission needed
  std::map<std::string, Perm> needed;
};

// An error (a header field that must be present is not, an unreadable heartbeat) refuses
// the request with its message.
Result<AccessRequest> ParseAccessRequest(const std::string& remote_address,
                                         const remoting::RemotingCommand& request);

// "topic:T" or "group:G", as Apache's PlainAccessResource.printStr.
std::string ResourceName(const std::string& resource);

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_ACCESS_REQUEST_H_
