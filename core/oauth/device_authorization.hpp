// The device authorization grant: a client that cannot receive a redirect asks for a user code, shows it
// with a verification address, and polls the token endpoint until the person has approved on another
// device. Two dialects: Zoho's "non-browser applications" (POST {accounts}/oauth/v3/device/code with
// grant_type=device_request; polls POST {accounts}/oauth/v3/device/token with grant_type=device_token and
// code=) and RFC 8628 exactly for any other provider (s3.1 request, s3.2 answer, s3.4 poll, s3.5 errors).
// docs/ZOHO.md "Device flow" says what the code relies on and names the sources.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "oauth/error.hpp"
#include "oauth/http.hpp"
#include "oauth/token_request.hpp"
#include "oauth/token_response.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// Which protocol a device authorization speaks: Zoho's (comma-separated scopes, `verification_url`,
/// `device_token` polls with `code`, `expired` and `other_dc` answers) or RFC 8628's.
enum class DeviceDialect { kZoho, kRfc8628 };

/// The interval a server that names none gets: RFC 8628 s3.2 says 5 seconds; Zoho's polling page says one
/// request per 30 seconds.
std::int64_t default_device_interval(DeviceDialect dialect);

/// RFC 8628 s3.5: a `slow_down` answer adds 5 seconds to the interval, for this and every later poll.
inline constexpr std::int64_t kSlowDownStepSeconds = 5;

/// The device authorization request (the first step).
/// - Zoho: POST `url` with grant_type=device_request, client_id, scope (comma-separated), access_type,
///   prompt (left out when empty); no client secret (Zoho's initiation page asks for none).
/// - RFC 8628 s3.1: POST `url` with scope (space-separated) and the client authenticated as `client` says
///   (client_id in the body for a public client, RFC 6749 s2.3.1 otherwise).
HttpRequest build_device_authorization(DeviceDialect dialect, const std::string& url, const ClientCredentials& client,
                                       const std::vector<std::string>& scopes, const std::string& access_type,
                                       const std::string& prompt);

/// What the device authorization endpoint answered. Times are Unix seconds.
/// - device_code: the secret the client polls with (never shown, redacted in the log).
/// - user_code: what the person types at verification_uri.
/// - verification_uri: Zoho's `verification_url`, RFC 8628's `verification_uri`; always http(s).
/// - verification_uri_complete: RFC 8628 s3.3.1, the address with the user code in it; may be empty.
/// - interval: seconds between polls; expires_at: when the codes die.
struct DeviceAuthorization {
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  std::string verification_uri_complete;
  std::int64_t interval = 5;
  std::int64_t expires_at = 0;
};

/// Reads the device authorization answer received at `now`. Zoho's older initiation page gives
/// `interval` and `expires_in` in milliseconds, its newer one describes them without a unit and says the user
/// code lives 5 minutes: a Zoho interval of 1000 or more, or expires_in above 3600, is read as milliseconds.
/// Errors: `network.status_0`; the server's `error` (RFC 8628 s3.2 and RFC 6749 s5.2 codes such as
/// invalid_client, also on HTTP 200 as Zoho sends its errors); `http.<status>`; `device_authorization.not_json`;
/// `device_authorization.<field>` for a missing or unusable device_code, user_code, verification_uri
/// (not http or https), expires_in (missing, not a positive number) or interval (not a positive number).
Result<DeviceAuthorization> parse_device_authorization(DeviceDialect dialect, int status, const std::string& body,
                                                       std::int64_t now);

/// One poll of the token endpoint (RFC 8628 s3.4).
/// - Zoho: POST `token_url` with client_id, client_secret, grant_type=device_token, code={device_code}.
/// - RFC 8628: POST `token_url` with grant_type=urn:ietf:params:oauth:grant-type:device_code, device_code,
///   and the client authenticated as `client` says.
HttpRequest build_device_poll(DeviceDialect dialect, const std::string& token_url, const ClientCredentials& client,
                              const std::string& device_code);

/// What a poll's answer means.
enum class DevicePollOutcome {
  kTokens,     // the person approved: a token set
  kPending,    // authorization_pending: poll again after the interval
  kSlowDown,   // slow_down: poll again, kSlowDownStepSeconds later than before
  kDenied,     // access_denied: the person refused; stop
  kExpired,    // Zoho `expired`, RFC 8628 `expired_token`: the codes died; stop
  kOtherDc,    // Zoho `other_dc`: the person's account lives at `user_location`; poll there
  kFailed,     // anything else (a wrong client secret, a network failure): stop with `error`
};

/// A classified poll answer: `tokens` with kTokens, `user_location` (Zoho's location code, e.g. `eu`)
/// with kOtherDc, `error` (code, message, rule) with every outcome but kTokens.
struct DevicePollAnswer {
  DevicePollOutcome outcome = DevicePollOutcome::kFailed;
  std::optional<TokenSet> tokens;
  std::string user_location;
  std::optional<Error> error;
};

/// Classifies a poll answer received at `now` from `accounts_server` (recorded on the token set); token
/// answers are read by parse_token_response() with `reading`. Zoho sends its feedback as
/// {"error":"authorization_pending"} and the like (with HTTP 200 or 400 alike); `other_dc` carries
/// `user_location`, and one without a usable location is kFailed (`device.other_dc`).
DevicePollAnswer classify_device_poll(int status, const std::string& body, std::int64_t now,
                                      const std::string& accounts_server, ExpiresInReading reading);

/// The outcome's name as the CLI and the bridge spell it: tokens | pending | slow_down | denied | expired |
/// other_dc | failed.
const char* outcome_name(DevicePollOutcome outcome);

}  // namespace zc
