#include <new>

#include "native/handles.h"
#include "rocketmq/producer.h"

using rocketmq::Message;
using rocketmq::MessageExt;
using rocketmq::MessageQueue;
using rocketmq::capi::C;
using rocketmq::capi::Cpp;
using rocketmq::capi::GuardValue;
using rocketmq::capi::MessageList;
using rocketmq::capi::QueueList;

namespace {

// The property's value in place (stable until the message changes), or `absent`.
const char* PropertyOf(const Message& message, const char* name, const char* absent) {
  const auto& properties = message.properties();
  const auto it = properties.find(name);
  return it == properties.end() ? absent : it->second.c_str();
}

rmq_err_t SetString(rmq_message_t* message, const char* value,
                    void (*apply)(Message&, const char*)) {
  if (!message || !value) return RMQ_ERR_INVALID_ARGUMENT;
  return rocketmq::capi::Guard(nullptr, [&] {
    apply(*Cpp(message), value);
    return RMQ_OK;
  });
}

}  // namespace

extern "C" {

rmq_message_t* rmq_message_new(const char* topic) {
  return GuardValue<rmq_message_t*>(nullptr, [&] {
    auto* message = new (std::nothrow) Message();
    if (message && topic) message->set_topic(topic);
    return C(message);
  });
}

void rmq_message_destroy(rmq_message_t* message) { delete Cpp(message); }

rmq_err_t rmq_message_set_topic(rmq_message_t* message, const char* topic) {
  return SetString(message, topic, [](Message& m, const char* v) { m.set_topic(v); });
}

rmq_err_t rmq_message_set_tags(rmq_message_t* message, const char* tags) {
  return SetString(message, tags, [](Message& m, const char* v) { m.set_tags(v); });
}

rmq_err_t rmq_message_set_keys(rmq_message_t* message, const char* keys) {
  return SetString(message, keys, [](Message& m, const char* v) { m.set_key(v); });
}

rmq_err_t rmq_message_set_body(rmq_message_t* message, const void* body, size_t size) {
  if (!message || (!body && size != 0)) return RMQ_ERR_INVALID_ARGUMENT;
  return rocketmq::capi::Guard(nullptr, [&] {
    Cpp(message)->set_body(size == 0 ? std::string()
                                     : std::string(static_cast<const char*>(body), size));
    return RMQ_OK;
  });
}

rmq_err_t rmq_message_set_property(rmq_message_t* message, const char* name, const char* value) {
  if (!message || !name || !value) return RMQ_ERR_INVALID_ARGUMENT;
  return rocketmq::capi::Guard(nullptr, [&] {
    Cpp(message)->set_property(name, value);
    return RMQ_OK;
  });
}

rmq_err_t rmq_message_set_delay_level(rmq_message_t* message, int level) {
  if (!message || level < 0) return RMQ_ERR_INVALID_ARGUMENT;
  return rocketmq::capi::Guard(nullptr, [&] {
    Cpp(message)->set_delay_level(level);
    return RMQ_OK;
  });
}

const char* rmq_message_topic(const rmq_message_t* message) {
  return message ? Cpp(message)->topic().c_str() : nullptr;
}

const char* rmq_message_tags(const rmq_message_t* message) {
  return message ? PropertyOf(*Cpp(message), "TAGS", "") : nullptr;
}

const char* rmq_message_keys(const rmq_message_t* message) {
  return message ? PropertyOf(*Cpp(message), "KEYS", "") : nullptr;
}

const void* rmq_message_body(const rmq_message_t* message, size_t* size) {
  if (size) *size = message ? Cpp(message)->body().size() : 0;
  return message ? Cpp(message)->body().data() : nullptr;
}

const char* rmq_message_property(const rmq_message_t* message, const char* name) {
  return message && name ? PropertyOf(*Cpp(message), name, nullptr) : nullptr;
}

int rmq_message_delay_level(const rmq_message_t* message) {
  return message ? GuardValue(0, [&] { return Cpp(message)->delay_level(); }) : 0;
}

const char* rmq_message_ext_topic(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->topic().c_str() : nullptr;
}

const char* rmq_message_ext_tags(const rmq_message_ext_t* message) {
  return message ? PropertyOf(*Cpp(message), "TAGS", "") : nullptr;
}

const char* rmq_message_ext_keys(const rmq_message_ext_t* message) {
  return message ? PropertyOf(*Cpp(message), "KEYS", "") : nullptr;
}

const void* rmq_message_ext_body(const rmq_message_ext_t* message, size_t* size) {
  if (size) *size = message ? Cpp(message)->body().size() : 0;
  return message ? Cpp(message)->body().data() : nullptr;
}

const char* rmq_message_ext_property(const rmq_message_ext_t* message, const char* name) {
  return message && name ? PropertyOf(*Cpp(message), name, nullptr) : nullptr;
}

int rmq_message_ext_delay_level(const rmq_message_ext_t* message) {
  return message ? GuardValue(0, [&] { return Cpp(message)->delay_level(); }) : 0;
}

const char* rmq_message_ext_msg_id(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->msg_id().c_str() : nullptr;
}

const char* rmq_message_ext_offset_msg_id(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->offset_msg_id().c_str() : nullptr;
}

const char* rmq_message_ext_broker_name(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->broker_name().c_str() : nullptr;
}

int rmq_message_ext_queue_id(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->queue_id() : 0;
}

int64_t rmq_message_ext_queue_offset(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->queue_offset() : 0;
}

int64_t rmq_message_ext_commit_log_offset(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->commit_log_offset() : 0;
}

int64_t rmq_message_ext_born_timestamp(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->born_timestamp() : 0;
}

int64_t rmq_message_ext_store_timestamp(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->store_timestamp() : 0;
}

const char* rmq_message_ext_born_host(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->born_host().c_str() : nullptr;
}

const char* rmq_message_ext_store_host(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->store_host().c_str() : nullptr;
}

int rmq_message_ext_reconsume_times(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->reconsume_times() : 0;
}

int rmq_message_ext_store_size(const rmq_message_ext_t* message) {
  return message ? Cpp(message)->store_size() : 0;
}

rmq_err_t rmq_message_create_reply(const rmq_message_ext_t* request, const void* body, size_t size,
                                   rmq_message_t** reply, rmq_error_t** error) {
  if (!request) return rocketmq::capi::NullArgument(error, "request");
  if (!reply) return rocketmq::capi::NullArgument(error, "reply");
  if (!body && size != 0) return rocketmq::capi::NullArgument(error, "body");
  return rocketmq::capi::Guard(error, [&] {
    auto created = rocketmq::CreateReplyMessage(
        *Cpp(request),
        size == 0 ? std::string() : std::string(static_cast<const char*>(body), size));
    if (!created.ok()) return rocketmq::capi::FromStatus(error, created.status());
    *reply = C(new Message(std::move(created).value()));
    return rocketmq::capi::Succeed(error);
  });
}

rmq_message_ext_t* rmq_message_ext_copy(const rmq_message_ext_t* message) {
  if (!message) return nullptr;
  return GuardValue<rmq_message_ext_t*>(
      nullptr, [&] { return C(new (std::nothrow) MessageExt(*Cpp(message))); });
}

void rmq_message_ext_destroy(rmq_message_ext_t* message) { delete Cpp(message); }

size_t rmq_message_list_size(const rmq_message_list_t* list) {
  return list ? Cpp(list)->size() : 0;
}

const rmq_message_ext_t* rmq_message_list_get(const rmq_message_list_t* list, size_t index) {
  return list && index < Cpp(list)->size() ? C(&(*Cpp(list))[index]) : nullptr;
}

void rmq_message_list_destroy(rmq_message_list_t* list) { delete Cpp(list); }

rmq_queue_t* rmq_queue_new(const char* topic, const char* broker_name, int queue_id) {
  if (!topic || !broker_name) return nullptr;
  return GuardValue<rmq_queue_t*>(nullptr, [&] {
    auto* queue = new (std::nothrow) MessageQueue();
    if (queue) {
      queue->topic = topic;
      queue->broker_name = broker_name;
      queue->queue_id = queue_id;
    }
    return C(queue);
  });
}

void rmq_queue_destroy(rmq_queue_t* queue) { delete Cpp(queue); }

const char* rmq_queue_topic(const rmq_queue_t* queue) {
  return queue ? Cpp(queue)->topic.c_str() : nullptr;
}

const char* rmq_queue_broker_name(const rmq_queue_t* queue) {
  return queue ? Cpp(queue)->broker_name.c_str() : nullptr;
}

int rmq_queue_id(const rmq_queue_t* queue) { return queue ? Cpp(queue)->queue_id : -1; }

size_t rmq_queue_list_size(const rmq_queue_list_t* list) { return list ? Cpp(list)->size() : 0; }

const rmq_queue_t* rmq_queue_list_get(const rmq_queue_list_t* list, size_t index) {
  return list && index < Cpp(list)->size() ? C(&(*Cpp(list))[index]) : nullptr;
}

void rmq_queue_list_destroy(rmq_queue_list_t* list) { delete Cpp(list); }

}  // extern "C"
