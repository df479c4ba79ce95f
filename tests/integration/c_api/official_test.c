/* The official-compatible C API against a real namesrv and broker, written as code for the
 * official client is: every function, its return conventions and bad input. Compiled as C11
 * with -Werror -pedantic. */
#include "rocketmq/CBatchMessage.h"
#include "rocketmq/CErrorMessage.h"
#include "rocketmq/CMessage.h"
#include "rocketmq/CMessageExt.h"
#include "rocketmq/CProducer.h"
#include "rocketmq/CPullConsumer.h"
#include "rocketmq/CPushConsumer.h"

#include "c_test.h"

static const char* g_namesrv;

/* Fails with the library's latest error message unless `call` returned OK. */
#define EXPECT_OK(call)                                                              \
  do {                                                                               \
    int rc_ = (call);                                                                \
    if (rc_ != OK) {                                                                 \
      fprintf(stderr, "%s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #call, rc_, \
              GetLatestErrorMessage());                                              \
      exit(1);                                                                       \
    }                                                                                \
  } while (0)

static void test_messages(void) {
  static const char body[] = {'x', '\0', 'y'};
  CMessage* m = CreateMessage("COfficialMsg");
  EXPECT_OK(SetMessageTags(m, "TagA"));
  EXPECT_OK(SetMessageKeys(m, "key"));
  EXPECT_OK(SetMessageBody(m, "text"));
  CHECK(GetOriginMessageBodyLength(m) == 4 && strcmp(GetOriginMessageBody(m), "text") == 0);
  EXPECT_OK(SetByteMessageBody(m, body, 3));
  CHECK(GetOriginMessageBodyLength(m) == 3 && memcmp(GetOriginMessageBody(m), body, 3) == 0);
  EXPECT_OK(SetMessageProperty(m, "p", "v"));
  EXPECT_OK(SetDelayTimeLevel(m, 2));
  EXPECT_OK(SetMessageTopic(m, "COfficialMsg2"));
  CHECK(strcmp(GetOriginMessageTopic(m), "COfficialMsg2") == 0);
  CHECK(strcmp(GetOriginMessageTags(m), "TagA") == 0);
  CHECK(strcmp(GetOriginMessageKeys(m), "key") == 0);
  CHECK(strcmp(GetOriginMessageProperty(m, "p"), "v") == 0);
  CHECK(strcmp(GetOriginMessageProperty(m, "absent"), "") == 0);
  CHECK(GetOriginDelayTimeLevel(m) == 2);

  CHECK(SetMessageTopic(NULL, "t") == NULL_POINTER);
  CHECK(strstr(GetLatestErrorMessage(), "msg") != NULL);
  CHECK(SetMessageTags(m, NULL) == NULL_POINTER);
  CHECK(SetMessageKeys(m, NULL) == NULL_POINTER);
  CHECK(SetMessageBody(m, NULL) == NULL_POINTER);
  CHECK(SetByteMessageBody(m, NULL, 1) == NULL_POINTER);
  CHECK(SetByteMessageBody(m, body, -1) == Not_Support);
  CHECK(SetMessageProperty(m, NULL, "v") == NULL_POINTER);
  CHECK(SetDelayTimeLevel(NULL, 1) == NULL_POINTER);
  CHECK(GetOriginMessageTopic(NULL) == NULL && GetOriginMessageTags(NULL) == NULL);
  CHECK(GetOriginMessageKeys(NULL) == NULL && GetOriginMessageBody(NULL) == NULL);
  CHECK(GetOriginMessageBodyLength(NULL) == 0 && GetOriginMessageProperty(NULL, "p") == NULL);
  CHECK(GetOriginDelayTimeLevel(NULL) == -1);
  CHECK(DestroyMessage(NULL) == NULL_POINTER);
  EXPECT_OK(DestroyMessage(m));

  CHECK(GetMessageTopic(NULL) == NULL && GetMessageTags(NULL) == NULL);
  CHECK(GetMessageKeys(NULL) == NULL && GetMessageBody(NULL) == NULL);
  CHECK(GetMessageBodyLength(NULL) == 0 && GetMessageProperty(NULL, "k") == NULL);
  CHECK(GetMessageId(NULL) == NULL && GetMessageDelayTimeLevel(NULL) == NULL_POINTER);
  CHECK(GetMessageQueueId(NULL) == NULL_POINTER && GetMessageReconsumeTimes(NULL) == NULL_POINTER);
  CHECK(GetMessageStoreSize(NULL) == NULL_POINTER && GetMessageBornTimestamp(NULL) == NULL_POINTER);
  CHECK(GetMessageStoreTimestamp(NULL) == NULL_POINTER);
  CHECK(GetMessageQueueOffset(NULL) == NULL_POINTER);
  CHECK(GetMessageCommitLogOffset(NULL) == NULL_POINTER);
  CHECK(GetMessagePreparedTransactionOffset(NULL) == NULL_POINTER);
  CHECK(GetMessageStoreHost(NULL) == NULL && GetMessageBornHost(NULL) == NULL);

  CBatchMessage* batch = CreateBatchMessage();
  CHECK(batch != NULL);
  CHECK(AddMessage(batch, NULL) == NULL_POINTER && AddMessage(NULL, NULL) == NULL_POINTER);
  CHECK(DestroyBatchMessage(NULL) == NULL_POINTER);
  EXPECT_OK(DestroyBatchMessage(batch));
}

/* Logging is process-wide: every client kind's log path moves the one log file. */
static void test_log_path(void) {
  char dir[] = "/tmp/rmq-c-log-XXXXXX";
  CHECK(mkdtemp(dir) != NULL);
  CProducer* p = CreateProducer("COfficialLog");
  CPushConsumer* push = CreatePushConsumer("COfficialLog");
  CPullConsumer* pull = CreatePullConsumer("COfficialLog");
  EXPECT_OK(SetProducerLogPath(p, dir));
  EXPECT_OK(SetPushConsumerLogPath(push, dir));
  EXPECT_OK(SetPullConsumerLogPath(pull, dir));
  char file[128];
  snprintf(file, sizeof file, "%s/rocketmq-client.log", dir);
  FILE* log = fopen(file, "r");
  CHECK(log != NULL);
  fclose(log);
  CHECK(SetProducerLogPath(p, "/nonexistent-dir/x") == Not_Support);
  CHECK(SetProducerLogPath(p, NULL) == NULL_POINTER &&
        SetProducerLogPath(NULL, dir) == NULL_POINTER);
  EXPECT_OK(SetPullConsumerLogPath(pull, ""));
  CHECK(remove(file) == 0 && remove(dir) == 0);
  EXPECT_OK(DestroyProducer(p));
  EXPECT_OK(DestroyPushConsumer(push));
  EXPECT_OK(DestroyPullConsumer(pull));
}

static void test_producer_bad_input(void) {
  CHECK(CreateProducer(NULL) == NULL && CreateOrderlyProducer(NULL) == NULL);
  CHECK(CreateTransactionProducer("g", NULL, NULL) == NULL);
  CHECK(StartProducer(NULL) == NULL_POINTER && ShutdownProducer(NULL) == NULL_POINTER);
  CHECK(DestroyProducer(NULL) == NULL_POINTER && ShowProducerVersion(NULL) == NULL);
  CProducer* p = CreateProducer("COfficialBad");
  CMessage* m = CreateMessage("COfficialBad");
  CSendResult result;
  CHECK(SendMessageSync(p, NULL, &result) == NULL_POINTER);
  CHECK(SendMessageSync(p, m, NULL) == NULL_POINTER);
  CHECK(SendMessageSync(NULL, m, &result) == NULL_POINTER);
  CHECK(strstr(GetLatestErrorMessage(), "producer") != NULL);
  /* Before start. */
  EXPECT_OK(SetMessageBody(m, "x"));
  CHECK(SendMessageSync(p, m, &result) == PRODUCER_SEND_SYNC_FAILED);
  CHECK(strstr(GetLatestErrorMessage(), "not started") != NULL);
  CHECK(SendMessageOneway(p, m) == PRODUCER_SEND_ONEWAY_FAILED);
  CHECK(SendMessageAsync(p, m, NULL, NULL) == PRODUCER_SEND_ASYNC_FAILED);
  CHECK(SetProducerSendMsgTimeout(p, -5) == PRODUCER_ERROR_CODE_START);
  CHECK(strstr(GetLatestErrorMessage(), "sendMsgTimeout") != NULL);
  CHECK(SetProducerCompressLevel(p, 99) == PRODUCER_ERROR_CODE_START);
  CHECK(SetProducerNameServerDomain(p, "http://x") == Not_Support);
  EXPECT_OK(SetProducerMessageTrace(p, OPEN));
  EXPECT_OK(SetProducerMessageTrace(p, CLOSE));
  CHECK(SetProducerSslPropertyFile(p, "/x") == Not_Support);
  CHECK(SetProducerLogLevel(p, E_LOG_LEVEL_LEVEL_NUM) == Not_Support);
  EXPECT_OK(SetProducerLogLevel(p, E_LOG_LEVEL_WARN));
  EXPECT_OK(SetProducerLogFileNumAndSize(p, 3, 100));
  EXPECT_OK(SetProducerSsl(p, 0));
  EXPECT_OK(SetProducerInstanceName(p, "inst"));
  EXPECT_OK(SetProducerGroupName(p, "COfficialBad2"));
  EXPECT_OK(SetProducerSessionCredentials(p, "ak", "sk", "ALIYUN"));
  CHECK(SetProducerSessionCredentials(p, NULL, "sk", "c") == NULL_POINTER);
  EXPECT_OK(SetProducerMaxMessageSize(p, 1024 * 1024));
  CHECK(ShowProducerVersion(p) != NULL && strlen(ShowProducerVersion(p)) > 0);
  EXPECT_OK(ShutdownProducer(p));
  EXPECT_OK(DestroyProducer(p));
  /* Destroyed: refused (while its address is not reused), and a second destroy too. */
  CHECK(SendMessageSync(p, m, &result) == NULL_POINTER);
  CHECK(strstr(GetLatestErrorMessage(), "destroyed") != NULL);
  CHECK(DestroyProducer(p) == NULL_POINTER);
  CPushConsumer* push = CreatePushConsumer("COfficialGone");
  CPullConsumer* pull = CreatePullConsumer("COfficialGone");
  EXPECT_OK(DestroyPushConsumer(push));
  EXPECT_OK(DestroyPullConsumer(pull));
  CHECK(StartPushConsumer(push) == NULL_POINTER && DestroyPushConsumer(push) == NULL_POINTER);
  CHECK(GetPushConsumerGroupID(push) == NULL && GetPullConsumerGroupID(pull) == NULL);
  CHECK(StartPullConsumer(pull) == NULL_POINTER && DestroyPullConsumer(pull) == NULL_POINTER);
  EXPECT_OK(DestroyMessage(m));
}

/* ---- producer against the cluster ---- */

static counter_t g_async_ok;
static counter_t g_async_failed;
static int g_user_data_seen;

static void on_success(CSendResult result) {
  counter_add(
      result.sendStatus == E_SEND_OK && strlen(result.msgId) > 0 ? &g_async_ok : &g_async_failed,
      1);
}

static void on_exception(CMQException e) {
  fprintf(stderr, "async send failed: %s\n", e.msg);
  counter_add(&g_async_failed, 1);
}

static void on_success_with_data(CSendResult result, CMessage* msg, void* userData) {
  if (userData == (void*)&g_user_data_seen && msg != NULL &&
      strcmp(GetOriginMessageTopic(msg), "COfficialProducer") == 0) {
    g_user_data_seen = 1;
  }
  on_success(result);
}

static void on_exception_with_data(CMQException e, CMessage* msg, void* userData) {
  (void)msg;
  (void)userData;
  on_exception(e);
}

static int select_by_arg(int size, CMessage* msg, void* arg) {
  (void)msg;
  return *(int*)arg % size;
}

static int select_nothing(int size, CMessage* msg, void* arg) {
  (void)msg;
  (void)arg;
  return size;
}

static void test_producer(void) {
  CProducer* p = CreateOrderlyProducer("COfficialProducerGroup");
  EXPECT_OK(SetProducerNameServerAddress(p, g_namesrv));
  EXPECT_OK(SetProducerSendMsgTimeout(p, 5000));
  EXPECT_OK(StartProducer(p));
  CHECK(SetProducerSendMsgTimeout(p, 100) == PRODUCER_ERROR_CODE_START);

  CMessage* m = CreateMessage("COfficialProducer");
  EXPECT_OK(SetMessageTags(m, "TagA"));
  EXPECT_OK(SetMessageBody(m, "official"));
  CSendResult result;
  memset(&result, 0, sizeof result);
  EXPECT_OK(SendMessageSync(p, m, &result));
  CHECK(result.sendStatus == E_SEND_OK && strlen(result.msgId) > 0 && result.offset >= 0);

  int which = 1;
  EXPECT_OK(SendMessageOrderly(p, m, select_by_arg, &which, 2, &result));
  CHECK(SendMessageOrderly(p, m, select_nothing, NULL, 0, &result) == PRODUCER_SEND_ORDERLY_FAILED);
  CHECK(strstr(GetLatestErrorMessage(), "selector") != NULL);
  EXPECT_OK(SendMessageOrderlyByShardingKey(p, m, "shard", &result));
  EXPECT_OK(SendMessageOneway(p, m));
  EXPECT_OK(SendMessageOnewayOrderly(p, m, select_by_arg, &which));

  CBatchMessage* batch = CreateBatchMessage();
  for (int i = 0; i < 3; ++i) EXPECT_OK(AddMessage(batch, m));
  EXPECT_OK(SendBatchMessage(p, batch, &result));
  CHECK(strchr(result.msgId, ',') != NULL);
  EXPECT_OK(DestroyBatchMessage(batch));

  counter_init(&g_async_ok);
  counter_init(&g_async_failed);
  for (int i = 0; i < 5; ++i) EXPECT_OK(SendMessageAsync(p, m, on_success, on_exception));
  EXPECT_OK(SendAsync(p, m, on_success_with_data, on_exception_with_data, &g_user_data_seen));
  EXPECT_OK(SendMessageOrderlyAsync(p, m, select_by_arg, &which, on_success, on_exception));
  CHECK(counter_wait(&g_async_ok, 7, 10000) == 7);
  CHECK(counter_get(&g_async_failed) == 0 && g_user_data_seen == 1);

  CMessage* empty = CreateMessage("COfficialProducer");
  CHECK(SendMessageSync(p, empty, &result) == PRODUCER_SEND_SYNC_FAILED);
  CHECK(strstr(GetLatestErrorMessage(), "body") != NULL);
  EXPECT_OK(DestroyMessage(empty));

  EXPECT_OK(ShutdownProducer(p));
  EXPECT_OK(DestroyProducer(p));
  EXPECT_OK(DestroyMessage(m));
}

/* ---- transactions ---- */

static counter_t g_checks;

static CTransactionStatus check(CProducer* producer, CMessageExt* msg, void* data) {
  (void)producer;
  if (data == (void*)&g_checks && strcmp(GetMessageTopic(msg), "COfficialTxn") == 0) {
    counter_add(&g_checks, 1);
  }
  return E_COMMIT_TRANSACTION;
}

static CTransactionStatus execute(CProducer* producer, CMessage* msg, void* data) {
  (void)producer;
  (void)msg;
  return *(CTransactionStatus*)data;
}

static void test_transactions(void) {
  counter_init(&g_checks);
  CProducer* p = CreateTransactionProducer("COfficialTxnGroup", check, &g_checks);
  EXPECT_OK(SetProducerNameServerAddress(p, g_namesrv));
  EXPECT_OK(StartProducer(p));
  CMessage* m = CreateMessage("COfficialTxn");
  EXPECT_OK(SetMessageBody(m, "txn"));
  CSendResult result;
  CTransactionStatus commit = E_COMMIT_TRANSACTION;
  CTransactionStatus unknown = E_UNKNOWN_TRANSACTION;
  EXPECT_OK(SendMessageTransaction(p, m, execute, &commit, &result));
  CHECK(strlen(result.msgId) > 0);
  EXPECT_OK(SendMessageTransaction(p, m, execute, &unknown, &result));
  CHECK(counter_wait(&g_checks, 1, 15000) >= 1);
  CHECK(SendMessageSync(p, m, &result) == PRODUCER_SEND_SYNC_FAILED);

  CProducer* plain = CreateProducer("COfficialNotTxn");
  EXPECT_OK(SetProducerNameServerAddress(plain, g_namesrv));
  EXPECT_OK(StartProducer(plain));
  CHECK(SendMessageTransaction(plain, m, execute, &commit, &result) ==
        PRODUCER_SEND_TRANSACTION_FAILED);
  EXPECT_OK(DestroyProducer(plain));
  EXPECT_OK(ShutdownProducer(p));
  EXPECT_OK(DestroyProducer(p));
  EXPECT_OK(DestroyMessage(m));
}

/* ---- pull consumer ---- */

static void send_tagged(const char* topic, int count_a, int count_b) {
  CProducer* p = CreateProducer("COfficialPullProducer");
  EXPECT_OK(SetProducerNameServerAddress(p, g_namesrv));
  EXPECT_OK(StartProducer(p));
  CMessage* a = CreateMessage(topic);
  EXPECT_OK(SetMessageTags(a, "TagA"));
  EXPECT_OK(SetByteMessageBody(a, "a\0a", 3));
  CMessage* b = CreateMessage(topic);
  EXPECT_OK(SetMessageTags(b, "TagB"));
  EXPECT_OK(SetMessageBody(b, "b"));
  CSendResult result;
  for (int i = 0; i < count_a; ++i) EXPECT_OK(SendMessageSync(p, a, &result));
  for (int i = 0; i < count_b; ++i) EXPECT_OK(SendMessageSync(p, b, &result));
  EXPECT_OK(DestroyMessage(a));
  EXPECT_OK(DestroyMessage(b));
  EXPECT_OK(DestroyProducer(p));
}

/* Waits until the nameserver knows `topic` (its first send created it): a consumer whose first
 * rebalance misses the route would only find it at the next one, 20 s later. */
static void wait_for_route(const char* topic) {
  CPullConsumer* probe = CreatePullConsumer("COfficialRouteProbe");
  EXPECT_OK(SetPullConsumerNameServerAddress(probe, g_namesrv));
  EXPECT_OK(StartPullConsumer(probe));
  const struct timespec pause = {0, 50 * 1000 * 1000};
  int size = 0;
  for (int i = 0; i < 200 && size == 0; ++i) {
    CMessageQueue* mqs = NULL;
    if (FetchSubscriptionMessageQueues(probe, topic, &mqs, &size) == OK && mqs) {
      ReleaseSubscriptionMessageQueue(mqs);
    }
    if (size == 0) nanosleep(&pause, NULL);
  }
  CHECK(size > 0);
  EXPECT_OK(DestroyPullConsumer(probe));
}

/* Pulls every queue from offset 0 to its end; returns how many messages matched. */
static int pull_all(CPullConsumer* c, CMessageQueue* mqs, int size, const char* expression) {
  int total = 0;
  for (int i = 0; i < size; ++i) {
    long long offset = 0;
    for (int round = 0; round < 50; ++round) {
      CPullResult r = Pull(c, &mqs[i], expression, offset, 2);
      CHECK(r.pullStatus != E_BROKER_TIMEOUT);
      if (r.pullStatus == E_NO_NEW_MSG) break;
      CHECK(r.nextBeginOffset > offset);
      offset = r.nextBeginOffset;
      if (r.pullStatus == E_FOUND) {
        CHECK(r.size >= 1 && r.size <= 2 && r.msgFoundList != NULL);
        for (int k = 0; k < r.size; ++k) {
          CMessageExt* m = r.msgFoundList[k];
          CHECK(GetMessageQueueId(m) == mqs[i].queueId);
          CHECK(strcmp(GetMessageTopic(m), mqs[i].topic) == 0);
          CHECK(strlen(GetMessageId(m)) > 0 && GetMessageQueueOffset(m) >= 0);
          CHECK(strlen(GetMessageStoreHost(m)) > 0 && strlen(GetMessageBornHost(m)) > 0);
          CHECK(GetMessageStoreTimestamp(m) > 0 && GetMessageBornTimestamp(m) > 0);
          CHECK(GetMessageStoreSize(m) > 0 && GetMessageCommitLogOffset(m) >= 0);
          CHECK(GetMessageReconsumeTimes(m) == 0 && GetMessageDelayTimeLevel(m) == 0);
          CHECK(GetMessagePreparedTransactionOffset(m) == 0);
          CHECK(strcmp(GetMessageKeys(m), "") == 0 && strcmp(GetMessageProperty(m, "x"), "") == 0);
          if (strcmp(GetMessageTags(m), "TagA") == 0) {
            CHECK(GetMessageBodyLength(m) == 3 && memcmp(GetMessageBody(m), "a\0a", 3) == 0);
          }
        }
        total += r.size;
        EXPECT_OK(ReleasePullResult(r));
      } else {
        CHECK(ReleasePullResult(r) == NULL_POINTER);
      }
    }
  }
  return total;
}

static void test_pull_consumer(void) {
  const char* topic = "COfficialPull";
  send_tagged(topic, 5, 3);
  wait_for_route(topic);
  CHECK(CreatePullConsumer(NULL) == NULL);
  CPullConsumer* c = CreatePullConsumer("COfficialPullGroup");
  CHECK(strcmp(GetPullConsumerGroupID(c), "COfficialPullGroup") == 0);
  EXPECT_OK(SetPullConsumerGroupID(c, "COfficialPullGroup2"));
  CHECK(strcmp(GetPullConsumerGroupID(c), "COfficialPullGroup2") == 0);
  EXPECT_OK(SetPullConsumerNameServerAddress(c, g_namesrv));
  CHECK(SetPullConsumerNameServerDomain(c, "d") == Not_Support);
  EXPECT_OK(SetPullConsumerSessionCredentials(c, "ak", "sk", "ALIYUN"));
  EXPECT_OK(SetPullConsumerSessionCredentials(c, "", "", "ALIYUN"));
  EXPECT_OK(SetPullConsumerLogLevel(c, E_LOG_LEVEL_WARN));
  EXPECT_OK(SetPullConsumerLogFileNumAndSize(c, 1, 1));
  EXPECT_OK(SetPullConsumerSsl(c, 0));
  CHECK(SetPullConsumerSslPropertyFile(c, "/x") == Not_Support);
  CHECK(ShowPullConsumerVersion(c) != NULL);
  CMessageQueue* mqs = NULL;
  int size = 0;
  CHECK(FetchSubscriptionMessageQueues(c, topic, &mqs, &size) == PULLCONSUMER_FETCH_MQ_FAILED);
  EXPECT_OK(StartPullConsumer(c));
  EXPECT_OK(FetchSubscriptionMessageQueues(c, topic, &mqs, &size));
  CHECK(size > 0 && mqs != NULL && strcmp(mqs[0].topic, topic) == 0);
  CHECK(FetchSubscriptionMessageQueues(c, topic, NULL, &size) == NULL_POINTER);

  CHECK(pull_all(c, mqs, size, "*") == 8);
  CHECK(pull_all(c, mqs, size, "TagA") == 5);
  CHECK(pull_all(c, mqs, size, "TagB || TagC") == 3);

  CPullResult bad = Pull(NULL, &mqs[0], "*", 0, 1);
  CHECK(bad.pullStatus == E_BROKER_TIMEOUT && bad.size == 0 && bad.msgFoundList == NULL);
  bad = Pull(c, &mqs[0], "*", 0, 0);
  CHECK(bad.pullStatus == E_BROKER_TIMEOUT);
  CHECK(strstr(GetLatestErrorMessage(), "maxNums") != NULL);
  CHECK(ReleasePullResult(bad) == NULL_POINTER);

  EXPECT_OK(ReleaseSubscriptionMessageQueue(mqs));
  CHECK(ReleaseSubscriptionMessageQueue(NULL) == NULL_POINTER);
  EXPECT_OK(ShutdownPullConsumer(c));
  EXPECT_OK(DestroyPullConsumer(c));
}

/* ---- push consumer ---- */

static counter_t g_consumed;
static CPushConsumer* g_push;

static int consume(CPushConsumer* consumer, CMessageExt* msg) {
  if (consumer == g_push && strcmp(GetMessageTags(msg), "TagA") == 0 &&
      GetMessageBodyLength(msg) == 3) {
    counter_add(&g_consumed, 1);
  }
  return E_CONSUME_SUCCESS;
}

static void test_push_consumer(void) {
  const char* topic = "COfficialPush";
  send_tagged(topic, 1, 0); /* creates the topic */
  wait_for_route(topic);
  CHECK(CreatePushConsumer(NULL) == NULL);
  CPushConsumer* c = CreatePushConsumer("COfficialPushGroup");
  g_push = c;
  CHECK(strcmp(GetPushConsumerGroupID(c), "COfficialPushGroup") == 0);
  EXPECT_OK(SetPushConsumerGroupID(c, "COfficialPushGroup2"));
  CHECK(strcmp(GetPushConsumerGroupID(c), "COfficialPushGroup2") == 0);
  EXPECT_OK(SetPushConsumerNameServerAddress(c, g_namesrv));
  CHECK(SetPushConsumerNameServerDomain(c, "d") == Not_Support);
  EXPECT_OK(SetPushConsumerThreadCount(c, 2));
  EXPECT_OK(SetPushConsumerMessageBatchMaxSize(c, 4));
  EXPECT_OK(SetPushConsumerInstanceName(c, "official"));
  EXPECT_OK(SetPushConsumerSessionCredentials(c, "", "", "ALIYUN"));
  EXPECT_OK(SetPushConsumerLogLevel(c, E_LOG_LEVEL_WARN));
  EXPECT_OK(SetPushConsumerLogFileNumAndSize(c, 1, 1));
  EXPECT_OK(SetPushConsumerMessageModel(c, CLUSTERING));
  EXPECT_OK(SetPushConsumerMaxCacheMessageSize(c, 500));
  EXPECT_OK(SetPushConsumerMaxCacheMessageSizeInMb(c, 50));
  EXPECT_OK(SetPushConsumerMessageTrace(c, OPEN));
  EXPECT_OK(SetPushConsumerMessageTrace(c, CLOSE));
  EXPECT_OK(SetPushConsumerSsl(c, 0));
  CHECK(SetPushConsumerSslPropertyFile(c, "/x") == Not_Support);
  CHECK(SetPushConsumerThreadCount(c, 0) == PUSHCONSUMER_ERROR_CODE_START);
  CHECK(strstr(GetLatestErrorMessage(), "consumeThreadMin") != NULL);
  CHECK(ShowPushConsumerVersion(c) != NULL);
  CHECK(RegisterMessageCallback(c, NULL) == NULL_POINTER);
  EXPECT_OK(Subscribe(c, topic, "TagA"));
  EXPECT_OK(RegisterMessageCallbackOrderly(c, consume));
  EXPECT_OK(UnregisterMessageCallbackOrderly(c));
  EXPECT_OK(RegisterMessageCallback(c, consume));
  counter_init(&g_consumed);
  EXPECT_OK(StartPushConsumer(c));

  /* The official consumer starts from the last offset: send until one arrives after its
   * queues are assigned, then a known number more. */
  for (int round = 0; round < 100 && counter_get(&g_consumed) == 0; ++round) {
    send_tagged(topic, 1, 1);
    counter_wait(&g_consumed, 1, 200);
  }
  CHECK(counter_get(&g_consumed) >= 1);
  const int before = counter_get(&g_consumed);
  send_tagged(topic, 4, 2);
  CHECK(counter_wait(&g_consumed, before + 4, 10000) >= before + 4);

  EXPECT_OK(UnregisterMessageCallback(c));
  EXPECT_OK(ShutdownPushConsumer(c));
  EXPECT_OK(DestroyPushConsumer(c));
  CHECK(DestroyPushConsumer(NULL) == NULL_POINTER && StartPushConsumer(NULL) == NULL_POINTER);
  CHECK(Subscribe(NULL, "t", "*") == NULL_POINTER && GetPushConsumerGroupID(NULL) == NULL);
}

int main(void) {
  g_namesrv = test_namesrv();
  CHECK(strcmp(GetLatestErrorMessage(), "") == 0);
  test_messages();
  test_log_path();
  test_producer_bad_input();
  test_producer();
  test_transactions();
  test_pull_consumer();
  test_push_consumer();
  printf("official-compatible C API tests passed\n");
  return 0;
}
