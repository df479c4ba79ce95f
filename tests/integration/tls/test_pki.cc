#include "test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

namespace rocketmq {
namespace testing {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// A certificate for `key` named CN=`name`, signed by `issuer_key` (self-signed when
// `issuer` is null).
Cert MakeCert(EVP_PKEY* key, const std::string& name, X509* issuer, EVP_PKEY* issuer_key,
              long serial, bool is_ca) {
  Cert cert(X509_new());
  if (!cert) return nullptr;
  X509* c = cert.get();
  X509_NAME* subject = X509_get_subject_name(c);
  bool ok =
      X509_set_version(c, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(c), serial) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(c), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(c), 24L * 3600) != nullptr &&
      X509_set_pubkey(c, key) == 1 &&
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                 reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1,
                                 0) == 1 &&
      X509_set_issuer_name(c, issuer != nullptr ? X509_get_subject_name(issuer) : subject) == 1;
  X509* extension_issuer = issuer != nullptr ? issuer : c;
  ok = ok && AddExtension(c, extension_issuer, NID_basic_constraints,
                          is_ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (!is_ca) ok = ok && AddExtension(c, extension_issuer, NID_subject_alt_name, "IP:127.0.0.1");
  ok = ok && X509_sign(c, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0;
  return ok ? std::move(cert) : nullptr;
}

Status WritePem(const std::string& path, X509* cert, EVP_PKEY* key, bool encrypt = false) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return Status::IoError("cannot write " + path);
  bool ok = false;
  if (cert != nullptr) {
    ok = PEM_write_X509(file, cert) == 1;
  } else {
    const EVP_CIPHER* cipher = encrypt ? EVP_aes_256_cbc() : nullptr;
    char* password = encrypt ? const_cast<char*>(kEncryptedKeyPassword) : nullptr;
    ok = PEM_write_PKCS8PrivateKey(file, key, cipher, nullptr, 0, nullptr, password) == 1;
  }
  std::fclose(file);
  return ok ? Status::OK() : Status::IoError("cannot encode " + path);
}

}  // namespace

Result<TestPki> MakeTestPki(const std::string& dir) {
  Key ca_key(EVP_EC_gen("P-256"));
  Key server_key(EVP_EC_gen("P-256"));
  Key client_key(EVP_EC_gen("P-256"));
  Key stranger_ca_key(EVP_EC_gen("P-256"));
  Key stranger_key(EVP_EC_gen("P-256"));
  if (!ca_key || !server_key || !client_key || !stranger_ca_key || !stranger_key) {
    return Status::Internal("cannot generate test keys");
  }
  Cert ca = MakeCert(ca_key.get(), "rmq-test-ca", nullptr, nullptr, 1, true);
  Cert stranger_ca = MakeCert(stranger_ca_key.get(), "rmq-stranger-ca", nullptr, nullptr, 2, true);
  if (!ca || !stranger_ca) return Status::Internal("cannot make the test CAs");
  Cert server = MakeCert(server_key.get(), "rmq-test-server", ca.get(), ca_key.get(), 3, false);
  Cert client = MakeCert(client_key.get(), "rmq-test-client", ca.get(), ca_key.get(), 4, false);
  Cert stranger = MakeCert(stranger_key.get(), "rmq-stranger", stranger_ca.get(),
                           stranger_ca_key.get(), 5, false);
  if (!server || !client || !stranger) return Status::Internal("cannot make test certificates");

  TestPki pki;
  pki.ca_cert = dir + "/ca.pem";
  pki.server_cert = dir + "/server.pem";
  pki.server_key = dir + "/server.key";
  pki.server_key_encrypted = dir + "/server-enc.key";
  pki.client_cert = dir + "/client.pem";
  pki.client_key = dir + "/client.key";
  pki.stranger_cert = dir + "/stranger.pem";
  pki.stranger_key = dir + "/stranger.key";
  RMQ_RETURN_IF_ERROR(WritePem(pki.ca_cert, ca.get(), nullptr));
  RMQ_RETURN_IF_ERROR(WritePem(pki.server_cert, server.get(), nullptr));
  RMQ_RETURN_IF_ERROR(WritePem(pki.server_key, nullptr, server_key.get()));
  RMQ_RETURN_IF_ERROR(WritePem(pki.server_key_encrypted, nullptr, server_key.get(), true));
  RMQ_RETURN_IF_ERROR(WritePem(pki.client_cert, client.get(), nullptr));
  RMQ_RETURN_IF_ERROR(WritePem(pki.client_key, nullptr, client_key.get()));
  RMQ_RETURN_IF_ERROR(WritePem(pki.stranger_cert, stranger.get(), nullptr));
  RMQ_RETURN_IF_ERROR(WritePem(pki.stranger_key, nullptr, stranger_key.get()));
  return pki;
}

}  // namespace testing
}  // namespace rocketmq
