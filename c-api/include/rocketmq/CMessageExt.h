/* The official C API: a received message, borrowed: valid during the listener call, or
 * until ReleasePullResult() for pulled ones. A CMessageExt is the native
 * rmq_message_ext_t. For a NULL message, string getters return NULL, GetMessageBodyLength
 * 0, and the other numeric getters NULL_POINTER (1), as the official client does. */
#ifndef __C_MESSAGE_EXT_H__
#define __C_MESSAGE_EXT_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CMessageExt CMessageExt;

ROCKETMQCLIENT_API const char* GetMessageTopic(CMessageExt* msgExt);
ROCKETMQCLIENT_API const char* GetMessageTags(CMessageExt* msgExt);
ROCKETMQCLIENT_API const char* GetMessageKeys(CMessageExt* msgExt);
ROCKETMQCLIENT_API const char* GetMessageBody(CMessageExt* msgExt);
ROCKETMQCLIENT_API int GetMessageBodyLength(CMessageExt* msgExt);
ROCKETMQCLIENT_API const char* GetMessageProperty(CMessageExt* msgExt, const char* key);
ROCKETMQCLIENT_API const char* GetMessageId(CMessageExt* msgExt);
ROCKETMQCLIENT_API int GetMessageDelayTimeLevel(CMessageExt* msgExt);
ROCKETMQCLIENT_API int GetMessageQueueId(CMessageExt* msgExt);
ROCKETMQCLIENT_API int GetMessageReconsumeTimes(CMessageExt* msgExt);
ROCKETMQCLIENT_API int GetMessageStoreSize(CMessageExt* msgExt);
ROCKETMQCLIENT_API long long GetMessageBornTimestamp(CMessageExt* msgExt);
ROCKETMQCLIENT_API long long GetMessageStoreTimestamp(CMessageExt* msgExt);
ROCKETMQCLIENT_API long long GetMessageQueueOffset(CMessageExt* msgExt);
ROCKETMQCLIENT_API long long GetMessageCommitLogOffset(CMessageExt* msgExt);
/* The commit-log offset of a transactional message's half message; 0 for others. */
ROCKETMQCLIENT_API long long GetMessagePreparedTransactionOffset(CMessageExt* msgExt);
ROCKETMQCLIENT_API const char* GetMessageStoreHost(CMessageExt* msg);
ROCKETMQCLIENT_API const char* GetMessageBornHost(CMessageExt* msg);

#ifdef __cplusplus
}
#endif
#endif /* __C_MESSAGE_EXT_H__ */
