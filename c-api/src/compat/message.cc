// CMessage, CMessageExt and CBatchMessage: the native message accessors under the official
// names, with the official results for NULL handles.
#include <cstring>
#include <new>
#include <vector>

#include "compat/official.h"
#include "native/handles.h"

using rocketmq::compat::Native;
using rocketmq::compat::NullPointer;

namespace {

// What the official 64-bit getters answer for a NULL message.
constexpr long long kNullPointer = NULL_POINTER;

int Setter(rmq_err_t rc) {
  if (rc == RMQ_OK) return OK;
  rocketmq::compat::SetLatestError(rmq_err2str(rc));
  return NULL_POINTER;
}

// The official client answers "" for a property the message does not have.
const char* OrEmpty(const char* value) { return value ? value : ""; }

std::vector<rocketmq::Message>* Batch(CBatchMessage* batch) {
  return reinterpret_cast<std::vector<rocketmq::Message>*>(batch);
}

}  // namespace

extern "C" {

CMessage* CreateMessage(const char* topic) {
  return rocketmq::compat::Official(rmq_message_new(topic));
}

int DestroyMessage(CMessage* msg) {
  if (!msg) return NullPointer("msg");
  rmq_message_destroy(Native(msg));
  return OK;
}

int SetMessageTopic(CMessage* msg, const char* topic) {
  if (!msg) return NullPointer("msg");
  if (!topic) return NullPointer("topic");
  return Setter(rmq_message_set_topic(Native(msg), topic));
}

int SetMessageTags(CMessage* msg, const char* tags) {
  if (!msg) return NullPointer("msg");
  if (!tags) return NullPointer("tags");
  return Setter(rmq_message_set_tags(Native(msg), tags));
}

int SetMessageKeys(CMessage* msg, const char* keys) {
  if (!msg) return NullPointer("msg");
  if (!keys) return NullPointer("keys");
  return Setter(rmq_message_set_keys(Native(msg), keys));
}

int SetMessageBody(CMessage* msg, const char* body) {
  if (!msg) return NullPointer("msg");
  if (!body) return NullPointer("body");
  return Setter(rmq_message_set_body(Native(msg), body, std::strlen(body)));
}

int SetByteMessageBody(CMessage* msg, const char* body, int len) {
  if (!msg) return NullPointer("msg");
  if (!body) return NullPointer("body");
  if (len < 0) {
    rocketmq::compat::SetLatestError("len is negative");
    return Not_Support;
  }
  return Setter(rmq_message_set_body(Native(msg), body, static_cast<size_t>(len)));
}

int SetMessageProperty(CMessage* msg, const char* key, const char* value) {
  if (!msg) return NullPointer("msg");
  if (!key) return NullPointer("key");
  if (!value) return NullPointer("value");
  return Setter(rmq_message_set_property(Native(msg), key, value));
}

int SetDelayTimeLevel(CMessage* msg, int level) {
  if (!msg) return NullPointer("msg");
  if (level < 0) {
    rocketmq::compat::SetLatestError("the delay level is negative");
    return Not_Support;
  }
  return Setter(rmq_message_set_delay_level(Native(msg), level));
}

const char* GetOriginMessageTopic(CMessage* msg) { return rmq_message_topic(Native(msg)); }
const char* GetOriginMessageTags(CMessage* msg) { return rmq_message_tags(Native(msg)); }
const char* GetOriginMessageKeys(CMessage* msg) { return rmq_message_keys(Native(msg)); }

const char* GetOriginMessageBody(CMessage* msg) {
  // The body is kept NUL-terminated behind its bytes, as the official client's is.
  return static_cast<const char*>(rmq_message_body(Native(msg), nullptr));
}

int GetOriginMessageBodyLength(CMessage* msg) {
  size_t size = 0;
  rmq_message_body(Native(msg), &size);
  return static_cast<int>(size);
}

const char* GetOriginMessageProperty(CMessage* msg, const char* key) {
  if (!msg || !key) return nullptr;
  return OrEmpty(rmq_message_property(Native(msg), key));
}

int GetOriginDelayTimeLevel(CMessage* msg) {
  return msg ? rmq_message_delay_level(Native(msg)) : -1;
}

const char* GetMessageTopic(CMessageExt* msgExt) { return rmq_message_ext_topic(Native(msgExt)); }
const char* GetMessageTags(CMessageExt* msgExt) { return rmq_message_ext_tags(Native(msgExt)); }
const char* GetMessageKeys(CMessageExt* msgExt) { return rmq_message_ext_keys(Native(msgExt)); }

const char* GetMessageBody(CMessageExt* msgExt) {
  return static_cast<const char*>(rmq_message_ext_body(Native(msgExt), nullptr));
}

int GetMessageBodyLength(CMessageExt* msgExt) {
  size_t size = 0;
  rmq_message_ext_body(Native(msgExt), &size);
  return static_cast<int>(size);
}

const char* GetMessageProperty(CMessageExt* msgExt, const char* key) {
  if (!msgExt || !key) return nullptr;
  return OrEmpty(rmq_message_ext_property(Native(msgExt), key));
}

const char* GetMessageId(CMessageExt* msgExt) { return rmq_message_ext_msg_id(Native(msgExt)); }

int GetMessageDelayTimeLevel(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_delay_level(Native(msgExt)) : NULL_POINTER;
}

int GetMessageQueueId(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_queue_id(Native(msgExt)) : NULL_POINTER;
}

int GetMessageReconsumeTimes(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_reconsume_times(Native(msgExt)) : NULL_POINTER;
}

int GetMessageStoreSize(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_store_size(Native(msgExt)) : NULL_POINTER;
}

long long GetMessageBornTimestamp(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_born_timestamp(Native(msgExt)) : kNullPointer;
}

long long GetMessageStoreTimestamp(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_store_timestamp(Native(msgExt)) : kNullPointer;
}

long long GetMessageQueueOffset(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_queue_offset(Native(msgExt)) : kNullPointer;
}

long long GetMessageCommitLogOffset(CMessageExt* msgExt) {
  return msgExt ? rmq_message_ext_commit_log_offset(Native(msgExt)) : kNullPointer;
}

long long GetMessagePreparedTransactionOffset(CMessageExt* msgExt) {
  // The SDK does not surface the half message's offset; no consumer needs it.
  return msgExt ? 0 : kNullPointer;
}

const char* GetMessageStoreHost(CMessageExt* msg) {
  return rmq_message_ext_store_host(Native(msg));
}

const char* GetMessageBornHost(CMessageExt* msg) { return rmq_message_ext_born_host(Native(msg)); }

CBatchMessage* CreateBatchMessage() {
  return reinterpret_cast<CBatchMessage*>(new (std::nothrow) std::vector<rocketmq::Message>());
}

int AddMessage(CBatchMessage* batchMsg, CMessage* msg) {
  if (!batchMsg) return NullPointer("batchMsg");
  if (!msg) return NullPointer("msg");
  try {
    Batch(batchMsg)->push_back(*rocketmq::capi::Cpp(Native(msg)));
  } catch (...) {
    rocketmq::compat::SetLatestError("out of memory");
    return MALLOC_FAILED;
  }
  return OK;
}

int DestroyBatchMessage(CBatchMessage* batchMsg) {
  if (!batchMsg) return NullPointer("batchMsg");
  delete Batch(batchMsg);
  return OK;
}

}  // extern "C"
