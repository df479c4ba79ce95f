/* The official C API's types, checked at compile time against the official client's
 * layout (x86-64 / LP64 sizes and offsets) and enum values: a program built against the
 * official headers, or a binding that mirrors its structs, sees the same bytes. */
#include <stddef.h>

#include "rocketmq/CBatchMessage.h"
#include "rocketmq/CCommon.h"
#include "rocketmq/CErrorMessage.h"
#include "rocketmq/CMQException.h"
#include "rocketmq/CMessage.h"
#include "rocketmq/CMessageExt.h"
#include "rocketmq/CMessageQueue.h"
#include "rocketmq/CProducer.h"
#include "rocketmq/CPullConsumer.h"
#include "rocketmq/CPullResult.h"
#include "rocketmq/CPushConsumer.h"
#include "rocketmq/CSendResult.h"
#include "rocketmq/CTransactionStatus.h"

_Static_assert(sizeof(CSendResult) == 272, "CSendResult size");
_Static_assert(offsetof(CSendResult, sendStatus) == 0, "CSendResult.sendStatus");
_Static_assert(offsetof(CSendResult, msgId) == 4, "CSendResult.msgId");
_Static_assert(offsetof(CSendResult, offset) == 264, "CSendResult.offset");

_Static_assert(sizeof(CMessageQueue) == 772, "CMessageQueue size");
_Static_assert(offsetof(CMessageQueue, topic) == 0, "CMessageQueue.topic");
_Static_assert(offsetof(CMessageQueue, brokerName) == 512, "CMessageQueue.brokerName");
_Static_assert(offsetof(CMessageQueue, queueId) == 768, "CMessageQueue.queueId");

_Static_assert(sizeof(CPullResult) == 56, "CPullResult size");
_Static_assert(offsetof(CPullResult, pullStatus) == 0, "CPullResult.pullStatus");
_Static_assert(offsetof(CPullResult, nextBeginOffset) == 8, "CPullResult.nextBeginOffset");
_Static_assert(offsetof(CPullResult, minOffset) == 16, "CPullResult.minOffset");
_Static_assert(offsetof(CPullResult, maxOffset) == 24, "CPullResult.maxOffset");
_Static_assert(offsetof(CPullResult, msgFoundList) == 32, "CPullResult.msgFoundList");
_Static_assert(offsetof(CPullResult, size) == 40, "CPullResult.size");
_Static_assert(offsetof(CPullResult, pData) == 48, "CPullResult.pData");

_Static_assert(sizeof(CMQException) == 904, "CMQException size");
_Static_assert(offsetof(CMQException, error) == 0, "CMQException.error");
_Static_assert(offsetof(CMQException, line) == 4, "CMQException.line");
_Static_assert(offsetof(CMQException, file) == 8, "CMQException.file");
_Static_assert(offsetof(CMQException, msg) == 264, "CMQException.msg");
_Static_assert(offsetof(CMQException, type) == 776, "CMQException.type");

_Static_assert(OK == 0 && NULL_POINTER == 1 && MALLOC_FAILED == 2, "CStatus");
_Static_assert(PRODUCER_START_FAILED == 10 && PRODUCER_SEND_TRANSACTION_FAILED == 16, "CStatus");
_Static_assert(PUSHCONSUMER_START_FAILED == 20 && PULLCONSUMER_FETCH_MESSAGE_FAILED == 32,
               "CStatus");
_Static_assert(Not_Support == 500 && NOT_SUPPORT_NOW == -1, "CStatus");
_Static_assert(E_LOG_LEVEL_FATAL == 1 && E_LOG_LEVEL_TRACE == 6 && E_LOG_LEVEL_LEVEL_NUM == 7,
               "CLogLevel");
_Static_assert(BROADCASTING == 0 && CLUSTERING == 1, "CMessageModel");
_Static_assert(OPEN == 0 && CLOSE == 1, "CTraceModel");
_Static_assert(E_SEND_OK == 0 && E_SEND_SLAVE_NOT_AVAILABLE == 3, "CSendStatus");
_Static_assert(E_FOUND == 0 && E_NO_NEW_MSG == 1 && E_NO_MATCHED_MSG == 2 &&
                   E_OFFSET_ILLEGAL == 3 && E_BROKER_TIMEOUT == 4,
               "CPullStatus");
_Static_assert(E_COMMIT_TRANSACTION == 0 && E_ROLLBACK_TRANSACTION == 1 &&
                   E_UNKNOWN_TRANSACTION == 2,
               "CTransactionStatus");
_Static_assert(E_CONSUME_SUCCESS == 0 && E_RECONSUME_LATER == 1, "CConsumeStatus");
_Static_assert(MAX_MESSAGE_ID_LENGTH == 256 && MAX_TOPIC_LENGTH == 512 &&
                   MAX_BROKER_NAME_ID_LENGTH == 256 && MAX_SDK_VERSION_LENGTH == 256,
               "CCommon lengths");
_Static_assert(MAX_EXEPTION_MSG_LENGTH == 512 && MAX_EXEPTION_FILE_LENGTH == 256 &&
                   MAX_EXEPTION_TYPE_LENGTH == 128,
               "CMQException lengths");

/* The official signatures, as function pointer types: a mismatch does not compile. */
static CPullResult (*const kPull)(CPullConsumer*, const CMessageQueue*, const char*, long long,
                                  int) = Pull;
static int (*const kSendAsync)(CProducer*, CMessage*, COnSendSuccessCallback,
                               COnSendExceptionCallback, void*) = SendAsync;
static int (*const kTransaction)(CProducer*, CMessage*, CLocalTransactionExecutorCallback, void*,
                                 CSendResult*) = SendMessageTransaction;

int headers_as_cxx_checked(void);

int main(void) {
  return kPull != NULL && kSendAsync != NULL && kTransaction != NULL && headers_as_cxx_checked()
             ? 0
             : 1;
}
