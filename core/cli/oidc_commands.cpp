#include "cli/oidc_commands.hpp"

#include "cli/openssl_signature.hpp"
#include "oauth/discovery.hpp"
#include "oauth/jwks.hpp"
#include "oauth/jwt.hpp"

namespace zc {
namespace {

CliAnswer refused(const Error& e) {
  return {{{"ok", false}, {"error", e.code}, {"description", e.message}}, 1};
}

// A token read from standard input: surrounding white space (a newline from echo or a paste) dropped.
std::string_view trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

CliAnswer discovery_answer(std::string_view document, const std::string& issuer) {
  auto m = parse_discovery(document, issuer);
  if (!m.ok()) return refused(m.error());
  nlohmann::json j = metadata_to_json(m.value());
  j["ok"] = true;
  return {j, 0};
}

CliAnswer verify_id_token_answer(std::string_view token, std::string_view jwks_text,
                                 const IdTokenExpectations& expected) {
  auto keys = parse_jwks(jwks_text);
  if (!keys.ok()) return refused(keys.error());
  const IdTokenVerdict v = verify_id_token(trimmed(token), keys.value(), expected, OpenSslSignatureVerifier());
  nlohmann::json j = verdict_to_json(v);
  j["ok"] = v.verified;
  return {j, v.verified ? 0 : 1};
}

CliAnswer jwt_decode_answer(std::string_view token) {
  auto jwt = decode_jwt(trimmed(token));
  if (!jwt.ok()) return refused(jwt.error());
  return {{{"ok", true}, {"verified", false}, {"header", jwt.value().header}, {"claims", jwt.value().claims}}, 0};
}

}  // namespace zc
