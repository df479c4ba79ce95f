// Library version, checked at compile time (RMQ_VERSION) and at run time (rocketmq::Version()).
#ifndef ROCKETMQ_VERSION_H_
#define ROCKETMQ_VERSION_H_

#include "rocketmq/export.h"

// 0xMMmmpp: major, minor, patch.
#define RMQ_VERSION 0x000100
#define RMQ_VERSION_STRING "0.1.0"

namespace rocketmq {

// The version of the library actually loaded, as RMQ_VERSION; differs from the
// macro when a program runs against another build of the shared library.
RMQ_EXPORT int Version();
RMQ_EXPORT const char* VersionString();

}  // namespace rocketmq

#endif  // ROCKETMQ_VERSION_H_
