/* Transactional messages: each is stored as a half message, a local transaction runs, and
 * its answer delivers (commit) or discards (rollback) the message. An undecided one is
 * settled later by the broker's check-back, answered by the checker.
 * Usage: c_transaction_producer -n 127.0.0.1:9876 -t TopicTest -c 3 */
#include <stdio.h>

#include "example_args.h"
#include "rocketmq/c/rmq.h"

/* Runs on the sending thread, once the half message is stored. */
static rmq_txn_state_t run_local_transaction(const rmq_message_t* message,
                                             const rmq_send_result_t* result, void* opaque) {
  (void)message;
  const int step = *(const int*)opaque;
  printf("local transaction of %s\n", rmq_send_result_msg_id(result));
  return step % 3 == 0 ? RMQ_TXN_COMMIT : step % 3 == 1 ? RMQ_TXN_ROLLBACK : RMQ_TXN_UNKNOWN;
}

/* Runs on a thread the producer owns, when the broker asks about an undecided message. */
static rmq_txn_state_t check_local_transaction(const rmq_message_ext_t* message, void* opaque) {
  (void)opaque;
  printf("check-back for %s: commit\n", rmq_message_ext_msg_id(message));
  return RMQ_TXN_COMMIT;
}

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  rmq_error_t* error = NULL;
  rmq_producer_t* producer = rmq_transaction_producer_new(check_local_transaction, NULL);
  if (rmq_producer_set(producer, "namesrvAddr", args.namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "ExampleCTxnProducer", &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start failed: %s\n", rmq_error_message(error));
    rmq_error_destroy(error);
    rmq_producer_destroy(producer);
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    rmq_message_t* message = rmq_message_new(args.topic);
    rmq_message_set_body(message, "transfer", 8);
    rmq_txn_state_t state = RMQ_TXN_UNKNOWN;
    if (rmq_producer_send_in_transaction(producer, message, run_local_transaction, &i, NULL, &state,
                                         &error) == RMQ_OK) {
      printf("transaction %d ended with %d\n", i, (int)state);
    } else {
      fprintf(stderr, "transaction %d failed: %s\n", i, rmq_error_message(error));
      rmq_error_destroy(error);
      ++failures;
    }
    rmq_message_destroy(message);
  }
  rmq_producer_shutdown(producer, 3000, NULL);
  rmq_producer_destroy(producer);
  return failures == 0 ? 0 : 1;
}
