/* A push consumer with a concurrent listener (or, with -o, an orderly one): the library
 * pulls and calls the listener on its consume threads. Stops after COUNT messages or 30 s.
 * Usage: c_push_consumer -n 127.0.0.1:9876 -t TopicTest -c 10 [-o 1] */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

typedef struct {
  pthread_mutex_t mutex;
  pthread_cond_t changed;
  int received;
} tally_t;

/* Runs on a consume thread; the messages are borrowed for the call. */
static rmq_consume_status_t on_messages(rmq_push_consumer_t* consumer,
                                        const rmq_message_list_t* messages, void* opaque) {
  (void)consumer;
  tally_t* tally = opaque;
  for (size_t i = 0; i < rmq_message_list_size(messages); ++i) {
    const rmq_message_ext_t* m = rmq_message_list_get(messages, i);
    size_t size = 0;
    const char* body = rmq_message_ext_body(m, &size);
    printf("queue %d offset %lld: %.*s\n", rmq_message_ext_queue_id(m),
           (long long)rmq_message_ext_queue_offset(m), (int)size, body);
  }
  pthread_mutex_lock(&tally->mutex);
  tally->received += (int)rmq_message_list_size(messages);
  pthread_cond_signal(&tally->changed);
  pthread_mutex_unlock(&tally->mutex);
  return RMQ_CONSUME_SUCCESS;
}

int main(int argc, char** argv) {
  int orderly = argc >= 3 && strcmp(argv[argc - 2], "-o") == 0;
  example_args_t args;
  if (!parse_example_args(orderly ? argc - 2 : argc, argv, &args)) return 2;

  tally_t tally = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  rmq_error_t* error = NULL;
  rmq_push_consumer_t* consumer = rmq_push_consumer_new();
  const int failed =
      rmq_push_consumer_set(consumer, "namesrvAddr", args.namesrv, &error) ||
      rmq_push_consumer_set(consumer, "consumerGroup",
                            orderly ? "ExampleCOrderlyConsumer" : "ExampleCPushConsumer", &error) ||
      rmq_push_consumer_set(consumer, "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET", &error) ||
      rmq_push_consumer_subscribe(consumer, args.topic, "*", RMQ_EXPRESSION_TAG, &error) ||
      (orderly ? rmq_push_consumer_set_orderly_listener(consumer, on_messages, &tally, &error)
               : rmq_push_consumer_set_listener(consumer, on_messages, &tally, &error)) ||
      rmq_push_consumer_start(consumer, &error);
  if (failed) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_push_consumer_destroy(consumer);
    return 1;
  }
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 30;
  pthread_mutex_lock(&tally.mutex);
  while (tally.received < args.count &&
         pthread_cond_timedwait(&tally.changed, &tally.mutex, &deadline) == 0) {
  }
  const int received = tally.received;
  pthread_mutex_unlock(&tally.mutex);
  rmq_push_consumer_shutdown(consumer, 3000, NULL);
  rmq_push_consumer_destroy(consumer);
  printf("received %d\n", received);
  return received >= args.count ? 0 : 1;
}
