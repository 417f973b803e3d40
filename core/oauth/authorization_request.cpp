#include "oauth/authorization_request.hpp"

#include "oauth/percent.hpp"
#include "oauth/url.hpp"

namespace zc {

Result<std::string> build_authorization_url(const AuthorizationRequest& r) {
  auto endpoint = parse_url(r.endpoint, "Authorization URL");
  if (!endpoint.ok()) {
    Error e = endpoint.error();
    e.code = "authorization_request.endpoint";
    return e;
  }
  if (r.client_id.empty()) {
    return Error{"authorization_request.client_id",
                 "Client Id is empty; copy it from your app in Zoho's API console (api-console.zoho.com).",
                 "RFC 6749 s4.1.1"};
  }
  if (r.scopes.empty()) {
    return Error{"authorization_request.scope",
                 "No scope is set; add at least one, e.g. ZohoCRM.modules.leads.ALL.", "Zoho OAuth: Scopes"};
  }
  if (r.redirect_uri.empty()) {
    return Error{"authorization_request.redirect_uri",
                 "Redirect URI is empty; enter the exact URI registered for your client.", "RFC 6749 s3.1.2"};
  }
  if (r.redirect_uri.find('#') != std::string::npos) {
    return Error{"authorization_request.redirect_uri",
                 "Redirect URI contains a fragment (#...); a redirection endpoint must not have one.",
                 "RFC 6749 s3.1.2"};
  }
  std::string scope;
  for (const std::string& s : r.scopes) {
    if (!scope.empty()) scope += r.scope_separator;
    scope += s;
  }
  Params params = {{"scope", scope},
                   {"client_id", r.client_id},
                   {"response_type", r.response_type}};
  if (!r.access_type.empty()) params.emplace_back("access_type", r.access_type);
  if (!r.prompt.empty()) params.emplace_back("prompt", r.prompt);
  params.emplace_back("redirect_uri", r.redirect_uri);
  if (!r.state.empty()) params.emplace_back("state", r.state);
  if (!r.nonce.empty()) params.emplace_back("nonce", r.nonce);
  if (!r.code_challenge.empty()) {
    params.emplace_back("code_challenge", r.code_challenge);
    params.emplace_back("code_challenge_method", "S256");
  }
  return append_query(r.endpoint, query_serialize(params));
}

}  // namespace zc
