// A received message's properties stay encoded until their first read; several threads may
// make that first read at once (a listener sharing a batch, a copy taken while another thread
// reads). The TSan job runs this file, which is what makes it a test of the decoding's locking.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "client/message_access.h"
#include "protocol/message_properties.h"
#include "rocketmq/message.h"

namespace rocketmq {
namespace {

TEST(MessageConcurrencyTest, ThreadsMayMakeTheFirstReadAtOnce) {
  const std::map<std::string, std::string> sent = {
      {"TAGS", "TagA"}, {"KEYS", "k1 k2"}, {"UNIQ_KEY", "ID"}, {"MIN_OFFSET", "0"}};
  const std::string encoded = protocol::EncodeMessageProperties(sent);
  constexpr int kReaders = 4;
  for (int round = 0; round < 100; ++round) {
    Message message("T", "body");
    internal::MessageAccess::SetEncodedProperties(&message, encoded);
    std::atomic<int> ready{0};
    std::vector<int> saw_all(kReaders, 0);
    std::vector<std::thread> readers;
    for (int i = 0; i < kReaders; ++i) {
      readers.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < kReaders) std::this_thread::yield();
        // Each thread takes a different first step into the encoded map.
        switch (i) {
          case 0:
            saw_all[i] = message.properties() == sent;
            break;
          case 1:
            saw_all[i] = message.property("KEYS") == "k1 k2" && message.tags() == "TagA";
            break;
          case 2:
            saw_all[i] = message.has_property("UNIQ_KEY") && !message.has_property("DELAY");
            break;
          default:
            saw_all[i] = Message(message).properties() == sent;
            break;
        }
      });
    }
    for (auto& reader : readers) reader.join();
    ASSERT_EQ(saw_all, std::vector<int>(kReaders, 1)) << "round " << round;
  }
}

}  // namespace
}  // namespace rocketmq
