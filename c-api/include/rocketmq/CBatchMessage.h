/* The official C API: a batch for SendBatchMessage(). AddMessage copies the message. */
#ifndef __C_BATCHMESSAGE_H__
#define __C_BATCHMESSAGE_H__

#include "CCommon.h"
#include "CMessage.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CBatchMessage CBatchMessage;

/* Declared with empty parentheses, as the official header does: its own example passes a
 * topic, which C then accepts and the library ignores. */
ROCKETMQCLIENT_API CBatchMessage* CreateBatchMessage();
ROCKETMQCLIENT_API int AddMessage(CBatchMessage* batchMsg, CMessage* msg);
ROCKETMQCLIENT_API int DestroyBatchMessage(CBatchMessage* batchMsg);

#ifdef __cplusplus
}
#endif
#endif /* __C_BATCHMESSAGE_H__ */
