/* Lite pull consumers: the application polls.
 *
 * It either subscribes to topics (its queues then come from the group's rebalancing) or
 * assigns itself queues, not both. Messages are fetched ahead in the background;
 * rmq_lite_pull_consumer_poll() returns the next ones. With auto-commit (the default;
 * setting autoCommit=false turns it off) each poll marks what earlier polls returned as
 * consumed; otherwise only rmq_lite_pull_consumer_commit() records progress — on the broker
 * in clustering mode, in a local file in broadcasting mode.
 *
 * Lifecycle: rmq_lite_pull_consumer_new(), rmq_lite_pull_consumer_set(), subscribe (before
 * or after start) or assign (after start), start, poll in a loop, shutdown, destroy.
 *
 * Threading: poll, seek, commit and assign are thread-safe; poll is meant for one thread.
 * A commit-async callback runs on the consumer's timer thread, or on the thread calling
 * shutdown if that comes first; it must not shut down or destroy the consumer. */
#ifndef ROCKETMQ_C_RMQ_LITE_PULL_CONSUMER_H_
#define ROCKETMQ_C_RMQ_LITE_PULL_CONSUMER_H_

#include "rocketmq/c/rmq_common.h"
#include "rocketmq/c/rmq_message.h"
#include "rocketmq/c/rmq_push_consumer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rmq_lite_pull_consumer_s rmq_lite_pull_consumer_t;

/* The outcome of a commit-async: `error` is NULL on success, borrowed otherwise. */
typedef void (*rmq_commit_cb)(const rmq_error_t* error, void* opaque);

/* NULL only when memory is exhausted. */
RMQ_C_EXPORT rmq_lite_pull_consumer_t* rmq_lite_pull_consumer_new(void);
/* Shuts down a running consumer first (bounded, 3 s), then frees it. NULL is a no-op. */
RMQ_C_EXPORT void rmq_lite_pull_consumer_destroy(rmq_lite_pull_consumer_t* consumer);

/* The push consumer's settings (see rmq_push_consumer_set()) plus autoCommit
 * (true/false). Refused once started. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_set(rmq_lite_pull_consumer_t* consumer,
                                                  const char* name, const char* value,
                                                  rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_subscribe(rmq_lite_pull_consumer_t* consumer,
                                                        const char* topic, const char* expression,
                                                        rmq_expression_type_t type,
                                                        rmq_error_t** error);
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_start(rmq_lite_pull_consumer_t* consumer,
                                                    rmq_error_t** error);
/* Commits (with auto-commit) and persists offsets, then stops, within `timeout_ms`. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_shutdown(rmq_lite_pull_consumer_t* consumer,
                                                       int64_t timeout_ms, rmq_error_t** error);

/* The configured group (the SDK's default, DEFAULT_CONSUMER, until set). */
RMQ_C_EXPORT const char* rmq_lite_pull_consumer_group(const rmq_lite_pull_consumer_t* consumer);

/* The topic's readable queues (started consumers only); free with rmq_queue_list_destroy(). */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_fetch_queues(rmq_lite_pull_consumer_t* consumer,
                                                           const char* topic,
                                                           rmq_queue_list_t** queues,
                                                           rmq_error_t** error);
/* Consume exactly these `count` queues from now on, each from its committed offset. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_assign(rmq_lite_pull_consumer_t* consumer,
                                                     const rmq_queue_t* const* queues, size_t count,
                                                     rmq_error_t** error);
/* Up to pullBatchSize messages, waiting up to `timeout_ms` for the first. *messages
 * receives a list (empty on timeout) the caller frees with rmq_message_list_destroy(). */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_poll(rmq_lite_pull_consumer_t* consumer,
                                                   int64_t timeout_ms,
                                                   rmq_message_list_t** messages,
                                                   rmq_error_t** error);
/* The next poll returns `queue`'s messages from `offset` on. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_seek(rmq_lite_pull_consumer_t* consumer,
                                                   const rmq_queue_t* queue, int64_t offset,
                                                   rmq_error_t** error);
/* Records everything polls returned so far as consumed and persists it now. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_commit(rmq_lite_pull_consumer_t* consumer,
                                                     rmq_error_t** error);
/* As commit, but persists in the background; `callback` (may be NULL) runs exactly once
 * when RMQ_OK is returned, never otherwise. */
RMQ_C_EXPORT rmq_err_t rmq_lite_pull_consumer_commit_async(rmq_lite_pull_consumer_t* consumer,
                                                           rmq_commit_cb callback, void* opaque,
                                                           rmq_error_t** error);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_LITE_PULL_CONSUMER_H_ */
