// PKCE (RFC 7636): the code verifier and its S256 challenge. The core has no hash of its own: the
// SHA-256 digest comes from the platform (OpenSSL natively, core/cli/openssl_crypto.hpp; WebCrypto in the
// browser, web/shell.js), and this file turns verifier bytes and digests into the wire strings.
#pragma once
#include <string>
#include <string_view>

#include "oauth/error.hpp"

namespace zc {

/// Octets of randomness in a verifier: 32 -> 43 base64url characters (RFC 7636 s4.1 recommends it).
inline constexpr size_t kCodeVerifierOctets = 32;

/// RFC 7636 s4.1: the verifier is BASE64URL(32 random octets). Error `pkce.random` when `random_octets`
/// is not exactly 32 bytes.
Result<std::string> make_code_verifier(std::string_view random_octets);

/// True for 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 s4.1 ABNF).
bool is_valid_code_verifier(std::string_view verifier);

/// RFC 7636 s4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), given that digest (32 raw
/// octets). Error `pkce.digest` for any other length.
Result<std::string> code_challenge_s256(std::string_view sha256_digest);

}  // namespace zc
