// Reading a token endpoint response. Sources: RFC 6749 s5.1 (success), s5.2 (error), s6 (refresh may omit
// the refresh token), Zoho OAuth "Generate tokens" (errors with HTTP 200; `expires_in_sec` and a
// millisecond `expires_in` in older answers; refresh answers lack refresh_token and may lack api_domain).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "oauth/error.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// How `expires_in` is read. kSeconds: RFC 6749 s5.1, always seconds (every provider but Zoho).
/// kZohoMillisecondsFallback: seconds too, except that a value above 86,400 with no `expires_in_sec`
/// beside it is read as milliseconds, as Zoho's older answers meant it (Zoho OAuth: Generate tokens).
enum class ExpiresInReading { kSeconds, kZohoMillisecondsFallback };

/// Reads a token response.
/// - status: HTTP status; 0 (browser could not read it) gives `network.status_0`, never a grant error.
/// - body: response bytes; previous: the stored set when this answers a refresh (fields the answer omits
///   keep their stored values: refresh_token, api_domain, scope).
/// - now: Unix seconds at receipt; expires_at = now + lifetime.
/// - accounts_server: where the request went (recorded on the set).
/// - reading: how `expires_in` is read (above); TokenSet::expires_in_reading says which reading was used.
/// Errors (code): the server's `error` value by meaning (`invalid_code`, `invalid_client`, ...; also on
/// HTTP 200; lower-cased, spaces as '_'), `rate_limited` for Zoho's throttle (`"error":"Access Denied"`
/// with "too many requests" in its description, HTTP 400 or 200) and for HTTP 429, `http.<status>` for a
/// 500/502/503/504 without an OAuth error (a temporary failure, see temporary_failure()),
/// `token_response.not_json`, `token_response.access_token` (missing or empty), `token_response.expires_in`
/// (not a non-negative number), `http.<status>` for a non-2xx answer without an OAuth error body,
/// `network.status_0`.
Result<TokenSet> parse_token_response(int status, const std::string& body, const std::optional<TokenSet>& previous,
                                      std::int64_t now, const std::string& accounts_server, ExpiresInReading reading);

}  // namespace zc
