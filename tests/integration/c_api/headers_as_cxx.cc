// Every C header of both layers compiles as C++ too (and together), as bindings written in
// C++ include them.
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
#include "rocketmq/c/rmq.h"

extern "C" int headers_as_cxx_checked(void);
extern "C" int headers_as_cxx_checked(void) {
  static_assert(sizeof(CSendResult) == 272, "CSendResult is laid out as in C");
  return rmq_version() == RMQ_C_VERSION;
}
