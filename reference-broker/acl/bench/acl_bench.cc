// acl_bench: what the broker's ACL hook costs per request — parse, signature check and
// permission check of a signed SEND_MESSAGE_V2 (the hook's whole work) — against a plain
// ACL file with a few accounts. Built on demand:
//
//   acl_bench [requests=200000] [body bytes=1024]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "acl/acl_hook.h"
#include "acl/plain_permission_manager.h"
#include "protocol/request_code.h"
#include "protocol/send_headers.h"
#include "remoting/acl_signature.h"

namespace {

using rocketmq::remoting::RemotingCommand;

int Run(int argc, char** argv) {
  const int total = argc > 1 ? std::atoi(argv[1]) : 200000;
  const size_t body_size = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 1024;
  const std::filesystem::path home =
      std::filesystem::temp_directory_path() / ("acl_bench." + std::to_string(::getpid()));
  std::filesystem::create_directories(home / "conf");
  {
    std::ofstream out(home / "conf" / "plain_acl.yml");
    out << "accounts:\n";
    for (int i = 0; i < 20; ++i) {
      out << "  - accessKey: benchUser" << i << "\n    secretKey: benchSecret" << i
          << "\n    defaultTopicPerm: DENY\n    defaultGroupPerm: SUB\n"
          << "    topicPerms: [BenchTopic=PUB|SUB, Other" << i << "=SUB]\n";
    }
  }
  auto manager =
      std::make_shared<rocketmq::acl::PlainPermissionManager>(home.string(), "conf/plain_acl.yml");
  if (auto s = manager->Load(); !s.ok()) {
    std::fprintf(stderr, "acl_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  rocketmq::acl::AclHook hook(manager);

  rocketmq::protocol::SendMessageRequestHeader header;
  header.producer_group = "BenchGroup";
  header.topic = "BenchTopic";
  header.queue_id = 1;
  header.born_timestamp = 1700000000000;
  header.properties = std::string(
      "UNIQ_KEY\x01"
      "0A0B0C0D0E0F\x02WAIT\x01true\x02",
      31);
  RemotingCommand request = RemotingCommand::CreateRequest(
      rocketmq::protocol::RequestCode::kSendMessageV2, header.EncodeV2());
  request.set_body(std::string(body_size, 'x'));
  request.SetExtField(rocketmq::remoting::kAclAccessKeyField, "benchUser7");
  request.SetExtField(
      rocketmq::remoting::kAclSignatureField,
      rocketmq::remoting::AclSignature(rocketmq::remoting::AclRequestContent(
                                           request, rocketmq::remoting::AclContentSide::kClient),
                                       "benchSecret7"));

  int refused = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < total; ++i) {
    if (!hook.BeforeRequest("127.0.0.1:50000", request).ok()) ++refused;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%d checks of a signed %zu B SEND_MESSAGE_V2: %.2f us each, %.0f checks/s, "
      "%d refused\n",
      total, body_size, seconds * 1e6 / total, total / seconds, refused);
  std::filesystem::remove_all(home);
  return refused == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
