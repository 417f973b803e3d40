#include "oauth/discovery.hpp"

#include <optional>
#include <utility>

#include "oauth/json_text.hpp"
#include "oauth/url.hpp"

namespace zc {
namespace {

constexpr const char* kSource = "OpenID Connect Discovery 1.0 s4.3";

std::optional<Error> endpoint(const nlohmann::json& j, const char* field, std::string& out) {
  const auto it = j.find(field);
  if (it == j.end()) return std::nullopt;
  if (!it->is_string() || !split_url(it->get<std::string>(), field).ok()) {
    return Error{std::string("discovery.") + field,
                 std::string("The discovery document's ") + field + " is not an http(s) URL.", "RFC 8414 s2"};
  }
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<Error> string_list(const nlohmann::json& j, const char* field, std::vector<std::string>& out) {
  const auto it = j.find(field);
  if (it == j.end()) return std::nullopt;
  bool ok = it->is_array();
  for (size_t i = 0; ok && i < it->size(); ++i) ok = (*it)[i].is_string();
  if (!ok) {
    return Error{std::string("discovery.") + field,
                 std::string("The discovery document's ") + field + " is not an array of strings.", "RFC 8414 s2"};
  }
  for (const auto& v : *it) out.push_back(v.get<std::string>());
  return std::nullopt;
}

}  // namespace

std::string openid_configuration_url(std::string_view issuer) {
  std::string base(issuer);
  if (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/.well-known/openid-configuration";
}

std::string oauth_authorization_server_url(std::string_view issuer) {
  const auto parts = split_url(issuer, "issuer");
  if (!parts.ok()) return "";
  const size_t authority_end = issuer.find('/', issuer.find("://") + 3);
  std::string path = authority_end == std::string_view::npos ? "" : std::string(issuer.substr(authority_end));
  if (path == "/") path.clear();
  return std::string(issuer.substr(0, authority_end)) + "/.well-known/oauth-authorization-server" + path;
}

Result<ProviderMetadata> parse_discovery(std::string_view text, const std::string& expected_issuer) {
  const nlohmann::json j = parse_json(text);
  if (j.is_discarded() || !j.is_object()) {
    return Error{"discovery.not_json", "The discovery document is not a JSON object.", "RFC 8414 s3.2"};
  }
  ProviderMetadata m;
  m.issuer = string_at(j, "issuer");
  if (m.issuer.empty() || m.issuer != expected_issuer) {
    return Error{"discovery.issuer",
                 "The discovery document's issuer '" + printable(m.issuer) + "' is not '" +
                     printable(expected_issuer) +
                     "', the issuer it was fetched for: nothing from it is used (it may impersonate another "
                     "provider).",
                 kSource};
  }
  const std::pair<const char*, std::string*> endpoints[] = {
      {"authorization_endpoint", &m.authorization_endpoint}, {"token_endpoint", &m.token_endpoint},
      {"userinfo_endpoint", &m.userinfo_endpoint},           {"jwks_uri", &m.jwks_uri},
      {"revocation_endpoint", &m.revocation_endpoint},
      {"device_authorization_endpoint", &m.device_authorization_endpoint}};
  for (const auto& [field, out] : endpoints) {
    if (auto e = endpoint(j, field, *out)) return *e;
  }
  if (m.authorization_endpoint.empty()) {
    return Error{"discovery.authorization_endpoint", "The discovery document has no authorization_endpoint.",
                 "OpenID Connect Discovery 1.0 s3"};
  }
  const std::pair<const char*, std::vector<std::string>*> lists[] = {
      {"scopes_supported", &m.scopes_supported},
      {"response_types_supported", &m.response_types_supported},
      {"id_token_signing_alg_values_supported", &m.id_token_signing_alg_values_supported},
      {"code_challenge_methods_supported", &m.code_challenge_methods_supported}};
  for (const auto& [field, out] : lists) {
    if (auto e = string_list(j, field, *out)) return *e;
  }
  return m;
}

nlohmann::json metadata_to_json(const ProviderMetadata& m) {
  nlohmann::json j = {{"issuer", m.issuer}, {"authorization_endpoint", m.authorization_endpoint}};
  const std::pair<const char*, const std::string*> optional[] = {
      {"token_endpoint", &m.token_endpoint},         {"userinfo_endpoint", &m.userinfo_endpoint},
      {"jwks_uri", &m.jwks_uri},                     {"revocation_endpoint", &m.revocation_endpoint},
      {"device_authorization_endpoint", &m.device_authorization_endpoint}};
  for (const auto& [field, value] : optional) {
    if (!value->empty()) j[field] = *value;
  }
  j["scopes_supported"] = m.scopes_supported;
  j["response_types_supported"] = m.response_types_supported;
  j["id_token_signing_alg_values_supported"] = m.id_token_signing_alg_values_supported;
  j["code_challenge_methods_supported"] = m.code_challenge_methods_supported;
  return j;
}

}  // namespace zc
