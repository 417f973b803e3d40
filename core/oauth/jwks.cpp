#include "oauth/jwks.hpp"

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"

namespace zc {
namespace {

constexpr const char* kSource = "RFC 7517 s5";

bool is_base64url_number(const std::string& value) {
  const auto bytes = base64url_decode(value);
  return bytes && !bytes->empty();
}

}  // namespace

Result<std::vector<Jwk>> parse_jwks(std::string_view text) {
  const nlohmann::json j = parse_json(text);
  if (j.is_discarded() || !j.is_object()) {
    return Error{"jwks.not_json", "The JWK Set is not a JSON object; check the jwks_uri.", kSource};
  }
  const auto keys = j.find("keys");
  if (keys == j.end() || !keys->is_array()) {
    return Error{"jwks.keys", "The JWK Set has no \"keys\" array.", kSource};
  }
  std::vector<Jwk> out;
  for (size_t i = 0; i < keys->size(); ++i) {
    const nlohmann::json& k = (*keys)[i];
    if (string_at(k, "kty") != "RSA") continue;  // EC or oct keys: not for RS256
    Jwk key{"RSA", string_at(k, "kid"), string_at(k, "use"), string_at(k, "alg"), string_at(k, "n"),
            string_at(k, "e")};
    if (!is_base64url_number(key.n) || !is_base64url_number(key.e)) {
      return Error{"jwks.key",
                   "Key " + std::to_string(i) + " (kid '" + printable(key.kid, 40) +
                       "') is an RSA key without a base64url modulus n and exponent e.",
                   "RFC 7518 s6.3.1"};
    }
    out.push_back(std::move(key));
  }
  return out;
}

Result<Jwk> find_key(const std::vector<Jwk>& keys, const std::string& kid) {
  if (keys.empty()) {
    return Error{"jwks.empty", "The JWK Set holds no RSA key, so no RS256 signature can be checked.", kSource};
  }
  if (kid.empty()) {
    if (keys.size() == 1) return keys.front();
    return Error{"jwks.kid_missing",
                 "The token's header names no kid and the JWK Set holds " + std::to_string(keys.size()) +
                     " keys: which one signed it is unknown.",
                 "OpenID Connect Core 1.0 s10.1"};
  }
  for (const Jwk& k : keys) {
    if (k.kid == kid) return k;
  }
  return Error{"jwks.kid_unknown",
               "The token's kid '" + printable(kid, 60) +
                   "' is not in the provider's JWK Set: it was not signed by a key the provider publishes "
                   "(or the keys rotated: fetch the JWK Set again).",
               "OpenID Connect Core 1.0 s10.1"};
}

nlohmann::json jwk_to_json(const Jwk& key) {
  nlohmann::json j = {{"kty", key.kty}, {"n", key.n}, {"e", key.e}};
  if (!key.kid.empty()) j["kid"] = key.kid;
  if (!key.alg.empty()) j["alg"] = key.alg;
  if (!key.use.empty()) j["use"] = key.use;
  return j;
}

}  // namespace zc
