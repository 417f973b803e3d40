// Signed id_tokens for tests: an RS256 key pair generated in the test process by OpenSSL (no private key
// is ever committed), and a token builder that signs any header and claims with it.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "cli/openssl_signature.hpp"
#include "oauth/base64url.hpp"

namespace zc::testing {

inline constexpr const char* kTestIssuer = "https://accounts.example.test";
inline constexpr const char* kTestClientId = "1000.CLIENT";
inline constexpr std::int64_t kTestNow = 1700000000;

/// One key pair per process (2048-bit generation takes a while), kid "test-key-1".
inline const OpenSslRs256Signer& test_signer() {
  static const OpenSslRs256Signer signer("test-key-1");
  return signer;
}

/// Claims that pass every check for kTestIssuer / kTestClientId / nonce "n-0S6_WzA2Mj" at kTestNow.
inline nlohmann::json good_claims() {
  return {{"iss", kTestIssuer}, {"sub", "675925609"},          {"aud", kTestClientId},
          {"exp", kTestNow + 3600}, {"iat", kTestNow},          {"nonce", "n-0S6_WzA2Mj"},
          {"email", "user@example.test"}, {"email_verified", true}};
}

inline nlohmann::json good_header() { return {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "test-key-1"}}; }

/// header.payload.signature, signed by test_signer().
inline std::string signed_token(const nlohmann::json& header = good_header(),
                                const nlohmann::json& claims = good_claims()) {
  const std::string input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  return input + "." + base64url_encode(test_signer().sign(input));
}

/// The JWK Set publishing test_signer()'s public key.
inline std::string test_jwks() {
  const Jwk k = test_signer().public_key();
  return nlohmann::json{{"keys", {jwk_to_json(k)}}}.dump();
}

}  // namespace zc::testing
