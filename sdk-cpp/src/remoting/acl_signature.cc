#include "remoting/acl_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace rocketmq {
namespace remoting {

std::string AclRequestContent(const RemotingCommand& request, AclContentSide side) {
  std::string content;
  // ExtFields iterates in key order, which for ASCII keys is Java's String.compareTo order.
  for (const auto& [key, value] : request.ext_fields()) {
    if (key == kAclSignatureField) continue;
    if (side == AclContentSide::kServer && key == kAclUniqueKeyQueryField) continue;
    content += value;
  }
  content += request.body().Flatten();
  return content;
}

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

}  // namespace remoting
}  // namespace rocketmq
