#include "remoting/acl_signature.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace rocketmq {
namespace remoting {
namespace {

// HMAC-SHA1 with the algorithm fetched once and one context per thread, kept keyed by the
// last secret it signed with. OpenSSL 3's one-shot HMAC() fetches the algorithm from the
// provider store (a global read lock) and builds and wipes two digest contexts per call:
// 2-4 µs of fixed cost a request, more than hashing a 1 KiB body. Re-initialising a keyed
// context only restores its precomputed inner and outer states.
class ThreadHmac {
 public:
  ThreadHmac() {
    // Fetched once per process and kept for its life; nullptr if the provider lacks it.
    static EVP_MAC* const algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (algorithm != nullptr) context_ = EVP_MAC_CTX_new(algorithm);
  }
  ~ThreadHmac() { EVP_MAC_CTX_free(context_); }
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;

  // False if OpenSSL refused (out of memory, no HMAC): the caller gets an empty signature,
  // which never matches a real one.
  bool Start(std::string_view secret_key) {
    if (context_ == nullptr) return false;
    if (keyed_ && secret_key == key_) {
      return EVP_MAC_init(context_, nullptr, 0, nullptr) == 1;
    }
    char digest[] = "SHA1";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    keyed_ = EVP_MAC_init(context_, reinterpret_cast<const unsigned char*>(secret_key.data()),
                          secret_key.size(), params) == 1;
    key_.assign(secret_key);
    return keyed_;
  }
  bool Update(std::string_view bytes) {
    return bytes.empty() ||
           EVP_MAC_update(context_, reinterpret_cast<const unsigned char*>(bytes.data()),
                          bytes.size()) == 1;
  }
  // Base64 of the MAC, or "" on failure.
  std::string FinishBase64() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    size_t digest_length = 0;
    if (EVP_MAC_final(context_, digest, &digest_length, sizeof(digest)) != 1) return "";
    std::string encoded(4 * ((digest_length + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest,
                                        static_cast<int>(digest_length));
    encoded.resize(static_cast<size_t>(written));
    return encoded;
  }

 private:
  EVP_MAC_CTX* context_ = nullptr;
  bool keyed_ = false;
  std::string key_;
};

ThreadHmac& Hmac() {
  thread_local ThreadHmac hmac;
  return hmac;
}

// string_view comparisons check the length first; against the char arrays each of a
// request's fields cost a strlen and a memcmp twice.
constexpr std::string_view kSignatureKey = kAclSignatureField;
constexpr std::string_view kUniqueKeyQueryKey = kAclUniqueKeyQueryField;

bool Covered(const std::string& key, AclContentSide side) {
  if (key == kSignatureKey) return false;
  return !(side == AclContentSide::kServer && key == kUniqueKeyQueryKey);
}

}  // namespace

std::string AclRequestContent(const RemotingCommand& request, AclContentSide side) {
  std::string content;
  // ExtFields iterates in key order, which for ASCII keys is Java's String.compareTo order.
  for (const auto& [key, value] : request.ext_fields()) {
    if (Covered(key, side)) content += value;
  }
  content += request.body().Flatten();
  return content;
}

std::string AclSignature(std::string_view content, std::string_view secret_key) {
  ThreadHmac& hmac = Hmac();
  if (!hmac.Start(secret_key) || !hmac.Update(content)) return "";
  return hmac.FinishBase64();
}

std::string AclRequestSignature(const RemotingCommand& request, AclContentSide side,
                                std::string_view secret_key) {
  // What AclRequestContent returns, fed piece by piece instead of copied together.
  ThreadHmac& hmac = Hmac();
  if (!hmac.Start(secret_key)) return "";
  // The field values, mostly a few bytes each, are gathered first: every MAC update passes
  // through the provider's dispatch and the digest's buffering, which cost more than
  // copying them.
  char gathered[1024];
  size_t used = 0;
  for (const auto& [key, value] : request.ext_fields()) {
    if (!Covered(key, side)) continue;
    if (used + value.size() > sizeof(gathered)) {
      if (!hmac.Update(std::string_view(gathered, used))) return "";
      used = 0;
    }
    if (value.size() > sizeof(gathered)) {
      if (!hmac.Update(value)) return "";
      continue;
    }
    value.copy(gathered + used, value.size());
    used += value.size();
  }
  if (!hmac.Update(std::string_view(gathered, used))) return "";
  const CommandBody& body = request.body();
  if (!hmac.Update(body.owned())) return "";
  for (const CommandBody::Segment& segment : body.segments()) {
    if (!hmac.Update(std::string_view(segment.data, segment.size))) return "";
  }
  return hmac.FinishBase64();
}

}  // namespace remoting
}  // namespace rocketmq
