#include "console/profile.hpp"

#include <algorithm>
#include <array>

#include "console/visible_text.hpp"
#include "oauth/json_text.hpp"

namespace zc {
namespace {

using nlohmann::json;

const char* kSource = "README: profile JSON, version 1";

Error key_error(const std::string& key, const std::string& why) {
  return Error{"profile." + key, "Profile key '" + key + "' " + why, kSource};
}

// Reads an optional string key into `out`; an error when present with another type.
std::optional<Error> read_string(const json& j, const char* key, std::string& out, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return key_error(key, "is missing; add it as a string.");
    return std::nullopt;
  }
  if (!it->is_string()) {
    return key_error(key, std::string("must be a string, not ") + it->type_name() + ".");
  }
  out = it->get<std::string>();
  return std::nullopt;
}

// An error naming `key` and the `count` spellings `allowed` when `value` is none of them; otherwise
// `*index` (when given) is its position. One body for every choice (the wasm bundle carries it once).
std::optional<Error> check_enum(const char* key, const std::string& value, const char* const* allowed, size_t count,
                                size_t* index = nullptr) {
  for (size_t i = 0; i < count; ++i) {
    if (value != allowed[i]) continue;
    if (index != nullptr) *index = i;
    return std::nullopt;
  }
  std::string list;
  for (size_t i = 0; i < count; ++i) list += std::string(list.empty() ? "" : ", ") + allowed[i];
  return key_error(key, "has the value '" + value + "'; use one of: " + list + ".");
}

// `text` (a key's JSON spelling) read into `out`; an error naming `key` and the spellings otherwise.
template <typename Choice>
std::optional<Error> read_choice(const char* key, const std::string& text, Choice& out) {
  const auto& names = ChoiceSpellings<Choice>::names;
  size_t index = 0;
  if (auto e = check_enum(key, text, names.data(), names.size(), &index)) return e;
  out = static_cast<Choice>(index);
  return std::nullopt;
}

constexpr std::array<const char*, 10> kDataCentreIds{"us", "eu", "in", "au", "jp", "cn", "ca", "sa", "uk", "demo"};

// A profile's closed choices as the JSON spelled them.
struct ChoiceTexts {
  std::string provider, client_type, mode, access_type, authentication;
};

// The choices read into `p`, in the order their errors are reported; the data centre is checked for a
// Zoho profile only (a custom provider has none).
std::optional<Error> read_choices(const ChoiceTexts& t, Profile& p) {
  if (auto e = read_choice("provider", t.provider, p.provider)) return e;
  if (p.provider == Provider::kZoho) {
    if (auto e = check_enum("dataCenter", p.data_centre, kDataCentreIds.data(), kDataCentreIds.size())) return e;
  }
  if (auto e = read_choice("clientType", t.client_type, p.client_type)) return e;
  if (auto e = read_choice("authorizationMode", t.mode, p.authorization_mode)) return e;
  if (auto e = read_choice("accessType", t.access_type, p.access_type)) return e;
  return read_choice("clientAuthentication", t.authentication, p.client_authentication);
}

// Reads an optional boolean key into `out`; an error when present with another type.
std::optional<Error> read_bool(const json& j, const char* key, bool& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) return key_error(key, "must be true or false.");
  out = it->get<bool>();
  return std::nullopt;
}

const char* kKnownKeys[] = {"version",     "id",          "name",         "provider",
                            "dataCenter",  "clientType",  "authorizationMode",
                            "clientId",    "clientSecret", "scopes",      "redirectUri",
                            "authorizationUrl", "tokenUrl", "refreshTokenUrl", "accessType",
                            "prompt",      "pkce",        "clientAuthentication", "enabled", "relayUrl", "issuer",
                            "organizationId", "deviceAuthorizationUrl", "jwksUrl", "userinfoUrl"};

}  // namespace

Result<Profile> profile_from_json(const json& j) {
  if (!j.is_object()) {
    return Error{"profile", "A profile must be a JSON object ({...}), not " + std::string(j.type_name()) + ".",
                 kSource};
  }
  const auto version = j.find("version");
  if (version == j.end()) return key_error("version", "is missing; add \"version\": 1.");
  // 1.0 is the number 1 too (RFC 8259 s6: JSON has one number type).
  const bool one = (version->is_number_integer() && version->get<long long>() == 1) ||
                   (version->is_number_float() && version->get<double>() == 1.0);
  if (!one) {
    return key_error("version", "must be the number 1 (the only version this console reads).");
  }
  Profile p;
  struct StringKey {
    const char* key;
    std::string* out;
    bool required;
  };
  const bool custom = j.contains("provider") && j["provider"].is_string() && j["provider"] == "custom";
  // A self client has no redirect at all (Zoho: Self client), whether it pastes a code or asks with its
  // client credentials (Zoho OAuth: Self client - client credentials flow).
  const bool self_client = j.contains("clientType") && j["clientType"].is_string() &&
                           (j["clientType"] == "self" || j["clientType"] == "client-credentials");
  // Neither has a non-browser client (the device flow): it polls instead (RFC 8628 s1).
  const bool device = j.contains("clientType") && j["clientType"].is_string() && j["clientType"] == "non-browser";
  const bool redirects = !self_client && !device;  // uses_redirect(), read before there is a Profile to ask
  // The choices are read as text first, then as their types (read_choices).
  ChoiceTexts t{spelling(p.provider), spelling(p.client_type), spelling(p.authorization_mode),
                spelling(p.access_type), spelling(p.client_authentication)};
  const StringKey keys[] = {
      {"id", &p.id, false},
      {"name", &p.name, true},
      {"provider", &t.provider, false},
      {"dataCenter", &p.data_centre, !custom},
      {"clientType", &t.client_type, false},
      {"authorizationMode", &t.mode, false},
      {"clientId", &p.client_id, true},
      {"clientSecret", &p.client_secret, false},
      {"redirectUri", &p.redirect_uri, redirects},
      {"authorizationUrl", &p.authorization_url, custom && redirects},
      {"deviceAuthorizationUrl", &p.device_authorization_url, custom && device},
      {"tokenUrl", &p.token_url, custom},
      {"refreshTokenUrl", &p.refresh_token_url, false},
      {"accessType", &t.access_type, false},
      {"prompt", &p.prompt, false},
      {"clientAuthentication", &t.authentication, false},
      {"relayUrl", &p.relay_url, false},
      {"issuer", &p.issuer, false},
      {"organizationId", &p.organization_id, false},
      {"jwksUrl", &p.jwks_url, false},
      {"userinfoUrl", &p.userinfo_url, false},
  };
  for (const StringKey& k : keys) {
    if (auto e = read_string(j, k.key, *k.out, k.required)) return *e;
  }
  const auto scopes = j.find("scopes");
  if (scopes == j.end()) return key_error("scopes", "is missing; add a list such as [\"ZohoCRM.modules.leads.ALL\"].");
  if (!scopes->is_array()) return key_error("scopes", "must be a list of strings, e.g. [\"ZohoCRM.modules.leads.ALL\"].");
  for (const json& s : *scopes) {
    if (!s.is_string()) return key_error("scopes", "must hold only strings.");
    p.scopes.push_back(s.get<std::string>());
  }
  if (auto e = read_bool(j, "pkce", p.pkce)) return *e;
  p.organization_id = trim_white_space(p.organization_id);  // pasted ids often carry a space or a newline
  // Ids become storage keys and token-set keys ("<id>/<end user>"): a plain word, no '/'.
  if (p.id.size() > 64 || p.id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") !=
                              std::string::npos) {
    return key_error("id", "may hold only letters, digits, '-', '_' and '.', at most 64 of them.");
  }
  if (auto e = read_bool(j, "enabled", p.enabled)) return *e;
  if (auto e = read_choices(t, p)) return *e;
  if (auto e = profile_limits_error(p)) return *e;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const bool known = std::any_of(std::begin(kKnownKeys), std::end(kKnownKeys),
                                   [&](const char* k) { return it.key() == k; });
    if (!known) p.extra[it.key()] = it.value();
  }
  return p;
}

std::optional<Error> profile_limits_error(const Profile& p) {
  const std::pair<const char*, const std::string*> values[] = {
      {"name", &p.name},
      {"clientId", &p.client_id},
      {"clientSecret", &p.client_secret},
      {"redirectUri", &p.redirect_uri},
      {"authorizationUrl", &p.authorization_url},
      {"tokenUrl", &p.token_url},
      {"refreshTokenUrl", &p.refresh_token_url},
      {"relayUrl", &p.relay_url},
      {"issuer", &p.issuer},
      {"organizationId", &p.organization_id},
      {"deviceAuthorizationUrl", &p.device_authorization_url},
      {"jwksUrl", &p.jwks_url},
      {"userinfoUrl", &p.userinfo_url}};
  for (const auto& [key, value] : values) {
    if (value->size() > kMaxProfileValueBytes) {
      return key_error(key, "is " + std::to_string(value->size()) + " bytes long; at most " +
                                std::to_string(kMaxProfileValueBytes) + " fit. Was something else pasted into it?");
    }
  }
  if (p.scopes.size() > kMaxScopes) {
    return key_error("scopes", "lists " + std::to_string(p.scopes.size()) + " scopes; at most " +
                                   std::to_string(kMaxScopes) + " fit. Zoho's scopes are like ZohoCRM.modules.leads.ALL.");
  }
  for (const std::string& s : p.scopes) {
    if (s.size() > kMaxScopeBytes) {
      return key_error("scopes", "holds a scope of " + std::to_string(s.size()) + " bytes; at most " +
                                     std::to_string(kMaxScopeBytes) + " fit.");
    }
  }
  return std::nullopt;
}

Result<Profile> parse_profile(std::string_view text) {
  const json j = parse_json(text);
  if (j.is_discarded()) {
    return Error{"profile",
                 "The profile is not valid JSON (or nests deeper than " + std::to_string(kMaxJsonDepth) +
                     " levels); check for a missing quote, comma or brace.",
                 kSource};
  }
  if (auto e = duplicate_key_error(text)) return *e;
  return profile_from_json(j);
}

std::optional<Error> duplicate_key_error(std::string_view text) {
  const auto key = duplicate_key(text);
  if (!key) return std::nullopt;
  return key_error(printable(*key, 60), "is given twice; keep the one you mean (JSON readers disagree on which "
                                        "one wins, so the console takes neither).");
}

namespace {
// A value that satisfies `key`'s rule, standing in for a wrong one so the next problem can be found.
json stand_in(const std::string& key) {
  if (key == "version") return 1;
  if (key == "scopes") return json::array({"x"});
  if (key == "pkce" || key == "enabled") return false;
  if (key == "provider") return "zoho";
  if (key == "dataCenter") return "us";
  if (key == "clientType") return "server";
  if (key == "authorizationMode") return "pre-authorize";
  if (key == "accessType") return "offline";
  if (key == "clientAuthentication") return "body";
  if (key == "redirectUri" || key == "authorizationUrl" || key == "tokenUrl" || key == "deviceAuthorizationUrl" ||
      key == "jwksUrl" || key == "userinfoUrl") {
    return "https://x/";
  }
  return "x";
}
}  // namespace

std::vector<Error> profile_problems(const json& j) {
  std::vector<Error> out;
  json copy = j;
  // Each round finds the first problem and stands a valid value in for it; a key is reported once.
  for (size_t round = 0; round < std::size(kKnownKeys) + 1; ++round) {
    auto parsed = profile_from_json(copy);
    if (parsed.ok()) break;
    const Error& e = parsed.error();
    out.push_back(e);
    const std::string key = e.code.rfind("profile.", 0) == 0 ? e.code.substr(8) : "";
    if (key.empty() || !copy.is_object()) break;  // not an object: nothing more to find
    if (key == "provider") copy.erase("dataCenter");  // the provider decides which keys are required
    copy[key] = stand_in(key);
  }
  return out;
}

json profile_to_json(const Profile& p, bool include_secret) {
  json j = p.extra.is_object() ? p.extra : json::object();
  j["version"] = 1;
  if (!p.id.empty()) j["id"] = p.id;
  j["name"] = p.name;
  j["provider"] = spelling(p.provider);
  j["dataCenter"] = p.data_centre;
  j["clientType"] = spelling(p.client_type);
  j["authorizationMode"] = spelling(p.authorization_mode);
  j["clientId"] = p.client_id;
  if (include_secret) j["clientSecret"] = p.client_secret;
  j["scopes"] = p.scopes;
  j["redirectUri"] = p.redirect_uri;
  j["authorizationUrl"] = p.authorization_url;
  j["tokenUrl"] = p.token_url;
  j["refreshTokenUrl"] = p.refresh_token_url;
  j["accessType"] = spelling(p.access_type);
  j["prompt"] = p.prompt;
  j["pkce"] = p.pkce;
  j["clientAuthentication"] = spelling(p.client_authentication);
  j["enabled"] = p.enabled;
  if (!p.relay_url.empty()) j["relayUrl"] = p.relay_url;
  if (!p.issuer.empty()) j["issuer"] = p.issuer;
  if (!p.organization_id.empty()) j["organizationId"] = p.organization_id;
  if (!p.device_authorization_url.empty()) j["deviceAuthorizationUrl"] = p.device_authorization_url;
  if (!p.jwks_url.empty()) j["jwksUrl"] = p.jwks_url;
  if (!p.userinfo_url.empty()) j["userinfoUrl"] = p.userinfo_url;
  return j;
}

ClientCredentials client_credentials(const Profile& p) {
  if (!sends_client_secret(p)) return {p.client_id, "", false};
  return {p.client_id, p.client_secret, p.client_authentication == ClientAuthentication::kBasic};
}

std::string trim_white_space(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

bool sends_client_secret(const Profile& p) {
  return p.client_authentication != ClientAuthentication::kNone && p.client_type != ClientType::kClient;
}

bool requires_client_secret(const Profile& p) {
  if (p.client_authentication == ClientAuthentication::kNone) return false;
  return p.client_type == ClientType::kServer || p.client_type == ClientType::kClientCredentials ||
         (p.provider == Provider::kZoho && p.client_type == ClientType::kNonBrowser);
}

bool uses_redirect(const Profile& p) {
  return p.client_type == ClientType::kServer || p.client_type == ClientType::kClient;
}

bool uses_device_flow(const Profile& p) { return p.client_type == ClientType::kNonBrowser; }

std::optional<std::string> organization_id_problem(const Profile& p) {
  const std::string id = trim_white_space(p.organization_id);
  if (p.provider != Provider::kZoho || p.client_type != ClientType::kClientCredentials || id.empty()) return std::nullopt;
  if (id.find_first_not_of("0123456789") == std::string::npos) return std::nullopt;
  // Quoted as typed, cut at a character (a full-width digit is 3 bytes), nothing invisible in it.
  size_t cut = std::min<size_t>(id.size(), 40);
  while (cut < id.size() && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
  return "Organization ID '" + visible_text(std::string_view(id).substr(0, cut)) + "' is not all digits: Zoho CRM's Org ID is a number (Setup > "
         "Company Details). Type it with the digits 0-9 alone (no full-width or other digits), without ZohoCRM.";
}

ExpiresInReading expires_in_reading_for(const Profile& p) {
  return p.provider == Provider::kZoho ? ExpiresInReading::kZohoMillisecondsFallback : ExpiresInReading::kSeconds;
}

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const std::string& s : scopes) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace zc
