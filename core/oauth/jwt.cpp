#include "oauth/jwt.hpp"

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"

namespace zc {
namespace {

constexpr const char* kSource = "RFC 7515 s7.1";

// One base64url part holding a JSON object; `part` names it in the error.
Result<nlohmann::json> json_part(std::string_view encoded, const char* part, const char* label) {
  const auto bytes = base64url_decode(encoded);
  if (!bytes) {
    return Error{std::string("jwt.") + part, std::string("The token's ") + label + " is not base64url.", kSource};
  }
  nlohmann::json j = parse_json(*bytes);
  if (j.is_discarded() || !j.is_object()) {
    return Error{std::string("jwt.") + part, std::string("The token's ") + label + " is not a JSON object.",
                 "RFC 7519 s7.2"};
  }
  return j;
}

}  // namespace

Result<Jwt> decode_jwt(std::string_view compact) {
  const size_t first = compact.find('.');
  const size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (compact.empty() || compact.size() > kMaxJwtBytes || second == std::string_view::npos ||
      compact.find('.', second + 1) != std::string_view::npos) {
    return Error{"jwt.parts",
                 "The token is not a compact JWS: it needs exactly three base64url parts joined by '.' "
                 "(header.payload.signature), at most 16 KiB.",
                 kSource};
  }
  auto header = json_part(compact.substr(0, first), "header", "header");
  if (!header.ok()) return header.error();
  auto claims = json_part(compact.substr(first + 1, second - first - 1), "payload", "payload (claims)");
  if (!claims.ok()) return claims.error();
  const auto signature = base64url_decode(compact.substr(second + 1));
  if (!signature) {
    // An empty third part (an unsecured JWS, alg none: RFC 7519 s6) decodes to no octets: the id_token
    // checks refuse it by name (the alg check), so it is decoded rather than refused here.
    return Error{"jwt.signature", "The token's signature part is not base64url.", kSource};
  }
  Jwt jwt;
  jwt.header = std::move(header).value();
  jwt.claims = std::move(claims).value();
  jwt.signing_input = std::string(compact.substr(0, second));
  jwt.signature = *signature;
  return jwt;
}

}  // namespace zc
