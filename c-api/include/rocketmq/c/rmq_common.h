/* What every part of the native C ABI shares: the export macro, the version, the error
 * codes and the error object.
 *
 * Errors. Every call that can fail returns an rmq_err_t (RMQ_OK = 0) and, when its last
 * parameter `error` is not NULL and the call fails, stores in *error a new error object
 * carrying the code and a message that names what failed and why (for a configuration
 * key, the key). The caller owns it and frees it with rmq_error_destroy(). On success
 * *error is set to NULL. There is no global or thread-local "last error": the error object
 * belongs to the call that produced it, so any thread may use the library concurrently.
 *
 * No C++ exception, abort() or unbounded wait crosses this ABI: every entry point catches
 * everything (an allocation failure becomes RMQ_ERR_RESOURCE_EXHAUSTED), and every call
 * that waits takes or documents its bound. */
#ifndef ROCKETMQ_C_RMQ_COMMON_H_
#define ROCKETMQ_C_RMQ_COMMON_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RMQ_C_EXPORT __attribute__((visibility("default")))
#else
#define RMQ_C_EXPORT
#endif

/* 0xMMmmpp, the version of the headers compiled against. */
#define RMQ_C_VERSION 0x000100

/* The version of the library loaded at run time, in RMQ_C_VERSION's form; a program
 * should refuse to run when its major version differs from RMQ_C_VERSION's. */
RMQ_C_EXPORT int rmq_version(void);
RMQ_C_EXPORT const char* rmq_version_str(void);

/* Stable values: never renumbered (they equal the C++ SDK's rocketmq::ErrorCode). */
typedef enum rmq_err_e {
  RMQ_OK = 0,
  RMQ_ERR_INVALID_ARGUMENT = 1,    /* a NULL or unusable argument, a bad configuration value */
  RMQ_ERR_NOT_FOUND = 2,           /* a topic route, message or file does not exist */
  RMQ_ERR_IO = 3,                  /* the operating system refused a file operation */
  RMQ_ERR_CORRUPTION = 4,          /* stored or received data fails its checks */
  RMQ_ERR_TIMEOUT = 5,             /* the operation did not finish in the time allowed */
  RMQ_ERR_NETWORK = 6,             /* connecting, sending or receiving failed */
  RMQ_ERR_PROTOCOL = 7,            /* the peer sent something the protocol does not allow */
  RMQ_ERR_BROKER = 8,              /* the broker or nameserver answered with an error code */
  RMQ_ERR_ILLEGAL_STATE = 9,       /* not started, already started, shut down, wrong thread */
  RMQ_ERR_BUSY = 10,               /* the peer or a local resource is saturated: retry later */
  RMQ_ERR_NOT_SUPPORTED = 11,      /* not implemented, or not for this kind of handle */
  RMQ_ERR_RESOURCE_EXHAUSTED = 12, /* a limit: memory, message size, sends in flight */
  RMQ_ERR_CANCELLED = 13,          /* abandoned, typically by shutdown */
  RMQ_ERR_INTERNAL = 14            /* a bug: an invariant did not hold */
} rmq_err_t;

/* "RMQ_ERR_TIMEOUT", ...; "RMQ_ERR_UNKNOWN" for a value not listed above. Static strings. */
RMQ_C_EXPORT const char* rmq_err2name(rmq_err_t code);
/* A one-line description of the code. Static strings. */
RMQ_C_EXPORT const char* rmq_err2str(rmq_err_t code);

typedef struct rmq_error_s rmq_error_t;

/* A NULL error gives RMQ_OK, "" and 0. */
RMQ_C_EXPORT rmq_err_t rmq_error_code(const rmq_error_t* error);
/* Valid until rmq_error_destroy(). */
RMQ_C_EXPORT const char* rmq_error_message(const rmq_error_t* error);
/* 1 when the same call may succeed later unchanged (timeout, network, busy, limits). */
RMQ_C_EXPORT int rmq_error_is_retriable(const rmq_error_t* error);
RMQ_C_EXPORT void rmq_error_destroy(rmq_error_t* error);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_COMMON_H_ */
