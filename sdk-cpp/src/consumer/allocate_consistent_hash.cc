#include <openssl/evp.h>

#include <algorithm>
#include <map>

#include "consumer/allocate_strategy.h"

namespace rocketmq {
namespace consumer {
namespace {

// Java's ConsistentHashRouter.MD5Hash: the first four digest bytes, big endian, as a long.
int64_t Md5Hash(const std::string& key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(key.data(), key.size(), digest, &length, EVP_md5(), nullptr);
  int64_t hash = 0;
  for (int i = 0; i < 4; ++i) hash = (hash << 8) | digest[i];
  return hash;
}

}  // namespace

std::vector<MessageQueue> AllocateConsistentHash::Allocate(
    const std::string& /*group*/, const std::string& consumer_id,
    const std::vector<MessageQueue>& all_queues,
    const std::vector<std::string>& all_consumer_ids) const {
  std::vector<MessageQueue> result;
  if (std::find(all_consumer_ids.begin(), all_consumer_ids.end(), consumer_id) ==
      all_consumer_ids.end()) {
    return result;
  }
  // Later points overwrite earlier ones on a collision, as Java's TreeMap.put does.
  std::map<int64_t, const std::string*> ring;
  for (const auto& id : all_consumer_ids) {
    for (int n = 0; n < virtual_nodes_; ++n) ring[Md5Hash(id + "-" + std::to_string(n))] = &id;
  }
  for (const auto& queue : all_queues) {
    auto point = ring.lower_bound(Md5Hash(queue.ToString()));
    if (point == ring.end()) point = ring.begin();
    if (*point->second == consumer_id) result.push_back(queue);
  }
  return result;
}

}  // namespace consumer
}  // namespace rocketmq
