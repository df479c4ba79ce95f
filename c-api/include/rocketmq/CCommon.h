/* The official RocketMQ C API (rocketmq-client-cpp 2.2.0): common constants and enums.
 * Names and values are the official client's, unprefixed, so that code written for it
 * compiles unchanged. New code should use the native API, rocketmq/c/rmq.h.
 *
 * Return convention of the int-returning functions of every C*.h header: a CStatus, OK (0)
 * on success, NULL_POINTER when a required pointer is NULL, an operation-specific *_FAILED
 * code otherwise, with the cause's text available from GetLatestErrorMessage() on the same
 * thread. */
#ifndef __C_COMMON_H__
#define __C_COMMON_H__

#ifdef __cplusplus
extern "C" {
#endif

#define MAX_MESSAGE_ID_LENGTH 256
#define MAX_TOPIC_LENGTH 512
#define MAX_BROKER_NAME_ID_LENGTH 256
#define MAX_SDK_VERSION_LENGTH 256
#define DEFAULT_SDK_VERSION "DefaultVersion"

typedef enum _CStatus_ {
  OK = 0,
  NULL_POINTER = 1,
  MALLOC_FAILED = 2,
  PRODUCER_ERROR_CODE_START = 10,
  PRODUCER_START_FAILED = 10,
  PRODUCER_SEND_SYNC_FAILED = 11,
  PRODUCER_SEND_ONEWAY_FAILED = 12,
  PRODUCER_SEND_ORDERLY_FAILED = 13,
  PRODUCER_SEND_ASYNC_FAILED = 14,
  PRODUCER_SEND_ORDERLYASYNC_FAILED = 15,
  PRODUCER_SEND_TRANSACTION_FAILED = 16,

  PUSHCONSUMER_ERROR_CODE_START = 20,
  PUSHCONSUMER_START_FAILED = 20,

  PULLCONSUMER_ERROR_CODE_START = 30,
  PULLCONSUMER_START_FAILED = 30,
  PULLCONSUMER_FETCH_MQ_FAILED = 31,
  PULLCONSUMER_FETCH_MESSAGE_FAILED = 32,

  Not_Support = 500,
  NOT_SUPPORT_NOW = -1
} CStatus;

typedef enum _CLogLevel_ {
  E_LOG_LEVEL_FATAL = 1,
  E_LOG_LEVEL_ERROR = 2,
  E_LOG_LEVEL_WARN = 3,
  E_LOG_LEVEL_INFO = 4,
  E_LOG_LEVEL_DEBUG = 5,
  E_LOG_LEVEL_TRACE = 6,
  E_LOG_LEVEL_LEVEL_NUM = 7
} CLogLevel;

/* The official client exports with __declspec on Windows only; this library exports its C
 * functions through its own attribute, so the macro stays empty elsewhere. */
#ifdef WIN32
#ifdef ROCKETMQCLIENT_EXPORTS
#define ROCKETMQCLIENT_API __declspec(dllexport)
#else
#define ROCKETMQCLIENT_API __declspec(dllimport)
#endif
#else
#define ROCKETMQCLIENT_API
#endif

typedef enum _CMessageModel_ { BROADCASTING, CLUSTERING } CMessageModel;
typedef enum _CTraceModel_ { OPEN, CLOSE } CTraceModel;

#ifdef __cplusplus
}
#endif
#endif /* __C_COMMON_H__ */
