/* The official C API: pull consumers. Pull() reads one queue from a given offset and
 * returns within half a second when nothing is there. The application keeps the
 * offsets: this consumer commits nothing. */
#ifndef __C_PULL_CONSUMER_H__
#define __C_PULL_CONSUMER_H__

#include "CCommon.h"
#include "CMessageExt.h"
#include "CMessageQueue.h"
#include "CPullResult.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CPullConsumer CPullConsumer;

ROCKETMQCLIENT_API CPullConsumer* CreatePullConsumer(const char* groupId);
ROCKETMQCLIENT_API int DestroyPullConsumer(CPullConsumer* consumer);
ROCKETMQCLIENT_API int StartPullConsumer(CPullConsumer* consumer);
ROCKETMQCLIENT_API int ShutdownPullConsumer(CPullConsumer* consumer);
ROCKETMQCLIENT_API const char* ShowPullConsumerVersion(CPullConsumer* consumer);
ROCKETMQCLIENT_API int SetPullConsumerGroupID(CPullConsumer* consumer, const char* groupId);
ROCKETMQCLIENT_API const char* GetPullConsumerGroupID(CPullConsumer* consumer);
ROCKETMQCLIENT_API int SetPullConsumerNameServerAddress(CPullConsumer* consumer,
                                                        const char* namesrv);
/* Not supported: returns Not_Support. */
ROCKETMQCLIENT_API int SetPullConsumerNameServerDomain(CPullConsumer* consumer, const char* domain);
ROCKETMQCLIENT_API int SetPullConsumerSessionCredentials(CPullConsumer* consumer,
                                                         const char* accessKey,
                                                         const char* secretKey,
                                                         const char* channel);
ROCKETMQCLIENT_API int SetPullConsumerLogPath(CPullConsumer* consumer, const char* logPath);
ROCKETMQCLIENT_API int SetPullConsumerLogFileNumAndSize(CPullConsumer* consumer, int fileNum,
                                                        long fileSize);
ROCKETMQCLIENT_API int SetPullConsumerLogLevel(CPullConsumer* consumer, CLogLevel level);
ROCKETMQCLIENT_API int SetPullConsumerSsl(CPullConsumer* consumer, int enableSsl);
ROCKETMQCLIENT_API int SetPullConsumerSslPropertyFile(CPullConsumer* consumer,
                                                      const char* sslPropertyFile);

/* *mqs receives a malloc'd array of *size queues; free it with ReleaseSubscriptionMessageQueue().
 */
ROCKETMQCLIENT_API int FetchSubscriptionMessageQueues(CPullConsumer* consumer, const char* topic,
                                                      CMessageQueue** mqs, int* size);
ROCKETMQCLIENT_API int ReleaseSubscriptionMessageQueue(CMessageQueue* mqs);
/* Up to `maxNums` messages of `mq` from `offset` on that match the tag expression
 * `subExpression`. E_BROKER_TIMEOUT for NULL arguments or a failure (the cause from
 * GetLatestErrorMessage()). Free a result with ReleasePullResult(). */
ROCKETMQCLIENT_API CPullResult Pull(CPullConsumer* consumer, const CMessageQueue* mq,
                                    const char* subExpression, long long offset, int maxNums);
ROCKETMQCLIENT_API int ReleasePullResult(CPullResult pullResult);

#ifdef __cplusplus
}
#endif
#endif /* __C_PULL_CONSUMER_H__ */
