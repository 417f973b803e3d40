#include "zoho/demo_openid.hpp"

#include <utility>

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"
#include "zoho/demo_http.hpp"

namespace zc::demo {
namespace {

using nlohmann::json;

HttpResponse invalid_token() {
  HttpResponse r = json_answer(401, json_object({{"error", "invalid_token"}}));
  r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

// The token of `Authorization: Bearer <t>` or Zoho's `Zoho-oauthtoken <t>` (Zoho accepts both for its
// own accounts APIs: docs/ZOHO.md "Sign in with Zoho (OpenID Connect)").
std::string presented_token(const Headers& headers) {
  const std::string auth = header_value(headers, "Authorization");
  for (const char* prefix : {"Bearer ", "Zoho-oauthtoken "}) {
    const std::string p(prefix);
    if (auth.rfind(p, 0) == 0) return auth.substr(p.size());
  }
  return "";
}

}  // namespace

bool scope_has_openid(std::string_view scope) {
  size_t start = 0;
  while (start <= scope.size()) {
    const size_t end = std::min(scope.find(',', start), scope.size());
    if (scope.substr(start, end - start) == "openid") return true;
    start = end + 1;
  }
  return false;
}

HttpResponse openid_configuration(const DataCentre& region) {
  const std::string& a = region.accounts_server;
  // OpenID Connect Discovery 1.0 s3: issuer, the endpoints, and the required lists.
  return json_answer(200, json_object({{"issuer", a},
                                       {"authorization_endpoint", a + "/oauth/v2/auth"},
                                       {"token_endpoint", a + "/oauth/v2/token"},
                                       {"revocation_endpoint", a + "/oauth/v2/token/revoke"},
                                       {"userinfo_endpoint", a + "/oauth/v2/userinfo"},
                                       {"jwks_uri", a + "/oauth/v2/keys"},
                                       {"scopes_supported", json::array({"openid", "email", "profile"})},
                                       {"response_types_supported", json::array({"code", "token"})},
                                       {"subject_types_supported", json::array({"public"})},
                                       {"id_token_signing_alg_values_supported", json::array({"RS256"})},
                                       {"code_challenge_methods_supported", json::array({"S256"})},
                                       {"claims_supported", json::array({"sub", "email", "email_verified", "name"})}}));
}

HttpResponse jwks(const Jwk& key) {
  json keys = json::array();
  if (!key.n.empty()) keys.push_back(jwk_to_json(key));
  return json_answer(200, json_object({{"keys", keys}}));
}

HttpResponse userinfo(const DemoState& state, const DataCentre& region, const Headers& headers, std::int64_t now) {
  const auto found = state.access_tokens.find(presented_token(headers));
  if (found == state.access_tokens.end() || found->second.region != region.location ||
      found->second.expires_at <= now || !scope_has_openid(found->second.scope)) {
    return invalid_token();
  }
  return json_answer(200, json_object({{"sub", kDemoUserSub}, {"email", kDemoUserEmail}, {"email_verified", true},
                                       {"name", "Demo User"}}));
}

std::string add_unsigned_id_token(json& body, const DemoCode& c, const DataCentre& region, const Jwk& key,
                                  std::int64_t now) {
  if (key.n.empty()) return "";
  const json header = json_object({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", key.kid}});
  json claims = json_object({{"iss", region.accounts_server}, {"sub", kDemoUserSub}, {"aud", c.client_id},
                             {"exp", now + 3600}, {"iat", now}, {"email", kDemoUserEmail},
                             {"email_verified", true}, {"name", "Demo User"}});
  if (!c.nonce.empty()) claims["nonce"] = c.nonce;
  const std::string input = base64url_encode(to_json_text(header)) + "." + base64url_encode(to_json_text(claims));
  body["id_token"] = input + ".";
  return input;
}

HttpResponse sign_demo_answer(HttpResponse answer, std::string_view signature) {
  std::string input;
  for (auto it = answer.headers.begin(); it != answer.headers.end(); ++it) {
    if (it->first != kSigningInputHeader) continue;
    input = it->second;
    answer.headers.erase(it);
    break;
  }
  if (input.empty()) return answer;
  const std::string unsigned_token = "\"" + input + ".\"";
  const size_t at = answer.body.find(unsigned_token);
  if (at != std::string::npos) {
    answer.body.replace(at, unsigned_token.size(), "\"" + input + "." + base64url_encode(signature) + "\"");
  }
  return answer;
}

}  // namespace zc::demo
