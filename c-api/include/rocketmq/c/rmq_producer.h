/* Producers: plain and transactional.
 *
 * Lifecycle: rmq_producer_new() (or rmq_transaction_producer_new()), rmq_producer_set()
 * for each setting, rmq_producer_start(), sends, rmq_producer_shutdown(),
 * rmq_producer_destroy(). Settings are refused once started (RMQ_ERR_ILLEGAL_STATE); a
 * send before start or after shutdown is RMQ_ERR_ILLEGAL_STATE too.
 *
 * Threading: every send is thread-safe once started. new/set/start/shutdown/destroy must
 * not run concurrently with any other call on the same producer.
 *
 * Callbacks: an rmq_send_cb runs exactly once per accepted async send, on one of the
 * producer's callback threads (setting clientCallbackExecutorThreads) — never inside the
 * sending call and never on an I/O thread; it may send again. A selector runs on the
 * thread calling the send, before it returns. A transaction executor runs on the thread
 * calling rmq_producer_send_in_transaction(); a checker runs on a thread the producer owns,
 * one check at a time. No callback may shut down or destroy its own producer.
 *
 * Shutdown is bounded by its timeout: async sends still in flight then complete with
 * RMQ_ERR_CANCELLED on the thread calling shutdown. */
#ifndef ROCKETMQ_C_RMQ_PRODUCER_H_
#define ROCKETMQ_C_RMQ_PRODUCER_H_

#include "rocketmq/c/rmq_common.h"
#include "rocketmq/c/rmq_message.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rmq_producer_s rmq_producer_t;
typedef struct rmq_send_result_s rmq_send_result_t;

/* Stable values, the official client's CSendStatus. */
typedef enum rmq_send_status_e {
  RMQ_SEND_OK = 0,
  RMQ_SEND_FLUSH_DISK_TIMEOUT = 1,  /* stored, but the broker's sync flush did not finish */
  RMQ_SEND_FLUSH_SLAVE_TIMEOUT = 2, /* stored on the master, the slave did not confirm */
  RMQ_SEND_SLAVE_NOT_AVAILABLE = 3  /* stored on the master, no slave to replicate to */
} rmq_send_status_t;

/* Stable values, Java's LocalTransactionState. */
typedef enum rmq_txn_state_e {
  RMQ_TXN_COMMIT = 0,   /* deliver the message */
  RMQ_TXN_ROLLBACK = 1, /* discard it */
  RMQ_TXN_UNKNOWN = 2   /* not decided yet: the broker checks back later */
} rmq_txn_state_t;

/* The outcome of an async send: exactly one of `result` and `error` is not NULL. Both are
 * borrowed for the duration of the call. */
typedef void (*rmq_send_cb)(const rmq_send_result_t* result, const rmq_error_t* error,
                            void* opaque);
/* Picks the queue for `message` among the topic's writable queues (never empty): returns an
 * index in [0, rmq_queue_list_size(queues)). Any other value fails the send with
 * RMQ_ERR_INVALID_ARGUMENT; nothing is sent then. */
typedef int (*rmq_queue_selector_cb)(const rmq_queue_list_t* queues, const rmq_message_t* message,
                                     void* opaque);
/* Runs the local transaction once the broker stored the half message. A value that is not
 * an rmq_txn_state_t counts as RMQ_TXN_UNKNOWN (and is logged). */
typedef rmq_txn_state_t (*rmq_txn_execute_cb)(const rmq_message_t* message,
                                              const rmq_send_result_t* result, void* opaque);
/* Answers the broker's check of a pending half message from the local transaction's
 * outcome; rmq_message_ext_msg_id() is the id the executor saw. Unknown values as above. */
typedef rmq_txn_state_t (*rmq_txn_check_cb)(const rmq_message_ext_t* message, void* opaque);

/* NULL only when memory is exhausted. */
RMQ_C_EXPORT rmq_producer_t* rmq_producer_new(void);
/* A producer whose only send is rmq_producer_send_in_transaction(); `checker` (not NULL)
 * gets `checker_opaque`. NULL for a NULL checker or when memory is exhausted. */
RMQ_C_EXPORT rmq_producer_t* rmq_transaction_producer_new(rmq_txn_check_cb checker,
                                                          void* checker_opaque);
/* Shuts down a running producer first (bounded, 3 s), then frees it. NULL is a no-op. */
RMQ_C_EXPORT void rmq_producer_destroy(rmq_producer_t* producer);

/* Sets one setting by the Java client's name: namesrvAddr, producerGroup, instanceName,
 * namespace, sendMsgTimeout (ms), retryTimesWhenSendFailed, retryTimesWhenSendAsyncFailed,
 * compressMsgBodyOverHowmuch, compressLevel, maxMessageSize, maxAsyncInFlight, accessKey,
 * secretKey, useTLS, clientCallbackExecutorThreads, ... Unknown names and invalid values
 * are RMQ_ERR_INVALID_ARGUMENT with a message naming the key. */
RMQ_C_EXPORT rmq_err_t rmq_producer_set(rmq_producer_t* producer, const char* name,
                                        const char* value, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_start(rmq_producer_t* producer, rmq_error_t** error);
/* Waits up to `timeout_ms` for async sends in flight, then stops every thread. */
RMQ_C_EXPORT rmq_err_t rmq_producer_shutdown(rmq_producer_t* producer, int64_t timeout_ms,
                                             rmq_error_t** error);

/* Synchronous sends, retried on another queue (broker) as retryTimesWhenSendFailed allows.
 * On success *result (not NULL) receives a result the caller frees with
 * rmq_send_result_destroy(). */
RMQ_C_EXPORT rmq_err_t rmq_producer_send(rmq_producer_t* producer, const rmq_message_t* message,
                                         rmq_send_result_t** result, rmq_error_t** error);
/* To the given queue, without retries. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_to_queue(rmq_producer_t* producer,
                                                  const rmq_message_t* message,
                                                  const rmq_queue_t* queue,
                                                  rmq_send_result_t** result, rmq_error_t** error);
/* A batch to the given queue, without retries. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_batch_to_queue(rmq_producer_t* producer,
                                                        const rmq_message_t* const* messages,
                                                        size_t count, const rmq_queue_t* queue,
                                                        rmq_send_result_t** result,
                                                        rmq_error_t** error);
/* To the queue `selector` picks (ordering per key). */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_select(rmq_producer_t* producer,
                                                const rmq_message_t* message,
                                                rmq_queue_selector_cb selector, void* opaque,
                                                rmq_send_result_t** result, rmq_error_t** error);
/* Orderly by key: messages with the same sharding key go to the same queue, in order. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_orderly(rmq_producer_t* producer,
                                                 const rmq_message_t* message,
                                                 const char* sharding_key,
                                                 rmq_send_result_t** result, rmq_error_t** error);
/* Request-reply (Java's DefaultMQProducer.request): sends `message` with a fresh correlation
 * id and waits up to `timeout_ms` (> 0) for the reply a responder sends with
 * rmq_message_create_reply(). On success *reply (not NULL) receives the reply, which the
 * caller frees with rmq_message_ext_destroy(). RMQ_ERR_TIMEOUT when no reply came in time. */
RMQ_C_EXPORT rmq_err_t rmq_producer_request(rmq_producer_t* producer, const rmq_message_t* message,
                                            int64_t timeout_ms, rmq_message_ext_t** reply,
                                            rmq_error_t** error);
/* A batch of `count` messages of one topic, none delayed, at most maxMessageSize encoded;
 * the result's message id is the batch's ids joined by commas. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_batch(rmq_producer_t* producer,
                                               const rmq_message_t* const* messages, size_t count,
                                               rmq_send_result_t** result, rmq_error_t** error);

/* Asynchronous sends. RMQ_OK means the send started and `callback` (not NULL) will run
 * exactly once; any other code means it did not start and `callback` will not run. The
 * message is copied: it may be destroyed as soon as the call returns. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_async(rmq_producer_t* producer,
                                               const rmq_message_t* message, rmq_send_cb callback,
                                               void* opaque, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_async_select(rmq_producer_t* producer,
                                                      const rmq_message_t* message,
                                                      rmq_queue_selector_cb selector,
                                                      void* selector_opaque, rmq_send_cb callback,
                                                      void* opaque, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_async_to_queue(rmq_producer_t* producer,
                                                        const rmq_message_t* message,
                                                        const rmq_queue_t* queue,
                                                        rmq_send_cb callback, void* opaque,
                                                        rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_batch_async_to_queue(
    rmq_producer_t* producer, const rmq_message_t* const* messages, size_t count,
    const rmq_queue_t* queue, rmq_send_cb callback, void* opaque, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_batch_async(rmq_producer_t* producer,
                                                     const rmq_message_t* const* messages,
                                                     size_t count, rmq_send_cb callback,
                                                     void* opaque, rmq_error_t** error);

/* One way: no answer from the broker, no retry; RMQ_OK means the request was written. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_oneway(rmq_producer_t* producer,
                                                const rmq_message_t* message, rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_oneway_to_queue(rmq_producer_t* producer,
                                                         const rmq_message_t* message,
                                                         const rmq_queue_t* queue,
                                                         rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_producer_send_oneway_select(rmq_producer_t* producer,
                                                       const rmq_message_t* message,
                                                       rmq_queue_selector_cb selector, void* opaque,
                                                       rmq_error_t** error);

/* Sends `message` as a half message, runs `execute` once the broker stored it, and ends the
 * transaction with its answer. Only for transaction producers (else RMQ_ERR_NOT_SUPPORTED).
 * On success *result receives the half message's send result and, when `local_state` is not
 * NULL, *local_state what the transaction ended with. An error means the executor did not
 * run and nothing was stored. */
RMQ_C_EXPORT rmq_err_t rmq_producer_send_in_transaction(
    rmq_producer_t* producer, const rmq_message_t* message, rmq_txn_execute_cb execute,
    void* opaque, rmq_send_result_t** result, rmq_txn_state_t* local_state, rmq_error_t** error);

/* The topic's writable queues, from the nameserver's route (started producers only).
 * Free *queues with rmq_queue_list_destroy(). */
RMQ_C_EXPORT rmq_err_t rmq_producer_fetch_queues(rmq_producer_t* producer, const char* topic,
                                                 rmq_queue_list_t** queues, rmq_error_t** error);

/* ---- rmq_send_result_t ---- */

RMQ_C_EXPORT rmq_send_status_t rmq_send_result_status(const rmq_send_result_t* result);
/* The client-generated unique id (property UNIQ_KEY), Java's SendResult.getMsgId(). */
RMQ_C_EXPORT const char* rmq_send_result_msg_id(const rmq_send_result_t* result);
/* The broker-generated id (store host and commit-log offset). */
RMQ_C_EXPORT const char* rmq_send_result_offset_msg_id(const rmq_send_result_t* result);
/* The queue the message went to; owned by the result. */
RMQ_C_EXPORT const rmq_queue_t* rmq_send_result_queue(const rmq_send_result_t* result);
/* -1 for a NULL result. */
RMQ_C_EXPORT int64_t rmq_send_result_queue_offset(const rmq_send_result_t* result);
/* The transaction id the broker assigned (what check-backs name for transactional sends). */
RMQ_C_EXPORT const char* rmq_send_result_transaction_id(const rmq_send_result_t* result);
/* Only for results returned by a synchronous send. */
RMQ_C_EXPORT void rmq_send_result_destroy(rmq_send_result_t* result);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_PRODUCER_H_ */
