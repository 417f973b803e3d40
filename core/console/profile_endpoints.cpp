#include "console/profile_endpoints.hpp"

#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"

namespace zc {

ProfileEndpoints resolve_endpoints(const Profile& p, const std::string& base_url) {
  ProfileEndpoints e{p.authorization_url, p.token_url, p.refresh_token_url, p.device_authorization_url, p.token_url};
  if (p.provider == Provider::kZoho) {
    if (auto dc = find_data_centre(p.data_centre, base_url)) {
      if (e.authorization_url.empty()) e.authorization_url = authorization_endpoint(*dc);
      if (e.token_url.empty()) e.token_url = token_endpoint(*dc);
      e.device_authorization_url = device_code_endpoint(*dc);
      e.device_token_url = device_token_endpoint(*dc);
    }
  }
  if (e.refresh_token_url.empty()) e.refresh_token_url = e.token_url;
  return e;
}

AuthorizationRequest authorization_request_for(const Profile& p, const std::string& base_url) {
  AuthorizationRequest r;
  r.endpoint = resolve_endpoints(p, base_url).authorization_url;
  r.response_type = p.client_type == ClientType::kClient ? "token" : "code";
  r.client_id = p.client_id;
  r.scopes = p.scopes;
  r.scope_separator = p.provider == Provider::kZoho ? ',' : ' ';
  r.redirect_uri = p.redirect_uri;
  if (p.client_type != ClientType::kClient) {
    if (p.provider == Provider::kZoho) r.access_type = spelling(p.access_type);
    r.prompt = p.prompt;
  }
  return r;
}

PendingAuthorization pending_authorization_for(const Profile& profile, const std::string& base_url,
                                               const std::string& state, std::int64_t now) {
  const ProfileEndpoints e = resolve_endpoints(profile, base_url);
  PendingAuthorization p;
  p.state = state;
  // The accounts server is the authorization URL without Zoho's /oauth/... path (for the demo it is a
  // path under the console, so an origin alone would not do).
  p.accounts_server = e.authorization_url.substr(0, e.authorization_url.find("/oauth/"));
  p.token_url = e.token_url;
  p.redirect_uri = profile.redirect_uri;
  p.response_type = profile.client_type == ClientType::kClient ? "token" : "code";
  p.provider = profile.provider;
  if (profile.provider == Provider::kZoho) {
    // Zoho's issuer is its accounts server, spelled as the data-centre table spells it (the profile's
    // Issuer key is not used for Zoho; lint says so).
    const auto dc = find_by_accounts_server(p.accounts_server, base_url);
    p.issuer = dc ? dc->accounts_server : p.accounts_server;
  } else if (!profile.issuer.empty()) {
    p.issuer = profile.issuer;
  } else {
    // The usual issuer: the authorization endpoint's origin as a browser serializes it (lower case, no
    // default port, never the user info a URL may carry).
    p.issuer = serialized_origin(e.authorization_url);
  }
  // A custom server has no Zoho /oauth/ path to cut: it is known by its issuer (what the token set shows).
  if (profile.provider != Provider::kZoho) p.accounts_server = p.issuer;
  p.created_at = now;
  return p;
}

}  // namespace zc
