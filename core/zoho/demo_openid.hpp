// The demo data centre's OpenID Connect (Sign in with Zoho, docs/ZOHO.md): the discovery document at
// `{accounts server}/.well-known/openid-configuration`, the JWK Set, an RS256 id_token in the code
// exchange's answer when the scopes hold `openid`, and a userinfo endpoint.
//
// Signing keeps the core without crypto: the host owns the RSA key pair (OpenSSL in native tests; WebCrypto
// in the service worker, generated at first use and kept with the demo's saved state) and hands its public
// half in with each request (DemoRequest::signing_key). The answer leaves with the id_token unsigned
// (`header.payload.`) and the signing input in the kSigningInputHeader header; the host signs it and
// sign_demo_answer() completes the token. Without a key the answer carries no id_token.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "oauth/http.hpp"
#include "oauth/jwks.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/demo_state.hpp"

namespace zc::demo {

/// The header naming what the host must sign (never sent on to the console: sign_demo_answer removes it).
inline constexpr const char* kSigningInputHeader = "X-Demo-Signing-Input";

/// The demo user's OpenID claims (the consent page's "Signed in as" user).
inline constexpr const char* kDemoUserSub = "675925609";
inline constexpr const char* kDemoUserEmail = "demo.user@example.com";

/// True when Zoho's comma-separated `scope` holds `openid`.
bool scope_has_openid(std::string_view scope);

/// GET {accounts}/.well-known/openid-configuration: OpenID Connect Discovery 1.0 s3's fields for `region`.
HttpResponse openid_configuration(const DataCentre& region);

/// GET {accounts}/oauth/v2/keys: the JWK Set holding `key` (empty when the host gave none).
HttpResponse jwks(const Jwk& key);

/// GET {accounts}/oauth/v2/userinfo with `Authorization: Bearer|Zoho-oauthtoken <token>` (OpenID Connect
/// Core 1.0 s5.3): the demo user's claims for a live access token of `region` whose scope holds openid;
/// else 401 `{"error":"invalid_token"}` with WWW-Authenticate (RFC 6750 s3.1).
HttpResponse userinfo(const DemoState& state, const DataCentre& region, const Headers& headers, std::int64_t now);

/// Puts an unsigned RS256 id_token for code `c` into the token answer `body` and returns the signing input
/// (for kSigningInputHeader); "" and nothing added when `key` is empty. Claims: iss (the region's accounts
/// server), sub, aud (the client id), exp, iat, nonce (when the request had one), email, email_verified,
/// name.
std::string add_unsigned_id_token(nlohmann::json& body, const DemoCode& c, const DataCentre& region, const Jwk& key,
                                  std::int64_t now);

/// Completes an answer that carries kSigningInputHeader: its id_token gets `signature` (raw octets,
/// base64url-encoded) and the header goes. An answer without the header is returned as it is.
HttpResponse sign_demo_answer(HttpResponse answer, std::string_view signature);

}  // namespace zc::demo
