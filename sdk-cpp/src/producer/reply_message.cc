#include "producer/reply_message.h"

#include <cstdio>
#include <random>
#include <string_view>

#include "protocol/compression.h"
#include "protocol/message_properties.h"
#include "protocol/send_headers.h"
#include "rocketmq/producer.h"

namespace rocketmq {
namespace client {
namespace {

namespace mc = protocol::MessageConst;

// A bound on an inflated reply body, so that a hostile frame cannot make us allocate gigabytes.
constexpr size_t kMaxReplyBodySize = 64u << 20;

// Java's InetSocketAddress.toString() is "hostname/ip:port" (hostname often empty).
std::string StripHostName(const std::string& host) {
  const size_t slash = host.rfind('/');
  return slash == std::string::npos ? host : host.substr(slash + 1);
}

}  // namespace

std::string NewCorrelationId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  const uint64_t high = (rng() & ~0xF000ULL) | 0x4000ULL;       // version 4
  const uint64_t low = (rng() & ~(3ULL << 62)) | (2ULL << 62);  // IETF variant
  char text[37];
  std::snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFF),
                static_cast<unsigned>(high & 0xFFFF), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

Result<MessageExt> DecodePushedReply(const remoting::RemotingCommand& request, int64_t now_ms) {
  auto header = protocol::ReplyMessageRequestHeader::Decode(request.ext_fields());
  if (!header.ok()) {
    return Status::Protocol("bad PUSH_REPLY_MESSAGE_TO_CLIENT header: " +
                            header.status().message());
  }
  int32_t sys_flag = header->sys_flag;
  auto body = protocol::DecompressBody(request.body().Flatten(), &sys_flag, kMaxReplyBodySize);
  if (!body.ok()) {
    return Status::Protocol("the body of the reply to topic '" + header->topic +
                            "' does not inflate: " + body.status().message());
  }
  MessageExt message;
  message.set_topic(header->topic);
  message.set_body(std::move(*body));
  message.set_flag(header->flag);
  for (auto& [name, value] :
       protocol::DecodeMessageProperties(header->properties.value_or(std::string()))) {
    message.set_property(name, value);
  }
  message.set_property(mc::kPropertyReplyMessageArriveTime, std::to_string(now_ms));
  message.set_queue_id(header->queue_id);
  message.set_sys_flag(sys_flag);
  message.set_born_timestamp(header->born_timestamp);
  message.set_born_host(StripHostName(header->born_host));
  message.set_store_host(StripHostName(header->store_host));
  message.set_store_timestamp(header->store_timestamp);
  message.set_reconsume_times(header->reconsume_times.value_or(0));
  message.set_msg_id(message.property(mc::kPropertyUniqClientMessageIdKeyidx));
  return message;
}

}  // namespace client

Result<Message> CreateReplyMessage(const Message& request, std::string body) {
  const std::string cluster = request.property(protocol::MessageConst::kPropertyCluster);
  if (cluster.empty()) {
    return Status::InvalidArgument(
        "cannot create a reply: the request message has no CLUSTER property (the broker that "
        "stored it adds one; was the message received from a broker?)");
  }
  Message reply(cluster + client::kReplyTopicSuffix, std::move(body));
  reply.set_property(protocol::MessageConst::kPropertyMessageType, client::kReplyMessageFlag);
  for (const char* name : {protocol::MessageConst::kPropertyCorrelationId,
                           protocol::MessageConst::kPropertyMessageReplyToClient,
                           protocol::MessageConst::kPropertyMessageTtl}) {
    if (request.has_property(name)) reply.set_property(name, request.property(name));
  }
  return reply;
}

}  // namespace rocketmq
