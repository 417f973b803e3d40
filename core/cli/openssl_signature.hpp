// RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 s3.3 / RFC 8017 s8.2) with OpenSSL's libcrypto: the
// native side of the id_token signature port (core/oauth/id_token_verification.hpp), and a signer whose
// key pair is generated in memory (the demo data centre in native tests; never a key file on disk).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "oauth/id_token_verification.hpp"
#include "oauth/jwks.hpp"

namespace zc {

/// Verifies RS256 signatures against an RSA JWK (`n`, `e` base64url). Any other alg, a key that does not
/// import, or a bad signature gives false.
class OpenSslSignatureVerifier : public SignatureVerifier {
 public:
  bool verify(const std::string& alg, const Jwk& key, std::string_view signing_input,
              std::string_view signature) const override;
};

/// An RSA key pair made at construction (2048 bits, e = 65537) that signs RS256.
class OpenSslRs256Signer {
 public:
  explicit OpenSslRs256Signer(std::string kid);
  ~OpenSslRs256Signer();
  OpenSslRs256Signer(const OpenSslRs256Signer&) = delete;
  OpenSslRs256Signer& operator=(const OpenSslRs256Signer&) = delete;

  /// The public half as a JWK (kty RSA, kid, use sig, alg RS256).
  Jwk public_key() const;
  /// The raw RS256 signature of `signing_input` (256 octets).
  std::string sign(std::string_view signing_input) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
  std::string kid_;
};

}  // namespace zc
