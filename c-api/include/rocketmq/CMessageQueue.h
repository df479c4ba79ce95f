/* The official C API: a queue, as the pull consumer lists and pulls them. */
#ifndef __C_MESSAGE_QUEUE_H__
#define __C_MESSAGE_QUEUE_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _CMessageQueue_ {
  char topic[MAX_TOPIC_LENGTH];
  char brokerName[MAX_BROKER_NAME_ID_LENGTH];
  int queueId;
} CMessageQueue;

#ifdef __cplusplus
}
#endif
#endif /* __C_MESSAGE_QUEUE_H__ */
