// A token set and its expiry. Source: RFC 6749 s5.1 (expires_in is a lifetime in seconds), docs/SECURITY.md
// rule 10 (expiresAt = receivedAt + expires_in; expired = now >= expiresAt - skew).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"

namespace zc {

/// Tokens for one profile (and, in end-user mode, one end user). Times are Unix seconds.
/// expires_at 0 means the server gave no lifetime.
struct TokenSet {
  std::string access_token;
  std::string refresh_token;
  std::string api_domain;
  std::string token_type;
  std::string scope;
  std::int64_t expires_at = 0;
  std::string accounts_server;
  std::string expires_in_reading;  // how the lifetime was read: "expires_in seconds", ...
  std::string id_token;            // OpenID Connect: the answer's id_token, "" when none came
  std::string id_token_nonce;      // the nonce the authorization that brought id_token sent ("" when none),
                                   // kept with the set so a check after a reload still knows it
};

/// Seconds before expiry at which a token counts as expired, so a request never leaves with a token that
/// dies in flight (the skew is subtracted from expires_at: the safe direction): 60.
/// Defined in token_set.cpp: changing it recompiles one file instead of the 58 that include this header.
extern const std::int64_t kExpirySkewSeconds;

/// True when `now` (Unix seconds) is at or past `expires_at - skew`. A set with expires_at 0 never expires.
bool is_expired(const TokenSet& tokens, std::int64_t now, std::int64_t skew = kExpirySkewSeconds);

/// JSON shape of docs/ARCHITECTURE.md's CLI: {accessToken, refreshToken, apiDomain, tokenType, scope, expiresAt,
/// accountsServer}, plus idToken (and idTokenNonce, when the authorization sent one) when one came. Used for
/// storage too.
nlohmann::json token_set_to_json(const TokenSet& tokens);

/// Reads that shape back; error `token_set` naming the key when a key has the wrong type.
Result<TokenSet> token_set_from_json(const nlohmann::json& json);

/// `1000.ab...yz`: enough to tell two tokens apart, never enough to use one (docs/SECURITY.md rule 7).
/// Values of 12 characters or fewer become `...` alone.
std::string redact_secret(const std::string& value);

}  // namespace zc
