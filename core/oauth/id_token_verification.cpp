#include "oauth/id_token_verification.hpp"

#include <optional>
#include <utility>

#include "oauth/json_text.hpp"

namespace zc {
namespace {

using nlohmann::json;

// A NumericDate (RFC 7519 s2): seconds, possibly non-integer; nullopt when absent, not a number, or
// outside 0..1e13 (so the conversion below stays defined for any input).
std::optional<std::int64_t> seconds_at(const json& claims, const char* key) {
  const auto it = claims.find(key);
  if (it == claims.end() || !it->is_number()) return std::nullopt;
  const double value = it->get<double>();
  if (!(value >= 0 && value <= 1e13)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

IdTokenCheck pass(const char* check, std::string why) { return {check, true, std::move(why)}; }
IdTokenCheck fail(const char* check, std::string why) { return {check, false, std::move(why)}; }

IdTokenCheck alg_check(const json& header) {
  const std::string alg = string_at(header, "alg");
  if (alg == kIdTokenAlg) return pass("alg", "RS256, the one algorithm accepted");
  if (alg == "none" || alg == "None" || alg == "NONE") {
    return fail("alg", "alg is none: an unsigned token proves nothing and is never accepted (RFC 8725 s3.1)");
  }
  return fail("alg", "alg '" + printable(alg, 20) + "' is not RS256, the only algorithm this console accepts "
                     "(the verifier chooses the algorithm, never the token: RFC 8725 s3.1)");
}

IdTokenCheck iss_check(const json& claims, const std::string& issuer) {
  const std::string iss = string_at(claims, "iss");
  if (!issuer.empty() && iss == issuer) return pass("iss", "iss is " + printable(iss));
  return fail("iss", "iss '" + printable(iss) + "' is not the expected issuer '" + printable(issuer) + "'");
}

// aud: a string or an array of strings that must hold the client id (OIDC Core s3.1.3.7 item 3).
IdTokenCheck aud_check(const json& claims, const std::string& client_id) {
  const auto aud = claims.find("aud");
  bool found = false;
  if (aud != claims.end() && aud->is_string()) found = aud->get<std::string>() == client_id;
  if (aud != claims.end() && aud->is_array()) {
    for (const auto& a : *aud) found = found || (a.is_string() && a.get<std::string>() == client_id);
  }
  if (found && !client_id.empty()) return pass("aud", "aud holds the client id");
  return fail("aud", "aud does not hold this profile's client id: the token was issued to another client");
}

// azp (items 4-5): needed when aud lists several audiences, and when present it must be the client id.
IdTokenCheck azp_check(const json& claims, const std::string& client_id) {
  const auto aud = claims.find("aud");
  const bool several = aud != claims.end() && aud->is_array() && aud->size() > 1;
  const auto azp = claims.find("azp");
  if (azp == claims.end()) {
    if (several) return fail("azp", "aud lists several audiences and azp is missing");
    return pass("azp", "one audience: azp not needed");
  }
  if (azp->is_string() && azp->get<std::string>() == client_id) return pass("azp", "azp is the client id");
  return fail("azp", "azp is not this profile's client id");
}

// exp (item 9) with SECURITY.md rule 10's skew in the safe direction: the same is_expired as a token set.
IdTokenCheck exp_check(const json& claims, const IdTokenExpectations& e) {
  const auto exp = seconds_at(claims, "exp");
  if (!exp || *exp == 0) return fail("exp", "exp is missing or not a positive number of seconds");
  TokenSet as_tokens;
  as_tokens.expires_at = *exp;
  if (is_expired(as_tokens, e.now, e.skew)) {
    return fail("exp", "expired: exp " + std::to_string(as_tokens.expires_at) + " is not more than " +
                           std::to_string(e.skew) + " s after now (" + std::to_string(e.now) + ")");
  }
  return pass("exp", "exp " + std::to_string(as_tokens.expires_at) + " is in the future");
}

// iat (item 10): issued no later than now plus the skew (a clock a little ahead is tolerated, no more).
IdTokenCheck iat_check(const json& claims, const IdTokenExpectations& e) {
  const auto iat = seconds_at(claims, "iat");
  if (!iat) return fail("iat", "iat is missing or not a number of seconds");
  const std::int64_t issued = *iat;
  if (issued > e.now + e.skew) {
    return fail("iat", "not yet valid: iat " + std::to_string(issued) + " is more than " + std::to_string(e.skew) +
                           " s after now (" + std::to_string(e.now) + ")");
  }
  return pass("iat", "iat " + std::to_string(issued) + " is not in the future");
}

// nonce (item 11): the value sent in the authorization request, exactly.
IdTokenCheck nonce_check(const json& claims, const std::string& nonce) {
  const auto it = claims.find("nonce");
  if (nonce.empty()) {
    return it == claims.end() ? pass("nonce", "no nonce was sent and none came back")
                              : fail("nonce", "the token carries a nonce but none was sent (a replayed token?)");
  }
  if (it != claims.end() && it->is_string() && it->get<std::string>() == nonce) {
    return pass("nonce", "nonce equals the one sent");
  }
  return fail("nonce", "nonce is not the one sent with this authorization (a replayed or injected token)");
}

void settle(IdTokenVerdict& v) {
  v.verified = !v.signature_pending && !v.checks.empty();
  v.refused_by.clear();
  for (const IdTokenCheck& c : v.checks) {
    if (!c.passed && v.refused_by.empty()) v.refused_by = c.check;
    v.verified = v.verified && c.passed;
  }
}

}  // namespace

IdTokenVerdict prepare_id_token_checks(std::string_view compact, const std::vector<Jwk>& keys,
                                       const IdTokenExpectations& expected) {
  IdTokenVerdict v;
  auto jwt = decode_jwt(compact);
  if (!jwt.ok()) {
    v.checks.push_back(fail("format", jwt.error().message));
    settle(v);
    return v;
  }
  v.jwt = std::move(jwt).value();
  v.checks.push_back(pass("format", "three base64url parts, header and claims are JSON objects"));
  const IdTokenCheck alg = alg_check(v.jwt.header);
  v.checks.push_back(alg);
  const auto kid = v.jwt.header.find("kid");
  if (kid != v.jwt.header.end() && !kid->is_string()) {
    v.checks.push_back(fail("kid", "the header's kid is not a string"));
  } else if (auto key = find_key(keys, string_at(v.jwt.header, "kid")); key.ok()) {
    v.key = key.value();
    v.checks.push_back(pass("kid", "key '" + printable(v.key.kid, 60) + "' of the provider's JWK Set"));
  } else {
    v.checks.push_back(fail("kid", key.error().message));
  }
  v.signature_pending = alg.passed && v.checks.back().passed;
  v.checks.push_back(v.signature_pending ? pass("signature", "pending")
                                         : fail("signature", "not checked: no accepted algorithm and key"));
  v.checks.push_back(iss_check(v.jwt.claims, expected.issuer));
  v.checks.push_back(aud_check(v.jwt.claims, expected.client_id));
  v.checks.push_back(azp_check(v.jwt.claims, expected.client_id));
  v.checks.push_back(exp_check(v.jwt.claims, expected));
  v.checks.push_back(iat_check(v.jwt.claims, expected));
  v.checks.push_back(nonce_check(v.jwt.claims, expected.nonce));
  settle(v);
  return v;
}

IdTokenVerdict finish_id_token_checks(IdTokenVerdict verdict, bool signature_valid) {
  if (!verdict.signature_pending) return verdict;
  verdict.signature_pending = false;
  for (IdTokenCheck& c : verdict.checks) {
    if (c.check != "signature") continue;
    c.passed = signature_valid;
    c.why = signature_valid ? "RS256 signature verified with the key"
                            : "the RS256 signature does not match the header and claims: the token was altered "
                              "or signed by another key";
  }
  settle(verdict);
  return verdict;
}

IdTokenVerdict verify_id_token(std::string_view compact, const std::vector<Jwk>& keys,
                               const IdTokenExpectations& expected, const SignatureVerifier& verifier) {
  IdTokenVerdict v = prepare_id_token_checks(compact, keys, expected);
  if (!v.signature_pending) return v;
  const bool valid = verifier.verify(kIdTokenAlg, v.key, v.jwt.signing_input, v.jwt.signature);
  return finish_id_token_checks(std::move(v), valid);
}

json verdict_to_json(const IdTokenVerdict& verdict) {
  json checks = json::array();
  for (const IdTokenCheck& c : verdict.checks) {
    checks.push_back({{"check", c.check}, {"passed", c.passed}, {"why", c.why}});
  }
  return {{"verified", verdict.verified}, {"refusedBy", verdict.refused_by}, {"header", verdict.jwt.header},
          {"claims", verdict.jwt.claims}, {"checks", checks}};
}

}  // namespace zc
