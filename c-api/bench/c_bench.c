/* rmq-c-bench: rmq-bench's produce workload through the native C API, to measure what the C
 * layer costs over the C++ SDK. One sending thread; prints messages sent and the process's
 * CPU time per message.
 *   rmq-c-bench -n NAMESRV -t TOPIC [-s SIZE] [-d SECONDS] [-a WINDOW | -b BATCH]
 * -a: async sends with WINDOW in flight (as rmq-bench --async); -b: sync batches of BATCH;
 * neither: sync sends. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rocketmq/c/rmq.h"

/* In-flight async sends; a full window waits until half of it is answered, as rmq-bench's. */
typedef struct {
  pthread_mutex_t mutex;
  pthread_cond_t changed;
  long size;
  long in_flight;
  int waiting;
  long sent;
  long failed;
} window_t;

static void on_sent(const rmq_send_result_t* result, const rmq_error_t* error, void* opaque) {
  (void)error;
  window_t* w = opaque;
  pthread_mutex_lock(&w->mutex);
  if (result) {
    ++w->sent;
  } else {
    ++w->failed;
  }
  --w->in_flight;
  if (w->in_flight == 0 || (w->waiting && w->in_flight == w->size / 2)) {
    pthread_cond_broadcast(&w->changed);
  }
  pthread_mutex_unlock(&w->mutex);
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6 +
         (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
}

int main(int argc, char** argv) {
  const char* namesrv = NULL;
  const char* topic = "BenchmarkTest";
  long size = 1024, seconds = 10, window = 0, batch = 0;
  int opt;
  while ((opt = getopt(argc, argv, "n:t:s:d:a:b:")) != -1) {
    switch (opt) {
      case 'n':
        namesrv = optarg;
        break;
      case 't':
        topic = optarg;
        break;
      case 's':
        size = atol(optarg);
        break;
      case 'd':
        seconds = atol(optarg);
        break;
      case 'a':
        window = atol(optarg);
        break;
      case 'b':
        batch = atol(optarg);
        break;
      default:
        namesrv = NULL;
        optind = argc;
        break;
    }
  }
  if (!namesrv || size < 1 || seconds < 1 || window < 0 || batch < 0 || batch > 1024) {
    fprintf(stderr, "usage: %s -n NAMESRV -t TOPIC [-s SIZE] [-d SECONDS] [-a WINDOW | -b BATCH]\n",
            argv[0]);
    return 2;
  }

  rmq_error_t* error = NULL;
  char in_flight[32];
  snprintf(in_flight, sizeof in_flight, "%ld", window > 0 ? window : 1);
  rmq_producer_t* producer = rmq_producer_new();
  if (rmq_producer_set(producer, "namesrvAddr", namesrv, &error) != RMQ_OK ||
      rmq_producer_set(producer, "producerGroup", "rmq-c-bench", &error) != RMQ_OK ||
      rmq_producer_set(producer, "maxAsyncInFlight", in_flight, &error) != RMQ_OK ||
      rmq_producer_start(producer, &error) != RMQ_OK) {
    fprintf(stderr, "start: %s\n", rmq_error_message(error));
    return 1;
  }
  char* body = malloc((size_t)size);
  memset(body, 'x', (size_t)size);
  rmq_message_t* message = rmq_message_new(topic);
  rmq_message_set_body(message, body, (size_t)size);
  const rmq_message_t* messages[1024];
  for (long i = 0; i < batch; ++i) messages[i] = message;

  window_t w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, window, 0, 0, 0, 0};
  const double cpu_begin = cpu_seconds();
  const double begin = now_seconds();
  while (now_seconds() - begin < (double)seconds) {
    if (window > 0) {
      pthread_mutex_lock(&w.mutex);
      if (w.in_flight >= w.size) {
        w.waiting = 1;
        while (w.in_flight > w.size / 2) pthread_cond_wait(&w.changed, &w.mutex);
        w.waiting = 0;
      }
      ++w.in_flight;
      pthread_mutex_unlock(&w.mutex);
      if (rmq_producer_send_async(producer, message, on_sent, &w, NULL) != RMQ_OK) {
        on_sent(NULL, NULL, &w);
      }
    } else {
      const rmq_err_t rc =
          batch > 0 ? rmq_producer_send_batch(producer, messages, (size_t)batch, NULL, NULL)
                    : rmq_producer_send(producer, message, NULL, NULL);
      pthread_mutex_lock(&w.mutex);
      if (rc == RMQ_OK) {
        w.sent += batch > 0 ? batch : 1;
      } else {
        ++w.failed;
      }
      pthread_mutex_unlock(&w.mutex);
    }
  }
  pthread_mutex_lock(&w.mutex);
  while (w.in_flight > 0) pthread_cond_wait(&w.changed, &w.mutex);
  pthread_mutex_unlock(&w.mutex);
  const double elapsed = now_seconds() - begin;
  const double cpu = cpu_seconds() - cpu_begin;
  rmq_producer_shutdown(producer, 3000, NULL);
  rmq_producer_destroy(producer);
  rmq_message_destroy(message);
  free(body);
  printf("{\"sent\":%ld,\"failed\":%ld,\"tps\":%.1f,\"cpu_us_per_msg\":%.2f}\n", w.sent, w.failed,
         (double)w.sent / elapsed, w.sent > 0 ? cpu * 1e6 / (double)w.sent : 0.0);
  return w.failed == 0 ? 0 : 1;
}
