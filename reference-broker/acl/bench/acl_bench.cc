// acl_bench: what the broker's ACL hook costs per request — parse, signature check and
// permission check of a signed SEND_MESSAGE_V2 (the hook's whole work) — against a plain
// ACL file with a few accounts, and what signing it costs the client. Built on demand:
//
//   acl_bench [requests=200000] [body bytes=1024]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
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

  // The client's side: what the SDK's AclSigningHook does to each request.
  // CPU time, not wall time: on a shared machine the wall clock also counts preemption.
  const std::clock_t sign_start = std::clock();
  for (int i = 0; i < total; ++i) {
    request.SetExtField(rocketmq::remoting::kAclAccessKeyField, "benchUser7");
    request.SetExtField(rocketmq::remoting::kAclSignatureField,
                        rocketmq::remoting::AclRequestSignature(
                            request, rocketmq::remoting::AclContentSide::kClient, "benchSecret7"));
  }
  const double sign_seconds = static_cast<double>(std::clock() - sign_start) / CLOCKS_PER_SEC;
  std::printf("%d signatures of a %zu B SEND_MESSAGE_V2: %.2f us each\n", total, body_size,
              sign_seconds * 1e6 / total);

  int refused = 0;
  const std::clock_t start = std::clock();
  for (int i = 0; i < total; ++i) {
    if (!hook.BeforeRequest("127.0.0.1:50000", request).ok()) ++refused;
  }
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  std::printf(
      "%d checks of a signed %zu B SEND_MESSAGE_V2: %.2f us each, %.0f checks/s, "
      "%d refused\n",
      total, body_size, seconds * 1e6 / total, total / seconds, refused);
  std::filesystem::remove_all(home);
  return refused == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
