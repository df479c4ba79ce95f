/* Messages, received messages, message queues and lists of them.
 *
 * rmq_message_t is what a producer sends: topic, tags, keys, a body of bytes (pointer and
 * length; embedded NULs are kept) and string properties. It is owned by the caller.
 *
 * rmq_message_ext_t is a message as a consumer receives it, with what the broker recorded
 * when storing it. Those handed to a callback are borrowed: valid only during the call
 * (rmq_message_ext_copy() keeps one longer). Those in a list returned by a poll live until
 * the list is destroyed.
 *
 * Strings returned by getters are NUL-terminated and stay valid until the object is
 * modified or destroyed. Getters given a NULL handle return NULL (strings) or 0.
 *
 * Threading: a message may be read from several threads at once; modifying it while
 * another thread uses it (including a send in progress) is not allowed. */
#ifndef ROCKETMQ_C_RMQ_MESSAGE_H_
#define ROCKETMQ_C_RMQ_MESSAGE_H_

#include "rocketmq/c/rmq_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rmq_message_s rmq_message_t;
typedef struct rmq_message_ext_s rmq_message_ext_t;
typedef struct rmq_message_list_s rmq_message_list_t;
typedef struct rmq_queue_s rmq_queue_t;
typedef struct rmq_queue_list_s rmq_queue_list_t;

/* ---- rmq_message_t ---- */

/* `topic` may be NULL (set it later). NULL only when memory is exhausted. */
RMQ_C_EXPORT rmq_message_t* rmq_message_new(const char* topic);
RMQ_C_EXPORT void rmq_message_destroy(rmq_message_t* message);

/* Setters return RMQ_ERR_INVALID_ARGUMENT for a NULL message or string. */
RMQ_C_EXPORT rmq_err_t rmq_message_set_topic(rmq_message_t* message, const char* topic);
/* The tag consumers select on ("TagA"); stored as property TAGS. */
RMQ_C_EXPORT rmq_err_t rmq_message_set_tags(rmq_message_t* message, const char* tags);
/* Business keys, space-separated, indexed by the broker; stored as property KEYS. */
RMQ_C_EXPORT rmq_err_t rmq_message_set_keys(rmq_message_t* message, const char* keys);
/* Copies `size` bytes; `body` may be NULL only when `size` is 0 (an empty body, which a
 * send then refuses with RMQ_ERR_INVALID_ARGUMENT, as every RocketMQ client does). */
RMQ_C_EXPORT rmq_err_t rmq_message_set_body(rmq_message_t* message, const void* body, size_t size);
/* Names and values must not contain the bytes 0x01 and 0x02 (the wire format's separators):
 * a send of such a message fails with RMQ_ERR_INVALID_ARGUMENT. */
RMQ_C_EXPORT rmq_err_t rmq_message_set_property(rmq_message_t* message, const char* name,
                                                const char* value);
/* Level 1..N of the broker's messageDelayLevel table ("1s 5s 10s 30s 1m ..."); 0 = none. */
RMQ_C_EXPORT rmq_err_t rmq_message_set_delay_level(rmq_message_t* message, int level);

RMQ_C_EXPORT const char* rmq_message_topic(const rmq_message_t* message);
/* "" when not set. */
RMQ_C_EXPORT const char* rmq_message_tags(const rmq_message_t* message);
RMQ_C_EXPORT const char* rmq_message_keys(const rmq_message_t* message);
/* The body's bytes (not NUL-terminated in general) and, when `size` is not NULL, their count. */
RMQ_C_EXPORT const void* rmq_message_body(const rmq_message_t* message, size_t* size);
/* NULL when the message has no such property. */
RMQ_C_EXPORT const char* rmq_message_property(const rmq_message_t* message, const char* name);
RMQ_C_EXPORT int rmq_message_delay_level(const rmq_message_t* message);

/* ---- rmq_message_ext_t: read-only ---- */

RMQ_C_EXPORT const char* rmq_message_ext_topic(const rmq_message_ext_t* message);
RMQ_C_EXPORT const char* rmq_message_ext_tags(const rmq_message_ext_t* message);
RMQ_C_EXPORT const char* rmq_message_ext_keys(const rmq_message_ext_t* message);
RMQ_C_EXPORT const void* rmq_message_ext_body(const rmq_message_ext_t* message, size_t* size);
RMQ_C_EXPORT const char* rmq_message_ext_property(const rmq_message_ext_t* message,
                                                  const char* name);
RMQ_C_EXPORT int rmq_message_ext_delay_level(const rmq_message_ext_t* message);
/* The producer's unique id (property UNIQ_KEY), else the broker's offset message id. */
RMQ_C_EXPORT const char* rmq_message_ext_msg_id(const rmq_message_ext_t* message);
/* The broker's id: store host and commit-log offset. */
RMQ_C_EXPORT const char* rmq_message_ext_offset_msg_id(const rmq_message_ext_t* message);
RMQ_C_EXPORT const char* rmq_message_ext_broker_name(const rmq_message_ext_t* message);
RMQ_C_EXPORT int rmq_message_ext_queue_id(const rmq_message_ext_t* message);
RMQ_C_EXPORT int64_t rmq_message_ext_queue_offset(const rmq_message_ext_t* message);
RMQ_C_EXPORT int64_t rmq_message_ext_commit_log_offset(const rmq_message_ext_t* message);
/* Milliseconds since the epoch: when the producer created it, when the broker stored it. */
RMQ_C_EXPORT int64_t rmq_message_ext_born_timestamp(const rmq_message_ext_t* message);
RMQ_C_EXPORT int64_t rmq_message_ext_store_timestamp(const rmq_message_ext_t* message);
/* "ip:port". */
RMQ_C_EXPORT const char* rmq_message_ext_born_host(const rmq_message_ext_t* message);
RMQ_C_EXPORT const char* rmq_message_ext_store_host(const rmq_message_ext_t* message);
/* How many times it was handed back for redelivery. */
RMQ_C_EXPORT int rmq_message_ext_reconsume_times(const rmq_message_ext_t* message);
RMQ_C_EXPORT int rmq_message_ext_store_size(const rmq_message_ext_t* message);

/* The reply to a request a consumer received (one sent with rmq_producer_request() or Java's
 * DefaultMQProducer.request), with `body`: to the request's <CLUSTER>_REPLY_TOPIC, carrying its
 * correlation id; send it with any producer. *reply (not NULL) receives a new message the
 * caller frees with rmq_message_destroy(). RMQ_ERR_INVALID_ARGUMENT when the request has no
 * CLUSTER property (brokers add it to every message they store). */
RMQ_C_EXPORT rmq_err_t rmq_message_create_reply(const rmq_message_ext_t* request, const void* body,
                                                size_t size, rmq_message_t** reply,
                                                rmq_error_t** error);
/* An owned copy of a (possibly borrowed) message; free with rmq_message_ext_destroy().
 * NULL for a NULL message or when memory is exhausted. */
RMQ_C_EXPORT rmq_message_ext_t* rmq_message_ext_copy(const rmq_message_ext_t* message);
/* Only for copies: the messages of callbacks and lists belong to the library. */
RMQ_C_EXPORT void rmq_message_ext_destroy(rmq_message_ext_t* message);

/* ---- rmq_message_list_t: messages handed to a listener or returned by a poll ---- */

RMQ_C_EXPORT size_t rmq_message_list_size(const rmq_message_list_t* list);
/* NULL when `index` is out of range. */
RMQ_C_EXPORT const rmq_message_ext_t* rmq_message_list_get(const rmq_message_list_t* list,
                                                           size_t index);
/* Only for lists a poll returned; those given to callbacks belong to the library. */
RMQ_C_EXPORT void rmq_message_list_destroy(rmq_message_list_t* list);

/* ---- rmq_queue_t: one queue of a topic on one broker ---- */

/* NULL for a NULL topic or broker name, or when memory is exhausted. */
RMQ_C_EXPORT rmq_queue_t* rmq_queue_new(const char* topic, const char* broker_name, int queue_id);
RMQ_C_EXPORT void rmq_queue_destroy(rmq_queue_t* queue);
RMQ_C_EXPORT const char* rmq_queue_topic(const rmq_queue_t* queue);
RMQ_C_EXPORT const char* rmq_queue_broker_name(const rmq_queue_t* queue);
/* -1 for a NULL queue. */
RMQ_C_EXPORT int rmq_queue_id(const rmq_queue_t* queue);

/* ---- rmq_queue_list_t: a topic's queues ---- */

RMQ_C_EXPORT size_t rmq_queue_list_size(const rmq_queue_list_t* list);
/* NULL when `index` is out of range; owned by the list. */
RMQ_C_EXPORT const rmq_queue_t* rmq_queue_list_get(const rmq_queue_list_t* list, size_t index);
/* Only for lists a fetch returned; those given to a selector belong to the library. */
RMQ_C_EXPORT void rmq_queue_list_destroy(rmq_queue_list_t* list);

#ifdef __cplusplus
}
#endif

#endif /* ROCKETMQ_C_RMQ_MESSAGE_H_ */
