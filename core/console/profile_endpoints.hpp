// Where a profile's requests go and what its authorization request says: the endpoints a profile
// resolves to (Zoho's data-centre table, or a custom provider's URLs as typed), the authorization request
// it makes (RFC 6749 s4.1.1, s4.2.1), and the pending record of one attempt (RFC 9207 issuer). Shared by
// the console's model, its lint and the zoho-auth CLI.
#pragma once
#include <cstdint>
#include <string>

#include "console/pending_authorization.hpp"
#include "console/profile.hpp"
#include "oauth/authorization_request.hpp"

namespace zc {

/// Effective endpoints of a profile: for provider `zoho` an empty URL follows the data centre's table
/// entry; for `custom` the profile's URLs as given. `base_url` places the demo data centre.
struct ProfileEndpoints {
  std::string authorization_url;
  std::string token_url;
  std::string refresh_token_url;
  /// The device flow's two endpoints (client type `non-browser`): for Zoho the data centre's
  /// /oauth/v3/device/code and /oauth/v3/device/token; for a custom provider `deviceAuthorizationUrl` and
  /// the Token URL (RFC 8628 s3.1, s3.4).
  std::string device_authorization_url;
  std::string device_token_url;
};
ProfileEndpoints resolve_endpoints(const Profile& profile, const std::string& base_url);

/// The authorization request a profile makes (without state and PKCE, which belong to one attempt):
/// `response_type=token` for a client-based app, `code` otherwise; Zoho's comma between scopes, a space
/// (sent as %20) for other providers; Zoho's access_type; the profile's prompt for any provider (OpenID
/// providers issue a refresh token for offline_access only with prompt=consent).
AuthorizationRequest authorization_request_for(const Profile& profile, const std::string& base_url);

/// What the console remembers of one authorization request it sends for `profile` with `state` at `now`
/// (Unix seconds): where it went (the accounts server: the authorization URL without Zoho's /oauth/...
/// path), the token URL, the redirect URI, the response type, the provider, and the issuer a callback's
/// `iss` must equal (RFC 9207): the profile's Issuer when set; otherwise Zoho's accounts server, or for a
/// custom provider the authorization URL's scheme://authority as typed (the usual issuer; a server with
/// another one says so in the refusal). profile_id, end user and code verifier are the caller's to set.
PendingAuthorization pending_authorization_for(const Profile& profile, const std::string& base_url,
                                               const std::string& state, std::int64_t now);

}  // namespace zc
