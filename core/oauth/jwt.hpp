// A compact JWS (the form of an OpenID Connect id_token) split and decoded, never verified here: the
// checks are core/oauth/id_token_verification.hpp's. Source: RFC 7515 s7.1 (compact serialization:
// three base64url parts joined by '.'), RFC 7519 s7.2 (header and claims are JSON objects).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "oauth/error.hpp"

namespace zc {

/// Largest compact JWS decode_jwt reads (bytes). An id_token is a few kilobytes; the bound keeps a
/// hostile answer from costing more than that.
inline constexpr size_t kMaxJwtBytes = 16 * 1024;

/// A decoded compact JWS.
/// - header, claims: the JSON objects of parts 1 and 2;
/// - signing_input: parts 1 and 2 as received, joined by '.' (what the signature covers, RFC 7515 s5.2);
/// - signature: part 3 decoded to raw octets ("" for an unsecured JWS).
struct Jwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;
  std::string signature;
};

/// Splits and decodes `compact`. Never throws. Errors name the part:
/// `jwt.parts` (not exactly three parts, empty, or over kMaxJwtBytes), `jwt.header` / `jwt.payload`
/// (not base64url, or not a JSON object), `jwt.signature` (not base64url; an empty one decodes to "").
/// Messages never quote the token (docs/SECURITY.md rule 7).
Result<Jwt> decode_jwt(std::string_view compact);

}  // namespace zc
