/* The official C API: the text of the last failure of a C* function on the calling thread
 * (thread-local: concurrent callers do not see each other's errors). "" when none. */
#ifndef __C_CLIENT_ERROR_H__
#define __C_CLIENT_ERROR_H__

#include "CCommon.h"

#ifdef __cplusplus
extern "C" {
#endif

ROCKETMQCLIENT_API const char* GetLatestErrorMessage();

#ifdef __cplusplus
}
#endif
#endif /* __C_CLIENT_ERROR_H__ */
