/* Command line shared by the C examples: -n NAMESRV (default $NAMESRV_ADDR), -t TOPIC,
 * -c COUNT. Kept tiny on purpose; the interesting part of each example is the API calls. */
#ifndef ROCKETMQ_EXAMPLES_C_EXAMPLE_ARGS_H_
#define ROCKETMQ_EXAMPLES_C_EXAMPLE_ARGS_H_

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char* namesrv;
  const char* topic;
  int count;
} example_args_t;

/* Returns 0 (after printing the usage) when the command line is not understood. */
static inline int parse_example_args(int argc, char** argv, example_args_t* args) {
  args->namesrv = getenv("NAMESRV_ADDR");
  args->topic = "TopicTest";
  args->count = 10;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc || strlen(argv[i]) != 2 || argv[i][0] != '-') break;
    switch (argv[i][1]) {
      case 'n':
        args->namesrv = argv[i + 1];
        continue;
      case 't':
        args->topic = argv[i + 1];
        continue;
      case 'c':
        args->count = atoi(argv[i + 1]);
        continue;
      default:
        break;
    }
    break;
  }
  if (!args->namesrv || (argc % 2) == 0) {
    fprintf(stderr, "usage: %s -n NAMESRV [-t TOPIC] [-c COUNT]\n", argv[0]);
    return 0;
  }
  return 1;
}

#endif /* ROCKETMQ_EXAMPLES_C_EXAMPLE_ARGS_H_ */
