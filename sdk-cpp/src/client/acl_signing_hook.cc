#include "client/acl_signing_hook.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace rocketmq {
namespace client {
namespace {

constexpr char kAccessKeyField[] = "AccessKey";
constexpr char kSignatureField[] = "Signature";

}  // namespace

std::string AclSignature(std::string_view content, std::string_view secret_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  HMAC(EVP_sha1(), secret_key.data(), static_cast<int>(secret_key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), digest,
       &digest_length);
  std::string encoded(4 * ((digest_length + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest,
                                      static_cast<int>(digest_length));
  encoded.resize(static_cast<size_t>(written));
  return encoded;
}

Status AclSigningHook::BeforeRequest(const std::string&, remoting::RemotingCommand& request) {
  request.SetExtField(kAccessKeyField, access_key_);
  std::string content;
  // ExtFields is ordered by key, which for ASCII keys is Java's String.compareTo order.
  for (const auto& [key, value] : request.ext_fields()) {
    if (key != kSignatureField) content += value;
  }
  content += request.body().Flatten();
  request.SetExtField(kSignatureField, AclSignature(content, secret_key_));
  return Status::OK();
}

}  // namespace client
}  // namespace rocketmq
