// The identity a client announces to brokers: "ip@instance[@unit]", as Java's
// ClientConfig.buildMQClientId. Brokers key producer/consumer registrations and
// consumer-group membership on it, so two clients in one process must differ.
#ifndef ROCKETMQ_CLIENT_CLIENT_ID_H_
#define ROCKETMQ_CLIENT_CLIENT_ID_H_

#include <string>

namespace rocketmq {
namespace client {

// The address peers know this host by: the first non-loopback IPv4 address of an up
// interface, else a non-loopback, non-link-local IPv6 one, else 127.0.0.1.
std::string LocalIpAddress();

// Java replaces the default instance name "DEFAULT" by "pid#nanotime" so that several
// clients of one process get distinct ids; other names are kept.
std::string ResolveInstanceName(const std::string& configured);

std::string BuildClientId(const std::string& ip, const std::string& instance_name,
                          const std::string& unit_name);

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_CLIENT_ID_H_
