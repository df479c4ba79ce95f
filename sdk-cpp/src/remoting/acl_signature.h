// AclSignature: the request signature of Apache's plain ACL (protocol.md §10.1), computed
// here once for both sides: the SDK's signing hook adds it to requests and the broker's
// ACL hook (reference-broker/acl/) checks it.
//
// Apache's AclUtils.combineRequestContent: the values of the request's ext fields in key
// order (Java TreeMap order, which for ASCII keys is byte order), Signature left out,
// followed by the body; the signature is Base64(HmacSHA1(secretKey, content)).
#ifndef ROCKETMQ_REMOTING_ACL_SIGNATURE_H_
#define ROCKETMQ_REMOTING_ACL_SIGNATURE_H_

#include <string>
#include <string_view>

#include "remoting/remoting_command.h"

namespace rocketmq {
namespace remoting {

constexpr char kAclAccessKeyField[] = "AccessKey";
constexpr char kAclSignatureField[] = "Signature";
constexpr char kAclSecurityTokenField[] = "SecurityToken";
// Apache's broker leaves this field out of the content it checks while its client signs
// it (PlainAccessValidator.parse vs AclClientRPCHook): a signed query by unique key fails
// on Apache's broker, and on ours alike.
constexpr char kAclUniqueKeyQueryField[] = "_UNIQUE_KEY_QUERY";

// Which ext fields a signature covers besides Signature itself.
enum class AclContentSide {
  kClient,  // every other field (AclClientRPCHook)
  kServer,  // also without _UNIQUE_KEY_QUERY (PlainAccessValidator)
};

// The bytes a signature covers.
std::string AclRequestContent(const RemotingCommand& request, AclContentSide side);

// Base64 (standard alphabet, padded) of HmacSHA1(secret_key, content).
std::string AclSignature(std::string_view content, std::string_view secret_key);

// AclSignature(AclRequestContent(request, side), secret_key) without copying the content
// together: what the signing hook and the broker's check use per request.
std::string AclRequestSignature(const RemotingCommand& request, AclContentSide side,
                                std::string_view secret_key);

}  // namespace remoting
}  // namespace rocketmq

#endif  // ROCKETMQ_REMOTING_ACL_SIGNATURE_H_
