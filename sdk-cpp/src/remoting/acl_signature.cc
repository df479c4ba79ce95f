#include "remoting/acl_signature.h"

// HMAC is built here on OpenSSL's SHA-1 primitives, which OpenSSL 3 marks deprecated (they
// remain in every 3.x release): see ThreadHmac for why not EVP_MAC.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>

namespace rocketmq {
namespace remoting {
namespace {

// HMAC-SHA1 (RFC 2104) with one state per thread, keyed by the last secret it signed with:
// the SHA-1 states after the key's inner and outer pad blocks are computed once per key, so a
// signature costs hashing the content plus two blocks, copying a 96-byte state to start.
// Through EVP_MAC every signature also re-initialised the context (a provider context copy,
// with its allocation, for the inner and the outer hash) and dispatched each update through
// the provider: 0.80 us against 0.70 us for 1.1 KiB here, where plain SHA-1 of the same bytes
// (the floor, with SHA-NI) takes 0.64 us.
class ThreadHmac {
 public:
  ThreadHmac() = default;
  ~ThreadHmac() {
    OPENSSL_cleanse(&inner_, sizeof(inner_));
    OPENSSL_cleanse(&outer_, sizeof(outer_));
  }
  ThreadHmac(const ThreadHmac&) = delete;
  ThreadHmac& operator=(const ThreadHmac&) = delete;

  void Start(std::string_view secret_key) {
    if (!keyed_ || secret_key != key_) Key(secret_key);
    work_ = inner_;
  }
  void Update(std::string_view bytes) { SHA1_Update(&work_, bytes.data(), bytes.size()); }
  // Base64 (standard alphabet, padded) of the MAC.
  std::string FinishBase64() {
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1_Final(digest, &work_);
    SHA_CTX outer = outer_;
    SHA1_Update(&outer, digest, sizeof(digest));
    SHA1_Final(digest, &outer);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int written = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<size_t>(written));
  }

 private:
  void Key(std::string_view secret_key) {
    unsigned char block[SHA_CBLOCK] = {};
    if (secret_key.size() > sizeof(block)) {
      SHA1(reinterpret_cast<const unsigned char*>(secret_key.data()), secret_key.size(), block);
    } else {
      std::memcpy(block, secret_key.data(), secret_key.size());
    }
    unsigned char pad[SHA_CBLOCK];
    for (size_t i = 0; i < sizeof(pad); ++i) pad[i] = block[i] ^ 0x36;
    SHA1_Init(&inner_);
    SHA1_Update(&inner_, pad, sizeof(pad));
    for (size_t i = 0; i < sizeof(pad); ++i) pad[i] = block[i] ^ 0x5c;
    SHA1_Init(&outer_);
    SHA1_Update(&outer_, pad, sizeof(pad));
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(pad, sizeof(pad));
    key_.assign(secret_key);
    keyed_ = true;
  }

  SHA_CTX inner_{};
  SHA_CTX outer_{};
  SHA_CTX work_{};
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
  hmac.Start(secret_key);
  hmac.Update(content);
  return hmac.FinishBase64();
}

std::string AclRequestSignature(const RemotingCommand& request, AclContentSide side,
                                std::string_view secret_key) {
  // What AclRequestContent returns, fed piece by piece instead of copied together.
  ThreadHmac& hmac = Hmac();
  hmac.Start(secret_key);
  // The field values, mostly a few bytes each, are gathered first: one update of them all
  // costs less than one per field.
  char gathered[1024];
  size_t used = 0;
  for (const auto& [key, value] : request.ext_fields()) {
    if (!Covered(key, side)) continue;
    if (used + value.size() > sizeof(gathered)) {
      hmac.Update(std::string_view(gathered, used));
      used = 0;
    }
    if (value.size() > sizeof(gathered)) {
      hmac.Update(value);
      continue;
    }
    value.copy(gathered + used, value.size());
    used += value.size();
  }
  hmac.Update(std::string_view(gathered, used));
  const CommandBody& body = request.body();
  hmac.Update(body.owned());
  for (const CommandBody::Segment& segment : body.segments()) {
    hmac.Update(std::string_view(segment.data, segment.size));
  }
  return hmac.FinishBase64();
}

}  // namespace remoting
}  // namespace rocketmq
