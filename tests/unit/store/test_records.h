// Building and reading CommitLog records in tests, through protocol's record codec.
#ifndef ROCKETMQ_TESTS_UNIT_STORE_TEST_RECORDS_H_
#define ROCKETMQ_TESTS_UNIT_STORE_TEST_RECORDS_H_

#include <string>
#include <string_view>

#include "common/clock.h"
#include "protocol/crc32.h"
#include "protocol/message_properties.h"
#include "protocol/message_record.h"
#include "store/env.h"
#include "store/fault_injection_env.h"

namespace rocketmq {
namespace store {

struct TestMessage {
  std::string topic = "TopicTest";
  int32_t queue_id = 0;
  std::string body = "hello";
  std::string tags;
  std::string keys;
  std::string uniq_key;
  int32_t sys_flag = 0;
};

inline std::string EncodeTestMessage(const TestMessage& m) {
  std::string props;
  if (!m.tags.empty()) protocol::AppendProperty(&props, "TAGS", m.tags);
  if (!m.keys.empty()) protocol::AppendProperty(&props, "KEYS", m.keys);
  if (!m.uniq_key.empty()) protocol::AppendProperty(&props, "UNIQ_KEY", m.uniq_key);
  protocol::MessageRecord r;
  r.topic = m.topic;
  r.queue_id = m.queue_id;
  r.body = m.body;
  r.body_crc = protocol::MaskedCrc32(m.body);
  r.properties = props;
  r.sys_flag = m.sys_flag;
  r.born_timestamp = clock::WallMillis();
  r.born_host = protocol::HostAddress::V4(0x7F000001, 50000);
  r.store_host = protocol::HostAddress::V4(0x7F000001, 10911);
  auto encoded = protocol::EncodeMessageRecordToString(r);
  return encoded.ok() ? *encoded : std::string();
}

inline std::string EncodeTestMessage(const std::string& topic, int32_t queue_id,
                                     const std::string& body) {
  TestMessage m;
  m.topic = topic;
  m.queue_id = queue_id;
  m.body = body;
  return EncodeTestMessage(m);
}

// Copies every file and directory under `root` from one in-memory env to another.
inline void CopyTree(FaultInjectionEnv* from, FaultInjectionEnv* to, const std::string& root) {
  auto names = from->ListDir(root);
  if (!names.ok()) {
    auto content = from->GetFileContents(root);
    if (!content.ok()) return;
    auto file = to->OpenFile(root, true);
    if (file.ok()) to->SetFileContents(root, *content);
    return;
  }
  to->CreateDirs(root);
  for (const auto& name : *names) CopyTree(from, to, root + "/" + name);
}

}  // namespace store
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_UNIT_STORE_TEST_RECORDS_H_
