// The demo's accounts server (see demo_accounts.hpp).
#include "zoho/demo_accounts.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "oauth/base64url.hpp"
#include "oauth/url.hpp"
#include "zoho/demo_consent_page.hpp"
#include "zoho/demo_openid.hpp"

namespace zc::demo {

using nlohmann::json;

// [SECTION] Answers and tokens

// Zoho's token endpoint answers its errors with HTTP 200 and a body of one key (docs/ZOHO.md "Token endpoint":
// `{"error":"invalid_code"}`, `{"error":"invalid_client"}`, `{"error":"invalid_redirect_uri"}`; no
// error_description in any of Zoho's documented answers).
HttpResponse oauth_error(const std::string& code) { return json_answer(200, json_object({{"error", code}})); }

// Zoho's throttle answer, byte for byte as Zoho sends it (docs/ZOHO.md "Token endpoint"; the limit is on Zoho
// Accounts' "Refresh access token" and "OAuth token limits" pages): HTTP 400 (Zoho also sends it with 200,
// the demo sends 400), the error spelled "Access Denied" with a space and capitals, a `status` key, and
// Zoho's key order. A literal, not built from a json object: nlohmann::json would sort the keys.
constexpr const char* kThrottleBody =
    R"({"error_description":"You have made too many requests continuously. Please try again after some time.",)"
    R"("error":"Access Denied","status":"failure"})";

namespace {

HttpResponse throttled() { return {400, json_headers(), kThrottleBody}; }

HttpResponse redirect(const std::string& location) {
  return {302, {{"Location", location}, {"Cache-Control", "no-store"}, {"Referrer-Policy", "no-referrer"}}, ""};
}

}  // namespace

std::string TokenMint::next() {
  static const char* kHex = "0123456789abcdef";
  std::string token = "1000.";
  for (size_t i = 0; i < 32; ++i) {
    if (i == 16) token += '.';
    const unsigned char c = static_cast<unsigned char>(entropy_[used_ + i]);
    token += kHex[c >> 4];
    token += kHex[c & 15];
  }
  used_ += 32;
  return token;
}

namespace {

// The demo client's registered redirect URIs: the console's base URL and its index.html.
bool registered_redirect(const std::string& redirect_uri, const std::string& base_url) {
  return redirect_uri == base_url || redirect_uri == base_url + "index.html";
}

}  // namespace

bool demo_client(const Params& params) {
  return param(params, "client_id") == kDemoClientId && param(params, "client_secret") == kDemoClientSecret;
}

namespace {

// A new access token of `region` for `scope`, made from `refresh` ("" for none), living an hour from `now`.
std::string add_access_token(DemoState& state, TokenMint& mint, const std::string& region, const std::string& scope,
                             const std::string& refresh, std::int64_t now) {
  std::string access = mint.next();
  state.access_tokens[access] = {region, scope, refresh, now + DemoServer::kAccessTokenLifetime};
  return access;
}

// The token endpoint's success answer (docs/ZOHO.md "Token endpoint"); the caller adds refresh_token.
json token_answer(const std::string& access, const std::string& scope, const DataCentre& region) {
  return json_object({{"access_token", access}, {"scope", scope}, {"api_domain", region.api_domain},
                      {"token_type", "Bearer"}, {"expires_in", DemoServer::kAccessTokenLifetime}});
}

// [SECTION] Token endpoint grants
}  // namespace

json issue_consented_tokens(DemoState& state, const DataCentre& dc, const std::string& scope,
                            const std::string& access_type, const std::string& prompt, std::int64_t now,
                            TokenMint& mint) {
  const std::string& region = dc.location;
  const std::string access = mint.next();
  json body = token_answer(access, scope, dc);
  std::string refresh;
  const std::string consent_key = region + "|" + kDemoClientId;
  const bool first_consent = state.consents.count(consent_key) == 0;
  if (access_type == "offline" && (first_consent || prompt == "consent")) {
    refresh = mint.next();
    keep_refresh_token_limit(state, region);
    state.refresh_tokens[refresh] = {region, scope, {}, state.next_refresh_seq++};
    body["refresh_token"] = refresh;
  }
  state.consents.insert(consent_key);
  state.access_tokens[access] = {region, scope, refresh, now + DemoServer::kAccessTokenLifetime};
  return body;
}

void keep_refresh_token_limit(DemoState& state, const std::string& region) {
  // docs/ZOHO.md "Limits": at most 20 refresh tokens per user and client; the 21st silently deletes the oldest
  // (Zoho Accounts "Get access token": "The 21st refresh token will replace the first created refresh
  // token"). The demo has one user and one client per data centre. Only the refresh token is deleted:
  // Zoho does not say that its access tokens die with it (they expire within the hour anyway).
  std::vector<std::pair<std::int64_t, std::string>> here;  // (issued, token), oldest first after sorting
  for (const auto& [token, t] : state.refresh_tokens) {
    if (t.region == region) here.emplace_back(t.issued.value_or(0), token);
  }
  std::sort(here.begin(), here.end());
  for (size_t i = 0; i + DemoServer::kRefreshTokensPerUser <= here.size(); ++i) state.refresh_tokens.erase(here[i].second);
}

void revoke_refresh_token(DemoState& state, const std::string& token) {
  if (state.refresh_tokens.erase(token) == 0) return;
  for (auto it = state.access_tokens.begin(); it != state.access_tokens.end();) {
    if (it->second.refresh_token == token) it = state.access_tokens.erase(it);
    else ++it;
  }
}

namespace {

// The failure scenario "21st refresh token" (zoho/demo_scenarios.hpp): as many newer refresh tokens for this
// client and user as it takes for `refresh` to be the one the limit deletes, each issued as every refresh
// token is (keep_refresh_token_limit, then the new one), so the limit itself deletes it as the 21st arrives.
// Their values are one minted token with its last octet counted up: they reach no one.
void issue_newer_refresh_tokens(DemoState& state, const std::string& refresh, TokenMint& mint) {
  const DemoRefreshToken r = state.refresh_tokens[refresh];
  const auto order = [](const DemoRefreshToken& t) { return t.issued.value_or(0); };
  size_t newer = 0;
  for (const auto& [token, t] : state.refresh_tokens) {
    if (t.region == r.region && std::make_pair(order(t), token) > std::make_pair(order(r), refresh)) ++newer;
  }
  std::string token = mint.next();
  static const char* kHex = "0123456789abcdef";
  for (size_t i = newer; i < DemoServer::kRefreshTokensPerUser; ++i) {
    token[token.size() - 2] = kHex[(i >> 4) & 15];
    token[token.size() - 1] = kHex[i & 15];
    keep_refresh_token_limit(state, r.region);
    state.refresh_tokens[token] = {r.region, r.scope, {}, state.next_refresh_seq++};
  }
}

HttpResponse exchange_code(DemoState& state, const Route& route, const Params& params, const DemoRequest& request,
                           std::int64_t now, TokenMint& mint) {
  const std::string& verifier_sha256 = request.code_verifier_sha256;
  const std::string region = route.region.location;
  const auto found = state.codes.find(param(params, "code"));
  if (found == state.codes.end()) return oauth_error("invalid_code");
  DemoCode& c = found->second;
  // Failure scenario "code expired": the demo's clock for this code moves past its life.
  if (take_scenario(state, DemoScenario::kCodeExpired)) c.created_at = now - c.lifetime - 1;
  // A code is valid only at the accounts server of the user's data centre, once, for 120 s.
  if (c.region != region || c.used || now - c.created_at > c.lifetime) {
    return oauth_error("invalid_code");
  }
  if (c.redirect_uri != param(params, "redirect_uri")) return oauth_error("invalid_redirect_uri");
  // PKCE (RFC 7636 s4.6): BASE64URL(SHA256(code_verifier)) must equal the recorded challenge.
  if (!c.code_challenge.empty() &&
      (param(params, "code_verifier").empty() || base64url_encode(verifier_sha256) != c.code_challenge)) {
    return oauth_error("invalid_code");  // Zoho documents no other shape for a code it will not honour
  }
  c.used = true;
  json body = issue_consented_tokens(state, route.region, c.scope, c.access_type, c.prompt, now, mint);
  // Sign in with Zoho: an id_token for openid scopes, signed by the host (zoho/demo_openid.hpp).
  const std::string signing_input =
      scope_has_openid(c.scope) ? add_unsigned_id_token(body, c, route.region, request.signing_key, now) : "";
  HttpResponse answer = json_answer(200, body);
  if (!signing_input.empty()) answer.headers.emplace_back(kSigningInputHeader, signing_input);
  return answer;
}

HttpResponse refresh_access_token(DemoState& state, const Route& route, const Params& params, std::int64_t now,
                                  TokenMint& mint) {
  const std::string refresh = param(params, "refresh_token");
  auto found = state.refresh_tokens.find(refresh);
  const bool known = found != state.refresh_tokens.end() && found->second.region == route.region.location;
  // Failure scenarios of a refresh (zoho/demo_scenarios.hpp), brought about by the demo's own revocation and
  // limits; the checks below then answer as they always do.
  if (known && take_scenario(state, DemoScenario::kRefreshTokenRevoked)) revoke_refresh_token(state, refresh);
  if (known && take_scenario(state, DemoScenario::kRefreshTokenLimit)) issue_newer_refresh_tokens(state, refresh, mint);
  found = state.refresh_tokens.find(refresh);
  if (!known || found == state.refresh_tokens.end()) return oauth_error("invalid_code");
  DemoRefreshToken& r = found->second;
  // Zoho Accounts "Refresh access token": "Using a refresh token, your app can create up to ten access
  // tokens in a span of ten minutes. If the limit is reached, the access token creation will be blocked
  // for the rest of the ten minutes." So: the times of the access tokens this refresh token made in the
  // last 600 s (a sliding window); a refused request makes no token, so it is not counted and does not
  // prolong the block. The access token of the code exchange was made from the code, not from this
  // refresh token, and is not counted either.
  r.requests.erase(std::remove_if(r.requests.begin(), r.requests.end(),
                                  [now](std::int64_t t) { return now - t >= DemoServer::kRefreshWindow; }),
                   r.requests.end());
  // Failure scenario "11th access token in 10 minutes": ten were made from this refresh token just now.
  if (take_scenario(state, DemoScenario::kAccessTokenThrottle)) r.requests.resize(DemoServer::kRefreshesPerWindow, now);
  if (r.requests.size() >= DemoServer::kRefreshesPerWindow) return throttled();
  r.requests.push_back(now);
  const std::string access = add_access_token(state, mint, route.region.location, r.scope, refresh, now);
  // No refresh_token in a refresh answer (docs/ZOHO.md); the client keeps its stored one.
  json body = token_answer(access, r.scope, route.region);
  // Zoho's refresh answer may also lack api_domain and scope (docs/ZOHO.md "Token endpoint").
  if (take_scenario(state, DemoScenario::kRefreshWithoutApiDomain)) {
    body.erase("api_domain");
    body.erase("scope");
  }
  return json_answer(200, body);
}

// Zoho OAuth "Self client - client credentials flow": the client's id and secret (checked by token()), a
// scope, and soid=ZohoCRM.<organization id>; an hour's access token, no refresh token. Without the soid, or
// with another organization's, Zoho names the error missing_org_info; the page shows no body, so the demo
// answers it in the token endpoint's documented error shape (HTTP 200, the one key `error`; docs/ZOHO.md
// "Client credentials", observed).
HttpResponse client_credentials_grant(DemoState& state, const Route& route, const Params& params, std::int64_t now,
                                      TokenMint& mint) {
  const std::string scope = param(params, "scope");
  // RFC 6749 s5.2's code for a request without a scope, in Zoho's error shape (Zoho documents no answer).
  if (scope.empty()) return oauth_error("invalid_scope");
  if (param(params, "soid") != std::string("ZohoCRM.") + kDemoOrganizationId) return oauth_error("missing_org_info");
  const std::string access = add_access_token(state, mint, route.region.location, scope, "", now);
  return json_answer(200, token_answer(access, scope, route.region));
}

}  // namespace

// [SECTION] Authorization endpoint and consent decision

HttpResponse authorize(const Route& route, const std::string& base_url) {
  const Params& q = route.query;
  const std::string client_id = param(q, "client_id");
  const std::string redirect_uri = param(q, "redirect_uri");
  const std::string response_type = param(q, "response_type");
  // Like Zoho, problems with the client or the redirect URI are shown here, never sent to the redirect URI
  // (RFC 6749 s4.1.2.1: the server must not redirect to an unverified URI).
  if (client_id != kDemoClientId) return invalid_client_page(client_id);
  if (!registered_redirect(redirect_uri, base_url)) return invalid_redirect_uri_page(redirect_uri, base_url);
  if (response_type != "code" && response_type != "token") return invalid_response_type_page();
  if (param(q, "scope").empty()) return missing_scope_page();
  return consent_page(route, base_url);
}

HttpResponse decide(DemoState& state, const Route& route, const std::string& base_url, std::int64_t now,
                    std::string_view entropy) {
  const Params& q = route.query;
  const std::string redirect_uri = param(q, "redirect_uri");
  const std::string state_param = param(q, "state");
  // Re-check what the consent page checked: this URL can be called directly.
  if (param(q, "client_id") != kDemoClientId || !registered_redirect(redirect_uri, base_url)) {
    return authorize(route, base_url);
  }
  const bool implicit = param(q, "response_type") == "token";
  auto finish = [&](Params out) {
    if (!state_param.empty()) out.emplace_back("state", state_param);
    if (implicit) return redirect(redirect_uri + "#" + query_serialize(out));
    // Zoho's callback carries a trailing '&'; clients must cope with it.
    return redirect(append_query(redirect_uri, query_serialize(out)) + "&");
  };
  if (param(q, "decision") != "accept") {
    return finish({{"error", "access_denied"}, {"error_description", "The user denied access"}});
  }
  DataCentre user_dc = route.region;
  // Failure scenario "user in another data centre": the user's account is in Europe when the person picked
  // the client's own data centre (the demo's US); the token endpoint fires it (token()).
  const std::string chosen = state.scenario == DemoScenario::kOtherDataCentre && param(q, "dc") == "us" ? "eu" : param(q, "dc");
  for (const DataCentre& dc : demo_data_centres(base_url)) {
    if (dc.location == chosen) user_dc = dc;
  }
  TokenMint mint(entropy);
  const std::string scope = param(q, "scope");
  if (implicit) {
    const std::string access = add_access_token(state, mint, user_dc.location, scope, "", now);
    // Zoho Accounts "Client-based applications > Get access token" (accounts/protocol/oauth/js-apps/
    // access-token.html) lists the redirect's parameters: access_token, api_domain, location (the user's
    // data centre) and expires_in in seconds; token_type as RFC 6749 s4.2.2 requires.
    return finish({{"access_token", access}, {"token_type", "Bearer"},
                   {"expires_in", std::to_string(DemoServer::kAccessTokenLifetime)},
                   {"api_domain", user_dc.api_domain}, {"location", user_dc.location}});
  }
  const std::string code = mint.next();
  state.codes[code] = {user_dc.location, kDemoClientId, redirect_uri, scope, param(q, "access_type"),
                       param(q, "prompt"), param(q, "code_challenge"), now, DemoServer::kCodeLifetime, false,
                       param(q, "nonce")};
  return finish({{"code", code}, {"location", user_dc.location}, {"accounts-server", user_dc.accounts_server}});
}

// [SECTION] Token endpoint, revocation, self client

HttpResponse token(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                   std::string_view entropy) {
  // Zoho reads the parameters from the query (its examples) or a form body: accept both, body first.
  Params params = form_parse(request.body);
  params.insert(params.end(), route.query.begin(), route.query.end());
  if (!demo_client(params)) return oauth_error("invalid_client");
  // Failure scenario "user in another data centre": the demo client is registered in the demo's US data centre
  // and, here, not Multi-DC, so another data centre's accounts server does not know it (docs/ZOHO.md "Data centres").
  if (route.region.location != "us" && take_scenario(state, DemoScenario::kOtherDataCentre)) {
    return oauth_error("invalid_client");
  }
  TokenMint mint(entropy);
  const std::string grant_type = param(params, "grant_type");
  if (grant_type == "authorization_code") {
    // Failure scenario "code used twice": the exchange arrives twice (a retried or replayed request); the
    // first consumes the code and its answer is lost, the second gets what a consumed code gets. The second
    // mints nothing: it fails on the used code (or as the first failed), within the entropy of two tokens.
    if (take_scenario(state, DemoScenario::kCodeReused)) exchange_code(state, route, params, request, now, mint);
    return exchange_code(state, route, params, request, now, mint);
  }
  if (grant_type == "refresh_token") return refresh_access_token(state, route, params, now, mint);
  if (grant_type == "client_credentials") return client_credentials_grant(state, route, params, now, mint);
  // Zoho documents no answer for another grant type; this is RFC 6749 s5.2's code, in Zoho's error shape
  // (HTTP 200, the one key `error`).
  return oauth_error("unsupported_grant_type");
}

HttpResponse revoke(DemoState& state, const Route& route, const DemoRequest& request) {
  Params params = route.query;
  const Params body = form_parse(request.body);
  params.insert(params.end(), body.begin(), body.end());
  const std::string token = param(params, "token");
  // A token is known only at the accounts server of its own data centre (Zoho: "You must use your
  // domain-specific Zoho Accounts URL to revoke your refresh token"): elsewhere it is an unknown token.
  const std::string& region = route.region.location;
  const auto refresh = state.refresh_tokens.find(token);
  if (refresh != state.refresh_tokens.end() && refresh->second.region == region) {
    revoke_refresh_token(state, token);  // its access tokens die with it
    return json_answer(200, json_object({{"status", "success"}}));
  }
  const auto access = state.access_tokens.find(token);
  if (access != state.access_tokens.end() && access->second.region == region) {
    state.access_tokens.erase(access);
    return json_answer(200, json_object({{"status", "success"}}));
  }
  // Zoho Accounts "Revoke OAuth tokens" (accounts/protocol/oauth/revoke-refresh-token.html) documents the
  // unknown token's answer as the status alone: "400 Bad Request: The token passed in the request is
  // invalid". It documents no body, so the demo sends none.
  return {400, {{"Cache-Control", "no-store"}}, ""};
}

HttpResponse self_client_code(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                              std::string_view entropy) {
  const Params params = form_parse(request.body);
  if (!demo_client(params)) return oauth_error("invalid_client");
  const std::string scope = param(params, "scope");
  const std::string minutes_text = param(params, "minutes");
  const int minutes = minutes_text.size() == 1 || minutes_text == "10" ? std::atoi(minutes_text.c_str()) : 0;
  if (scope.empty() || minutes < 3 || minutes > 10) {
    // Zoho has no API here (its console's "Generate Code" form checks these fields itself): a demo-only
    // answer, in the token endpoint's error shape with a hint for the person driving the demo.
    return json_answer(200, json_object({{"error", "invalid_request"},
                                         {"error_description", "give a scope and a life of 3 to 10 minutes"}}));
  }
  TokenMint mint(entropy);
  const std::string code = mint.next();
  // A self client's code has no redirect: the token request carries no redirect_uri. It gives a refresh
  // token like an offline consent.
  state.codes[code] = {route.region.location, kDemoClientId, "", scope, "offline", "consent", "", now,
                       std::int64_t{minutes} * 60, false, ""};
  return json_answer(200, json_object({{"code", code}, {"expires_in", minutes * 60}}));
}

}  // namespace zc::demo
