// CMessage: the native message accessors under the official names, with the official
// results for NULL messages.
#include <cstring>

#include "compat/official.h"

using rocketmq::compat::Native;
using rocketmq::compat::NullPointer;

namespace {

int Setter(rmq_err_t rc) {
  if (rc == RMQ_OK) return OK;
  rocketmq::compat::SetLatestError(rmq_err2str(rc));
  return NULL_POINTER;
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
  return rocketmq::compat::OrEmpty(rmq_message_property(Native(msg), key));
}

int GetOriginDelayTimeLevel(CMessage* msg) {
  return msg ? rmq_message_delay_level(Native(msg)) : -1;
}

}  // extern "C"
