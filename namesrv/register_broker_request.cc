#include "namesrv/register_broker_request.h"

#include "protocol/register_broker_body.h"
#include "protocol/topic_config_wrapper.h"

namespace rocketmq {
namespace namesrv {
namespace {

// A zlib stream starts with CMF 0x78 (deflate, 32K window) and a header whose 16-bit value
// is a multiple of 31; JSON starts with '{' or whitespace.
bool LooksLikeZlib(const std::string& body) {
  if (body.size() < 2 || static_cast<unsigned char>(body[0]) != 0x78) return false;
  const unsigned header =
      (static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1]);
  return header % 31 == 0;
}

}  // namespace

Result<RegisterBrokerContent> DecodeRegisterBrokerContent(const std::string& body, bool compressed,
                                                          int32_t version) {
  RegisterBrokerContent content;
  if (version < kVersionV3_0_11) {
    auto wrapper = protocol::TopicConfigSerializeWrapper::Decode(body);
    if (!wrapper.ok()) return wrapper.status();
    content.data_version = wrapper->data_version;
    for (auto& entry : wrapper->topic_config_table) content.topics.push_back(entry.second);
    return content;
  }
  auto decoded = protocol::RegisterBrokerBody::Decode(body, compressed || LooksLikeZlib(body));
  if (!decoded.ok()) return decoded.status();
  content.data_version = decoded->topic_config_serialize_wrapper.data_version;
  for (auto& entry : decoded->topic_config_serialize_wrapper.topic_config_table) {
    content.topics.push_back(std::move(entry.second));
  }
  content.filter_server_list = std::move(decoded->filter_server_list);
  return content;
}

}  // namespace namesrv
}  // namespace rocketmq
