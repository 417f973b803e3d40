// The demo's accounts server: Zoho Accounts' OAuth endpoints (authorization, the consent decision, the
// token endpoint's grants, revocation, the self-client code). Its own file because it is the part that
// holds the security rules the console is tested against (docs/SECURITY.md rules 1 and 6: PKCE, codes
// single-use and short-lived) and Zoho's limits (docs/ZOHO.md "Token endpoint", "Limits"). Answers follow
// docs/ZOHO.md; the HTML lives in demo_consent_page.cpp, the state in demo_state.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "zoho/demo_http.hpp"
#include "zoho/demo_server.hpp"
#include "zoho/demo_state.hpp"

namespace zc::demo {

/// Zoho's token shape, `1000.<32 hex>.<32 hex>`, from 32 bytes of the host's entropy each (DemoServer::handle
/// makes sure of kEntropyBytes, enough for the two a request can mint).
class TokenMint {
 public:
  explicit TokenMint(std::string_view entropy) : entropy_(entropy) {}
  std::string next();

 private:
  std::string_view entropy_;
  size_t used_ = 0;
};

/// Zoho's token endpoint error: HTTP 200 and the one key `error` (docs/ZOHO.md "Token endpoint").
HttpResponse oauth_error(const std::string& code);

/// True when the form or query `params` carry the demo client's id and secret.
bool demo_client(const Params& params);

/// Keeps at most DemoServer::kRefreshTokensPerUser - 1 refresh tokens of `region`, so one more fits (the
/// oldest leaves first).
void keep_refresh_token_limit(DemoState& state, const std::string& region);

/// Deletes refresh token `token` and every access token made from it (revocation, and the user removing
/// the app from Connected Apps); nothing when the token is unknown.
void revoke_refresh_token(DemoState& state, const std::string& token);

/// The token answer of a consent for `scope` at data centre `dc` (the code grant's and the device flow's):
/// an access token, and a refresh token with access_type=offline on the first consent or prompt=consent;
/// both recorded in `state`.
nlohmann::json issue_consented_tokens(DemoState& state, const DataCentre& dc, const std::string& scope,
                                      const std::string& access_type, const std::string& prompt, std::int64_t now,
                                      TokenMint& mint);

/// GET `{accounts}/oauth/v2/auth` (Zoho Accounts "Authorization request"): the consent page, or an error
/// page (HTTP 200, never a redirect) for a client id other than kDemoClientId, an unregistered
/// redirect_uri (`base_url`, `{base_url}index.html`), a response_type other than code or token, no scope.
HttpResponse authorize(const Route& route, const std::string& base_url);

/// GET `{accounts}/oauth/v2/auth/decision`, where the consent page's form goes: re-checks the client and
/// redirect URI (else the authorize() page), then redirects (302) to the redirect URI with `state`:
/// - decision other than accept: `error=access_denied`;
/// - response_type=token: in the fragment, access_token, token_type, expires_in (seconds), api_domain and
///   location (Zoho Accounts "Client-based applications > Get access token"; RFC 6749 s4.2.2);
/// - otherwise: in the query, a code (kCodeLifetime seconds, single-use) with `location` and
///   `accounts-server` of the chosen data centre (`dc`) and Zoho's trailing `&` (docs/ZOHO.md "Callback").
/// `now`: Unix seconds; `entropy`: at least 32 random bytes (one code or token).
HttpResponse decide(DemoState& state, const Route& route, const std::string& base_url, std::int64_t now,
                    std::string_view entropy);

/// POST `{accounts}/oauth/v2/token` (docs/ZOHO.md "Token endpoint"), parameters from the form body or
/// the query. Grants: authorization_code (single-use, kCodeLifetime seconds, only at the code's data
/// centre, redirect_uri must match, PKCE S256 per RFC 7636 s4.6 when the code has a challenge; a refresh
/// token only with access_type=offline on the first consent or prompt=consent, at most
/// kRefreshTokensPerUser per data centre), refresh_token (no refresh_token in the answer; Zoho's
/// throttle) and client_credentials (scope and soid=ZohoCRM.<kDemoOrganizationId>: an hour's access token,
/// no refresh token). Errors: HTTP 200 {"error":"invalid_client"|"invalid_code"|"invalid_redirect_uri"|
/// "missing_org_info"|"invalid_scope"|"unsupported_grant_type"}; the throttle HTTP 400 with Zoho's body. `request.code_verifier_sha256`: the
/// host's SHA-256 of the code_verifier. `entropy`: at least 64 random bytes (two tokens).
HttpResponse token(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                   std::string_view entropy);

/// POST `{accounts}/oauth/v2/token/revoke` or `.../revoke/token` with `token` in the query or form body
/// (Zoho Accounts "Revoke OAuth tokens"): 200 {"status":"success"} for a refresh token (its access tokens
/// die with it) or access token of this data centre; a bare HTTP 400 for any other token.
HttpResponse revoke(DemoState& state, const Route& route, const DemoRequest& request);

/// POST `{accounts}/oauth/v2/self-client/code` (form: client_id, client_secret, scope, minutes 3-10): what
/// Zoho's API console shows after "Generate Code", as JSON {"code","expires_in" (seconds)}; the code gives a
/// refresh token like an offline consent. Errors: HTTP 200 {"error":"invalid_client"}, or
/// {"error":"invalid_request","error_description":...} for a missing scope or minutes out of range.
/// `entropy`: at least 32 random bytes.
HttpResponse self_client_code(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                              std::string_view entropy);

}  // namespace zc::demo
