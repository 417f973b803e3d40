// A pending authorization: what the console remembers between sending the browser to the authorization
// server and the redirect back. Stored per `state` value so two tabs can authorize at once (docs/SECURITY.md
// rule 2), and expired after kPendingLifetime.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace zc {

/// Times are Unix seconds.
struct PendingAuthorization {
  std::string state;
  std::string profile_id;
  std::string end_user;         // empty in pre-authorize mode
  std::string accounts_server;  // where the authorization request went (mix-up defence)
  std::string token_url;        // the profile's token URL at that time
  std::string redirect_uri;     // sent again, byte for byte, in the token request
  std::string code_verifier;    // PKCE, empty when unused
  std::string response_type = "code";  // `code`, or `token` for a client-based (implicit) app
  /// The issuer identifier a callback's `iss` must equal (RFC 9207 s2.4, simple string comparison):
  /// Zoho's accounts server, or a custom provider's issuer. Empty in records written before it existed:
  /// then `iss` is not checked.
  std::string issuer;
  std::string provider = "zoho";       // the profile's provider: `zoho` or `custom` (how answers are read)
  std::int64_t created_at = 0;
  /// When its grant code went to the token endpoint (0: not yet). The record stays in storage, marked so,
  /// until the answer arrives: a page closed or reloaded in between learns at the next load that the
  /// authorization was interrupted, instead of finding nothing. A marked record is never used again.
  std::int64_t exchanging_since = 0;
};

/// Pending authorizations older than this (seconds) are refused and dropped.
inline constexpr std::int64_t kPendingLifetime = 600;

/// JSON of a pending authorization for storage, and back (nullopt on a malformed record).
nlohmann::json pending_to_json(const PendingAuthorization& pending);
std::optional<PendingAuthorization> pending_from_json(const nlohmann::json& json);

}  // namespace zc
