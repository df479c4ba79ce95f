/* Sends COUNT messages as one batch: one request, one result whose id lists every message.
 * Usage: c_batch_producer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

#define MAX_BATCH 256

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;
  if (args.count < 1 || args.count > MAX_BATCH) {
    fprintf(stderr, "-c must be 1..%d\n", MAX_BATCH);
    return 2;
  }

  rmq_error_t* error = NULL;
  rmq_producer_t* producer = rmq_producer_new();
  if (rmq_producer_set(producer, "namesrvAddr", args.namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "ExampleCBatchProducer", &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_producer_destroy(producer);
    return 1;
  }
  rmq_message_t* batch[MAX_BATCH];
  for (int i = 0; i < args.count; ++i) {
    char body[32];
    const int size = snprintf(body, sizeof body, "batch item %d", i);
    batch[i] = rmq_message_new(args.topic);
    rmq_message_set_body(batch[i], body, (size_t)size);
  }
  rmq_send_result_t* result = NULL;
  int rc = 0;
  if (rmq_producer_send_batch(producer, (const rmq_message_t* const*)batch, (size_t)args.count,
                              &result, &error) == RMQ_OK) {
    printf("batch stored, ids %s\n", rmq_send_result_msg_id(result));
    rmq_send_result_destroy(result);
  } else {
    fprintf(stderr, "batch failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rc = 1;
  }
  for (int i = 0; i < args.count; ++i) rmq_message_destroy(batch[i]);
  rmq_producer_shutdown(producer, 3000, NULL);
  rmq_producer_destroy(producer);
  return rc;
}
