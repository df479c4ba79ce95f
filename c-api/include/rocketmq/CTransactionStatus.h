/* The official C API: what a local transaction executor or checker answers. */
#ifndef __C_TRANSACTION_STATUS_H__
#define __C_TRANSACTION_STATUS_H__

#ifdef __cplusplus
extern "C" {
#endif

typedef enum E_CTransactionStatus {
  E_COMMIT_TRANSACTION = 0,
  E_ROLLBACK_TRANSACTION = 1,
  E_UNKNOWN_TRANSACTION = 2
} CTransactionStatus;

#ifdef __cplusplus
}
#endif
#endif /* __C_TRANSACTION_STATUS_H__ */
