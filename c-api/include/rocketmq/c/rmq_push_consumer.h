/* Push consumers: the library pulls the subscribed topics and hands the messages to a
 * listener callback.
 *
 * Lifecycle: rmq_push_consumer_new(), rmq_push_consumer_set() for each setting (at least
 * consumerGroup and namesrvAddr), rmq_push_consumer_subscribe(), one of
 * rmq_push_consumer_set_listener() / rmq_push_consumer_set_orderly_listener(),
 * rmq_push_consumer_start(), rmq_push_consumer_shutdown(), rmq_push_consumer_destroy().
 * Settings and listeners are refused once started (RMQ_ERR_ILLEGAL_STATE); subscriptions
 * may be added while running.
 *
 * Messaging model (setting messageModel): CLUSTERING (default) shares the queues among the
 * group's consumers, BROADCASTING gives every consumer every message.
 *
 * Threading: the listener runs on the consumer's consume threads (setting
 * consumeThreadMin). A concurrent listener is called concurrently for different batches,
 * even of one queue; an orderly listener is called one batch at a time per queue, in queue
 * order. A listener must return in bounded time — shutdown waits for calls in progress —
 * and must not shut down or destroy its consumer (that call then fails with
 * RMQ_ERR_ILLEGAL_STATE). new/set/start/shutdown/destroy must not run concurrently with
 * each other on one consumer. */
#ifndef ROCKETMQ_C_RMQ_PUSH_CONSUMER_H_
#define ROCKETMQ_C_RMQ_PUSH_CONSUMER_H_

#include "rocketmq/c/rmq_common.h"
#include "rocketmq/c/rmq_message.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rmq_push_consumer_s rmq_push_consumer_t;

/* How a subscription's expression selects messages. */
typedef enum rmq_expression_type_e {
  RMQ_EXPRESSION_TAG = 0,  /* "*" or tags joined by "||" ("TagA || TagB") */
  RMQ_EXPRESSION_SQL92 = 1 /* an SQL92 condition on properties; the broker must enable
                              enablePropertyFilter, others refuse the subscription */
} rmq_expression_type_t;

/* What a listener returns for its whole batch. */
typedef enum rmq_consume_status_e {
  RMQ_CONSUME_SUCCESS = 0,
  /* Concurrent: the batch is redelivered later through the group's retry topic.
   * Orderly: the queue pauses (suspendCurrentQueueTimeMillis) and the batch comes again. */
  RMQ_CONSUME_RETRY_LATER = 1
} rmq_consume_status_t;

/* `messages` (1 to consumeMessageBatchMaxSize of them) are borrowed for the call. A value
 * that is not an rmq_consume_status_t counts as RMQ_CONSUME_RETRY_LATER (and is logged). */
typedef rmq_consume_status_t (*rmq_consume_cb)(rmq_push_consumer_t* consumer,
                                               const rmq_message_list_t* messages, void* opaque);

/* NULL only when memory is exhausted. */
RMQ_C_EXPORT rmq_push_consumer_t* rmq_push_consumer_new(void);
/* Shuts down a running consumer first (bounded, 3 s, plus listener calls in progress),
 * then frees it. NULL is a no-op. */
RMQ_C_EXPORT void rmq_push_consumer_destroy(rmq_push_consumer_t* consumer);

/* Sets one setting by the Java client's name: namesrvAddr, consumerGroup, instanceName,
 * namespace, messageModel (CLUSTERING/BROADCASTING), consumeFromWhere
 * (CONSUME_FROM_LAST_OFFSET/..._FIRST_OFFSET/..._TIMESTAMP), consumeTimestamp,
 * consumeThreadMin, consumeMessageBatchMaxSize, pullBatchSize, maxReconsumeTimes,
 * suspendCurrentQueueTimeMillis, ... Unknown names and invalid values are
 * RMQ_ERR_INVALID_ARGUMENT with a message naming the key. */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_set(rmq_push_consumer_t* consumer, const char* name,
                                             const char* value, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_subscribe(rmq_push_consumer_t* consumer, const char* topic,
                                                   const char* expression,
                                                   rmq_expression_type_t type, rmq_error_t** error);
/* Stops consuming `topic` (before or after start). */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_unsubscribe(rmq_push_consumer_t* consumer,
                                                     const char* topic, rmq_error_t** error);
/* Concurrent consumption. */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_set_listener(rmq_push_consumer_t* consumer,
                                                      rmq_consume_cb listener, void* opaque,
                                                      rmq_error_t** error);
/* Orderly consumption: one batch at a time per queue, in queue order. */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_set_orderly_listener(rmq_push_consumer_t* consumer,
                                                              rmq_consume_cb listener, void* opaque,
                                                              rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_start(rmq_push_consumer_t* consumer, rmq_error_t** error);
/* Stops handing messages to the listener (calls in progress finish) and, shortly after,
 * pulling, until rmq_push_consumer_resume(); queues and offsets are kept. Started consumers
 * only. */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_suspend(rmq_push_consumer_t* consumer,
                                                 rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_resume(rmq_push_consumer_t* consumer, rmq_error_t** error);
/* Stops pulling, waits for listener calls in progress, commits offsets and stops every
 * thread, within `timeout_ms` (listener calls in progress are always awaited). */
RMQ_C_EXPORT rmq_err_t rmq_push_consumer_shutdown(rmq_push_consumer_t* consumer, int64_t timeout_ms,
                                                  rmq_error_t** error);
/* The configured group (the SDK's default, DEFAULT_CONSUMER, until set). */
RMQ_C_EXPORT const char* rmq_push_consumer_group(const rmq_push_consumer_t* consumer);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_PUSH_CONSUMER_H_ */
