// The authorization profile: what the integration guide asks a developer to fill in (client id and
// secret, authorization/token/refresh token URLs, scopes) plus the data centre, client type and mode.
// JSON form: docs/ARCHITECTURE.md "Profile JSON, version 1". Unknown keys survive a round trip.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "console/profile_choices.hpp"
#include "oauth/error.hpp"
#include "oauth/token_request.hpp"
#include "oauth/token_response.hpp"

namespace zc {

/// One authorization profile. The closed choices are types (console/profile_choices.hpp), spelled in JSON
/// as there; data_centre stays text (`us eu in au jp cn ca sa uk demo`, the table's ids):
/// - provider, client_type, authorization_mode, access_type; prompt: `consent` or empty (free text).
/// - client_authentication (`clientAuthentication`): body | basic | none, how the token endpoint gets
///   the client id and secret (RFC 6749 s2.3.1); Zoho reads them from the body. `none`: a public client
///   (RFC 6749 s2.1), which sends its client_id and no secret, and should use PKCE (RFC 7636).
/// - issuer: the authorization server's issuer identifier (RFC 9207, RFC 8414 s2); a callback's `iss` must
///   equal it. Empty: Zoho's accounts server, or a custom provider's authorization URL origin.
/// `id` is the console's storage key (kept in JSON as `id`; absent in hand-written files).
struct Profile {
  std::string id;
  std::string name;
  Provider provider = Provider::kZoho;
  std::string data_centre = "us";
  ClientType client_type = ClientType::kServer;
  AuthorizationMode authorization_mode = AuthorizationMode::kPreAuthorize;
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes;
  std::string redirect_uri;
  std::string authorization_url;
  std::string token_url;
  std::string refresh_token_url;
  AccessType access_type = AccessType::kOffline;
  std::string prompt = "consent";
  bool pkce = false;
  ClientAuthentication client_authentication = ClientAuthentication::kBody;
  std::string issuer;
  /// `organizationId`: the organization a client-credentials token is for. Zoho sends it as
  /// `soid=ZohoCRM.<id>` (digits; Zoho CRM shows it as the Org ID); unused by other client types and by
  /// custom providers. Read with surrounding white space trimmed.
  std::string organization_id;
  bool enabled = false;  // the integration is enabled: its tokens are refreshed before they expire
  /// `relayUrl`: when set, token, refresh and revoke requests go through this relay (`serve.py --relay`,
  /// README "Relay") as POST <relay_url>?target=<token URL>; empty: straight to the accounts server.
  std::string relay_url;
  /// `deviceAuthorizationUrl`: a custom provider's RFC 8628 device authorization endpoint (client type
  /// `non-browser`); Zoho's is derived from the accounts server (`/oauth/v3/device/code`).
  std::string device_authorization_url;
  /// `jwksUrl`: a custom provider's JWK Set (its discovery document's jwks_uri), read directly to verify
  /// id_tokens instead of discovering it; empty: from `{issuer}/.well-known/openid-configuration`.
  std::string jwks_url;
  /// `userinfoUrl`: a custom provider's OpenID Connect userinfo endpoint (Call userinfo); empty: the
  /// discovery document's userinfo_endpoint.
  std::string userinfo_url;
  nlohmann::json extra = nlohmann::json::object();  // unknown keys, kept verbatim
};

/// Parses profile JSON version 1 (an object). Errors, each naming the key (`code` = `profile.<key>`):
/// not JSON, not an object, a key given twice, `version` missing or not 1 (1.0 is 1), a required key missing (`name`, `clientId`,
/// `scopes`, `redirectUri` (not for a self client, client credentials or a non-browser client: no redirect);
/// `dataCenter` for provider zoho; for provider custom `tokenUrl`, `authorizationUrl` for a client that
/// redirects (not for client credentials) and `deviceAuthorizationUrl` for a non-browser client), a
/// key of the wrong type, an enum value outside its set. Never throws.
Result<Profile> parse_profile(std::string_view json_text);

/// The same from an already parsed JSON value.
Result<Profile> profile_from_json(const nlohmann::json& json);

/// Every problem of a profile JSON value at once (profile_from_json stops at the first): one Error per
/// key, in the order profile_from_json checks them; empty when it parses. For `zoho-auth lint` and the
/// console's import, so a person fixes a file in one go.
std::vector<Error> profile_problems(const nlohmann::json& json);

/// `profile.<key>` for a key that `text` repeats inside one object (the last would win silently);
/// nullopt when none is repeated. parse_profile() checks it; so does the console's import.
std::optional<Error> duplicate_key_error(std::string_view text);

/// Limits on a profile's values, far above any real one, so a pasted document cannot become a profile
/// that every later page load must carry (bytes; scopes counted).
inline constexpr size_t kMaxProfileValueBytes = 2048;
inline constexpr size_t kMaxScopes = 100;
inline constexpr size_t kMaxScopeBytes = 200;

/// The first value of `profile` over those limits, as an error naming its key (`profile.<key>`) and the
/// limit; nullopt when all fit.
std::optional<Error> profile_limits_error(const Profile& profile);

/// Serializes to profile JSON version 1, unknown keys included. With `include_secret` false the
/// `clientSecret` key is left out (what the automation bridge and logs see).
nlohmann::json profile_to_json(const Profile& profile, bool include_secret = true);

/// The profile's client id and secret, sent the way its `clientAuthentication` says (`none`: the id
/// alone, whatever the Client Secret field holds).
ClientCredentials client_credentials(const Profile& profile);

/// True when the profile's token requests carry a client secret: `clientAuthentication` is not `none`
/// and the client is not a client-based (implicit) app.
bool sends_client_secret(const Profile& profile);

/// True when the profile cannot ask for tokens without a client secret: a server-based or client-credentials
/// client, and a Zoho non-browser client (Zoho's device poll sends the secret: Zoho OAuth, Non-browser
/// applications, Polling request); never with `clientAuthentication: none` (a public client, RFC 6749 s2.1).
bool requires_client_secret(const Profile& profile);
/// True when the profile's tokens come back through a browser redirect (server-based and client-based
/// clients), so it needs a redirect URI and sends the browser to its Authorization URL (RFC 6749 s3.1);
/// a self client, client credentials and the device flow have neither. The form shows Authorization
/// URL, Redirect URI, PKCE and the request preview only then; lint and save check those only then.
bool uses_redirect(const Profile& profile);
/// True when the profile asks for tokens with the device flow (client type `non-browser`, RFC 8628): it
/// needs a device authorization endpoint (a custom provider's Device Authorization URL; Zoho's comes from
/// the data centre).
bool uses_device_flow(const Profile& profile);
/// Why a Zoho client-credentials profile's Organization ID cannot be sent as `soid=ZohoCRM.<id>`: it is
/// not all ASCII digits 0-9 (full-width or another script's digits included) once trimmed; nullopt when
/// it can, when it is empty (a missing field, reported as such), and for every other profile. The message
/// names the field and the fix. Lint and save both ask it (Zoho OAuth: Self client - client credentials flow).
std::optional<std::string> organization_id_problem(const Profile& profile);
/// How the profile's token answers read `expires_in`: Zoho's millisecond fallback for provider `zoho`,
/// RFC 6749 seconds for every other provider.
ExpiresInReading expires_in_reading_for(const Profile& profile);

/// Splits the scope text a person types (`a, b c`) into scopes: separators are commas and white space,
/// empty pieces dropped, order kept.
std::vector<std::string> split_scopes(std::string_view text);

/// `text` without the spaces, tabs and line breaks around it.
std::string trim_white_space(std::string_view text);

/// Joins scopes for display and editing: `a,b`.
std::string join_scopes(const std::vector<std::string>& scopes);

}  // namespace zc
