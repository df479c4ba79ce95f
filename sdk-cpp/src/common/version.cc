#include "rocketmq/version.h"

namespace rocketmq {

int Version() { return RMQ_VERSION; }
const char* VersionString() { return RMQ_VERSION_STRING; }

}  // namespace rocketmq
