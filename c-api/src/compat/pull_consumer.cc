// CPullConsumer: the official pull consumer mapped onto a lite pull consumer that assigns
// itself the queue of each Pull(), seeks to the asked offset and polls once.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compat/official.h"
#include "native/handles.h"
#include "native/live_handles.h"

using rocketmq::MessageExt;
using rocketmq::MessageQueue;
using rocketmq::compat::NullPointer;
using rocketmq::compat::Official;
using rocketmq::compat::Status;

struct CPullConsumer {
  rmq_lite_pull_consumer_t* native = nullptr;
  // Pull() is assign + seek + poll, which must not interleave with another Pull().
  std::mutex pull_mutex;
  MessageQueue assigned;
  bool has_assignment = false;
};

namespace {

constexpr int64_t kShutdownTimeoutMs = 3000;
// How long Pull() waits for a queue that has nothing from the offset on.
constexpr int64_t kPullWaitMs = 500;

int Set(CPullConsumer* consumer, const char* name, const char* value) {
  rmq_error_t* error = nullptr;
  return Status(rmq_lite_pull_consumer_set(consumer->native, name, value, &error), &error,
                PULLCONSUMER_ERROR_CODE_START);
}

CPullResult Failed(rmq_err_t rc, rmq_error_t* error) {
  Status(rc, &error, PULLCONSUMER_FETCH_MESSAGE_FAILED);
  CPullResult result;
  std::memset(&result, 0, sizeof(result));
  result.pullStatus = E_BROKER_TIMEOUT;
  return result;
}

// The tags a tag expression accepts; empty for "*" (everything). Java's pull consumer also
// filters by tag on the client, since brokers match tag hash codes only.
std::set<std::string> Tags(const char* expression) {
  std::set<std::string> tags;
  std::stringstream in(expression);
  std::string part;
  while (std::getline(in, part, '|')) {
    const auto begin = part.find_first_not_of(' ');
    if (begin == std::string::npos) continue;
    const auto end = part.find_last_not_of(' ');
    std::string tag = part.substr(begin, end - begin + 1);
    if (tag == "*") return {};
    tags.insert(std::move(tag));
  }
  return tags;
}

CPullResult PullLocked(CPullConsumer* consumer, const MessageQueue& queue, const char* expression,
                       long long offset, int max_nums) {
  rmq_error_t* error = nullptr;
  const rmq_queue_t* native_queue = rocketmq::capi::C(&queue);
  if (!consumer->has_assignment || consumer->assigned != queue) {
    if (rmq_err_t rc = rmq_lite_pull_consumer_assign(consumer->native, &native_queue, 1, &error)) {
      return Failed(rc, error);
    }
    consumer->assigned = queue;
    consumer->has_assignment = true;
  }
  if (rmq_err_t rc = rmq_lite_pull_consumer_seek(consumer->native, native_queue, offset, &error)) {
    return Failed(rc, error);
  }
  rmq_message_list_t* polled = nullptr;
  if (rmq_err_t rc = rmq_lite_pull_consumer_poll(consumer->native, kPullWaitMs, &polled, &error)) {
    return Failed(rc, error);
  }
  auto* messages = rocketmq::capi::Cpp(polled);
  const std::set<std::string> tags = Tags(expression);
  auto* found = new std::vector<MessageExt>();
  long long next = offset;
  for (auto& message : *messages) {
    if (message.queue_offset() < offset) continue;
    if (found->size() >= static_cast<size_t>(max_nums)) break;
    next = message.queue_offset() + 1;
    if (tags.empty() || tags.count(message.tags())) found->push_back(std::move(message));
  }
  rmq_message_list_destroy(polled);

  CPullResult result;
  std::memset(&result, 0, sizeof(result));
  result.nextBeginOffset = next;
  if (found->empty()) {
    result.pullStatus = next == offset ? E_NO_NEW_MSG : E_NO_MATCHED_MSG;
    delete found;
    return result;
  }
  result.msgFoundList =
      static_cast<CMessageExt**>(std::malloc(found->size() * sizeof(CMessageExt*)));
  if (!result.msgFoundList) {
    delete found;
    rocketmq::compat::SetLatestError("out of memory");
    result.pullStatus = E_BROKER_TIMEOUT;
    return result;
  }
  for (size_t i = 0; i < found->size(); ++i) {
    result.msgFoundList[i] = Official(rocketmq::capi::C(&(*found)[i]));
  }
  result.pullStatus = E_FOUND;
  result.size = static_cast<int>(found->size());
  result.pData = found;
  return result;
}

}  // namespace

extern "C" {

CPullConsumer* CreatePullConsumer(const char* groupId) {
  if (!groupId) return nullptr;
  auto* consumer = new (std::nothrow) CPullConsumer();
  if (!consumer) return nullptr;
  consumer->native = rmq_lite_pull_consumer_new();
  // The application keeps the offsets of an official pull consumer.
  if (!consumer->native || Set(consumer, "consumerGroup", groupId) != OK ||
      Set(consumer, "autoCommit", "false") != OK) {
    rmq_lite_pull_consumer_destroy(consumer->native);
    delete consumer;
    return nullptr;
  }
  rocketmq::capi::RegisterHandle(consumer);
  return consumer;
}

int DestroyPullConsumer(CPullConsumer* consumer) {
  if (!rocketmq::capi::UnregisterHandle(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_lite_pull_consumer_destroy(consumer->native);
  delete consumer;
  return OK;
}

int StartPullConsumer(CPullConsumer* consumer) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_error_t* error = nullptr;
  return Status(rmq_lite_pull_consumer_start(consumer->native, &error), &error,
                PULLCONSUMER_START_FAILED);
}

int ShutdownPullConsumer(CPullConsumer* consumer) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      rmq_lite_pull_consumer_shutdown(consumer->native, kShutdownTimeoutMs, &error);
  if (rc == RMQ_ERR_ILLEGAL_STATE) {
    rmq_error_destroy(error);
    return OK;
  }
  return Status(rc, &error, PULLCONSUMER_ERROR_CODE_START);
}

const char* ShowPullConsumerVersion(CPullConsumer* consumer) {
  return rocketmq::capi::IsLive(consumer) ? rocketmq::compat::VersionText() : nullptr;
}

int SetPullConsumerGroupID(CPullConsumer* consumer, const char* groupId) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!groupId) return NullPointer("groupId");
  return Set(consumer, "consumerGroup", groupId);
}

const char* GetPullConsumerGroupID(CPullConsumer* consumer) {
  return rocketmq::capi::IsLive(consumer) ? rmq_lite_pull_consumer_group(consumer->native)
                                          : nullptr;
}

int SetPullConsumerNameServerAddress(CPullConsumer* consumer, const char* namesrv) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!namesrv) return NullPointer("namesrv");
  return Set(consumer, "namesrvAddr", namesrv);
}

int SetPullConsumerNameServerDomain(CPullConsumer* consumer, const char* domain) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!domain) return NullPointer("domain");
  rocketmq::compat::SetLatestError("nameserver domains are not supported: set the address");
  return Not_Support;
}

int SetPullConsumerSessionCredentials(CPullConsumer* consumer, const char* accessKey,
                                      const char* secretKey, const char* channel) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!accessKey || !secretKey || !channel) return NullPointer("a credential");
  int rc = Set(consumer, "accessKey", accessKey);
  if (rc == OK) rc = Set(consumer, "secretKey", secretKey);
  if (rc == OK) rc = Set(consumer, "onsChannel", channel);
  return rc;
}

int SetPullConsumerLogPath(CPullConsumer* consumer, const char* logPath) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return rocketmq::compat::SetLogPath(logPath);
}

int SetPullConsumerLogFileNumAndSize(CPullConsumer* consumer, int, long) {
  return rocketmq::capi::IsLive(consumer) ? OK : rocketmq::compat::NoHandle("consumer");
}

int SetPullConsumerLogLevel(CPullConsumer* consumer, CLogLevel level) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return rocketmq::compat::SetLogLevel(level);
}

int SetPullConsumerSsl(CPullConsumer* consumer, int enableSsl) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  return Set(consumer, "useTLS", enableSsl ? "true" : "false");
}

int SetPullConsumerSslPropertyFile(CPullConsumer* consumer, const char* sslPropertyFile) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!sslPropertyFile) return NullPointer("sslPropertyFile");
  rocketmq::compat::SetLatestError(
      "TLS property files are not supported: set tlsTrustCertPath, tlsCertPath and tlsKeyPath");
  return Not_Support;
}

int FetchSubscriptionMessageQueues(CPullConsumer* consumer, const char* topic, CMessageQueue** mqs,
                                   int* size) {
  if (!rocketmq::capi::IsLive(consumer)) return rocketmq::compat::NoHandle("consumer");
  if (!topic) return NullPointer("topic");
  if (!mqs) return NullPointer("mqs");
  if (!size) return NullPointer("size");
  *mqs = nullptr;
  *size = 0;
  rmq_queue_list_t* queues = nullptr;
  rmq_error_t* error = nullptr;
  const rmq_err_t rc =
      rmq_lite_pull_consumer_fetch_queues(consumer->native, topic, &queues, &error);
  if (rc != RMQ_OK) return Status(rc, &error, PULLCONSUMER_FETCH_MQ_FAILED);
  const size_t count = rmq_queue_list_size(queues);
  if (count > 0) {
    *mqs = static_cast<CMessageQueue*>(std::calloc(count, sizeof(CMessageQueue)));
    if (!*mqs) {
      rmq_queue_list_destroy(queues);
      rocketmq::compat::SetLatestError("out of memory");
      return MALLOC_FAILED;
    }
    for (size_t i = 0; i < count; ++i) {
      const rmq_queue_t* queue = rmq_queue_list_get(queues, i);
      rocketmq::compat::CopyField((*mqs)[i].topic, sizeof((*mqs)[i].topic), rmq_queue_topic(queue));
      rocketmq::compat::CopyField((*mqs)[i].brokerName, sizeof((*mqs)[i].brokerName),
                                  rmq_queue_broker_name(queue));
      (*mqs)[i].queueId = rmq_queue_id(queue);
    }
  }
  *size = static_cast<int>(count);
  rmq_queue_list_destroy(queues);
  return OK;
}

int ReleaseSubscriptionMessageQueue(CMessageQueue* mqs) {
  if (!mqs) return NullPointer("mqs");
  std::free(mqs);
  return OK;
}

CPullResult Pull(CPullConsumer* consumer, const CMessageQueue* mq, const char* subExpression,
                 long long offset, int maxNums) {
  if (!rocketmq::capi::IsLive(consumer) || !mq || !subExpression) {
    if (!rocketmq::capi::IsLive(consumer)) {
      rocketmq::compat::NoHandle("consumer");
    } else {
      NullPointer(!mq ? "mq" : "subExpression");
    }
    return Failed(RMQ_OK, nullptr);
  }
  if (maxNums <= 0 || offset < 0) {
    rocketmq::compat::SetLatestError("maxNums must be positive and offset not negative");
    return Failed(RMQ_OK, nullptr);
  }
  try {
    MessageQueue queue;
    queue.topic = mq->topic;
    queue.broker_name = mq->brokerName;
    queue.queue_id = mq->queueId;
    std::lock_guard<std::mutex> lock(consumer->pull_mutex);
    return PullLocked(consumer, queue, subExpression, offset, maxNums);
  } catch (...) {
    return Failed(rocketmq::capi::FromCurrentException(nullptr), nullptr);
  }
}

int ReleasePullResult(CPullResult pullResult) {
  if (!pullResult.pData || !pullResult.msgFoundList) return NullPointer("pullResult's messages");
  delete static_cast<std::vector<MessageExt>*>(pullResult.pData);
  std::free(pullResult.msgFoundList);
  return OK;
}

}  // extern "C"
