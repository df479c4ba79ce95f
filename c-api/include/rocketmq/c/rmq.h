/* The native C ABI of the RocketMQ SDK.
 *
 * Every symbol is prefixed rmq_, every object is an opaque handle created and destroyed
 * through functions, and every callback carries a user-data pointer. Numeric values of
 * the enums are stable across releases. */
#ifndef ROCKETMQ_C_RMQ_H_
#define ROCKETMQ_C_RMQ_H_

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

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_H_ */
