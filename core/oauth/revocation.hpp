// Token revocation requests. Sources: Zoho OAuth "Revoke tokens" (POST {accounts}/oauth/v2/token/revoke
// with `token`), Zoho's newer page (POST {accounts}/oauth/v2/revoke/token with HTTP Basic client
// authentication and `token_type`), RFC 7009 s2.1. Both put the token in a form body, never in the URL
// (docs/SECURITY.md rule 7), although Zoho's examples show it in the query.
#pragma once
#include <string>

#include "oauth/http.hpp"
#include "oauth/token_request.hpp"

namespace zc {

/// POST {url} (…/oauth/v2/token/revoke) with body `token=<token>`.
HttpRequest build_revoke(const std::string& url, const std::string& token);

/// POST {url} (…/oauth/v2/revoke/token) with `Authorization: Basic base64(client_id:client_secret)` and
/// body `token=<token>&token_type=<refresh_token|access_token>`.
HttpRequest build_revoke_with_client_authentication(const std::string& url, const ClientCredentials& client,
                                                    const std::string& token, const std::string& token_type);

/// The outcome of a revoke answer: revoked (200), already revoked (400: Zoho does not know the token),
/// or failed (status 0 or anything else). `message` says which, for a person.
struct RevocationOutcome {
  bool forget = false;  // true when the token is dead either way
  std::string message;
};
RevocationOutcome read_revocation_response(int status);

}  // namespace zc
