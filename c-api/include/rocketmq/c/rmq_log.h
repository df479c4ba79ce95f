/* The library's log: levelled lines to stderr (the default) or a file, process-wide. */
#ifndef ROCKETMQ_C_RMQ_LOG_H_
#define ROCKETMQ_C_RMQ_LOG_H_

#include "rocketmq/c/rmq_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rmq_log_level_e {
  RMQ_LOG_LEVEL_TRACE = 0,
  RMQ_LOG_LEVEL_DEBUG = 1,
  RMQ_LOG_LEVEL_INFO = 2,
  RMQ_LOG_LEVEL_WARN = 3,
  RMQ_LOG_LEVEL_ERROR = 4,
  RMQ_LOG_LEVEL_FATAL = 5,
  RMQ_LOG_LEVEL_OFF = 6
} rmq_log_level_t;

/* Lines below `level` are dropped. RMQ_ERR_INVALID_ARGUMENT for a value not listed above. */
RMQ_C_EXPORT rmq_err_t rmq_log_set_level(rmq_log_level_t level);
RMQ_C_EXPORT rmq_log_level_t rmq_log_level(void);
/* Appends lines to `path`; NULL or "" sends them to stderr again. */
RMQ_C_EXPORT rmq_err_t rmq_log_set_file(const char* path, rmq_error_t** error);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_LOG_H_ */
