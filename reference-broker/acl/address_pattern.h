// AddressPattern: one whiteRemoteAddress / globalWhiteRemoteAddresses entry, with the
// forms and matching rules of Apache 4.9.7's RemoteAddressStrategyFactory:
//   ""                           matches nothing
//   "*", "*.*.*.*"               matches every address
//   "192.168.0.{1,2}"            the listed last parts
//   "192.168.0.1,192.168.0.2"    the listed addresses
//   "192.168.*.*", "10.1.1-20.*" the first part holding "*" or "a-b" is the range; what
//                                follows it is not looked at (as in Apache)
//   "192.168.0.1", "::1"         one address
// IPv6 is matched as one address (expanded, case-insensitive) or "*:*:*:*:*:*:*:*"; IPv6
// ranges are refused with an error.
#ifndef ROCKETMQ_ACL_ADDRESS_PATTERN_H_
#define ROCKETMQ_ACL_ADDRESS_PATTERN_H_

#include <set>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace acl {

class AddressPattern {
 public:
  // A pattern that matches nothing (a blank whiteRemoteAddress).
  AddressPattern() = default;

  static Result<AddressPattern> Parse(const std::string& pattern);

  // `address` is the client's IP without port.
  bool Matches(const std::string& address) const;

 private:
  enum class Kind { kNone, kAll, kSet, kRange };
  Kind kind_ = Kind::kNone;
  std::set<std::string> addresses_;  // kSet, canonical form (see Canonical())
  std::string head_;                 // kRange: the parts before the range, with the dot
  int index_ = 0;                    // kRange: which dotted part holds the range
  int start_ = 0;
  int end_ = 0;
};

}  // namespace acl
}  // namespace rocketmq

#endif  // ROCKETMQ_ACL_ADDRESS_PATTERN_H_
