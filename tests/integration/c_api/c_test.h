/* What the C tests share: checks that report the failing expression and exit, and a
 * counter that callbacks on other threads bump and the test waits on (bounded). */
#ifndef ROCKETMQ_TESTS_C_API_C_TEST_H_
#define ROCKETMQ_TESTS_C_API_C_TEST_H_

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

/* Runs `call`, which must pass &err as its error argument, and fails unless it returns OK. */
#define CHECK_OK(call)                                                                            \
  do {                                                                                            \
    rmq_error_t* err = NULL;                                                                      \
    rmq_err_t rc_ = (call);                                                                       \
    if (rc_ != RMQ_OK) {                                                                          \
      fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, #call, rmq_err2name(rc_), \
              rmq_error_message(err));                                                            \
      exit(1);                                                                                    \
    }                                                                                             \
    CHECK(err == NULL);                                                                           \
  } while (0)

/* Runs `call` (passing &err) and checks that it fails with `code` and a message holding
 * `needle`. */
#define CHECK_FAILS(code, needle, call)                                                        \
  do {                                                                                         \
    rmq_error_t* err = NULL;                                                                   \
    rmq_err_t rc_ = (call);                                                                    \
    if (rc_ != (code) || rmq_error_code(err) != (code) ||                                      \
        strstr(rmq_error_message(err), (needle)) == NULL) {                                    \
      fprintf(stderr, "%s:%d: %s: expected %s with \"%s\", got %s: %s\n", __FILE__, __LINE__,  \
              #call, rmq_err2name(code), (needle), rmq_err2name(rc_), rmq_error_message(err)); \
      exit(1);                                                                                 \
    }                                                                                          \
    rmq_error_destroy(err);                                                                    \
  } while (0)

typedef struct {
  pthread_mutex_t mutex;
  pthread_cond_t changed;
  int count;
} counter_t;

static inline void counter_init(counter_t* c) {
  pthread_mutex_init(&c->mutex, NULL);
  pthread_cond_init(&c->changed, NULL);
  c->count = 0;
}

static inline void counter_destroy(counter_t* c) {
  pthread_cond_destroy(&c->changed);
  pthread_mutex_destroy(&c->mutex);
}

static inline void counter_add(counter_t* c, int n) {
  pthread_mutex_lock(&c->mutex);
  c->count += n;
  pthread_cond_broadcast(&c->changed);
  pthread_mutex_unlock(&c->mutex);
}

static inline int counter_get(counter_t* c) {
  pthread_mutex_lock(&c->mutex);
  int n = c->count;
  pthread_mutex_unlock(&c->mutex);
  return n;
}

/* Waits until the count reaches `target` or `timeout_ms` passes; returns the count. */
static inline int counter_wait(counter_t* c, int target, int timeout_ms) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&c->mutex);
  while (c->count < target) {
    if (pthread_cond_timedwait(&c->changed, &c->mutex, &deadline) != 0) break;
  }
  int n = c->count;
  pthread_mutex_unlock(&c->mutex);
  return n;
}

/* The nameserver the cluster runner started. */
static inline const char* test_namesrv(void) {
  const char* addr = getenv("RMQ_TEST_NAMESRV");
  if (!addr || !*addr) {
    fprintf(stderr, "RMQ_TEST_NAMESRV is not set: run through c_api_cluster_runner\n");
    exit(2);
  }
  return addr;
}

#endif /* ROCKETMQ_TESTS_C_API_C_TEST_H_ */
