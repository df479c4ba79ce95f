// HostAddress: an IPv4 or IPv6 socket address as RocketMQ stores it in a record's BORNHOST /
// STOREHOSTADDRESS fields and in offset message ids: the raw address bytes (4 or 16) and the
// port as a 32-bit integer.
#ifndef ROCKETMQ_PROTOCOL_HOST_ADDRESS_H_
#define ROCKETMQ_PROTOCOL_HOST_ADDRESS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rocketmq/status.h"

namespace rocketmq {
namespace protocol {

struct HostAddress {
  // Network byte order; only the first 4 bytes are used for IPv4.
  std::array<uint8_t, 16> ip{};
  bool ipv6 = false;
  int32_t port = 0;

  // ip_v4 in host order, e.g. 0x7F000001 for 127.0.0.1.
  static HostAddress V4(uint32_t ip_v4, int32_t port);
  // Parses "1.2.3.4:10911", "[::1]:10911" or a bare IPv6 "::1:10911" (the last colon
  // separates the port, as Java's "ip:port" strings do for IPv6 too).
  static Result<HostAddress> Parse(std::string_view text);

  size_t address_length() const { return ipv6 ? 16 : 4; }
  // Size in a record: the address bytes plus the 4-byte port.
  size_t encoded_length() const { return address_length() + 4; }

  // "1.2.3.4" or the RFC 5952 text of an IPv6 address.
  std::string IpString() const;
  // "1.2.3.4:10911" or "[::1]:10911".
  std::string ToString() const;

  bool operator==(const HostAddress& other) const;
  bool operator!=(const HostAddress& other) const { return !(*this == other); }
};

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_HOST_ADDRESS_H_
