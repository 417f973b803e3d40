// The client credentials grant in the console: a profile of client type `client-credentials` gets its
// access token by asking the token endpoint with its own id and secret (Zoho OAuth: Self client - client
// credentials flow; RFC 6749 s4.4 for a custom provider). No redirect, no user, no refresh token: "Get
// token" asks, and refreshing such a token set asks again (TokenStore::refresh, with the same request).
// docs/ZOHO.md "Client credentials" says what Zoho expects.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "console/outbox.hpp"
#include "console/profile.hpp"
#include "console/request_ledger.hpp"
#include "oauth/error.hpp"
#include "oauth/http.hpp"

namespace zc {

/// True for a profile whose token sets are renewed by asking again with its client credentials (it
/// holds no refresh token): client type `client-credentials`.
bool asks_again_for_tokens(const Profile& profile);

/// The client-credentials token request of `profile` at `token_url`. Zoho: the scopes joined by commas
/// and `soid=ZohoCRM.<Organization ID>` (none when the id is empty: Zoho then answers missing_org_info);
/// any other provider: the scopes joined by spaces (RFC 6749 s3.3), no soid. The client authenticates as
/// its clientAuthentication says (Zoho: in the body).
HttpRequest client_credentials_request_for(const Profile& profile, const std::string& token_url);

/// Why `profile` cannot ask for a client-credentials token, or nullopt: `client_credentials.client_type`
/// (another client type), `client_credentials.organization_id` (a Zoho profile without an Organization ID).
std::optional<Error> client_credentials_refusal(const Profile& profile);

/// "Get token" for saved `profile` at its Token URL (`base_url` places the demo data centre): the Call,
/// purpose kClientCredentials, its answer read like a code exchange's. Errors: client_credentials_refusal(),
/// failing the flow in `out`.
Result<Call> client_credentials_call(const Profile& profile, const std::string& base_url, std::int64_t now,
                                     Outbox& out);

}  // namespace zc
