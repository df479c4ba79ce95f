// Feeds arbitrary bytes to what a broker with aclEnable reads from its ACL files: the YAML
// of plain_acl.yml (and conf/acl/*.yml), then every account's white-list pattern and
// topic/group permission entries, as the permission manager builds its tables from them.
// Each must load or be refused with an error; none may crash the broker.
#include <cstddef>
#include <cstdint>
#include <string>

#include "acl/acl_file.h"
#include "acl/address_pattern.h"
#include "acl/permission.h"
#include "common/logging.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    rocketmq::logging::SetLevel(rocketmq::LogLevel::kOff);
    return true;
  }();
  (void)quiet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto content = rocketmq::acl::ParseAclYaml(text, "fuzz.yml");
  if (!content.ok()) return 0;
  for (const std::string& global : content->global_white_remote_addresses) {
    auto pattern = rocketmq::acl::AddressPattern::Parse(global);
    if (pattern.ok()) pattern->Matches("192.168.0.1");
  }
  for (const auto& account : content->accounts) {
    auto pattern = rocketmq::acl::AddressPattern::Parse(account.white_remote_address);
    if (pattern.ok()) pattern->Matches("10.1.2.3");
    for (const std::string& entry : account.topic_perms) {
      (void)rocketmq::acl::ParseResourcePerm(entry, true);
    }
    for (const std::string& entry : account.group_perms) {
      (void)rocketmq::acl::ParseResourcePerm(entry, false);
    }
    (void)rocketmq::acl::CheckResourcePerms(account.topic_perms);
  }
  return 0;
}
