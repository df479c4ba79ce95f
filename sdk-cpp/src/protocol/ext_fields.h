// ExtFields: the "custom header" of a remoting command, every header field as a string.
#ifndef ROCKETMQ_PROTOCOL_EXT_FIELDS_H_
#define ROCKETMQ_PROTOCOL_EXT_FIELDS_H_

#include <map>
#include <string>

namespace rocketmq {
namespace protocol {

using ExtFields = std::map<std::string, std::string>;

}  // namespace protocol
}  // namespace rocketmq

#endif  // ROCKETMQ_PROTOCOL_EXT_FIELDS_H_
