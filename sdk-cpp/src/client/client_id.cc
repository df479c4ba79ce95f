#include "client/client_id.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include "common/clock.h"

namespace rocketmq {
namespace client {

std::string LocalIpAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string v4;
  std::string v6;
  for (ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_addr == nullptr || (it->ifa_flags & IFF_UP) == 0 ||
        (it->ifa_flags & IFF_LOOPBACK) != 0) {
      continue;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (it->ifa_addr->sa_family == AF_INET && v4.empty()) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
      if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text)) != nullptr) v4 = text;
    } else if (it->ifa_addr->sa_family == AF_INET6 && v6.empty()) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(it->ifa_addr);
      if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) continue;
      if (inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text)) != nullptr) v6 = text;
    }
  }
  freeifaddrs(list);
  if (!v4.empty()) return v4;
  if (!v6.empty()) return v6;
  return "127.0.0.1";
}

std::string ResolveInstanceName(const std::string& configured) {
  if (configured != "DEFAULT") return configured;
  return std::to_string(getpid()) + "#" + std::to_string(clock::MonotonicNanos());
}

std::string BuildClientId(const std::string& ip, const std::string& instance_name,
                          const std::string& unit_name) {
  std::string id = ip + "@" + instance_name;
  if (!unit_name.empty()) id += "@" + unit_name;
  return id;
}

}  // namespace client
}  // namespace rocketmq
