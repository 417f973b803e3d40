// Deciding whether an authorization response may be used, and where its token request goes. One
// function serves the console's model and the `zoho-auth callback` command. Sources: RFC 6749 s4.1.2,
// s4.2.2 and s10.12 (state), RFC 9700 s4.4 (mix-up), Zoho "Multi DC" (location, accounts-server).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "console/pending_authorization.hpp"
#include "oauth/callback.hpp"
#include "oauth/error.hpp"
#include "oauth/token_set.hpp"

namespace zc {

/// An authorization response that passed every rule.
/// - code flow: `code`, and the token request's `token_url` at `accounts_server` (the user's data centre
///   when Zoho named another one);
/// - implicit flow: `tokens`, read from the fragment.
struct AcceptedCallback {
  std::string code;
  std::string accounts_server;
  std::string token_url;
  std::string location;
  std::optional<TokenSet> tokens;
};

/// Checks `response` against the `pending` authorization it claims to answer. `now`: Unix seconds;
/// `base_url` places the demo data centre. Refusals (code): `callback.state_mismatch`,
/// `callback.state_expired`, the server's `error` (explained), `callback.accounts_server` (not exactly an
/// accounts server of the table, of the same kind as the one the request went to, and never for a
/// provider outside the table), `callback.iss` (RFC 9207: an `iss` other than the pending issuer, or for
/// Zoho the user's accounts server after a Multi-DC switch; checked before an `error` is reported),
/// `callback.api_domain` (implicit, Zoho: not in the table), `callback.code`
/// (no code), `callback.access_token` (implicit: none).
Result<AcceptedCallback> accept_callback(const CallbackResponse& response, const PendingAuthorization& pending,
                                         const std::string& base_url, std::int64_t now);

}  // namespace zc
