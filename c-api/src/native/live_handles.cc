#include "native/live_handles.h"

#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_set>

#include "native/handles.h"

namespace rocketmq {
namespace capi {

namespace {

struct Registry {
  std::shared_mutex mutex;
  std::unordered_set<const void*> handles;
};

// Never destroyed: handles may be used (and destroyed) by other static destructors or
// threads still running at exit.
Registry& Handles() {
  static Registry* registry = new Registry();
  return *registry;
}

}  // namespace

void RegisterHandle(const void* handle) {
  Registry& r = Handles();
  std::lock_guard<std::shared_mutex> lock(r.mutex);
  r.handles.insert(handle);
}

bool UnregisterHandle(const void* handle) {
  Registry& r = Handles();
  std::lock_guard<std::shared_mutex> lock(r.mutex);
  return r.handles.erase(handle) == 1;
}

bool IsLive(const void* handle) {
  Registry& r = Handles();
  std::shared_lock<std::shared_mutex> lock(r.mutex);
  return r.handles.count(handle) == 1;
}

rmq_err_t CheckHandle(const void* handle, const char* name, rmq_error_t** error) {
  if (!handle) return NullArgument(error, name);
  if (!IsLive(handle)) {
    return Fail(error, RMQ_ERR_INVALID_ARGUMENT,
                std::string(name) + " is not a live handle: it was destroyed");
  }
  return RMQ_OK;
}

}  // namespace capi
}  // namespace rocketmq
