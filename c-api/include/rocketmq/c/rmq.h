/* The native C ABI of the RocketMQ SDK: include this one header.
 *
 * Every symbol is prefixed rmq_, every object is an opaque handle created and destroyed
 * through functions, settings are given by name and value, every callback carries a
 * user-data pointer (`opaque`), and bodies are bytes with a length. Numeric values of the
 * enums are stable across releases.
 *
 *   rmq_common.h             version, error codes, error objects (start here)
 *   rmq_message.h            messages, received messages, queues
 *   rmq_producer.h           producers, transactional producers, send results
 *   rmq_push_consumer.h      push consumers and listeners
 *   rmq_lite_pull_consumer.h lite pull consumers
 *   rmq_log.h                the library's log */
#ifndef ROCKETMQ_C_RMQ_H_
#define ROCKETMQ_C_RMQ_H_

#include "rocketmq/c/rmq_common.h"
#include "rocketmq/c/rmq_lite_pull_consumer.h"
#include "rocketmq/c/rmq_log.h"
#include "rocketmq/c/rmq_message.h"
#include "rocketmq/c/rmq_producer.h"
#include "rocketmq/c/rmq_push_consumer.h"

#endif /* ROCKETMQ_C_RMQ_H_ */
