#include "console/redaction.hpp"

#include <nlohmann/json.hpp>

#include "oauth/percent.hpp"
#include "oauth/token_set.hpp"

namespace zc {

bool is_secret_name(const std::string& name) {
  static const char* kNames[] = {"client_secret", "code",         "refresh_token", "access_token",
                                 "code_verifier", "token",        "id_token",      "password",
                                 "clientSecret",  "refreshToken", "accessToken",   "codeVerifier"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

namespace {

std::string redact_pairs(const std::string& text) {
  Params pairs = form_parse(text);
  for (auto& [name, value] : pairs) {
    if (is_secret_name(name)) value = redact_secret(value);
  }
  return query_serialize(pairs);
}

void redact_value(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (is_secret_name(it.key()) && it.value().is_string()) {
        it.value() = redact_secret(it.value().get<std::string>());
      } else {
        redact_value(it.value());
      }
    }
  } else if (j.is_array()) {
    for (auto& v : j) redact_value(v);
  }
}

}  // namespace

std::string redact_form(const std::string& body) { return redact_pairs(body); }

std::string redact_json(const std::string& body) {
  if (body.empty()) return body;
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return "<" + std::to_string(body.size()) + " bytes, not JSON>";
  redact_value(j);
  return j.dump();
}

std::string redact_url(const std::string& url) {
  const size_t hash = url.find('#');
  std::string before = url.substr(0, hash);
  std::string fragment = hash == std::string::npos ? std::string() : url.substr(hash + 1);
  const size_t q = before.find('?');
  if (q != std::string::npos) before = before.substr(0, q + 1) + redact_pairs(before.substr(q + 1));
  if (hash == std::string::npos) return before;
  return before + "#" + (fragment.find('=') == std::string::npos ? fragment : redact_pairs(fragment));
}

}  // namespace zc
