// BuildSendRequest: what the SEND_MESSAGE_V2 header carries for a prepared message.
#include "producer/send_request.h"

#include <gtest/gtest.h>

#include "protocol/message_id.h"
#include "protocol/message_properties.h"
#include "protocol/send_headers.h"
#include "rocketmq/client_config.h"
#include "rocketmq/message.h"

namespace rocketmq {
namespace client {
namespace {

protocol::SendMessageRequestHeader HeaderFor(const Message& message) {
  ProducerConfig config;
  config.group = "PG";
  protocol::UniqueKeyGenerator ids(protocol::HostAddress::V4(0x7f000001, 0));
  auto prepared = PrepareMessage(message, config, ids);
  EXPECT_TRUE(prepared.ok()) << prepared.status().ToString();
  MessageQueue queue;
  queue.topic = message.topic();
  queue.broker_name = "b";
  auto request = BuildSendRequest(*prepared, config, queue);
  auto header = protocol::SendMessageRequestHeader::DecodeV2(request.ext_fields());
  EXPECT_TRUE(header.ok()) << header.status().ToString();
  return header.ok() ? *header : protocol::SendMessageRequestHeader{};
}

TEST(SendRequestTest, RetryResendCarriesItsCountsInTheHeader) {
  Message message("%RETRY%CG", "again");
  message.set_property("RECONSUME_TIME", "3").set_property("MAX_RECONSUME_TIMES", "5");
  const auto header = HeaderFor(message);
  EXPECT_EQ(header.reconsume_times, 3);
  EXPECT_EQ(header.max_reconsume_times, 5);
  const std::string properties = header.properties.value_or("");
  EXPECT_FALSE(protocol::FindProperty(properties, "RECONSUME_TIME"));
  EXPECT_FALSE(protocol::FindProperty(properties, "MAX_RECONSUME_TIMES"));
  EXPECT_TRUE(protocol::FindProperty(properties, "UNIQ_KEY"));
}

TEST(SendRequestTest, OrdinaryTopicKeepsTheProperties) {
  Message message("Orders", "once");
  message.set_property("RECONSUME_TIME", "3");
  const auto header = HeaderFor(message);
  EXPECT_EQ(header.reconsume_times, 0);
  EXPECT_FALSE(header.max_reconsume_times.has_value());
  EXPECT_EQ(protocol::FindProperty(header.properties.value_or(""), "RECONSUME_TIME"),
            std::optional<std::string_view>("3"));
}

}  // namespace
}  // namespace client
}  // namespace rocketmq
