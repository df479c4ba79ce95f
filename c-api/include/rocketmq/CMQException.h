/* The official C API: the error passed (by value) to send-exception callbacks. */
#ifndef __C_MQEXCPTION_H__
#define __C_MQEXCPTION_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MAX_EXEPTION_MSG_LENGTH 512
#define MAX_EXEPTION_FILE_LENGTH 256
#define MAX_EXEPTION_TYPE_LENGTH 128

/* `error` is the native rmq_err_t of the failure; `msg` its message (truncated, always
 * NUL-terminated); `type` the error's name ("RMQ_ERR_TIMEOUT"); `file`/`line` the C layer. */
typedef struct _CMQException_ {
  int error;
  int line;
  char file[MAX_EXEPTION_FILE_LENGTH];
  char msg[MAX_EXEPTION_MSG_LENGTH];
  char type[MAX_EXEPTION_TYPE_LENGTH];
} CMQException;

#ifdef __cplusplus
}
#endif
#endif /* __C_MQEXCPTION_H__ */
