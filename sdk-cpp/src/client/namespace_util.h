// Namespaces: with ClientConfig::name_space set, topics and groups live on the server as
// "<namespace>%<name>" (Java's NamespaceUtil), so several tenants can share one cluster.
// The SDK wraps names on the way out and unwraps them in what it hands back to the user.
#ifndef ROCKETMQ_CLIENT_NAMESPACE_UTIL_H_
#define ROCKETMQ_CLIENT_NAMESPACE_UTIL_H_

#include <string>

namespace rocketmq {
namespace client {

// "ns%name"; "%RETRY%ns%name" for retry and "%DLQ%ns%name" for dead-letter topics. Names
// that are empty, system topics/groups, or already in the namespace are returned as they are.
std::string WrapNamespace(const std::string& name_space, const std::string& name);
// The inverse: the name without its namespace (unchanged when it has none).
std::string UnwrapNamespace(const std::string& name_space, const std::string& name);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_NAMESPACE_UTIL_H_
