// CMessageExt: the native received-message accessors under the official names, with the
// official results for NULL messages.
#include "compat/official.h"

using rocketmq::compat::Native;

namespace {

// What the official 64-bit getters answer for a NULL message.
constexpr long long kNullPointer = NULL_POINTER;

}  // namespace

extern "C" {

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
  return rocketmq::compat::OrEmpty(rmq_message_ext_property(Native(msgExt), key));
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

}  // extern "C"
