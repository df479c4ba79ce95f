// Properties: the key=value configuration format of RocketMQ's broker.conf and
// namesrv.conf (java.util.Properties syntax: '=' or ':' or whitespace separates key and
// value, '#' and '!' start comments, a trailing backslash continues a line).
#ifndef ROCKETMQ_COMMON_PROPERTIES_H_
#define ROCKETMQ_COMMON_PROPERTIES_H_

#include <map>
#include <string>

#include "rocketmq/status.h"

namespace rocketmq {

class Properties {
 public:
  struct Entry {
    std::string value;
    std::string origin;  // "broker.conf:12" or "command line", for error messages
  };

  static Result<Properties> LoadFile(const std::string& path);
  // `source` names the text in error messages and entry origins.
  static Result<Properties> Parse(const std::string& text, const std::string& source);

  void Set(const std::string& key, std::string value, std::string origin);
  const Entry* Find(const std::string& key) const;
  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace rocketmq

#endif  // ROCKETMQ_COMMON_PROPERTIES_H_
