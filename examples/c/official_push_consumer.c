/* A push consumer written for the official C API. It starts from the last offset, as the
 * official one does: run it, then produce. Stops after COUNT messages or 30 s.
 * Usage: c_official_push_consumer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "CErrorMessage.h"
#include "CMessageExt.h"
#include "CPushConsumer.h"
#include "example_args.h"

/* Updated on the consume threads; read by main. */
static atomic_int g_received;

static int on_message(CPushConsumer* consumer, CMessageExt* msg) {
  printf("%s: %.*s\n", GetPushConsumerGroupID(consumer), GetMessageBodyLength(msg),
         GetMessageBody(msg));
  atomic_fetch_add(&g_received, 1);
  return E_CONSUME_SUCCESS;
}

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  CPushConsumer* consumer = CreatePushConsumer("ExampleOfficialConsumer");
  SetPushConsumerNameServerAddress(consumer, args.namesrv);
  Subscribe(consumer, args.topic, "*");
  RegisterMessageCallback(consumer, on_message);
  if (StartPushConsumer(consumer) != OK) {
    fprintf(stderr, "start failed: %s\n", GetLatestErrorMessage());
    DestroyPushConsumer(consumer);
    return 1;
  }
  const time_t end = time(NULL) + 30;
  const struct timespec tick = {0, 100 * 1000 * 1000};
  while (atomic_load(&g_received) < args.count && time(NULL) < end) {
    nanosleep(&tick, NULL);
  }
  ShutdownPushConsumer(consumer);
  DestroyPushConsumer(consumer);
  return atomic_load(&g_received) >= args.count ? 0 : 1;
}
