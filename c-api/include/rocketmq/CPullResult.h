/* The official C API: what Pull() returns, by value. `msgFoundList` holds `size` messages
 * (E_FOUND only); `pData` belongs to the library. ReleasePullResult() frees both. */
#ifndef __C_PULL_RESULT_H__
#define __C_PULL_RESULT_H__

#include "CCommon.h"
#include "CMessageExt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum E_CPullStatus {
  E_FOUND,
  E_NO_NEW_MSG,
  E_NO_MATCHED_MSG,
  E_OFFSET_ILLEGAL,
  E_BROKER_TIMEOUT
} CPullStatus;

typedef struct _CPullResult_ {
  CPullStatus pullStatus;
  long long nextBeginOffset;
  long long minOffset;
  long long maxOffset;
  CMessageExt** msgFoundList;
  int size;
  void* pData;
} CPullResult;

#ifdef __cplusplus
}
#endif
#endif /* __C_PULL_RESULT_H__ */
