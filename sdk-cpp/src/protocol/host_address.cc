#include "protocol/host_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace rocketmq {
namespace protocol {

HostAddress HostAddress::V4(uint32_t ip_v4, int32_t port) {
  HostAddress address;
  address.ip[0] = static_cast<uint8_t>(ip_v4 >> 24);
  address.ip[1] = static_cast<uint8_t>(ip_v4 >> 16);
  address.ip[2] = static_cast<uint8_t>(ip_v4 >> 8);
  address.ip[3] = static_cast<uint8_t>(ip_v4);
  address.port = port;
  return address;
}

Result<HostAddress> HostAddress::Parse(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::InvalidArgument("host address '" + std::string(text) +
                                   "' is not of the form ip:port");
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  int port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Status::InvalidArgument("host address '" + std::string(text) + "' has port '" +
                                   std::string(port_text) + "', not a number in 0..65535");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string host_z(host);
  HostAddress address;
  address.port = port;
  if (inet_pton(AF_INET, host_z.c_str(), address.ip.data()) == 1) return address;
  if (inet_pton(AF_INET6, host_z.c_str(), address.ip.data()) == 1) {
    address.ipv6 = true;
    return address;
  }
  return Status::InvalidArgument("host address '" + std::string(text) + "' has host '" + host_z +
                                 "', not a numeric IPv4 or IPv6 address");
}

std::string HostAddress::IpString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ipv6 ? AF_INET6 : AF_INET, ip.data(), buf, sizeof buf);
  return buf;
}

std::string HostAddress::ToString() const {
  if (ipv6) return "[" + IpString() + "]:" + std::to_string(port);
  return IpString() + ":" + std::to_string(port);
}

bool HostAddress::operator==(const HostAddress& other) const {
  return ipv6 == other.ipv6 && port == other.port &&
         std::memcmp(ip.data(), other.ip.data(), address_length()) == 0;
}

}  // namespace protocol
}  // namespace rocketmq
