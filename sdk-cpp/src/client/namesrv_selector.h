// NamesrvSelector: which of the configured nameservers the client asks next.
//
// Clients start at a random address so that a fleet of them spreads over the nameservers,
// keep using one while it answers, and move to the next (round robin) when it fails.
// Thread-safe.
#ifndef ROCKETMQ_CLIENT_NAMESRV_SELECTOR_H_
#define ROCKETMQ_CLIENT_NAMESRV_SELECTOR_H_

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "rocketmq/status.h"

namespace rocketmq {
namespace client {

class NamesrvSelector {
 public:
  // Parses "host:port;host:port" (spaces around entries allowed). Every entry needs a
  // non-empty host and a port in 1..65535; duplicates are dropped.
  static Result<std::vector<std::string>> ParseAddresses(const std::string& text);

  // `start` picks the first address (tests pass 0); by default it is random.
  static Result<NamesrvSelector> Create(const std::string& text);
  NamesrvSelector(std::vector<std::string> addresses, size_t start);

  NamesrvSelector(const NamesrvSelector& other);
  NamesrvSelector& operator=(const NamesrvSelector& other);

  // The address to use now.
  std::string Current() const;
  // `address` failed: if it is still the current one, move on to the next. Reports about an
  // address already abandoned (a late failure of a concurrent request) change nothing.
  void ReportFailure(const std::string& address);

  const std::vector<std::string>& addresses() const { return addresses_; }

 private:
  std::vector<std::string> addresses_;
  mutable std::mutex mu_;
  size_t index_;
};

}  // namespace client
}  // namespace rocketmq

#endif  // ROCKETMQ_CLIENT_NAMESRV_SELECTOR_H_
