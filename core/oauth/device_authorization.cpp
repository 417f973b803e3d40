#include "oauth/device_authorization.hpp"

#include <nlohmann/json.hpp>

#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/url.hpp"

namespace zc {
namespace {

using nlohmann::json;

const char* source_of(DeviceDialect d) {
  return d == DeviceDialect::kZoho ? "Zoho OAuth: Non-browser applications, Initiation request" : "RFC 8628 s3.2";
}

std::string joined(const std::vector<std::string>& scopes, const char* separator) {
  std::string out;
  for (const std::string& s : scopes) out += (out.empty() ? "" : separator) + s;
  return out;
}

// A positive whole number of at most 12 digits at `key` (a number or a numeric string); nullopt when absent,
// `bad` set when present but unusable.
std::optional<std::int64_t> positive_at(const json& j, const char* key, bool& bad) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  std::int64_t v = 0;
  if (it->is_number_integer() || it->is_number_unsigned()) {
    v = it->get<std::int64_t>();
  } else if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
      bad = true;
      return std::nullopt;
    }
    v = std::stoll(s);
  } else {
    bad = true;
    return std::nullopt;
  }
  if (v <= 0 || v > 100000000000LL) {
    bad = true;
    return std::nullopt;
  }
  return v;
}

// The refusal in a device authorization answer, if any: the network's failure, an `error` member (Zoho
// sends it with HTTP 200), a server's temporary failure, another non-2xx status.
std::optional<Error> refusal_in(DeviceDialect d, int status, const json& j) {
  if (status == 0) {
    return Error{"network.status_0",
                 "The browser could not read the device authorization endpoint's answer (status 0): it was blocked "
                 "by CORS, the network is offline, or the host is wrong. This is not an OAuth error.",
                 "Fetch Standard: network error"};
  }
  const std::string raw = string_at(j, "error");
  if (raw.empty()) {
    if (auto temporary = temporary_failure(status, "The device authorization endpoint")) return temporary;
  }
  if (!raw.empty()) {
    const std::string code = error_code_from_server(ascii_lower(raw));
    const std::string description = printable(string_at(j, "error_description"), 300);
    return Error{code,
                 "The device authorization endpoint refused the request: " + code +
                     (description.empty() ? "" : " (" + description + ")") + ".",
                 source_of(d)};
  }
  if (status < 200 || status > 299) {
    return Error{"http." + std::to_string(status),
                 "The device authorization endpoint answered HTTP " + std::to_string(status) +
                     " without an OAuth error; check the Device Authorization URL.",
                 source_of(d)};
  }
  return std::nullopt;
}

Error missing(DeviceDialect d, const std::string& field, const std::string& why) {
  return {"device_authorization." + field, "The device authorization answer's " + field + " " + why + ".", source_of(d)};
}

// Reads interval and expires_in into `a` (seconds), Zoho's millisecond values included.
std::optional<Error> read_times(DeviceDialect d, const json& j, std::int64_t now, DeviceAuthorization& a) {
  bool bad_interval = false;
  bool bad_expiry = false;
  const auto interval = positive_at(j, "interval", bad_interval);
  const auto expires_in = positive_at(j, "expires_in", bad_expiry);
  if (bad_interval) return missing(d, "interval", "is not a positive number of seconds");
  if (bad_expiry || !expires_in) return missing(d, "expires_in", "is missing or not a positive number");
  const bool zoho = d == DeviceDialect::kZoho;
  // Zoho's initiation page once gave both in milliseconds; a 1000 s poll interval or a code living over an
  // hour is no device flow's, so such values are milliseconds (docs/ZOHO.md "Device flow").
  a.interval = interval ? (zoho && *interval >= 1000 ? *interval / 1000 : *interval) : default_device_interval(d);
  if (a.interval < 1) a.interval = 1;
  a.expires_at = now + (zoho && *expires_in > 3600 ? *expires_in / 1000 : *expires_in);
  return std::nullopt;
}

}  // namespace

std::int64_t default_device_interval(DeviceDialect dialect) { return dialect == DeviceDialect::kZoho ? 30 : 5; }

HttpRequest build_device_authorization(DeviceDialect dialect, const std::string& url, const ClientCredentials& client,
                                       const std::vector<std::string>& scopes, const std::string& access_type,
                                       const std::string& prompt) {
  if (dialect == DeviceDialect::kRfc8628) return client_form_post(url, {{"scope", joined(scopes, " ")}}, client);
  Params params = {{"grant_type", "device_request"}, {"scope", joined(scopes, ",")}};
  if (!access_type.empty()) params.emplace_back("access_type", access_type);
  if (!prompt.empty()) params.emplace_back("prompt", prompt);
  // Zoho's initiation page asks for the client id alone: no secret is sent before the person approves.
  return client_form_post(url, params, ClientCredentials{client.client_id, "", false});
}

Result<DeviceAuthorization> parse_device_authorization(DeviceDialect dialect, int status, const std::string& body,
                                                       std::int64_t now) {
  const json j = parse_json(body);
  const bool is_object = !j.is_discarded() && j.is_object();
  if (auto refused = refusal_in(dialect, status, is_object ? j : json::object())) return *refused;
  if (!is_object) {
    return Error{"device_authorization.not_json",
                 "The device authorization endpoint's answer is not a JSON object; check the Device Authorization URL.",
                 source_of(dialect)};
  }
  DeviceAuthorization a;
  a.device_code = string_at(j, "device_code");
  a.user_code = string_at(j, "user_code");
  // Zoho spells it verification_url; RFC 8628 verification_uri. Either is read, the dialect's first.
  const bool zoho = dialect == DeviceDialect::kZoho;
  a.verification_uri = string_at(j, zoho ? "verification_url" : "verification_uri");
  if (a.verification_uri.empty()) a.verification_uri = string_at(j, zoho ? "verification_uri" : "verification_url");
  a.verification_uri_complete = string_at(j, "verification_uri_complete");
  if (a.device_code.empty()) return missing(dialect, "device_code", "is missing");
  if (a.user_code.empty() || a.user_code.size() > 64) return missing(dialect, "user_code", "is missing or too long");
  // The address is shown as a link and a QR code: only http(s), never javascript: or a data: URL.
  if (!split_url(a.verification_uri, "verification_uri").ok()) {
    return missing(dialect, "verification_uri", "is missing or not an http(s) address");
  }
  if (!a.verification_uri_complete.empty() && !split_url(a.verification_uri_complete, "verification_uri").ok()) {
    a.verification_uri_complete.clear();  // optional (RFC 8628 s3.2): an unusable one is dropped, not followed
  }
  if (auto e = read_times(dialect, j, now, a)) return *e;
  return a;
}

HttpRequest build_device_poll(DeviceDialect dialect, const std::string& token_url, const ClientCredentials& client,
                              const std::string& device_code) {
  if (dialect == DeviceDialect::kZoho) {
    // Zoho's polling page: client_id and client_secret always, whatever the profile's client authentication.
    ClientCredentials body_client{client.client_id, client.client_secret, false};
    return client_form_post(token_url, {{"grant_type", "device_token"}, {"code", device_code}}, body_client);
  }
  return client_form_post(token_url,
                          {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}, {"device_code", device_code}},
                          client);
}

DevicePollAnswer classify_device_poll(int status, const std::string& body, std::int64_t now,
                                      const std::string& accounts_server, ExpiresInReading reading) {
  DevicePollAnswer answer;
  Result<TokenSet> read = parse_token_response(status, body, std::nullopt, now, accounts_server, reading);
  if (read.ok()) {
    answer.outcome = DevicePollOutcome::kTokens;
    answer.tokens = read.value();
    return answer;
  }
  answer.error = read.error();
  const std::string& code = read.error().code;
  if (code == "authorization_pending") answer.outcome = DevicePollOutcome::kPending;
  else if (code == "slow_down") answer.outcome = DevicePollOutcome::kSlowDown;
  else if (code == "access_denied") answer.outcome = DevicePollOutcome::kDenied;
  else if (code == "expired" || code == "expired_token") answer.outcome = DevicePollOutcome::kExpired;
  else if (code == "other_dc") {
    const json j = parse_json(body);
    answer.user_location = ascii_lower(string_at(j, "user_location"));
    const bool usable = !answer.user_location.empty() && answer.user_location.size() <= 8 &&
                        answer.user_location.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
    if (usable) {
      answer.outcome = DevicePollOutcome::kOtherDc;
    } else {
      answer.user_location.clear();
      answer.error = Error{"device.other_dc",
                           "The accounts server answered other_dc without a usable user_location, so there is no data "
                           "centre to poll next; start again.",
                           "Zoho OAuth: Multi DC, non-browser applications"};
    }
  }
  return answer;
}

const char* outcome_name(DevicePollOutcome outcome) {
  switch (outcome) {
    case DevicePollOutcome::kTokens: return "tokens";
    case DevicePollOutcome::kPending: return "pending";
    case DevicePollOutcome::kSlowDown: return "slow_down";
    case DevicePollOutcome::kDenied: return "denied";
    case DevicePollOutcome::kExpired: return "expired";
    case DevicePollOutcome::kOtherDc: return "other_dc";
    case DevicePollOutcome::kFailed: return "failed";
  }
  return "failed";
}

}  // namespace zc
