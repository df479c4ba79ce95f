/* A lite pull consumer: subscribe, poll in a loop, commit what was processed.
 * Usage: c_lite_pull_consumer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  rmq_error_t* error = NULL;
  rmq_lite_pull_consumer_t* consumer = rmq_lite_pull_consumer_new();
  const int failed =
      rmq_lite_pull_consumer_set(consumer, "namesrvAddr", args.namesrv, &error) ||
      rmq_lite_pull_consumer_set(consumer, "consumerGroup", "ExampleCLitePull", &error) ||
      rmq_lite_pull_consumer_set(consumer, "consumeFromWhere", "CONSUME_FROM_FIRST_OFFSET",
                                 &error) ||
      rmq_lite_pull_consumer_set(consumer, "autoCommit", "false", &error) ||
      rmq_lite_pull_consumer_subscribe(consumer, args.topic, "*", RMQ_EXPRESSION_TAG, &error) ||
      rmq_lite_pull_consumer_start(consumer, &error);
  if (failed) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_lite_pull_consumer_destroy(consumer);
    return 1;
  }
  int received = 0;
  for (int round = 0; round < 30 && received < args.count; ++round) {
    rmq_message_list_t* messages = NULL;
    if (rmq_lite_pull_consumer_poll(consumer, 1000, &messages, &error) != RMQ_OK) {
      fprintf(stderr, "poll failed: %s\n", rmq_error_message(error));
      rmq_error_destroy(error);
      break;
    }
    for (size_t i = 0; i < rmq_message_list_size(messages); ++i) {
      const rmq_message_ext_t* m = rmq_message_list_get(messages, i);
      printf("%s queue %d offset %lld\n", rmq_message_ext_msg_id(m), rmq_message_ext_queue_id(m),
             (long long)rmq_message_ext_queue_offset(m));
    }
    received += (int)rmq_message_list_size(messages);
    rmq_message_list_destroy(messages);
    /* Processed: record it on the broker. */
    rmq_lite_pull_consumer_commit(consumer, NULL);
  }
  rmq_lite_pull_consumer_shutdown(consumer, 3000, NULL);
  rmq_lite_pull_consumer_destroy(consumer);
  printf("received %d\n", received);
  return received >= args.count ? 0 : 1;
}
