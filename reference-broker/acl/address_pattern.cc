#include "acl/address_pattern.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <vector>

#include "acl/text.h"

namespace rocketmq {
namespace acl {
namespace {

bool IsIpv4(const std::string& text) {
  in_addr parsed{};
  return inet_pton(AF_INET, text.c_str(), &parsed) == 1;
}

// IPv4 as written; IPv6 in one spelling (inet_ntop of the parsed bytes), so that "::1" and
// "0:0:0:0:0:0:0:1" compare equal as Apache's expandIP makes them; empty when invalid.
std::string Canonical(const std::string& text) {
  if (IsIpv4(text)) return text;
  in6_addr parsed{};
  if (inet_pton(AF_INET6, text.c_str(), &parsed) != 1) return "";
  char out[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, &parsed, out, sizeof(out)) != nullptr ? std::string(out) : "";
}

Status BadAddress(const std::string& address) {
  return Status::InvalidArgument("Netaddress examine Exception netaddress is " + address);
}

// A dotted part 0..255 written in decimal.
bool ParseOctet(const std::string& text, int* value) {
  const std::string trimmed = Trim(text);
  if (trimmed.empty() || trimmed.size() > 3) return false;
  for (char c : trimmed) {
    if (c < '0' || c > '9') return false;
  }
  *value = std::atoi(trimmed.c_str());
  return *value <= 255;
}

}  // namespace

Result<AddressPattern> AddressPattern::Parse(const std::string& pattern) {
  AddressPattern result;
  if (Trim(pattern).empty()) return result;
  if (pattern == "*" || pattern == "*.*.*.*" || pattern == "*:*:*:*:*:*:*:*") {
    result.kind_ = Kind::kAll;
    return result;
  }
  const bool ipv6 = pattern.find(':') != std::string::npos;
  std::vector<std::string> members;
  if (pattern.back() == '}') {
    const size_t brace = pattern.find('{');
    const std::vector<std::string> parts = SplitNonEmpty(pattern, ipv6 ? ':' : '.');
    if (brace == std::string::npos || parts.empty() || parts.back().front() != '{' ||
        (!ipv6 && parts.size() < 4)) {
      return Status::InvalidArgument("MultipleRemoteAddressStrategy has got a wrong format: " +
                                     pattern);
    }
    const std::string head = pattern.substr(0, brace);
    for (const std::string& last :
         SplitNonEmpty(std::string_view(parts.back()).substr(1, parts.back().size() - 2), ',')) {
      members.push_back(head + last);
    }
  } else if (pattern.find(',') != std::string::npos) {
    members = SplitNonEmpty(pattern, ',');
  } else if (pattern.find('*') != std::string::npos || pattern.find('-') != std::string::npos) {
    if (ipv6) {
      return Status::NotSupported("IPv6 address ranges are not supported: " + pattern);
    }
    const std::vector<std::string> parts = SplitNonEmpty(pattern, '.');
    if (parts.size() != 4) return BadAddress(pattern);
    for (int index = 1; index <= 3; ++index) {
      const std::string part = Trim(parts[static_cast<size_t>(index)]);
      int start = 0;
      int end = 0;
      if (part == "*") {
        end = 255;
      } else if (const size_t dash = part.find('-'); dash != std::string::npos) {
        if (dash == 0 || !ParseOctet(part.substr(0, dash), &start) ||
            !ParseOctet(part.substr(dash + 1), &end) || start > end) {
          return Status::InvalidArgument(
              "RangeRemoteAddressStrategy netaddress examine scope Exception value " + part);
        }
      }
      if (end == 0) continue;
      // Apache's AclUtils.verify: the parts before the range are octets.
      std::string head;
      for (int i = 0; i < index; ++i) {
        int octet = 0;
        if (!ParseOctet(parts[static_cast<size_t>(i)], &octet)) return BadAddress(pattern);
        head += Trim(parts[static_cast<size_t>(i)]) + ".";
      }
      result.kind_ = Kind::kRange;
      result.head_ = head;
      result.index_ = index;
      result.start_ = start;
      result.end_ = end;
      return result;
    }
    return BadAddress(pattern);
  } else {
    members.push_back(pattern);
  }
  for (const std::string& member : members) {
    std::string canonical = Canonical(member);
    if (canonical.empty()) return BadAddress(member);
    result.addresses_.insert(std::move(canonical));
  }
  result.kind_ = Kind::kSet;
  return result;
}

bool AddressPattern::Matches(const std::string& address) const {
  switch (kind_) {
    case Kind::kNone:
      return false;
    case Kind::kAll:
      return true;
    case Kind::kSet: {
      const std::string canonical = Canonical(address);
      return !canonical.empty() && addresses_.count(canonical) != 0;
    }
    case Kind::kRange: {
      if (!IsIpv4(address) || address.compare(0, head_.size(), head_) != 0) return false;
      const std::vector<std::string> parts = SplitNonEmpty(address, '.');
      int value = 0;
      return parts.size() == 4 && ParseOctet(parts[static_cast<size_t>(index_)], &value) &&
             value >= start_ && value <= end_;
    }
  }
  return false;
}

}  // namespace acl
}  // namespace rocketmq
