// Token endpoint requests. Sources: RFC 6749 s4.1.3 (code exchange), s6 (refresh), s2.3.1 (client
// credentials in the body), RFC 7636 s4.5 (code_verifier), Zoho OAuth "Generate tokens" and "Refresh".
// Zoho's examples put parameters in the URL query; we send an application/x-www-form-urlencoded body so
// no secret or code ever sits in a URL (RFC 6749 s2.3.1, RFC 9700 s4.3).
#pragma once
#include <string>

#include "oauth/http.hpp"
#include "oauth/percent.hpp"

namespace zc {

/// Client credentials as the token endpoint needs them. `basic`: send them as HTTP Basic
/// (`client_secret_basic`, RFC 6749 s2.3.1) instead of in the form body (`client_secret_post`, what Zoho
/// expects).
struct ClientCredentials {
  std::string client_id;
  std::string client_secret;  // may be empty (public clients)
  bool basic = false;
};

/// `Basic base64(form-encode(id):form-encode(secret))` (RFC 6749 s2.3.1: each part form-encoded first).
std::string basic_authorization(const ClientCredentials& client);

/// POST {url} with the form `params` and the client authenticated as `client` says: client_id (and
/// client_secret when non-empty) appended to the form, or, with `basic` and a secret, an HTTP Basic
/// Authorization header instead (RFC 6749 s2.3.1). Every token endpoint request (and RFC 8628's device
/// authorization request) is built by this one function.
HttpRequest client_form_post(const std::string& url, Params params, const ClientCredentials& client);

/// POST {token_url} with grant_type=authorization_code, code, redirect_uri (byte-identical to the one
/// in the authorization request; left out when empty, as for a Zoho self client), client_id,
/// client_secret (when non-empty), code_verifier (when non-empty).
HttpRequest build_code_exchange(const std::string& token_url, const ClientCredentials& client,
                                const std::string& code, const std::string& redirect_uri,
                                const std::string& code_verifier);

/// POST {token_url} with grant_type=refresh_token, refresh_token, client_id, client_secret.
HttpRequest build_refresh(const std::string& token_url, const ClientCredentials& client,
                          const std::string& refresh_token);

}  // namespace zc
