#include "cli/cli.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/oidc_commands.hpp"
#include "cli/openssl_crypto.hpp"
#include "console/callback_acceptance.hpp"
#include "console/client_credentials_grant.hpp"
#include "console/hand_off.hpp"
#include "console/lint.hpp"
#include "console/openid_nonce.hpp"
#include "console/pending_authorization.hpp"
#include "console/profile_endpoints.hpp"
#include "console/profile.hpp"
#include "oauth/authorization_request.hpp"
#include "oauth/device_authorization.hpp"
#include "oauth/json_text.hpp"
#include "oauth/pkce.hpp"
#include "oauth/token_request.hpp"
#include "oauth/token_response.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"

namespace zc {
namespace {

using nlohmann::json;

constexpr int kOk = 0;
constexpr int kRefused = 1;
constexpr int kUsage = 2;

const char* kUsageText =
    "usage: zoho-auth COMMAND ...\n"
    "  datacenters\n"
    "  lint PROFILE\n"
    "  authorize-url PROFILE --state S [--code-verifier V] [--nonce N]\n"
    "  callback PROFILE --state S --url URL\n"
    "  token-request PROFILE --code C [--accounts-server URL] [--code-verifier V]\n"
    "  token-request PROFILE --refresh-token R [--accounts-server URL]\n"
    "  client-credentials-request PROFILE [--accounts-server URL]\n"
    "  token-response [--status N] [--previous TOKENSET] [--now UNIX_SECONDS] [--provider zoho|custom]\n"
    "                 (body on stdin; --provider custom reads expires_in as RFC 6749 seconds, always)\n"
    "  discovery --issuer URL                     (discovery document on stdin)\n"
    "  verify-id-token --jwks FILE --issuer I --client-id C [--nonce N] [--now UNIX_SECONDS]  (id_token on stdin)\n"
    "  jwt-decode                                 (compact JWS on stdin; decoded, not verified)\n"
    "  device-code-request PROFILE [--accounts-server URL]\n"
    "  device-code-response [--status N] [--now UNIX_SECONDS] [--provider zoho|custom]   (body on stdin)\n"
    "  device-token-request PROFILE --device-code D [--accounts-server URL]\n"
    "  device-token-response [--status N] [--now UNIX_SECONDS] [--provider zoho|custom] [--accounts-server URL]\n"
    "                 (body on stdin; classifies a poll: tokens, pending, slow_down, denied, expired, other_dc)\n"
    "  handoff PROFILE [--format curl|env]       (text: curl commands or a .env, secrets as variables)\n"
    "PROFILE: a profile JSON file, or - for standard input. Option --base-url URL places the demo data centre.\n"
    "Output: JSON on stdout. Exit: 0 ok, 1 refused, 2 usage.\n";

struct Invocation {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

class UsageError {
 public:
  explicit UsageError(std::string m) : message(std::move(m)) {}
  std::string message;
};

// The options each command takes (docs/ARCHITECTURE.md), and how many PROFILE arguments.
struct CommandSpec {
  const char* name;
  std::vector<std::string> options;
  size_t positionals;  // after the command
};
const CommandSpec kCommands[] = {
    {"datacenters", {}, 0},
    {"lint", {"--base-url"}, 1},
    {"authorize-url", {"--state", "--code-verifier", "--nonce", "--base-url"}, 1},
    {"callback", {"--state", "--url", "--now", "--base-url"}, 1},
    {"token-request", {"--code", "--refresh-token", "--accounts-server", "--code-verifier", "--base-url"}, 1},
    {"token-response", {"--status", "--previous", "--now", "--provider"}, 0},
    {"client-credentials-request", {"--accounts-server", "--base-url"}, 1},
    {"discovery", {"--issuer"}, 0},
    {"verify-id-token", {"--jwks", "--issuer", "--client-id", "--nonce", "--now"}, 0},
    {"jwt-decode", {}, 0},
    {"device-code-request", {"--accounts-server", "--base-url"}, 1},
    {"device-code-response", {"--status", "--now", "--provider"}, 0},
    {"device-token-request", {"--device-code", "--accounts-server", "--base-url"}, 1},
    {"device-token-response", {"--status", "--now", "--provider", "--accounts-server", "--base-url"}, 0},
    {"handoff", {"--format", "--base-url"}, 1},
};

std::optional<Invocation> parse_args(const std::vector<std::string>& args, std::string& problem) {
  Invocation inv;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) == 0) {
      // Only the option's name is ever quoted back: a value may be a secret (--code=..., say).
      const std::string name = a.substr(0, a.find('='));
      if (name != a) {
        problem = "write " + name + " VALUE, not " + name + "=VALUE";
        return std::nullopt;
      }
      if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) {
        problem = a + " needs a value";
        return std::nullopt;
      }
      if (args[i + 1].empty()) {
        problem = a + " needs a non-empty value";
        return std::nullopt;
      }
      if (inv.options.count(a)) {
        problem = a + " given twice";
        return std::nullopt;
      }
      inv.options[a] = args[++i];
    } else {
      inv.positional.push_back(a);
    }
  }
  if (inv.positional.empty()) {
    problem = "no command given";
    return std::nullopt;
  }
  const CommandSpec* spec = nullptr;
  for (const CommandSpec& c : kCommands) {
    if (inv.positional[0] == c.name) spec = &c;
  }
  if (spec == nullptr) {
    problem = "unknown command '" + printable(inv.positional[0], 40) + "'";
    return std::nullopt;
  }
  if (inv.positional.size() != spec->positionals + 1) {
    problem = std::string(spec->name) + (spec->positionals ? " takes one PROFILE argument" : " takes no argument");
    return std::nullopt;
  }
  for (const auto& [name, value] : inv.options) {
    if (std::find(spec->options.begin(), spec->options.end(), name) == spec->options.end()) {
      problem = std::string(spec->name) + " does not take " + printable(name, 40);
      return std::nullopt;
    }
  }
  return inv;
}

std::string option(const Invocation& inv, const std::string& name) {
  const auto it = inv.options.find(name);
  return it == inv.options.end() ? std::string() : it->second;
}

int print(std::ostream& out, const json& j, int code) {
  out << to_json_text(j) << "\n";
  return code;
}

int refuse(std::ostream& out, const Error& e) {
  return print(out, {{"ok", false}, {"error", e.code}, {"description", e.message}}, kRefused);
}

std::optional<std::string> read_source(const std::string& path, std::istream& in) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(in), {});
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;  // a directory, a device, nothing
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// Reads PROFILE (the first positional after the command). Errors are refusals naming the key.
// The text of PROFILE (a file, or - for standard input); a `profile.file` error when unreadable.
Result<std::string> profile_text(const Invocation& inv, std::istream& in) {
  if (inv.positional.size() < 2) throw UsageError("missing PROFILE (a profile JSON file, or - for stdin)");
  const auto text = read_source(inv.positional[1], in);
  if (!text) {
    return Error{"profile.file", "Cannot read the profile file '" + printable(inv.positional[1]) +
                                     "': it is missing, not a regular file, or not readable.", ""};
  }
  return *text;
}

Result<Profile> load_profile(const Invocation& inv, std::istream& in) {
  auto text = profile_text(inv, in);
  if (!text.ok()) return text.error();
  return parse_profile(text.value());
}

std::int64_t now_or(const Invocation& inv) {
  const std::string n = option(inv, "--now");
  if (n.empty()) return static_cast<std::int64_t>(std::time(nullptr));
  if (n.size() > 12 || n.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError("--now takes Unix seconds (digits only)");
  }
  return std::stoll(n);
}

// The accounts server a command was told to use: exactly one of the table's (mix-up defence).
Result<std::string> token_url_for(const Invocation& inv, const Profile& p, const std::string& base, bool refresh) {
  const std::string accounts = option(inv, "--accounts-server");
  const ProfileEndpoints e = resolve_endpoints(p, base);
  if (accounts.empty()) return refresh ? e.refresh_token_url : e.token_url;
  if (p.provider != Provider::kZoho) {
    return Error{"callback.accounts_server",
                 "--accounts-server is Zoho's multi-DC switch; a custom provider's client secret is never sent to "
                 "another server. Leave it out.",
                 "RFC 9700 s4.4"};
  }
  if (auto dc = find_by_accounts_server(accounts, base)) return token_endpoint(*dc);
  return Error{"callback.accounts_server",
               "'" + printable(accounts) + "' is not one of Zoho's accounts servers; nothing is sent there (mix-up defence).",
               "RFC 9700 s4.4"};
}

// The refusal for a --code-verifier outside RFC 7636's grammar (authorize-url and token-request).
Error bad_verifier() {
  return {"pkce.verifier", "--code-verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~.", "RFC 7636 s4.1"};
}

json request_json(const HttpRequest& r) {
  json headers = json::object();
  for (const auto& [k, v] : r.headers) headers[k] = v;
  return {{"method", r.method}, {"url", r.url}, {"headers", headers}, {"body", r.body}};
}

// [SECTION] Commands

int datacenters(std::ostream& out) {
  json list = json::array();
  for (const DataCentre& dc : zoho_data_centres()) {
    list.push_back({{"location", dc.location}, {"name", dc.name}, {"accountsServer", dc.accounts_server},
                    {"apiDomain", dc.api_domain}, {"confirmed", dc.confirmed}});
  }
  return print(out, list, kOk);
}

int lint(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto text = profile_text(inv, in);
  auto p = text.ok() ? parse_profile(text.value()) : Result<Profile>(text.error());
  if (!p.ok()) {
    // A profile that does not parse: every key that breaks it, each an error diagnostic on its key.
    const json j = text.ok() ? parse_json(text.value()) : json();
    std::vector<Error> problems = {p.error()};
    if (text.ok() && j.is_object() && !duplicate_key_error(text.value())) {
      problems = profile_problems(j);
    }
    json list = json::array();
    for (const Error& e : problems) {
      const std::string field = e.code.rfind("profile.", 0) == 0 ? e.code.substr(8) : "";
      list.push_back({{"severity", "error"}, {"field", field}, {"message", e.message}});
    }
    return print(out, list, kRefused);
  }
  const auto d = lint_profile(p.value(), option(inv, "--base-url"));
  return print(out, diagnostics_to_json(d), has_errors(d) ? kRefused : kOk);
}

int authorize_url(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const Profile& profile = p.value();
  const std::string state = option(inv, "--state");
  if (state.empty()) throw UsageError("authorize-url needs --state S (a fresh, unguessable value)");
  if (profile.client_type == ClientType::kSelf) {
    return refuse(out, {"authorize.self_client",
                        "A self client has no authorization URL: generate a grant code in Zoho's API console (Self "
                        "Client > Generate Code), then run token-request PROFILE --code C.",
                        "Zoho OAuth: Self client"});
  }
  std::string verifier = option(inv, "--code-verifier");
  if (verifier.empty() && profile.pkce) verifier = make_code_verifier(random_octets(kCodeVerifierOctets)).value();
  if (!verifier.empty() && !is_valid_code_verifier(verifier)) {
    return refuse(out, bad_verifier());
  }
  AuthorizationRequest r = authorization_request_for(profile, option(inv, "--base-url"));
  r.state = state;
  if (!verifier.empty()) r.code_challenge = code_challenge_s256(sha256(verifier)).value();
  // OpenID Connect: a nonce for scopes with openid, fresh unless given (console/openid_nonce.hpp).
  if (asks_for_id_token(profile.scopes)) {
    r.nonce = option(inv, "--nonce").empty() ? make_state(random_octets(kStateOctets)).value() : option(inv, "--nonce");
  }
  auto url = build_authorization_url(r);
  if (!url.ok()) return refuse(out, url.error());
  json j = {{"ok", true}, {"url", url.value()}, {"state", state}};
  if (!r.nonce.empty()) j["nonce"] = r.nonce;  // verify-id-token --nonce needs it again
  if (!verifier.empty()) {
    j["codeVerifier"] = verifier;  // the caller needs it again for token-request
    j["codeChallenge"] = r.code_challenge;
  }
  return print(out, j, kOk);
}

int callback(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const Profile& profile = p.value();
  const std::string state = option(inv, "--state");
  const std::string url = option(inv, "--url");
  if (state.empty() || url.empty()) throw UsageError("callback needs --state S and --url URL");
  const std::string base = option(inv, "--base-url");
  const std::int64_t now = now_or(inv);
  const PendingAuthorization pending = pending_authorization_for(profile, base, state, now);
  const ResponseMode mode = pending.response_type == "token" ? ResponseMode::kFragment : ResponseMode::kQuery;
  auto parsed = parse_callback(url, mode);
  if (!parsed.ok()) return refuse(out, parsed.error());
  auto accepted = accept_callback(parsed.value(), pending, base, now);
  if (!accepted.ok()) return refuse(out, accepted.error());
  const AcceptedCallback& a = accepted.value();
  if (a.tokens) {
    json j = token_set_to_json(*a.tokens);
    j["ok"] = true;
    return print(out, j, kOk);
  }
  return print(out, {{"ok", true}, {"code", a.code}, {"location", a.location}, {"accountsServer", a.accounts_server},
                     {"tokenUrl", a.token_url}},
               kOk);
}

int token_request(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const Profile& profile = p.value();
  const std::string code = option(inv, "--code");
  const std::string refresh = option(inv, "--refresh-token");
  if (code.empty() == refresh.empty()) throw UsageError("token-request needs exactly one of --code C or --refresh-token R");
  if (!refresh.empty() && !option(inv, "--code-verifier").empty()) {
    throw UsageError("--code-verifier belongs to a code exchange, not a refresh");
  }
  if (profile.client_type == ClientType::kClient) {
    return refuse(out, {"token_request.client_based",
                        "A client-based app uses the implicit grant: its token comes in the redirect, and it has no "
                        "code to exchange and no refresh token. Use callback PROFILE --state S --url URL.",
                        "RFC 6749 s4.2"});
  }
  auto url = token_url_for(inv, profile, option(inv, "--base-url"), !refresh.empty());
  if (!url.ok()) return refuse(out, url.error());
  const ClientCredentials client = client_credentials(profile);
  if (!refresh.empty()) return print(out, request_json(build_refresh(url.value(), client, refresh)), kOk);
  const std::string verifier = option(inv, "--code-verifier");
  if (!verifier.empty() && !is_valid_code_verifier(verifier)) {
    return refuse(out, bad_verifier());
  }
  // A self client's code came without a redirect: no redirect_uri in its token request.
  const std::string redirect = profile.client_type == ClientType::kSelf ? "" : profile.redirect_uri;
  return print(out, request_json(build_code_exchange(url.value(), client, code, redirect, verifier)), kOk);
}

// The client credentials grant's request (Zoho OAuth: Self client - client credentials flow; RFC 6749
// s4.4.2): the profile must be of client type client-credentials, and a Zoho one name its organization.
int client_credentials_request(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const Profile& profile = p.value();
  if (auto refused = client_credentials_refusal(profile)) return refuse(out, *refused);
  auto url = token_url_for(inv, profile, option(inv, "--base-url"), false);
  if (!url.ok()) return refuse(out, url.error());
  return print(out, request_json(client_credentials_request_for(profile, url.value())), kOk);
}

// --status N (0-999), 200 when absent.
int status_option(const Invocation& inv) {
  const std::string s = option(inv, "--status");
  if (s.empty()) return 200;
  if (s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) throw UsageError("--status takes an HTTP status (0-999)");
  return std::stoi(s);
}

// --provider zoho|custom (zoho when absent).
Provider provider_option(const Invocation& inv) {
  const auto provider = parse_choice<Provider>(option(inv, "--provider").empty() ? "zoho" : option(inv, "--provider"));
  if (!provider) throw UsageError("--provider takes zoho or custom");
  return *provider;
}

int token_response(const Invocation& inv, std::istream& in, std::ostream& out) {
  const int status = status_option(inv);
  std::optional<TokenSet> previous;
  std::string prev = option(inv, "--previous");
  prev.erase(0, prev.find_first_not_of(" \t\r\n"));
  if (prev == "-") throw UsageError("--previous cannot be - : standard input holds the token endpoint's answer");
  if (!prev.empty()) {
    // A JSON value inline, or a file. The value is never quoted back: it may hold tokens.
    const bool inline_json = prev.front() == '{' || prev.front() == '[';
    const auto text = inline_json ? std::optional<std::string>(prev) : read_source(prev, in);
    if (!text) {
      return print(out, {{"error", "previous"}, {"description", "--previous is neither a token set JSON object nor a readable file."}},
                   kRefused);
    }
    const json previous_json = parse_json(*text);
    if (!previous_json.is_object()) {
      return print(out, {{"error", "previous"}, {"description", "--previous must be a token set JSON object ({...})."}},
                   kRefused);
    }
    auto t = token_set_from_json(previous_json);
    if (!t.ok()) return print(out, {{"error", t.error().code}, {"description", t.error().message}}, kRefused);
    previous = t.value();
  }
  const bool zoho = provider_option(inv) == Provider::kZoho;
  const std::string body(std::istreambuf_iterator<char>(in), {});
  auto t = parse_token_response(status, body, previous, now_or(inv), previous ? previous->accounts_server : "",
                                zoho ? ExpiresInReading::kZohoMillisecondsFallback : ExpiresInReading::kSeconds);
  if (!t.ok()) {
    ExplainContext context{"", "", "", "token"};
    context.zoho = zoho;
    const Error e = explain_error(t.error(), context);
    return print(out, {{"error", e.code}, {"description", e.message}}, kRefused);
  }
  if (auto message = zoho ? unknown_api_domain_message(t.value().api_domain, "") : std::nullopt) {
    return print(out, {{"error", "token_response.api_domain"}, {"description", *message}}, kRefused);
  }
  json j = token_set_to_json(t.value());
  j["expiresInReading"] = t.value().expires_in_reading;
  return print(out, j, kOk);
}

int oidc_command(const Invocation& inv, std::istream& in, std::ostream& out) {
  const std::string& command = inv.positional[0];
  const std::string input(std::istreambuf_iterator<char>(in), {});
  CliAnswer answer;
  if (command == "discovery") {
    if (option(inv, "--issuer").empty()) throw UsageError("discovery needs --issuer URL (the issuer the document was fetched for)");
    answer = discovery_answer(input, option(inv, "--issuer"));
  } else if (command == "jwt-decode") {
    answer = jwt_decode_answer(input);
  } else {
    IdTokenExpectations expected{option(inv, "--issuer"), option(inv, "--client-id"), option(inv, "--nonce"), now_or(inv)};
    if (expected.issuer.empty() || expected.client_id.empty() || option(inv, "--jwks").empty()) {
      throw UsageError("verify-id-token needs --jwks FILE --issuer I --client-id C");
    }
    std::istringstream no_stdin;  // standard input holds the token, never the JWK Set
    const auto jwks = read_source(option(inv, "--jwks"), no_stdin);
    if (!jwks || option(inv, "--jwks") == "-") throw UsageError("--jwks FILE: cannot read that file");
    answer = verify_id_token_answer(input, *jwks, expected);
  }
  return print(out, answer.json, answer.exit_code);
}

// [SECTION] Device flow (client type non-browser; Zoho: Non-browser applications, RFC 8628)

// The device flow's endpoints of PROFILE, at --accounts-server when given (Zoho: one of the table's).
Result<ProfileEndpoints> device_endpoints_for(const Invocation& inv, const Profile& p) {
  if (p.client_type != ClientType::kNonBrowser) {
    return Error{"device.client_type", "The device flow is for a non-browser client; set clientType to non-browser.",
                 "RFC 8628 s1"};
  }
  const std::string base = option(inv, "--base-url");
  ProfileEndpoints e = resolve_endpoints(p, base);
  if (!option(inv, "--accounts-server").empty()) {
    auto token_url = token_url_for(inv, p, base, false);  // the same allow-list as token-request
    if (!token_url.ok()) return token_url.error();
    const DataCentre dc = *find_by_accounts_server(option(inv, "--accounts-server"), base);
    e.device_authorization_url = device_code_endpoint(dc);
    e.device_token_url = device_token_endpoint(dc);
  }
  if (e.device_authorization_url.empty()) {
    return Error{"profile.deviceAuthorizationUrl", "The profile has no deviceAuthorizationUrl; add the provider's "
                                                   "device_authorization_endpoint.",
                 "RFC 8628 s4"};
  }
  return e;
}

DeviceDialect dialect_for(Provider provider) {
  return provider == Provider::kZoho ? DeviceDialect::kZoho : DeviceDialect::kRfc8628;
}

int device_code_request(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const Profile& profile = p.value();
  auto e = device_endpoints_for(inv, profile);
  if (!e.ok()) return refuse(out, e.error());
  const DeviceDialect d = dialect_for(profile.provider);
  return print(out,
               request_json(build_device_authorization(d, e.value().device_authorization_url,
                                                       client_credentials(profile), profile.scopes,
                                                       d == DeviceDialect::kZoho ? spelling(profile.access_type) : "",
                                                       profile.prompt)),
               kOk);
}

int device_code_response(const Invocation& inv, std::istream& in, std::ostream& out) {
  const int status = status_option(inv);
  const DeviceDialect d = dialect_for(provider_option(inv));
  const std::int64_t now = now_or(inv);
  const std::string body(std::istreambuf_iterator<char>(in), {});
  auto a = parse_device_authorization(d, status, body, now);
  if (!a.ok()) return refuse(out, a.error());
  const DeviceAuthorization& v = a.value();
  return print(out, {{"ok", true}, {"userCode", v.user_code}, {"deviceCode", v.device_code},
                     {"verificationUri", v.verification_uri}, {"verificationUriComplete", v.verification_uri_complete},
                     {"interval", v.interval}, {"expiresIn", v.expires_at - now}, {"expiresAt", v.expires_at}},
               kOk);
}

int device_token_request(const Invocation& inv, std::istream& in, std::ostream& out) {
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const std::string device_code = option(inv, "--device-code");
  if (device_code.empty()) throw UsageError("device-token-request needs --device-code D (from device-code-response)");
  const Profile& profile = p.value();
  auto e = device_endpoints_for(inv, profile);
  if (!e.ok()) return refuse(out, e.error());
  return print(out,
               request_json(build_device_poll(dialect_for(profile.provider), e.value().device_token_url,
                                              client_credentials(profile), device_code)),
               kOk);
}

int device_token_response(const Invocation& inv, std::istream& in, std::ostream& out) {
  const int status = status_option(inv);
  const bool zoho = provider_option(inv) == Provider::kZoho;
  const std::string body(std::istreambuf_iterator<char>(in), {});
  const std::string accounts = option(inv, "--accounts-server");
  const DevicePollAnswer a = classify_device_poll(status, body, now_or(inv), accounts,
                                                  zoho ? ExpiresInReading::kZohoMillisecondsFallback
                                                       : ExpiresInReading::kSeconds);
  json j = {{"outcome", outcome_name(a.outcome)}};
  if (a.outcome == DevicePollOutcome::kTokens) {
    j.update(token_set_to_json(*a.tokens));
    return print(out, j, kOk);
  }
  if (a.outcome == DevicePollOutcome::kOtherDc) {
    // Polls move only to a data centre of the table next to the one polled (default: Zoho's US).
    const auto there = find_other_data_centre(a.user_location, accounts.empty() ? "https://accounts.zoho.com" : accounts,
                                              option(inv, "--base-url"));
    j["userLocation"] = a.user_location;
    if (!there) {
      j["error"] = "device.other_dc";
      j["description"] = "'" + printable(a.user_location, 16) + "' is no data centre of the table; nothing is sent there.";
      return print(out, j, kRefused);
    }
    j["nextAccountsServer"] = there->accounts_server;
    j["nextTokenUrl"] = device_token_endpoint(*there);
    return print(out, j, kOk);
  }
  j["error"] = a.error ? a.error->code : "";
  j["description"] = a.error ? a.error->message : "";
  const bool keep_polling = a.outcome == DevicePollOutcome::kPending || a.outcome == DevicePollOutcome::kSlowDown;
  if (a.outcome == DevicePollOutcome::kSlowDown) j["addSeconds"] = kSlowDownStepSeconds;
  return print(out, j, keep_polling ? kOk : kRefused);
}

// The profile's token calls as curl commands (default) or its .env, as text: what the console's Hand-off
// section copies; secrets stay variables or empty placeholders (docs/SECURITY.md rule 7).
int handoff(const Invocation& inv, std::istream& in, std::ostream& out) {
  const std::string format = option(inv, "--format").empty() ? "curl" : option(inv, "--format");
  if (format != "curl" && format != "env") throw UsageError("--format is curl or env");
  auto p = load_profile(inv, in);
  if (!p.ok()) return refuse(out, p.error());
  const std::string base = option(inv, "--base-url");
  out << (format == "curl" ? hand_off_curl(p.value(), nullptr, base)
                           : hand_off_env(p.value(), nullptr, base, SecretValues::kEmpty));
  return kOk;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h" || a == "help") {
      out << kUsageText;  // the one output that is text, not JSON
      return kOk;
    }
  }
  std::string problem;
  auto inv = parse_args(args, problem);
  try {
    if (!inv) throw UsageError(problem);
    const std::string& command = inv->positional[0];
    if (command == "datacenters") return datacenters(out);
    if (command == "lint") return lint(*inv, in, out);
    if (command == "authorize-url") return authorize_url(*inv, in, out);
    if (command == "callback") return callback(*inv, in, out);
    if (command == "token-request") return token_request(*inv, in, out);
    if (command == "token-response") return token_response(*inv, in, out);
    if (command == "client-credentials-request") return client_credentials_request(*inv, in, out);
    if (command == "discovery" || command == "verify-id-token" || command == "jwt-decode") {
      return oidc_command(*inv, in, out);
    }
    if (command == "device-code-request") return device_code_request(*inv, in, out);
    if (command == "device-code-response") return device_code_response(*inv, in, out);
    if (command == "device-token-request") return device_token_request(*inv, in, out);
    if (command == "device-token-response") return device_token_response(*inv, in, out);
    if (command == "handoff") return handoff(*inv, in, out);
    throw UsageError("unknown command");
  } catch (const UsageError& e) {
    err << "zoho-auth: " << e.message << "\n" << kUsageText;
    print(out, {{"ok", false}, {"error", "usage"}, {"description", e.message}}, kUsage);
    return kUsage;
  }
}

}  // namespace zc
