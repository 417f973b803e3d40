// Discover: a custom provider's endpoints read from its metadata document and filled into the form's
// draft (an edit: nothing is saved until Save). OpenID Connect Discovery 1.0 s4 first
// (`{issuer}/.well-known/openid-configuration`), RFC 8414 s3 (`/.well-known/oauth-authorization-server`)
// when the provider has no OpenID document; a document for another issuer is refused (RFC 8414 s3.3).
#pragma once
#include <cstdint>
#include <optional>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"

namespace zc {

/// The first request of Discover for `draft`. Errors (refused, the phase stays): `discover.provider` (a
/// Zoho profile: its data centre fills the URLs), `discover.issuer` (no http(s) issuer typed).
Result<Call> discover_call(const Profile& draft, std::int64_t now, Outbox& out);

/// The RFC 8414 request to try when the OpenID document's answer `response` was not a 200; nullopt when
/// `flight` already was that one (or the answer was a 200).
std::optional<Call> discover_fallback(const InFlight& flight, const HttpResponse& response);

/// `draft` with the endpoints of the document in `response` filled in (Authorization, Token and Refresh
/// Token URLs, issuer, jwksUrl, userinfoUrl, Device Authorization URL: each the document names), and a
/// log line naming what was filled. Errors (refused): `discover.http` (no document), the parse's
/// (`discovery.issuer` for another issuer's document).
Result<Profile> fill_from_discovery(Profile draft, const InFlight& flight, const HttpResponse& response,
                                    std::int64_t now, Outbox& out);

}  // namespace zc
