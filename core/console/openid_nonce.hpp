// The nonce of an OpenID Connect authorization request: sent when the profile's scopes include `openid`,
// kept with the pending authorization (as the state is), and compared with the id_token's `nonce` claim.
// Source: OpenID Connect Core 1.0 s3.1.2.1 (nonce), s15.5.2 (a nonce binds the id_token to the session).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "oauth/error.hpp"

namespace zc {

/// True when `scopes` hold `openid` exactly: the request is an OpenID Connect one and the answer brings
/// an id_token to verify.
bool asks_for_id_token(const std::vector<std::string>& scopes);

/// nullopt when `nonce` is fit to send: as strong as a state (is_valid_state: 256 random bits,
/// base64url). Else `authorize.nonce`, and nothing may be sent. (A caller that gives no nonce at all sends
/// none: AuthorizationFlow::start keeps the model's behaviour from before OpenID Connect for it.)
std::optional<Error> nonce_problem(const std::string& nonce);

}  // namespace zc
