#include "oauth/pkce.hpp"

#include "oauth/base64url.hpp"

namespace zc {

Result<std::string> make_code_verifier(std::string_view random_octets) {
  if (random_octets.size() != kCodeVerifierOctets) {
    return Error{"pkce.random", "A PKCE code verifier needs exactly 32 random octets.", "RFC 7636 s4.1"};
  }
  return base64url_encode(random_octets);
}

bool is_valid_code_verifier(std::string_view v) {
  if (v.size() < 43 || v.size() > 128) return false;
  for (char c : v) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

Result<std::string> code_challenge_s256(std::string_view digest) {
  if (digest.size() != 32) {
    return Error{"pkce.digest", "A SHA-256 digest is 32 octets; the platform's hash returned another length.",
                 "FIPS 180-4"};
  }
  return base64url_encode(digest);
}

}  // namespace zc
