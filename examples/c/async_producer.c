/* Sends messages asynchronously; each result arrives in a callback on one of the
 * producer's callback threads. Usage: c_async_producer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <pthread.h>
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

typedef struct {
  pthread_mutex_t mutex;
  pthread_cond_t all_done;
  int pending;
  int failures;
} progress_t;

static void on_sent(const rmq_send_result_t* result, const rmq_error_t* error, void* opaque) {
  progress_t* progress = opaque;
  pthread_mutex_lock(&progress->mutex);
  if (result) {
    printf("sent %s\n", rmq_send_result_msg_id(result));
  } else {
    fprintf(stderr, "failed: %s\n", rmq_error_message(error));
    ++progress->failures;
  }
  if (--progress->pending == 0) pthread_cond_signal(&progress->all_done);
  pthread_mutex_unlock(&progress->mutex);
}

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  rmq_error_t* error = NULL;
  rmq_producer_t* producer = rmq_producer_new();
  if (rmq_producer_set(producer, "namesrvAddr", args.namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "ExampleCAsyncProducer", &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_producer_destroy(producer);
    return 1;
  }
  progress_t progress = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
  rmq_message_t* message = rmq_message_new(args.topic);
  rmq_message_set_body(message, "Hello async", 11);
  for (int i = 0; i < args.count; ++i) {
    pthread_mutex_lock(&progress.mutex);
    ++progress.pending;
    pthread_mutex_unlock(&progress.mutex);
    /* The message is copied: it may be reused or destroyed right away. */
    if (rmq_producer_send_async(producer, message, on_sent, &progress, &error) != RMQ_OK) {
      fprintf(stderr, "not sent: %s\n", rmq_error_message(error));
      rmq_error_destroy(error);
      pthread_mutex_lock(&progress.mutex);
      --progress.pending;
      ++progress.failures;
      pthread_mutex_unlock(&progress.mutex);
    }
  }
  rmq_message_destroy(message);
  /* Shutdown waits (bounded) for sends in flight; their callbacks have all run after it. */
  rmq_producer_shutdown(producer, 5000, NULL);
  rmq_producer_destroy(producer);
  return progress.failures == 0 && progress.pending == 0 ? 0 : 1;
}
