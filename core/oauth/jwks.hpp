// A JSON Web Key Set (the document at an OpenID provider's jwks_uri) and the choice of the key that
// verifies a token. Source: RFC 7517 s4-5 (JWK and JWK Set), RFC 7518 s6.3.1 (RSA public keys: `n`, `e`
// base64url), OpenID Connect Core 1.0 s10.1 (a `kid` is needed when the set holds more than one key).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"

namespace zc {

/// One public key of a JWK Set. `n` and `e` stay base64url as published (what WebCrypto's JWK import
/// and the native verifier both take); `use` and `alg` are "" when the set leaves them out.
struct Jwk {
  std::string kty;
  std::string kid;
  std::string use;
  std::string alg;
  std::string n;
  std::string e;
};

/// Parses a JWK Set document `{"keys": [...]}`. Keys that are not RSA (`kty` other than "RSA") are
/// skipped, not refused (a provider may publish EC keys beside RSA ones). Errors: `jwks.not_json`,
/// `jwks.keys` (no `keys` array), `jwks.key` (an RSA key without a base64url `n` or `e`, naming its
/// position and kid).
Result<std::vector<Jwk>> parse_jwks(std::string_view text);

/// The key a token's header names: the one whose `kid` equals `kid` exactly; with no `kid` in the header,
/// the only key when the set holds one (OIDC Core s10.1). Errors: `jwks.kid_unknown`, `jwks.kid_missing`
/// (no kid, several keys), `jwks.empty`.
Result<Jwk> find_key(const std::vector<Jwk>& keys, const std::string& kid);

/// The key as a JWK JSON object (kty, n, e, and kid/alg/use when set): the shape
/// `crypto.subtle.importKey('jwk', ...)` takes.
nlohmann::json jwk_to_json(const Jwk& key);

}  // namespace zc
