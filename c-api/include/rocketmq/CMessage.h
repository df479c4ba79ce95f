/* The official C API: a message to send. A CMessage is the native rmq_message_t: either
 * API's functions accept it. Getters return NULL (strings), 0 (GetOriginMessageBodyLength)
 * or -1 (GetOriginDelayTimeLevel) for a NULL message. */
#ifndef __C_MESSAGE_H__
#define __C_MESSAGE_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CMessage CMessage;

ROCKETMQCLIENT_API CMessage* CreateMessage(const char* topic);
ROCKETMQCLIENT_API int DestroyMessage(CMessage* msg);
ROCKETMQCLIENT_API int SetMessageTopic(CMessage* msg, const char* topic);
ROCKETMQCLIENT_API int SetMessageTags(CMessage* msg, const char* tags);
ROCKETMQCLIENT_API int SetMessageKeys(CMessage* msg, const char* keys);
/* A NUL-terminated body; SetByteMessageBody takes `len` bytes, NULs included. */
ROCKETMQCLIENT_API int SetMessageBody(CMessage* msg, const char* body);
ROCKETMQCLIENT_API int SetByteMessageBody(CMessage* msg, const char* body, int len);
ROCKETMQCLIENT_API int SetMessageProperty(CMessage* msg, const char* key, const char* value);
ROCKETMQCLIENT_API int SetDelayTimeLevel(CMessage* msg, int level);
ROCKETMQCLIENT_API const char* GetOriginMessageTopic(CMessage* msg);
ROCKETMQCLIENT_API const char* GetOriginMessageTags(CMessage* msg);
ROCKETMQCLIENT_API const char* GetOriginMessageKeys(CMessage* msg);
ROCKETMQCLIENT_API const char* GetOriginMessageBody(CMessage* msg);
ROCKETMQCLIENT_API int GetOriginMessageBodyLength(CMessage* msg);
ROCKETMQCLIENT_API const char* GetOriginMessageProperty(CMessage* msg, const char* key);
ROCKETMQCLIENT_API int GetOriginDelayTimeLevel(CMessage* msg);

#ifdef __cplusplus
}
#endif
#endif /* __C_MESSAGE_H__ */
