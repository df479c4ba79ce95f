#include "client/namesrv_selector.h"

#include <algorithm>
#include <cctype>
#include <random>

namespace rocketmq {
namespace client {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Status CheckAddress(const std::string& addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("nameserver address '" + addr + "' is not host:port");
  }
  const std::string port = addr.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return Status::InvalidArgument("nameserver address '" + addr + "' has no numeric port");
  }
  const int value = std::stoi(port);
  if (value < 1 || value > 65535) {
    return Status::InvalidArgument("nameserver address '" + addr + "' has port " + port +
                                   " outside 1..65535");
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<std::string>> NamesrvSelector::ParseAddresses(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(';', begin);
    if (end == std::string::npos) end = text.size();
    const std::string entry = Trim(text.substr(begin, end - begin));
    if (!entry.empty()) {
      RMQ_RETURN_IF_ERROR(CheckAddress(entry));
      if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(entry);
    }
    begin = end + 1;
  }
  if (out.empty()) {
    return Status::InvalidArgument("no nameserver address in '" + text + "'");
  }
  return out;
}

Result<NamesrvSelector> NamesrvSelector::Create(const std::string& text) {
  auto addresses = ParseAddresses(text);
  if (!addresses.ok()) return addresses.status();
  std::random_device seed;
  const size_t start = std::uniform_int_distribution<size_t>(0, addresses->size() - 1)(seed);
  return NamesrvSelector(std::move(*addresses), start);
}

NamesrvSelector::NamesrvSelector(std::vector<std::string> addresses, size_t start)
    : addresses_(std::move(addresses)),
      index_(addresses_.empty() ? 0 : start % addresses_.size()) {}

NamesrvSelector::NamesrvSelector(const NamesrvSelector& other)
    : addresses_(other.addresses_), index_(0) {
  std::lock_guard<std::mutex> lock(other.mu_);
  index_ = other.index_;
}

NamesrvSelector& NamesrvSelector::operator=(const NamesrvSelector& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mu_, other.mu_);
  addresses_ = other.addresses_;
  index_ = other.index_;
  return *this;
}

std::string NamesrvSelector::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return addresses_.empty() ? std::string() : addresses_[index_];
}

void NamesrvSelector::ReportFailure(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (addresses_.empty() || addresses_[index_] != address) return;
  index_ = (index_ + 1) % addresses_.size();
}

}  // namespace client
}  // namespace rocketmq
