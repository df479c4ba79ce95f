// The client handles (producers, consumers, and the official layer's wrappers of them) alive
// now, so that a call on one already destroyed — or destroyed twice — is refused instead of
// touching freed memory. As far as detectable: a new handle may reuse a destroyed one's
// address, and then the stale pointer reaches the new handle.
#ifndef ROCKETMQ_C_API_NATIVE_LIVE_HANDLES_H_
#define ROCKETMQ_C_API_NATIVE_LIVE_HANDLES_H_

#include "rocketmq/c/rmq_common.h"

namespace rocketmq {
namespace capi {

void RegisterHandle(const void* handle);
// True when `handle` was registered (it is not any more).
bool UnregisterHandle(const void* handle);
bool IsLive(const void* handle);

// RMQ_OK for a live handle; otherwise RMQ_ERR_INVALID_ARGUMENT naming it as NULL or destroyed.
rmq_err_t CheckHandle(const void* handle, const char* name, rmq_error_t** error);

}  // namespace capi
}  // namespace rocketmq

#endif  // ROCKETMQ_C_API_NATIVE_LIVE_HANDLES_H_
