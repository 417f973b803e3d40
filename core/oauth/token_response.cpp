#include "oauth/token_response.hpp"

#include <nlohmann/json.hpp>

#include "oauth/http.hpp"
#include "oauth/json_text.hpp"
#include "oauth/url.hpp"

namespace zc {
namespace {

using nlohmann::json;

const char* kSource = "RFC 6749 s5.1";

// Reads a lifetime that may be a number or a numeric string; nullopt when absent or unusable.
std::optional<std::int64_t> read_seconds(const json& j, const char* key, bool& malformed) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer() || it->is_number_unsigned()) {
    const auto v = it->get<std::int64_t>();
    if (v >= 0) return v;
  } else if (it->is_number_float()) {
    const double v = it->get<double>();
    if (v >= 0 && v < 1e15) return static_cast<std::int64_t>(v);
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    // At most 15 digits: stoll cannot overflow (and cannot throw).
    if (!s.empty() && s.size() < 16 && s.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(s);
    }
  }
  malformed = true;
  return std::nullopt;
}

std::string string_or_empty(const json& j, const char* key) {
  const auto it = j.find(key);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

// The `error` member by meaning, not spelling: RFC 6749 s5.2 codes are lower-case words joined by '_';
// Zoho spells its throttle "Access Denied" (capitals and a space). Then the throttle itself: Zoho's
// access_denied from the token endpoint whose description says too many requests (Zoho OAuth: token
// limits, at most 10 access tokens per refresh token in 10 minutes) is `rate_limited`, as a 429 is.
std::string token_error_code(const std::string& raw, const std::string& description) {
  std::string word = ascii_lower(raw);
  for (char& c : word) {
    if (c == ' ' || c == '-') c = '_';
  }
  const std::string code = error_code_from_server(word);
  if (code == "access_denied" && ascii_lower(description).find("too many requests") != std::string::npos) {
    return "rate_limited";
  }
  return code;
}

// The refusal an answer carries, if any: status 0 (the network's failure, whatever came with it), an
// `error` member (Zoho sends it with HTTP 200, RFC 6749 s5.2 with 400/401; either way it wins), a gateway's
// or server's temporary failure, or another non-2xx status.
std::optional<Error> refusal_in(int status, const json& j, bool is_object) {
  if (status == 0) {
    return Error{"network.status_0",
                 "The browser could not read the token endpoint's answer (status 0): it was blocked by CORS, "
                 "the network is offline, or the host is wrong. This is not an OAuth error.",
                 "Fetch Standard: network error"};
  }
  // A null `error` is no error. One that is no OAuth code (empty, an object as some gateways send) on a
  // 5xx or 429 is the gateway's or server's failure, not a refusal of this request: temporary_failure()
  // says so.
  const bool oauth_error = is_object && j.contains("error") && j["error"].is_string() && !j["error"].get<std::string>().empty();
  const std::optional<Error> temporary = temporary_failure(status, "The token endpoint");
  if (!oauth_error && temporary) return *temporary;
  if (is_object && j.contains("error") && !j["error"].is_null()) {
    const std::string description = printable(string_or_empty(j, "error_description"), 300);
    std::string code = token_error_code(j["error"].is_string() ? j["error"].get<std::string>() : "", description);
    if (status == 429 && code == "access_denied") code = "rate_limited";  // the status says which refusal it is
    std::string message = "The token endpoint refused the request: " + code;
    if (!description.empty()) message += " (" + description + ")";
    message += ".";
    return Error{code, message, "RFC 6749 s5.2"};
  }
  if (status < 200 || status > 299) {
    return Error{"http." + std::to_string(status),
                 "The token endpoint answered HTTP " + std::to_string(status) +
                     " without an OAuth error; check the Token URL.",
                 "RFC 6749 s5.2"};
  }
  return std::nullopt;
}

// Sets t.expires_at (Unix seconds, 0 when no lifetime was given) and t.expires_in_reading from the
// answer's lifetime keys, received at `now`. Errors: token_response.expires_in.
std::optional<Error> read_lifetime(const json& j, ExpiresInReading reading, std::int64_t now, TokenSet& t) {
  bool malformed = false;
  // expires_in_sec is Zoho's own key; another provider's answer is read by RFC 6749's expires_in alone.
  std::optional<std::int64_t> seconds;
  if (reading == ExpiresInReading::kZohoMillisecondsFallback) seconds = read_seconds(j, "expires_in_sec", malformed);
  const auto expires_in = read_seconds(j, "expires_in", malformed);
  if (malformed) {
    return Error{"token_response.expires_in", "The token's lifetime (expires_in) is not a non-negative number.",
                 kSource};
  }
  // A lifetime beyond ten years is no access token's: refuse it rather than overflow expires_at.
  constexpr std::int64_t kMaxLifetime = 10LL * 365 * 86400;
  // Zoho's old millisecond reading applies only to a Zoho answer without expires_in_sec and a value no
  // Zoho access token lives (over a day); every other provider's expires_in is seconds (RFC 6749 s5.1).
  const bool milliseconds = reading == ExpiresInReading::kZohoMillisecondsFallback && !seconds && expires_in &&
                            *expires_in > 86400;
  if ((seconds && *seconds > kMaxLifetime) || (!seconds && expires_in && *expires_in / (milliseconds ? 1000 : 1) > kMaxLifetime)) {
    return Error{"token_response.expires_in", "The token's lifetime (expires_in) is implausibly long; check the Token URL.",
                 kSource};
  }
  std::int64_t lifetime = 0;
  if (seconds) {
    // Old Zoho answers: expires_in_sec in seconds beside expires_in in milliseconds.
    lifetime = *seconds;
    t.expires_in_reading = "expires_in_sec (seconds)";
  } else if (milliseconds) {
    // More than a day cannot be an access token lifetime of Zoho's: the old millisecond reading.
    lifetime = *expires_in / 1000;
    t.expires_in_reading = "expires_in read as milliseconds (value above 86400)";
  } else if (expires_in) {
    lifetime = *expires_in;
    t.expires_in_reading = "expires_in (seconds)";
  } else {
    t.expires_in_reading = "no lifetime given";
  }
  t.expires_at = (seconds || expires_in) ? now + lifetime : 0;
  return std::nullopt;
}

}  // namespace

Result<TokenSet> parse_token_response(int status, const std::string& body, const std::optional<TokenSet>& previous,
                                      std::int64_t now, const std::string& accounts_server, ExpiresInReading reading) {
  const json j = parse_json(body);
  const bool is_object = !j.is_discarded() && j.is_object();
  if (auto refused = refusal_in(status, j, is_object)) return *refused;
  if (!is_object) {
    return Error{"token_response.not_json",
                 "The token endpoint's answer is not a JSON object; check that the Token URL points at the "
                 "token endpoint (…/oauth/v2/token).",
                 kSource};
  }
  const auto access = j.find("access_token");
  if (access == j.end() || !access->is_string() || access->get<std::string>().empty()) {
    return Error{"token_response.access_token",
                 "The token endpoint's answer has no access_token; it cannot be used.", kSource};
  }
  TokenSet t = previous.value_or(TokenSet{});
  t.access_token = access->get<std::string>();
  t.accounts_server = accounts_server.empty() ? t.accounts_server : accounts_server;
  if (auto v = string_or_empty(j, "refresh_token"); !v.empty()) t.refresh_token = v;
  if (auto v = string_or_empty(j, "api_domain"); !v.empty()) t.api_domain = v;
  if (auto v = string_or_empty(j, "scope"); !v.empty()) t.scope = v;
  // OpenID Connect Core 1.0 s3.1.3.3: an id_token beside the access token; a refresh answer without one
  // keeps none from before (it belonged to the earlier sign-in).
  t.id_token = string_or_empty(j, "id_token");
  if (t.id_token.empty()) t.id_token_nonce.clear();  // the nonce belonged to the id_token that is gone
  // RFC 6749 s7.1: the token type is case-insensitive; this console can only use bearer tokens.
  std::string type = string_or_empty(j, "token_type");
  std::string lower = type;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && lower != "bearer") {
    return Error{"token_response.token_type",
                 "The token type is '" + printable(type, 40) + "'; this console can only use bearer tokens.", "RFC 6750"};
  }
  t.token_type = "Bearer";

  if (auto e = read_lifetime(j, reading, now, t)) return *e;
  return t;
}

}  // namespace zc
