#include "console/pending_authorization.hpp"

#include <string>

#include "oauth/base64url.hpp"

namespace zc {

const std::int64_t kPendingLifetime = 600;
const std::size_t kStateOctets = 32;

Result<std::string> make_state(std::string_view random_octets) {
  if (random_octets.size() != kStateOctets) {
    return Error{"state.random",
                 "A state needs exactly " + std::to_string(kStateOctets) + " random octets (" +
                     std::to_string(kStateOctets * 8) + " bits); the random source gave " +
                     std::to_string(random_octets.size()) + ".",
                 "RFC 6749 s10.12"};
  }
  return base64url_encode(random_octets);
}

bool is_valid_state(std::string_view state) {
  if (state.size() < 43 || state.size() > 512) return false;
  for (char c : state) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

nlohmann::json pending_to_json(const PendingAuthorization& p) {
  nlohmann::json j = {{"state", p.state},           {"profileId", p.profile_id},       {"endUser", p.end_user},
          {"accountsServer", p.accounts_server}, {"tokenUrl", p.token_url}, {"redirectUri", p.redirect_uri},
          {"codeVerifier", p.code_verifier},     {"responseType", p.response_type}, {"createdAt", p.created_at},
          {"exchangingSince", p.exchanging_since}, {"issuer", p.issuer}, {"provider", spelling(p.provider)}};
  if (!p.nonce.empty()) j["nonce"] = p.nonce;  // only OpenID requests carry one
  return j;
}

std::optional<PendingAuthorization> pending_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  PendingAuthorization p;
  struct Key {
    const char* name;
    std::string* out;
  };
  const Key keys[] = {{"state", &p.state},           {"profileId", &p.profile_id},
                      {"endUser", &p.end_user},      {"accountsServer", &p.accounts_server},
                      {"tokenUrl", &p.token_url},    {"redirectUri", &p.redirect_uri},
                      {"codeVerifier", &p.code_verifier}};
  for (const Key& k : keys) {
    const auto it = j.find(k.name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    *k.out = it->get<std::string>();
  }
  const auto type = j.find("responseType");  // absent in records written before implicit support
  if (type != j.end()) {
    if (!type->is_string() || (*type != "code" && *type != "token")) return std::nullopt;
    p.response_type = type->get<std::string>();
  }
  // Absent in records written before they existed.
  if (const auto it = j.find("issuer"); it != j.end()) {
    if (!it->is_string()) return std::nullopt;
    p.issuer = it->get<std::string>();
  }
  if (const auto it = j.find("nonce"); it != j.end()) {
    if (!it->is_string()) return std::nullopt;
    p.nonce = it->get<std::string>();
  }
  if (const auto it = j.find("provider"); it != j.end()) {
    const auto provider = it->is_string() ? parse_choice<Provider>(it->get<std::string>()) : std::nullopt;
    if (!provider) return std::nullopt;
    p.provider = *provider;
  }
  const auto at = j.find("createdAt");
  // Unix seconds in a sane range: a corrupt record must not overflow `now - createdAt`.
  if (at == j.end() || !at->is_number_integer() || at->get<std::int64_t>() < 0 ||
      at->get<std::int64_t>() > 100'000'000'000) {
    return std::nullopt;
  }
  p.created_at = at->get<std::int64_t>();
  const auto since = j.find("exchangingSince");  // absent in records written before it existed
  if (since != j.end()) {
    if (!since->is_number_integer() || since->get<std::int64_t>() < 0) return std::nullopt;
    p.exchanging_since = since->get<std::int64_t>();
  }
  if (p.state.empty()) return std::nullopt;
  return p;
}

}  // namespace zc
