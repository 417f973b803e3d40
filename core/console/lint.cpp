#include "console/lint.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "console/profile_endpoints.hpp"
#include "oauth/json_text.hpp"
#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

// Zoho CRM's scope grammar: ZohoCRM.<group>.<...>.<OPERATION>, or another Zoho service's scope.
bool known_zoho_scope(const std::string& scope) {
  // Sign in with Zoho (OpenID Connect): the single-word scopes Zoho's "Sign in using Zoho" page lists
  // (docs/ZOHO.md "Sign in with Zoho (OpenID Connect)").
  if (scope == "openid" || scope == "email" || scope == "profile") return true;
  static const std::set<std::string> services = {"ZohoCRM", "aaaserver", "ZohoFiles", "ZohoSearch", "Desk",
                                                 "ZohoBooks", "ZohoInventory", "ZohoProjects", "ZohoMail",
                                                 "ZohoSheet", "ZohoWriter", "ZohoCreator", "ZohoAnalytics",
                                                 "ZohoBigin", "ZohoSubscriptions", "ZohoCampaigns", "ZohoPeople",
                                                 "ZohoRecruit", "ZohoSign", "ZohoCliq", "WorkDrive"};
  static const std::set<std::string> crm_groups = {"modules", "settings", "users", "org", "bulk", "notifications",
                                                   "coql", "files", "mass_update", "mass_convert", "share",
                                                   "templates", "signals", "functions", "Files"};
  static const std::set<std::string> operations = {"ALL", "READ", "CREATE", "UPDATE", "DELETE", "WRITE"};
  std::vector<std::string> parts;
  std::string cur;
  for (char c : scope + ".") {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (parts.size() < 2 || !services.count(parts[0])) return false;
  if (parts[0] != "ZohoCRM") return true;
  std::string op = parts.back();
  std::transform(op.begin(), op.end(), op.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return parts.size() >= 3 && crm_groups.count(parts[1]) && operations.count(op);
}

// The findings of one lint run, in the order found; add(severity, field, message) appends one.
struct Findings {
  std::vector<Diagnostic> out;
  void operator()(const char* severity, const char* field, std::string message) {
    out.push_back({severity, field, std::move(message)});
  }
};

// The name, the client id and how the client authenticates (RFC 6749 s2.1, s2.3.1).
void lint_client(const Profile& p, bool zoho, Findings& add) {
  if (p.name.empty()) add("error", "name", "The profile has no name; give it one you will recognise.");

  // Client id: Zoho's are `1000.` followed by upper-case letters and digits.
  if (p.client_id.empty()) {
    add("error", "clientId", zoho ? "Client Id is empty; copy it from your app in Zoho's API console."
                                  : "Client Id is empty; copy it from the client's registration at the provider.");
  } else if (zoho && (p.client_id.rfind("1000.", 0) != 0 || p.client_id.size() < 10 ||
                      p.client_id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 5) != std::string::npos)) {
    add("error", "clientId", "Client Id '" + p.client_id.substr(0, 40) +
                                 "' does not look like a Zoho client id (1000. followed by upper-case letters and "
                                 "digits); copy it again from Zoho's API console, without spaces.");
  }
  if (requires_client_secret(p) && p.client_secret.empty()) {
    add("error", "clientSecret", zoho ? "A server-based client needs its Client Secret for the token request."
                                      : "A confidential client needs its Client Secret for the token request (for a "
                                        "public client, set Client authentication to none).");
  }
  if (p.client_authentication == ClientAuthentication::kNone && p.client_type != ClientType::kClient) {
    if (zoho && p.client_type == ClientType::kServer) {
      add("warning", "clientAuthentication", "Client authentication is none, but Zoho's server-based clients must "
                                             "send their Client Secret (Zoho documents no public code-flow client); "
                                             "Zoho will answer invalid_client. Use body.");
    }
    if (!p.client_secret.empty()) {
      add("warning", "clientSecret", "Client authentication is none, so the Client Secret is never sent; remove it, "
                                     "or choose body or basic.");
    }
    if (!p.pkce) {
      add("warning", "pkce", "A public client (Client authentication: none) should use PKCE: without a secret, PKCE "
                             "is what stops a stolen grant code from being exchanged (RFC 9700 s2.1.1).");
    }
  }
  if (p.client_type == ClientType::kClient && !p.client_secret.empty()) {
    add("warning", "clientSecret", "A client-based (browser) app uses no client secret; remove it so it is not kept here.");
  }
}

// Scopes: Zoho separates them with commas and knows a fixed grammar.
void lint_scopes(const Profile& p, bool zoho, Findings& add) {
  // Scopes.
  if (p.scopes.empty()) {
    add("error", "scopes", zoho ? "No scope is set; add at least one, e.g. ZohoCRM.modules.leads.ALL."
                                : "No scope is set; add at least one, e.g. openid.");
  }
  for (const std::string& s : p.scopes) {
    if (zoho && s.find_first_of(" \t") != std::string::npos) {
      add("error", "scopes", "Scope '" + s + "' contains spaces: Zoho separates scopes with commas "
                             "(ZohoCRM.modules.leads.ALL,ZohoCRM.users.READ). Enter them as separate scopes.");
    } else if (zoho && !known_zoho_scope(s)) {
      add("warning", "scopes", "Scope '" + s + "' is not a Zoho scope this console knows (Service.group.OPERATION, "
                               "e.g. ZohoCRM.modules.leads.ALL); check its spelling.");
    }
  }
}

// The redirect URI, against RFC 6749 s3.1.2 and this console's own address `base_url`.
void lint_redirect_uri(const Profile& p, const std::string& base_url, Findings& add) {
  // Redirect URI (RFC 6749 s3.1.2): absolute, no fragment, https except on loopback. A self client,
  // client credentials and the device flow have no redirect at all (the form hides the field): nothing to
  // check there, whatever is left in it.
  auto redirect = parse_url(p.redirect_uri, "Redirect URI");
  if (!uses_redirect(p)) {
    // nothing to check
  } else if (!redirect.ok()) {
    add("error", "redirectUri", redirect.error().message);
  } else {
    if (redirect.value().has_fragment) {
      add("error", "redirectUri", "Redirect URI has a fragment (#...); a redirect URI must not have one (RFC 6749 s3.1.2).");
    }
    if (redirect.value().scheme == "http" && !is_loopback_host(redirect.value().host)) {
      add("error", "redirectUri", "Redirect URI uses http:// on a public host; the code would travel unencrypted. Use https://.");
    }
    // A redirect URI on this console's own server is meant to come back to the console: then it must be
    // the console's address exactly, since the server sends the browser to the registered string byte for
    // byte (Zoho compares it so too). Anything else lands on a page with no way back.
    if (!base_url.empty() && serialized_origin(p.redirect_uri) == serialized_origin(base_url) &&
        p.redirect_uri != base_url && p.redirect_uri != base_url + "index.html") {
      std::string why;
      if (same_url(p.redirect_uri, base_url)) {
        why = "differs from this console's address " + base_url + " only in the case of the scheme or host";
      } else if (p.redirect_uri + "/" == base_url) {
        why = "lacks the trailing / of this console's address " + base_url;
      } else {
        why = "is on this console's server but is not the console's address " + base_url;
      }
      add("warning", "redirectUri", "Redirect URI " + printable(p.redirect_uri, 120) + " " + why +
                                        ": the authorization server sends the browser back to exactly this string, "
                                        "so it would not come back to the console. Use " + base_url +
                                        " here and register exactly that.");
    }
  }
}

// The three endpoint URLs: https, and for Zoho one data centre's accounts server for all three.
void lint_endpoints(const Profile& p, bool zoho, const std::string& base_url, Findings& add) {
  // Endpoint URLs.
  const ProfileEndpoints e = resolve_endpoints(p, base_url);
  struct Url {
    const char* field;
    const char* label;
    std::string value;
    bool used;  // the profile's client type reads it (the form shows it)
  };
  // Only a client that redirects sends the browser to an authorization URL; only the device flow uses
  // the device one. The JWKS and userinfo URLs are optional (discovery finds them): checked when set.
  const Url urls[] = {{"authorizationUrl", "Authorization URL", e.authorization_url, uses_redirect(p)},
                      {"tokenUrl", "Token URL", e.token_url, true},
                      {"refreshTokenUrl", "Refresh Token URL", e.refresh_token_url, true},
                      {"deviceAuthorizationUrl", "Device Authorization URL", e.device_authorization_url,
                       uses_device_flow(p)},
                      {"jwksUrl", "JWKS URL", p.jwks_url, !p.jwks_url.empty()},
                      {"userinfoUrl", "Userinfo URL", p.userinfo_url, !p.userinfo_url.empty()}};
  std::set<std::string> data_centres;
  for (const Url& u : urls) {
    if (!u.used) continue;
    auto parsed = parse_url(u.value, u.label);
    if (!parsed.ok()) {
      add("error", u.field, parsed.error().message);
      continue;
    }
    const UrlParts& part = parsed.value();
    if (part.scheme == "http" && !is_loopback_host(part.host)) {
      add("error", u.field, std::string(u.label) + " uses http://; the client secret and tokens would travel "
                                                   "unencrypted. Use https://.");
    }
    if (!zoho) continue;
    if (part.host == "accounts.zoho.ca") {
      add("error", u.field, std::string(u.label) + " uses accounts.zoho.ca; Zoho's Canadian accounts server is "
                                                   "accounts.zohocloud.ca.");
      continue;
    }
    const std::string origin = part.scheme + "://" + part.authority;
    const size_t oauth = u.value.find("/oauth/");
    const std::string accounts = oauth == std::string::npos ? origin : u.value.substr(0, oauth);
    auto dc = find_by_accounts_server(accounts, base_url);
    if (!dc) {
      add("warning", u.field, std::string(u.label) + " is not on one of Zoho's accounts servers (" + part.host +
                                  "); for Zoho, pick the Data Centre and let it fill the URL.");
    } else {
      data_centres.insert(dc->demo ? "demo " + dc->location : dc->location);
      if (p.data_centre != (dc->demo ? "demo" : dc->location) && !(dc->demo && p.data_centre == "demo")) {
        add("warning", u.field, std::string(u.label) + " belongs to the " + dc->name + " data centre, but the "
                                    "profile's Data Centre is '" + p.data_centre + "'.");
      }
    }
  }
  if (data_centres.size() > 1) {
    std::string list;
    for (const std::string& d : data_centres) list += (list.empty() ? "" : ", ") + d;
    add("error", "tokenUrl", "The Authorization, Token and Refresh Token URLs point at different data centres (" +
                                 list + "); a code issued by one is refused by another (invalid_code). Use one "
                                 "data centre's accounts server for all three.");
  }
}

// User info in any URL of the profile.
void lint_user_info(const Profile& p, Findings& add) {
  // User info in a URL (user:password@host) would be shown and logged wherever the URL is: never needed.
  const std::pair<const char*, const std::string*> with_hosts[] = {{"redirectUri", &p.redirect_uri},
                                                                    {"authorizationUrl", &p.authorization_url},
                                                                    {"tokenUrl", &p.token_url},
                                                                    {"refreshTokenUrl", &p.refresh_token_url},
                                                                    {"issuer", &p.issuer},
                                                                    {"deviceAuthorizationUrl", &p.device_authorization_url},
                                                                    {"jwksUrl", &p.jwks_url},
                                                                    {"userinfoUrl", &p.userinfo_url}};
  for (const auto& [field, value] : with_hosts) {
    auto parsed = split_url(*value, field);
    if (parsed.ok() && parsed.value().has_userinfo) {
      add("error", field, std::string(field) + " carries a user name or password before the host (user:password@); "
                                               "remove it: OAuth sends client credentials in the request, and a "
                                               "password in a URL ends up in logs and screenshots.");
    }
  }
}

// The organization a client-credentials token is for (Zoho OAuth: Self client - client credentials flow):
// Zoho CRM answers missing_org_info without soid=ZohoCRM.<Org ID>; other providers take no such key.
void lint_organization(const Profile& p, bool zoho, Findings& add) {
  const std::string id = trim_white_space(p.organization_id);
  if (!zoho || p.client_type != ClientType::kClientCredentials) {
    if (!id.empty()) {
      add("warning", "organizationId", "Organization ID is sent only by a Zoho client-credentials profile; this "
                                       "profile ignores it. Remove it.");
    }
    return;
  }
  if (id.empty()) {
    add("error", "organizationId", "Organization ID is empty: Zoho CRM answers missing_org_info without it. Copy the "
                                   "Org ID from Zoho CRM (Setup > Company Details) into Organization ID; the console "
                                   "sends it as soid=ZohoCRM.<id>.");
  } else if (std::optional<std::string> problem = organization_id_problem(p)) {
    add("error", "organizationId", *problem);
  }
}

// Choices that belong to one kind of provider, the issuer, access_type and prompt, PKCE.
void lint_choices(const Profile& p, bool zoho, Findings& add) {
  // Choices that belong to one kind of provider.
  if (zoho && !p.issuer.empty()) {
    add("warning", "issuer", "Issuer is used for custom providers only; Zoho's issuer is its accounts server, which the "
                             "console takes from the data centre. Remove the issuer key.");
  }
  if (zoho && p.client_authentication == ClientAuthentication::kBasic) {
    add("warning", "clientAuthentication", "Zoho reads the client id and secret from the form body; with basic (HTTP "
                                           "Basic) its token endpoint answers invalid_client. Use body.");
  }
  if (zoho && !p.device_authorization_url.empty()) {
    add("warning", "deviceAuthorizationUrl", "Device Authorization URL is for custom providers only; Zoho's is the data "
                                             "centre's /oauth/v3/device/code. Remove the deviceAuthorizationUrl key.");
  }
  if (!zoho && p.client_type == ClientType::kSelf) {
    add("error", "clientType", "Self Client is Zoho's (a grant code generated in Zoho's API console); a custom provider "
                               "has none. Choose server-based or client-based.");
  }

  // Issuer (RFC 8414 s2): an https URL (http on loopback) without query or fragment, compared to a
  // callback's iss exactly.
  if (!p.issuer.empty()) {
    auto issuer = parse_url(p.issuer, "Issuer");
    if (!issuer.ok()) {
      add("error", "issuer", issuer.error().message);
    } else if (issuer.value().has_query || issuer.value().has_fragment) {
      add("error", "issuer", "Issuer must not have a query or fragment (RFC 8414 s2); copy the server's \"issuer\" "
                             "value exactly.");
    } else if (issuer.value().scheme == "http" && !is_loopback_host(issuer.value().host)) {
      add("error", "issuer", "Issuer uses http:// on a public host; issuers are https:// URLs (RFC 8414 s2).");
    }
  }

  // access_type and prompt (docs/ZOHO.md: a refresh token comes with offline only on the first consent).
  if (zoho && p.client_type == ClientType::kServer && p.access_type == AccessType::kOffline && p.prompt != "consent") {
    add("warning", "prompt", "access_type=offline without prompt=consent: Zoho returns a refresh token only on the "
                             "first consent, so a second authorization yields none. Set prompt to consent.");
  }
  if (zoho && p.pkce && p.client_type == ClientType::kServer) {
    add("info", "pkce", "Zoho documents PKCE for mobile and desktop clients; a server-based client may ignore it "
                        "(the client secret is still sent).");
  }
}

}  // namespace

std::vector<Diagnostic> lint_profile(const Profile& p, const std::string& base_url) {
  Findings add;
  const bool zoho = p.provider == Provider::kZoho;
  lint_client(p, zoho, add);
  lint_scopes(p, zoho, add);
  lint_redirect_uri(p, base_url, add);
  lint_endpoints(p, zoho, base_url, add);
  lint_user_info(p, add);
  lint_choices(p, zoho, add);
  lint_organization(p, zoho, add);
  return std::move(add.out);
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == "error"; });
}

nlohmann::json diagnostics_to_json(const std::vector<Diagnostic>& diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) out.push_back({{"severity", d.severity}, {"field", d.field}, {"message", d.message}});
  return out;
}

}  // namespace zc
