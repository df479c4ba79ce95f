// TestPki: certificates made at test time (OpenSSL API) in a temporary directory, so that
// no private key is committed: a CA with a server and a client certificate it signed, and
// an unrelated CA with a certificate of its own for the rejection cases.
#ifndef ROCKETMQ_TESTS_INTEGRATION_TLS_TEST_PKI_H_
#define ROCKETMQ_TESTS_INTEGRATION_TLS_TEST_PKI_H_

#include <string>

#include "rocketmq/status.h"

namespace rocketmq {
namespace testing {

constexpr char kEncryptedKeyPassword[] = "test-only-password";

struct TestPki {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  // The same key encrypted (PKCS#8, AES-256) with kEncryptedKeyPassword.
  std::string server_key_encrypted;
  std::string client_cert;
  std::string client_key;
  // Signed by another CA that nothing trusts.
  std::string stranger_cert;
  std::string stranger_key;
};

// Writes the PEM files into `dir` (keys as unencrypted PKCS#8, which Java's Netty reads).
Result<TestPki> MakeTestPki(const std::string& dir);

}  // namespace testing
}  // namespace rocketmq

#endif  // ROCKETMQ_TESTS_INTEGRATION_TLS_TEST_PKI_H_
