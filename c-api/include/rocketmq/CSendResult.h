/* The official C API: a send's result, filled by the caller-provided struct or passed by
 * value to send-success callbacks. */
#ifndef __C_SEND_RESULT_H__
#define __C_SEND_RESULT_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum E_CSendStatus_ {
  E_SEND_OK = 0,
  E_SEND_FLUSH_DISK_TIMEOUT = 1,
  E_SEND_FLUSH_SLAVE_TIMEOUT = 2,
  E_SEND_SLAVE_NOT_AVAILABLE = 3
} CSendStatus;

/* `msgId` is the message's unique id (truncated, NUL-terminated); `offset` its queue offset. */
typedef struct _SendResult_ {
  CSendStatus sendStatus;
  char msgId[MAX_MESSAGE_ID_LENGTH];
  long long offset;
} CSendResult;

#ifdef __cplusplus
}
#endif
#endif /* __C_SEND_RESULT_H__ */
