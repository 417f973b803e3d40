// A pending authorization: what the console remembers between sending the browser to the authorization
// server and the redirect back. Stored per `state` value so two tabs can authorize at once (docs/SECURITY.md
// rule 2), and expired after kPendingLifetime.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "console/profile_choices.hpp"
#include "oauth/error.hpp"

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
  std::string nonce;            // OpenID Connect (console/openid_nonce.hpp), empty when not asked for
  std::string response_type = "code";  // `code`, or `token` for a client-based (implicit) app
  /// The issuer identifier a callback's `iss` must equal (RFC 9207 s2.4, simple string comparison):
  /// Zoho's accounts server, or a custom provider's issuer. Empty in records written before it existed:
  /// then `iss` is not checked.
  std::string issuer;
  Provider provider = Provider::kZoho;  // the profile's provider (how answers are read)
  std::int64_t created_at = 0;
  /// When its grant code went to the token endpoint (0: not yet). The record stays in storage, marked so,
  /// until the answer arrives: a page closed or reloaded in between learns at the next load that the
  /// authorization was interrupted, instead of finding nothing. A marked record is never used again.
  std::int64_t exchanging_since = 0;
};

/// Pending authorizations older than this, 600 seconds, are refused and dropped.
/// Defined in pending_authorization.cpp, as kStateOctets is: changing either recompiles one file instead
/// of the 25 that include this header.
extern const std::int64_t kPendingLifetime;

/// Random octets in a `state`: 32 octets, 256 bits (docs/SECURITY.md rule 2), so it cannot be guessed.
extern const std::size_t kStateOctets;

/// A fresh `state` from kStateOctets octets of the platform's random source: their base64url encoding
/// without padding (43 characters). Errors: `state.random` when given another number of octets.
/// Source: RFC 6749 s10.12 (CSRF), RFC 9700 s4.7.
Result<std::string> make_state(std::string_view random_octets);

/// True when `state` is as strong as make_state's: at least 43 characters of the base64url alphabet
/// (`[A-Za-z0-9_-]`, 6 bits each) and at most 512. The console starts no authorization with a weaker one.
bool is_valid_state(std::string_view state);

/// JSON of a pending authorization for storage, and back (nullopt on a malformed record).
nlohmann::json pending_to_json(const PendingAuthorization& pending);
std::optional<PendingAuthorization> pending_from_json(const nlohmann::json& json);

}  // namespace zc
