/* Sends messages one at a time through the native C API and waits for each answer.
 * Usage: c_sync_producer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  rmq_error_t* error = NULL;
  rmq_producer_t* producer = rmq_producer_new();
  if (rmq_producer_set(producer, "namesrvAddr", args.namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "ExampleCSyncProducer", &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_producer_destroy(producer);
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    char body[64];
    const int size = snprintf(body, sizeof body, "Hello RocketMQ %d", i);
    rmq_message_t* message = rmq_message_new(args.topic);
    rmq_message_set_tags(message, "TagA");
    rmq_message_set_body(message, body, (size_t)size);
    rmq_send_result_t* result = NULL;
    if (rmq_producer_send(producer, message, &result, &error) == RMQ_OK) {
      const rmq_queue_t* queue = rmq_send_result_queue(result);
      printf("%s queue=%s/%d offset=%lld\n", rmq_send_result_msg_id(result),
             rmq_queue_broker_name(queue), rmq_queue_id(queue),
             (long long)rmq_send_result_queue_offset(result));
      rmq_send_result_destroy(result);
    } else {
      fprintf(stderr, "send %d failed: %s\n", i, rmq_error_message(error));
      rmq_error_destroy(error);
      ++failures;
    }
    rmq_message_destroy(message);
  }
  rmq_producer_shutdown(producer, 3000, NULL);
  rmq_producer_destroy(producer);
  return failures == 0 ? 0 : 1;
}
