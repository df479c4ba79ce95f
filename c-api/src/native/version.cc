#include "rocketmq/version.h"
#include "rocketmq/c/rmq.h"

extern "C" {

int rmq_version(void) { return rocketmq::Version(); }
const char* rmq_version_str(void) { return rocketmq::VersionString(); }

}  // extern "C"
