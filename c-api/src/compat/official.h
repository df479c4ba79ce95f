// What the official-compatible functions share: the official headers, declared with
// default visibility (the official headers carry no export attribute, and the library is
// built with hidden visibility), and the mapping of native results onto the official
// return conventions.
#ifndef ROCKETMQ_C_API_COMPAT_OFFICIAL_H_
#define ROCKETMQ_C_API_COMPAT_OFFICIAL_H_

#pragma GCC visibility push(default)
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
#pragma GCC visibility pop

#include <cstddef>
#include <string>

#include "rocketmq/c/rmq.h"

namespace rocketmq {
namespace compat {

// The official handles of messages are the native ones.
inline rmq_message_t* Native(CMessage* m) { return reinterpret_cast<rmq_message_t*>(m); }
inline CMessage* Official(rmq_message_t* m) { return reinterpret_cast<CMessage*>(m); }
inline const rmq_message_ext_t* Native(CMessageExt* m) {
  return reinterpret_cast<const rmq_message_ext_t*>(m);
}
// Official callbacks take non-const handles; the library never modifies through them.
inline CMessage* Official(const rmq_message_t* m) {
  return reinterpret_cast<CMessage*>(const_cast<rmq_message_t*>(m));
}
inline CMessageExt* Official(const rmq_message_ext_t* m) {
  return reinterpret_cast<CMessageExt*>(const_cast<rmq_message_ext_t*>(m));
}

// Records `message` for GetLatestErrorMessage() on this thread.
void SetLatestError(const std::string& message);
// `code` when `rc` failed (recording *error's message, then freeing it), else OK. Takes the
// error's address so that a call's result and its error can be passed in one expression.
int Status(rmq_err_t rc, rmq_error_t** error, int code);
// NULL_POINTER, recording which argument was NULL.
int NullPointer(const char* name);
// NULL_POINTER for a client handle that is NULL or was destroyed.
int NoHandle(const char* name);

// The official client answers "" for a property the message does not have.
inline const char* OrEmpty(const char* value) { return value ? value : ""; }

// Copies `text` into a fixed field, truncated and always NUL-terminated.
void CopyField(char* field, size_t capacity, const char* text);

// The log settings every official client kind has; process-wide.
int SetLogPath(const char* log_path);
int SetLogLevel(CLogLevel level);

// Success and failure of a send as the official structs.
CSendResult ToSendResult(const rmq_send_result_t* result);
CMQException ToException(const rmq_error_t* error);

// The text ShowProducerVersion() and friends return.
const char* VersionText();

}  // namespace compat
}  // namespace rocketmq

#endif  // ROCKETMQ_C_API_COMPAT_OFFICIAL_H_
