#include "console/redaction.hpp"

#include <nlohmann/json.hpp>

#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/token_set.hpp"

namespace zc {

namespace {

// A name reduced to its lower-case letters and digits: `Client_Secret`, `client-secret%00` and
// `clientSecret` all become `clientsecret`.
std::string normalized(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  }
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

bool is_secret_name(const std::string& name) {
  // Matched on the end of the normalized name, so `/route?access_token` or `x_client_secret` count too:
  // redacting a harmless value is cheap, leaking a secret is not.
  static const char* kTails[] = {"secret", "code", "token", "verifier", "password", "assertion"};
  const std::string n = normalized(name);
  for (const char* tail : kTails) {
    if (ends_with(n, tail)) return true;
  }
  return false;
}

namespace {

// A client secret or password shows nothing at all; a token keeps `1000.ab...yz`, enough to tell two apart.
std::string redacted(const std::string& name, const std::string& value) {
  const std::string n = normalized(name);
  if (ends_with(n, "secret") || ends_with(n, "password")) return value.empty() ? "" : "***";
  // A `code` that is an upper-case status word (Zoho CRM's SUCCESS, OAUTH_SCOPE_MISMATCH) is what the log
  // is for; a grant code (1000.x...) always holds lower case or a dot.
  // Status words: upper-case letters and '_' only, with a '_' once longer than a short word, so an
  // upper-case random code (hex, base32) of another provider still counts as a secret.
  if (ends_with(n, "code") && !value.empty() && value.size() <= 40 &&
      value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos &&
      (value.size() <= 12 || value.find('_') != std::string::npos)) {
    return value;
  }
  return redact_secret(value);
}

std::string redact_pairs(const std::string& text) {
  Params pairs = form_parse(text);
  for (auto& [name, value] : pairs) {
    if (is_secret_name(name)) value = redacted(name, value);
  }
  return query_serialize(pairs);
}

// Depth is bounded by parse_json's limit, so this recursion is too.
void redact_value(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!is_secret_name(it.key())) {
        redact_value(it.value());
      } else if (it.value().is_string()) {
        it.value() = redacted(it.key(), it.value().get<std::string>());
      } else if (!it.value().is_null() && !it.value().is_boolean()) {
        it.value() = "...";  // a secret in an array, object or number is hidden whole
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
  nlohmann::json j = parse_json(body);
  if (j.is_discarded()) return "<" + std::to_string(body.size()) + " bytes, not JSON>";
  redact_value(j);
  return to_json_text(j);
}

std::string redact_url(const std::string& url) {
  const size_t hash = url.find('#');
  std::string before = url.substr(0, hash);
  // A password in the userinfo (https://user:pass@host) is a secret too.
  const size_t scheme = before.find("://");
  if (scheme != std::string::npos) {
    const size_t authority_end = before.find_first_of("/?", scheme + 3);
    const size_t at = before.rfind('@', authority_end);
    if (at != std::string::npos && at > scheme) {
      const size_t colon = before.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) before.replace(colon + 1, at - colon - 1, "...");
    }
  }
  const size_t q = before.find('?');
  if (q != std::string::npos) before = before.substr(0, q + 1) + redact_pairs(before.substr(q + 1));
  if (hash == std::string::npos) return before;
  std::string fragment = url.substr(hash + 1);
  // A fragment may be a route with its own query (#/route?access_token=...): redact after its '?'.
  const size_t route_query = fragment.find('?');
  if (route_query != std::string::npos) {
    fragment = fragment.substr(0, route_query + 1) + redact_pairs(fragment.substr(route_query + 1));
  } else if (fragment.find('=') != std::string::npos) {
    fragment = redact_pairs(fragment);
  }
  return before + "#" + fragment;
}

}  // namespace zc
