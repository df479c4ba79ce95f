#include "common/logging.h"
#include "native/handles.h"

extern "C" {

rmq_err_t rmq_log_set_level(rmq_log_level_t level) {
  if (level < RMQ_LOG_LEVEL_TRACE || level > RMQ_LOG_LEVEL_OFF) return RMQ_ERR_INVALID_ARGUMENT;
  // rmq_log_level_t's values are rocketmq::LogLevel's.
  rocketmq::logging::SetLevel(static_cast<rocketmq::LogLevel>(level));
  return RMQ_OK;
}

rmq_log_level_t rmq_log_level(void) {
  return static_cast<rmq_log_level_t>(rocketmq::logging::Level());
}

rmq_err_t rmq_log_set_file(const char* path, rmq_error_t** error) {
  return rocketmq::capi::Guard(error, [&] {
    return rocketmq::capi::FromStatus(error, rocketmq::logging::SetFile(path ? path : ""));
  });
}

}  // extern "C"
