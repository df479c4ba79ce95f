/* Orderly sends: every message of one order goes to the same queue, so consumers see them
 * in the order sent — once by sharding key, once with a queue selector callback.
 * Usage: c_orderly_producer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

/* Picks the queue from the order id passed as user data. */
static int by_order_id(const rmq_queue_list_t* queues, const rmq_message_t* message, void* opaque) {
  (void)message;
  return *(const int*)opaque % (int)rmq_queue_list_size(queues);
}

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  rmq_error_t* error = NULL;
  rmq_producer_t* producer = rmq_producer_new();
  if (rmq_producer_set(producer, "namesrvAddr", args.namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "ExampleCOrderlyProducer", &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_producer_destroy(producer);
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    char body[32];
    const int size = snprintf(body, sizeof body, "order step %d", i);
    rmq_message_t* message = rmq_message_new(args.topic);
    rmq_message_set_body(message, body, (size_t)size);
    rmq_send_result_t* result = NULL;
    const int order_id = 7;
    rmq_err_t rc = i % 2 == 0
                       ? rmq_producer_send_orderly(producer, message, "order-7", &result, &error)
                       : rmq_producer_send_select(producer, message, by_order_id, (void*)&order_id,
                                                  &result, &error);
    if (rc == RMQ_OK) {
      printf("step %d -> queue %d\n", i, rmq_queue_id(rmq_send_result_queue(result)));
      rmq_send_result_destroy(result);
    } else {
      fprintf(stderr, "step %d failed: %s\n", i, rmq_error_message(error));
      rmq_error_destroy(error);
      ++failures;
    }
    rmq_message_destroy(message);
  }
  rmq_producer_shutdown(producer, 3000, NULL);
  rmq_producer_destroy(producer);
  return failures == 0 ? 0 : 1;
}
