/* Code written for the official rocketmq-client-cpp C API, unchanged: it compiles against
 * this project's headers and runs on its librocketmq.so.
 * Usage: c_official_producer -n 127.0.0.1:9876 -t TopicTest -c 10 */
#include <stdio.h>

#include "CErrorMessage.h"
#include "CMessage.h"
#include "CProducer.h"
#include "CSendResult.h"
#include "example_args.h"

int main(int argc, char** argv) {
  example_args_t args;
  if (!parse_example_args(argc, argv, &args)) return 2;

  CProducer* producer = CreateProducer("ExampleOfficialProducer");
  SetProducerNameServerAddress(producer, args.namesrv);
  if (StartProducer(producer) != OK) {
    fprintf(stderr, "start failed: %s\n", GetLatestErrorMessage());
    DestroyProducer(producer);
    return 1;
  }
  int failures = 0;
  for (int i = 0; i < args.count; ++i) {
    CMessage* msg = CreateMessage(args.topic);
    SetMessageTags(msg, "TagA");
    SetMessageKeys(msg, "Key");
    SetMessageBody(msg, "Hello from the official C API");
    CSendResult result;
    if (SendMessageSync(producer, msg, &result) == OK) {
      printf("msgId %s offset %lld status %d\n", result.msgId, result.offset,
             (int)result.sendStatus);
    } else {
      fprintf(stderr, "send failed: %s\n", GetLatestErrorMessage());
      ++failures;
    }
    DestroyMessage(msg);
  }
  ShutdownProducer(producer);
  DestroyProducer(producer);
  return failures == 0 ? 0 : 1;
}
