// The CLI's OpenID Connect commands (docs/ARCHITECTURE.md "Native CLI"): each turns its inputs into the
// JSON answer and exit code run_cli prints. Kept beside cli.cpp so that file stays the argument parser.
//   zoho-auth discovery --issuer URL                      (document on stdin)
//   zoho-auth verify-id-token --jwks FILE --issuer I --client-id C [--nonce N] [--now N]   (id_token on stdin)
//   zoho-auth jwt-decode                                  (token on stdin)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "oauth/id_token_verification.hpp"

namespace zc {

/// A command's JSON answer and exit code (0 ok, 1 refused).
struct CliAnswer {
  nlohmann::json json;
  int exit_code = 0;
};

/// The parsed discovery document (metadata_to_json) or {ok:false, error, description} naming the field.
CliAnswer discovery_answer(std::string_view document, const std::string& issuer);

/// Each check's verdict (verdict_to_json) with OpenSSL's RS256; exit 1 when the token is refused or the
/// JWK Set does not parse. `token` may end in white space (a pasted line).
CliAnswer verify_id_token_answer(std::string_view token, std::string_view jwks_text,
                                 const IdTokenExpectations& expected);

/// {header, claims} of a compact JWS, unverified (the output says so), or the decode error.
CliAnswer jwt_decode_answer(std::string_view token);

}  // namespace zc
