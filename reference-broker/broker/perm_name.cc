#include "broker/perm_name.h"

namespace rocketmq {
namespace broker {
namespace perm {

std::string ToString(int32_t perm) {
  std::string out;
  out += IsReadable(perm) ? 'R' : '-';
  out += IsWriteable(perm) ? 'W' : '-';
  out += IsInherited(perm) ? 'X' : '-';
  return out;
}

}  // namespace perm
}  // namespace broker
}  // namespace rocketmq
