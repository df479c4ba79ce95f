/* The official C API: producers (plain, orderly, transactional).
 *
 * Setters apply before StartProducer(); afterwards they fail (the settings are fixed at
 * start). Async callbacks run on the producer's callback threads; a transaction checker on
 * a thread the producer owns; selectors and executors on the calling thread. */
#ifndef __C_PRODUCER_H__
#define __C_PRODUCER_H__

#include "CBatchMessage.h"
#include "CCommon.h"
#include "CMQException.h"
#include "CMessage.h"
#include "CMessageExt.h"
#include "CSendResult.h"
#include "CTransactionStatus.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CProducer CProducer;

/* Returns an index in [0, size); any other value fails the send (nothing is sent). */
typedef int (*QueueSelectorCallback)(int size, CMessage* msg, void* arg);
typedef void (*CSendSuccessCallback)(CSendResult result);
typedef void (*CSendExceptionCallback)(CMQException e);
typedef void (*COnSendSuccessCallback)(CSendResult result, CMessage* msg, void* userData);
typedef void (*COnSendExceptionCallback)(CMQException e, CMessage* msg, void* userData);
typedef CTransactionStatus (*CLocalTransactionCheckerCallback)(CProducer* producer,
                                                               CMessageExt* msg, void* data);
typedef CTransactionStatus (*CLocalTransactionExecutorCallback)(CProducer* producer, CMessage* msg,
                                                                void* data);

ROCKETMQCLIENT_API CProducer* CreateProducer(const char* groupId);
ROCKETMQCLIENT_API CProducer* CreateOrderlyProducer(const char* groupId);
ROCKETMQCLIENT_API CProducer* CreateTransactionProducer(const char* groupId,
                                                        CLocalTransactionCheckerCallback callback,
                                                        void* userData);
ROCKETMQCLIENT_API int DestroyProducer(CProducer* producer);
ROCKETMQCLIENT_API int StartProducer(CProducer* producer);
ROCKETMQCLIENT_API int ShutdownProducer(CProducer* producer);
ROCKETMQCLIENT_API const char* ShowProducerVersion(CProducer* producer);

ROCKETMQCLIENT_API int SetProducerNameServerAddress(CProducer* producer, const char* namesrv);
/* Not supported (no HTTP nameserver lookup): returns Not_Support. */
ROCKETMQCLIENT_API int SetProducerNameServerDomain(CProducer* producer, const char* domain);
ROCKETMQCLIENT_API int SetProducerGroupName(CProducer* producer, const char* groupName);
ROCKETMQCLIENT_API int SetProducerInstanceName(CProducer* producer, const char* instanceName);
ROCKETMQCLIENT_API int SetProducerSessionCredentials(CProducer* producer, const char* accessKey,
                                                     const char* secretKey, const char* onsChannel);
/* Logging is process-wide: the log goes to <logPath>/rocketmq-client.log. */
ROCKETMQCLIENT_API int SetProducerLogPath(CProducer* producer, const char* logPath);
/* Accepted and ignored: the log is one file, not rotated by the library. */
ROCKETMQCLIENT_API int SetProducerLogFileNumAndSize(CProducer* producer, int fileNum,
                                                    long fileSize);
ROCKETMQCLIENT_API int SetProducerLogLevel(CProducer* producer, CLogLevel level);
/* Milliseconds. */
ROCKETMQCLIENT_API int SetProducerSendMsgTimeout(CProducer* producer, int timeout);
ROCKETMQCLIENT_API int SetProducerCompressLevel(CProducer* producer, int level);
ROCKETMQCLIENT_API int SetProducerMaxMessageSize(CProducer* producer, int size);
/* CLOSE is accepted; OPEN returns Not_Support (no message trace). */
ROCKETMQCLIENT_API int SetProducerMessageTrace(CProducer* producer, CTraceModel openTrace);
/* TLS on or off; certificates by the native setting names, see rocketmq/c/rmq_producer.h. */
ROCKETMQCLIENT_API int SetProducerSsl(CProducer* producer, int enableSsl);
/* Not supported: returns Not_Support. */
ROCKETMQCLIENT_API int SetProducerSslPropertyFile(CProducer* producer, const char* sslPropertyFile);

ROCKETMQCLIENT_API int SendMessageSync(CProducer* producer, CMessage* msg, CSendResult* result);
ROCKETMQCLIENT_API int SendBatchMessage(CProducer* producer, CBatchMessage* msg,
                                        CSendResult* result);
ROCKETMQCLIENT_API int SendMessageAsync(CProducer* producer, CMessage* msg,
                                        CSendSuccessCallback cSendSuccessCallback,
                                        CSendExceptionCallback cSendExceptionCallback);
/* The callbacks get `msg` back: it must stay alive until one of them ran. */
ROCKETMQCLIENT_API int SendAsync(CProducer* producer, CMessage* msg,
                                 COnSendSuccessCallback cSendSuccessCallback,
                                 COnSendExceptionCallback cSendExceptionCallback, void* userData);
ROCKETMQCLIENT_API int SendMessageOneway(CProducer* producer, CMessage* msg);
ROCKETMQCLIENT_API int SendMessageOnewayOrderly(CProducer* producer, CMessage* msg,
                                                QueueSelectorCallback selector, void* arg);
/* `autoRetryTimes` extra attempts, each on the queue the selector picks again. */
ROCKETMQCLIENT_API int SendMessageOrderly(CProducer* producer, CMessage* msg,
                                          QueueSelectorCallback callback, void* arg,
                                          int autoRetryTimes, CSendResult* result);
ROCKETMQCLIENT_API int SendMessageOrderlyAsync(CProducer* producer, CMessage* msg,
                                               QueueSelectorCallback callback, void* arg,
                                               CSendSuccessCallback cSendSuccessCallback,
                                               CSendExceptionCallback cSendExceptionCallback);
ROCKETMQCLIENT_API int SendMessageOrderlyByShardingKey(CProducer* producer, CMessage* msg,
                                                       const char* shardingKey,
                                                       CSendResult* result);
ROCKETMQCLIENT_API int SendMessageTransaction(CProducer* producer, CMessage* msg,
                                              CLocalTransactionExecutorCallback callback,
                                              void* userData, CSendResult* result);

#ifdef __cplusplus
}
#endif
#endif /* __C_PRODUCER_H__ */
