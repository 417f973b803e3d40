// Hand-off: what worked in the console, reproduced outside the browser. A profile's token calls as
// `curl` commands and the environment a server-side integration reads, as text to copy. The requests
// come from the console's own builders (build_code_exchange, build_refresh, build_revoke, ...), so the
// export cannot drift from what the console sends. Secrets never appear inline (docs/SECURITY.md rule 7):
// the curl text names them as shell variables, the .env text leaves them empty unless asked.
// Naming: docs/ARCHITECTURE.md "Hand-off".
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "console/profile.hpp"
#include "oauth/http.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// `text` as one single-quoted shell word (POSIX sh, "Quoting"): `'it'\''s'` for `it's`; bytes outside
/// ASCII (UTF-8) stay as they are, which single quotes keep literally.
std::string shell_quote(std::string_view text);

/// The variable prefix of a profile's hand-off: `ZOHO_` for provider zoho, `OAUTH_` for a custom one.
std::string hand_off_prefix(const Profile& profile);

/// One token call of the export: `title` (a comment line) and the request, built by the console's builder
/// with each secret replaced by a placeholder that curl_commands() turns into `"${PREFIX_NAME}"`.
struct HandOffCall {
  std::string title;
  HttpRequest request;
};

/// The calls the profile's client type makes, at the profile's data centre (Zoho: the token set's accounts
/// server when there is one) or its custom URLs, never through a relay (outside the browser CORS does not
/// apply): code exchange (server-based and self clients), device authorization and poll (non-browser),
/// client credentials, refresh (when a refresh token can exist), revoke (Zoho) and a CRM Get Records call
/// (Zoho). `base_url` places the demo data centre.
std::vector<HandOffCall> hand_off_calls(const Profile& profile, const TokenSet* tokens, const std::string& base_url);

/// The calls as a bash script of curl commands: URL and literal parameters single-quoted, each secret
/// (client secret, refresh token, access token, code, code verifier, device code) as `"${ZOHO_...}"` sent
/// with --data-urlencode (curl percent-encodes it as the form body needs), HTTP Basic as --user.
std::string hand_off_curl(const Profile& profile, const TokenSet* tokens, const std::string& base_url);

/// What the secrets of the .env text hold: empty placeholders, redacted values (for display), or the
/// values themselves (the user chose "include secrets": the text warns).
enum class SecretValues { kEmpty, kMasked, kIncluded };

/// The environment of a server-side integration, one `NAME='value'` a line (shell-quoted, so `set -a;
/// . file` reads it): client id and secret, accounts/token URLs, API domain, scope, redirect URI,
/// refresh token, organization id, as the client type uses them (docs/ARCHITECTURE.md "Hand-off").
std::string hand_off_env(const Profile& profile, const TokenSet* tokens, const std::string& base_url,
                         SecretValues secrets);

}  // namespace zc
