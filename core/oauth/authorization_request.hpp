// The authorization request URL. Sources: RFC 6749 s4.1.1 (code) and s4.2.1 (implicit), RFC 7636 s4.3
// (PKCE), Zoho OAuth "Authorization request" (comma-separated scopes, access_type, prompt).
#pragma once
#include <string>
#include <vector>

#include "oauth/error.hpp"

namespace zc {

/// Everything an authorization request carries. Empty optional strings are left out of the URL.
/// - endpoint: the authorization endpoint, e.g. https://accounts.zoho.eu/oauth/v2/auth (its own query kept)
/// - response_type: `code` or `token`
/// - scope_separator: `,` for Zoho, ` ` for generic OAuth 2.0 (RFC 6749 s3.3); either is percent-encoded
/// - redirect_uri: sent byte for byte as given (RFC 6749 s3.1.2)
/// - code_challenge: BASE64URL(SHA256(verifier)) when PKCE is used; method is then S256
struct AuthorizationRequest {
  std::string endpoint;
  std::string response_type = "code";
  std::string client_id;
  std::vector<std::string> scopes;
  char scope_separator = ',';
  std::string redirect_uri;
  std::string state;
  std::string access_type;  // Zoho: offline | online
  std::string prompt;       // Zoho: consent
  std::string code_challenge;
  std::string nonce;  // OpenID Connect Core 1.0 s3.1.2.1, for scopes with openid
};

/// Builds the URL. Errors: `authorization_request.endpoint` (not an absolute http(s) URL),
/// `authorization_request.client_id` (empty), `authorization_request.scope` (no scope),
/// `authorization_request.redirect_uri` (empty or with a fragment, RFC 6749 s3.1.2).
Result<std::string> build_authorization_url(const AuthorizationRequest& request);

}  // namespace zc
