#include "oauth/token_set.hpp"

namespace zc {

const std::int64_t kExpirySkewSeconds = 60;

bool is_expired(const TokenSet& tokens, std::int64_t now, std::int64_t skew) {
  if (tokens.expires_at == 0) return false;
  // Written as now + skew >= expires_at: expires_at comes from storage and may be anything; now and skew
  // are sane, so nothing can overflow.
  return now + skew >= tokens.expires_at;
}

nlohmann::json token_set_to_json(const TokenSet& t) {
  nlohmann::json j = {{"accessToken", t.access_token}, {"refreshToken", t.refresh_token}, {"apiDomain", t.api_domain},
          {"tokenType", t.token_type},     {"scope", t.scope},                {"expiresAt", t.expires_at},
          {"accountsServer", t.accounts_server}};
  if (!t.id_token.empty()) j["idToken"] = t.id_token;  // only OpenID answers carry one
  if (!t.id_token.empty() && !t.id_token_nonce.empty()) j["idTokenNonce"] = t.id_token_nonce;
  return j;
}

Result<TokenSet> token_set_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return Error{"token_set", "A token set must be a JSON object.", ""};
  TokenSet t;
  struct Key {
    const char* name;
    std::string* out;
  };
  const Key keys[] = {{"accessToken", &t.access_token}, {"refreshToken", &t.refresh_token},
                      {"apiDomain", &t.api_domain},     {"tokenType", &t.token_type},
                      {"scope", &t.scope},              {"accountsServer", &t.accounts_server},
                      {"idToken", &t.id_token},         {"idTokenNonce", &t.id_token_nonce}};
  for (const Key& k : keys) {
    const auto it = j.find(k.name);
    if (it == j.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return Error{"token_set." + std::string(k.name),
                   "Token set key '" + std::string(k.name) + "' must be a string.", ""};
    }
    *k.out = it->get<std::string>();
  }
  const auto exp = j.find("expiresAt");
  if (exp != j.end() && !exp->is_null()) {
    // Unix seconds between 1970 and the year 5138: anything else is a corrupt record, not a time.
    if (!exp->is_number_integer() || exp->get<std::int64_t>() < 0 || exp->get<std::int64_t>() > 100'000'000'000) {
      return Error{"token_set.expiresAt", "Token set key 'expiresAt' must be a whole number of Unix seconds.", ""};
    }
    t.expires_at = exp->get<std::int64_t>();
  }
  return t;
}

std::string redact_secret(const std::string& value) {
  // ASCII dots: the console's font is Latin-1, and a URL-encoded ellipsis would be unreadable in the log.
  if (value.size() <= 12) return value.empty() ? std::string() : "...";
  // Only ASCII ends are shown: cutting inside a multi-byte character would make invalid UTF-8.
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7E) return "...";
  }
  return value.substr(0, 7) + "..." + value.substr(value.size() - 2);
}

}  // namespace zc
