#include "zoho/demo_server.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "oauth/base64url.hpp"
#include "oauth/json_text.hpp"
#include "oauth/percent.hpp"
#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

using nlohmann::json;

// [SECTION] Helpers: HTML, JSON answers, entropy

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Headers json_headers() { return {{"Content-Type", "application/json;charset=UTF-8"}, {"Cache-Control", "no-store"}}; }

HttpResponse json_answer(int status, const json& body) { return {status, json_headers(), to_json_text(body)}; }

// Zoho's token endpoint answers its errors with HTTP 200 and a body of one key (docs/ZOHO.md "Token endpoint":
// `{"error":"invalid_code"}`, `{"error":"invalid_client"}`, `{"error":"invalid_redirect_uri"}`; no
// error_description in any of Zoho's documented answers).
HttpResponse oauth_error(const std::string& code) { return json_answer(200, {{"error", code}}); }

// Zoho's throttle answer, byte for byte as Zoho sends it (docs/ZOHO.md "Token endpoint"; the limit is on Zoho
// Accounts' "Refresh access token" and "OAuth token limits" pages): HTTP 400 (Zoho also sends it with 200,
// the demo sends 400), the error spelled "Access Denied" with a space and capitals, a `status` key, and
// Zoho's key order. A literal, not built from a json object: nlohmann::json would sort the keys.
constexpr const char* kThrottleBody =
    R"({"error_description":"You have made too many requests continuously. Please try again after some time.",)"
    R"("error":"Access Denied","status":"failure"})";

HttpResponse throttled() { return {400, json_headers(), kThrottleBody}; }

HttpResponse crm_error(int status, const std::string& code, const std::string& message, json details = json::object()) {
  return json_answer(status, {{"code", code}, {"details", details}, {"message", message}, {"status", "error"}});
}

const char* kPageStyle =
    "body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#eef1f5;color:#1d2430;"
    "margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}"
    ".card{background:#fff;border-radius:10px;box-shadow:0 2px 14px rgba(20,30,50,.12);padding:28px 32px;"
    "max-width:460px;width:100%}"
    ".brand{font-weight:700;color:#e42527;letter-spacing:.02em}.demo{font-size:12px;color:#6b7585}"
    "h1{font-size:20px;margin:14px 0 6px}ul{padding-left:20px}li{margin:3px 0;font-family:ui-monospace,monospace;"
    "font-size:13px}label{display:block;margin:16px 0 6px;font-weight:600}select{width:100%;padding:7px;"
    "font-size:14px}.row{display:flex;gap:12px;margin-top:22px}button{flex:1;padding:10px;font-size:15px;"
    "border-radius:6px;border:1px solid #c5ccd6;background:#fff;cursor:pointer}"
    "button.accept{background:#1a73e8;border-color:#1a73e8;color:#fff}.err{color:#b3261e}";

HttpResponse html_page(int status, const std::string& title, const std::string& inner) {
  std::string page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
                     html_escape(title) + "</title><style>" + kPageStyle +
                     "</style></head><body><main class=\"card\"><div class=\"brand\">ZOHO</div>"
                     "<div class=\"demo\">Demo accounts server of the Zoho CRM authorization console</div>" +
                     inner + "</main></body></html>";
  // The page's own CSP: inline style only, forms only to this origin (the decision then redirects).
  return {status,
          {{"Content-Type", "text/html;charset=UTF-8"},
           {"Cache-Control", "no-store"},
           {"Referrer-Policy", "no-referrer"},
           {"Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"}},
          page};
}

HttpResponse redirect(const std::string& location) {
  return {302, {{"Location", location}, {"Cache-Control", "no-store"}, {"Referrer-Policy", "no-referrer"}}, ""};
}

std::string to_hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Zoho's token shape: `1000.<32 hex>.<32 hex>`; 32 bytes of entropy each.
class TokenMint {
 public:
  explicit TokenMint(std::string_view entropy) : entropy_(entropy) {}
  std::string next() {
    const std::string_view a = entropy_.substr(used_, 16);
    const std::string_view b = entropy_.substr(used_ + 16, 16);
    used_ += 32;
    return "1000." + to_hex(a) + "." + to_hex(b);
  }

 private:
  std::string_view entropy_;
  size_t used_ = 0;
};

// The query of a URL: between '?' and '#', empty when there is none.
std::string_view query_of(std::string_view url) {
  url = url.substr(0, url.find('#'));
  const size_t q = url.find('?');
  return q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
}

// Splits a comma (or space) separated list, dropping empty pieces: Zoho's scope and `fields` lists.
std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',' || c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string param(const Params& params, const std::string& name) {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

bool scope_grants(const std::string& granted, const std::string& module, const std::string& operation) {
  // Granted scopes are comma-separated; any of ZohoCRM.modules.ALL, ZohoCRM.modules.<m>.ALL,
  // ZohoCRM.modules.<m>.<OP> grants the call (scope names are case-insensitive at Zoho).
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string m = lower(module);
  for (const std::string& raw : split_list(granted)) {
    const std::string s = lower(raw);
    if (s == "zohocrm.modules.all" || s == "zohocrm.modules." + m + ".all" ||
        s == "zohocrm.modules." + m + "." + lower(operation)) {
      return true;
    }
  }
  return false;
}

json seed_leads() {
  const char* rows[][5] = {
      {"Ava", "Thompson", "Northwind Traders", "ava.thompson@example.com", "Web Download"},
      {"Rahul", "Mehta", "Blue Lotus Exports", "rahul.mehta@example.in", "Trade Show"},
      {"Lena", "Fischer", "Alpen Solar GmbH", "lena.fischer@example.de", "Partner"},
      {"Kenji", "Sato", "Sakura Robotics", "kenji.sato@example.jp", "Cold Call"},
  };
  json leads = json::array();
  int i = 0;
  for (const auto& r : rows) {
    leads.push_back({{"id", "5725767000000" + std::to_string(41000 + i)},  // numeric strings, as Zoho's ids
                     {"First_Name", r[0]}, {"Last_Name", r[1]}, {"Company", r[2]}, {"Email", r[3]},
                     {"Lead_Source", r[4]}, {"Lead_Status", i % 2 ? "Contacted" : "Not Contacted"}});
    ++i;
  }
  return leads;
}

}  // namespace

// [SECTION] Routing

struct DemoServer::Route {
  DataCentre region;  // which demo region's host was addressed
  std::string path;   // after the region prefix, e.g. "accounts/oauth/v2/token"
  Params query;
};

DemoServer::DemoServer(std::string base_url) : base_url_(std::move(base_url)) { load_state(json()); }

bool DemoServer::handles(std::string_view url) const {
  const std::string prefix = base_url_ + "demo/";
  return url.substr(0, prefix.size()) == prefix;
}

HttpResponse DemoServer::handle(const DemoRequest& request, std::int64_t now, std::string_view entropy) {
  if (!handles(request.url)) return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
  if (entropy.size() < kEntropyBytes) return json_answer(500, {{"error", "server_error"}, {"error_description", "demo server needs entropy"}});
  prune(now);
  std::string rest = strip_query_and_fragment(request.url).substr(base_url_.size() + 5);
  const auto regions = demo_data_centres(base_url_);
  Route route{regions.front(), rest, {}};
  for (const DataCentre& dc : regions) {
    const std::string p = dc.location + "/";
    if (dc.location != "us" && rest.compare(0, p.size(), p) == 0) {
      route.region = dc;
      route.path = rest.substr(p.size());
    }
  }
  route.query = form_parse(query_of(request.url));

  const std::string& p = route.path;
  if (p == "accounts/oauth/v2/auth" && request.method == "GET") return authorize(route, now);
  if (p == "accounts/oauth/v2/auth/decision" && request.method == "GET") return decide(route, now, entropy);
  if (p == "accounts/oauth/v2/token" && request.method == "POST") return token(route, request, now, entropy);
  if ((p == "accounts/oauth/v2/token/revoke" || p == "accounts/oauth/v2/revoke/token") && request.method == "POST") {
    return revoke(route, request);
  }
  if (p == "accounts/oauth/v2/self-client/code" && request.method == "POST") {
    return self_client_code(route, request, now, entropy);
  }
  if (p.rfind("api/crm/", 0) == 0) return crm(route, request, now);
  if (p.rfind("accounts/", 0) == 0) {
    return html_page(404, "Not found", "<h1>Page not found</h1><p>This demo accounts server has no page at this address.</p>");
  }
  return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
}

// [SECTION] Authorization endpoint and consent

HttpResponse DemoServer::authorize(const Route& route, std::int64_t /*now*/) {
  const Params& q = route.query;
  const std::string client_id = param(q, "client_id");
  const std::string redirect_uri = param(q, "redirect_uri");
  const std::string response_type = param(q, "response_type");
  const std::string scope = param(q, "scope");
  // Like Zoho, problems with the client or the redirect URI are shown here, never sent to the redirect URI
  // (RFC 6749 s4.1.2.1: the server must not redirect to an unverified URI).
  if (client_id != kDemoClientId) {
    return html_page(200, "Invalid Client",
                     "<h1 class=\"err\">Invalid Client</h1><p>The client id <code>" + html_escape(client_id) +
                         "</code> does not exist in this data centre. Use the demo client id "
                         "<code>" + kDemoClientId + "</code>.</p>");
  }
  if (redirect_uri != base_url_ && redirect_uri != base_url_ + "index.html") {
    return html_page(200, "Invalid Redirect Uri",
                     "<h1 class=\"err\">Invalid Redirect Uri</h1><p>The redirect URI <code>" +
                         html_escape(redirect_uri) + "</code> is not registered for this client. Registered: <code>" +
                         html_escape(base_url_) + "</code> and <code>" + html_escape(base_url_) +
                         "index.html</code>.</p>");
  }
  if (response_type != "code" && response_type != "token") {
    return html_page(200, "Invalid response type",
                     "<h1 class=\"err\">Invalid response_type</h1><p>Use <code>code</code> or <code>token</code>.</p>");
  }
  if (scope.empty()) {
    return html_page(200, "Invalid scope", "<h1 class=\"err\">Scope missing</h1><p>Add a scope such as <code>ZohoCRM.modules.leads.ALL</code>.</p>");
  }
  std::string hidden;
  for (const auto& [k, v] : q) {
    if (k == "decision" || k == "dc") continue;
    hidden += "<input type=\"hidden\" name=\"" + html_escape(k) + "\" value=\"" + html_escape(v) + "\">";
  }
  std::string scopes;
  for (const std::string& s : split_list(scope)) {
    scopes += "<li>" + html_escape(s) + "</li>";
  }
  std::string options;
  for (const DataCentre& dc : demo_data_centres(base_url_)) {
    options += "<option value=\"" + dc.location + "\"" + (dc.location == route.region.location ? " selected" : "") +
               ">" + html_escape(dc.name.substr(5)) + " (" + dc.location + ")</option>";
  }
  const std::string action = route.region.accounts_server + "/oauth/v2/auth/decision";
  return html_page(200, "Zoho Accounts - Authorize",
                   "<h1>Zoho CRM authorization console (demo) would like to access your account</h1>"
                   "<p>Signed in as <b>demo.user@example.com</b>. The application asks for:</p><ul>" + scopes +
                       "</ul><form method=\"get\" action=\"" + html_escape(action) + "\">" + hidden +
                       "<label for=\"dc\">Your data centre</label><select id=\"dc\" name=\"dc\">" + options +
                       "</select><div class=\"row\"><button type=\"submit\" name=\"decision\" value=\"deny\">Deny"
                       "</button><button class=\"accept\" type=\"submit\" name=\"decision\" value=\"accept\">Accept"
                       "</button></div></form>");
}

HttpResponse DemoServer::decide(const Route& route, std::int64_t now, std::string_view entropy) {
  const Params& q = route.query;
  const std::string redirect_uri = param(q, "redirect_uri");
  const std::string state = param(q, "state");
  // Re-check what the consent page checked: this URL can be called directly.
  if (param(q, "client_id") != kDemoClientId ||
      (redirect_uri != base_url_ && redirect_uri != base_url_ + "index.html")) {
    return authorize(route, now);
  }
  const bool implicit = param(q, "response_type") == "token";
  auto finish = [&](Params out) {
    if (!state.empty()) out.emplace_back("state", state);
    if (implicit) return redirect(redirect_uri + "#" + query_serialize(out));
    // Zoho's callback carries a trailing '&'; clients must cope with it.
    return redirect(append_query(redirect_uri, query_serialize(out)) + "&");
  };
  if (param(q, "decision") != "accept") {
    return finish({{"error", "access_denied"}, {"error_description", "The user denied access"}});
  }
  DataCentre user_dc = route.region;
  for (const DataCentre& dc : demo_data_centres(base_url_)) {
    if (dc.location == param(q, "dc")) user_dc = dc;
  }
  TokenMint mint(entropy);
  const std::string scope = param(q, "scope");
  if (implicit) {
    const std::string access = mint.next();
    state_["access_tokens"][access] = {{"region", user_dc.location}, {"scope", scope},
                                       {"expires_at", now + kAccessTokenLifetime}, {"refresh_token", ""}};
    // Zoho Accounts "Client-based applications > Get access token" (accounts/protocol/oauth/js-apps/
    // access-token.html) lists the redirect's parameters: access_token, api_domain, location (the user's
    // data centre) and expires_in in seconds; token_type as RFC 6749 s4.2.2 requires.
    return finish({{"access_token", access}, {"token_type", "Bearer"},
                   {"expires_in", std::to_string(kAccessTokenLifetime)}, {"api_domain", user_dc.api_domain},
                   {"location", user_dc.location}});
  }
  const std::string code = mint.next();
  state_["codes"][code] = {{"region", user_dc.location},      {"client_id", kDemoClientId},
                           {"redirect_uri", redirect_uri},    {"scope", scope},
                           {"created_at", now},               {"used", false},
                           {"access_type", param(q, "access_type")}, {"prompt", param(q, "prompt")},
                           {"code_challenge", param(q, "code_challenge")},
                           {"lifetime", kCodeLifetime}};
  return finish({{"code", code}, {"location", user_dc.location}, {"accounts-server", user_dc.accounts_server}});
}

// [SECTION] Token endpoint and revocation

HttpResponse DemoServer::token(const Route& route, const DemoRequest& request, std::int64_t now,
                               std::string_view entropy) {
  // Zoho reads the parameters from the query (its examples) or a form body: accept both, body first.
  Params params = form_parse(request.body);
  params.insert(params.end(), route.query.begin(), route.query.end());
  const std::string grant_type = param(params, "grant_type");
  if (param(params, "client_id") != kDemoClientId || param(params, "client_secret") != kDemoClientSecret) {
    return oauth_error("invalid_client");
  }
  TokenMint mint(entropy);
  const std::string region = route.region.location;
  if (grant_type == "authorization_code") {
    const std::string code = param(params, "code");
    if (!state_["codes"].contains(code)) return oauth_error("invalid_code");
    json& c = state_["codes"][code];
    // A code is valid only at the accounts server of the user's data centre, once, for 120 s.
    if (c["region"] != region || c["used"].get<bool>() ||
        now - c["created_at"].get<std::int64_t>() > c["lifetime"].get<std::int64_t>()) {
      return oauth_error("invalid_code");
    }
    if (c["redirect_uri"] != param(params, "redirect_uri")) return oauth_error("invalid_redirect_uri");
    // PKCE (RFC 7636 s4.6): BASE64URL(SHA256(code_verifier)) must equal the recorded challenge.
    const std::string challenge = c["code_challenge"];
    if (!challenge.empty() &&
        (param(params, "code_verifier").empty() || base64url_encode(request.code_verifier_sha256) != challenge)) {
      return oauth_error("invalid_code");  // Zoho documents no other shape for a code it will not honour
    }
    c["used"] = true;
    const std::string scope = c["scope"];
    const std::string access = mint.next();
    json body = {{"access_token", access}, {"scope", scope}, {"api_domain", route.region.api_domain},
                 {"token_type", "Bearer"}, {"expires_in", kAccessTokenLifetime}};
    std::string refresh;
    const std::string consent_key = region + "|" + kDemoClientId;
    const bool first_consent = !state_["consents"].contains(consent_key);
    if (c["access_type"] == "offline" && (first_consent || c["prompt"] == "consent")) {
      refresh = mint.next();
      keep_refresh_token_limit(region);
      const std::int64_t issued = state_["next_refresh_seq"].get<std::int64_t>();
      state_["next_refresh_seq"] = issued + 1;
      state_["refresh_tokens"][refresh] = {
          {"region", region}, {"scope", scope}, {"requests", json::array()}, {"issued", issued}};
      body["refresh_token"] = refresh;
    }
    state_["consents"][consent_key] = true;
    state_["access_tokens"][access] = {{"region", region}, {"scope", scope},
                                       {"expires_at", now + kAccessTokenLifetime}, {"refresh_token", refresh}};
    return json_answer(200, body);
  }
  if (grant_type == "refresh_token") {
    const std::string refresh = param(params, "refresh_token");
    if (!state_["refresh_tokens"].contains(refresh) || state_["refresh_tokens"][refresh]["region"] != region) {
      return oauth_error("invalid_code");
    }
    json& r = state_["refresh_tokens"][refresh];
    // Zoho Accounts "Refresh access token": "Using a refresh token, your app can create up to ten access
    // tokens in a span of ten minutes. If the limit is reached, the access token creation will be blocked
    // for the rest of the ten minutes." So: the times of the access tokens this refresh token made in the
    // last 600 s (a sliding window); a refused request makes no token, so it is not counted and does not
    // prolong the block. The access token of the code exchange was made from the code, not from this
    // refresh token, and is not counted either.
    json recent = json::array();
    for (const json& t : r["requests"]) {
      if (now - t.get<std::int64_t>() < kRefreshWindow) recent.push_back(t);
    }
    if (recent.size() >= kRefreshesPerWindow) {
      r["requests"] = recent;
      return throttled();
    }
    recent.push_back(now);
    r["requests"] = recent;
    const std::string access = mint.next();
    state_["access_tokens"][access] = {{"region", region}, {"scope", r["scope"]},
                                       {"expires_at", now + kAccessTokenLifetime}, {"refresh_token", refresh}};
    // No refresh_token in a refresh answer (docs/ZOHO.md); the client keeps its stored one.
    return json_answer(200, {{"access_token", access}, {"scope", r["scope"]}, {"api_domain", route.region.api_domain},
                             {"token_type", "Bearer"}, {"expires_in", kAccessTokenLifetime}});
  }
  // Zoho documents no answer for another grant type; this is RFC 6749 s5.2's code, in Zoho's error shape
  // (HTTP 200, the one key `error`).
  return oauth_error("unsupported_grant_type");
}

void DemoServer::keep_refresh_token_limit(const std::string& region) {
  // docs/ZOHO.md "Limits": at most 20 refresh tokens per user and client; the 21st silently deletes the oldest
  // (Zoho Accounts "Get access token": "The 21st refresh token will replace the first created refresh
  // token"). The demo has one user and one client per data centre. Only the refresh token is deleted:
  // Zoho does not say that its access tokens die with it (they expire within the hour anyway).
  std::vector<std::pair<std::int64_t, std::string>> here;  // (issued, token), oldest first after sorting
  for (auto it = state_["refresh_tokens"].begin(); it != state_["refresh_tokens"].end(); ++it) {
    if ((*it)["region"] == region) {
      const auto issued = it->find("issued");
      here.emplace_back(issued == it->end() ? 0 : issued->get<std::int64_t>(), it.key());
    }
  }
  std::sort(here.begin(), here.end());
  for (size_t i = 0; i + kRefreshTokensPerUser <= here.size(); ++i) state_["refresh_tokens"].erase(here[i].second);
}

HttpResponse DemoServer::self_client_code(const Route& route, const DemoRequest& request, std::int64_t now,
                                          std::string_view entropy) {
  const Params params = form_parse(request.body);
  if (param(params, "client_id") != kDemoClientId || param(params, "client_secret") != kDemoClientSecret) {
    return oauth_error("invalid_client");
  }
  const std::string scope = param(params, "scope");
  const std::string minutes_text = param(params, "minutes");
  const int minutes = minutes_text.size() == 1 || minutes_text == "10" ? std::atoi(minutes_text.c_str()) : 0;
  if (scope.empty() || minutes < 3 || minutes > 10) {
    // Zoho has no API here (its console's "Generate Code" form checks these fields itself): a demo-only
    // answer, in the token endpoint's error shape with a hint for the person driving the demo.
    return json_answer(200, {{"error", "invalid_request"},
                             {"error_description", "give a scope and a life of 3 to 10 minutes"}});
  }
  TokenMint mint(entropy);
  const std::string code = mint.next();
  // A self client's code has no redirect: the token request carries no redirect_uri. It gives a refresh
  // token like an offline consent.
  state_["codes"][code] = {{"region", route.region.location}, {"client_id", kDemoClientId}, {"redirect_uri", ""},
                           {"scope", scope}, {"created_at", now}, {"used", false}, {"access_type", "offline"},
                           {"prompt", "consent"}, {"code_challenge", ""}, {"lifetime", minutes * 60}};
  return json_answer(200, {{"code", code}, {"expires_in", minutes * 60}});
}

HttpResponse DemoServer::revoke(const Route& route, const DemoRequest& request) {
  Params params = route.query;
  const Params body = form_parse(request.body);
  params.insert(params.end(), body.begin(), body.end());
  const std::string token = param(params, "token");
  // A token is known only at the accounts server of its own data centre (Zoho: "You must use your
  // domain-specific Zoho Accounts URL to revoke your refresh token"): elsewhere it is an unknown token.
  const std::string region = route.region.location;
  if (state_["refresh_tokens"].contains(token) && state_["refresh_tokens"][token]["region"] == region) {
    state_["refresh_tokens"].erase(token);
    // Revoking a refresh token kills every access token minted from it.
    for (auto it = state_["access_tokens"].begin(); it != state_["access_tokens"].end();) {
      if ((*it)["refresh_token"] == token) it = state_["access_tokens"].erase(it);
      else ++it;
    }
    return json_answer(200, {{"status", "success"}});
  }
  if (state_["access_tokens"].contains(token) && state_["access_tokens"][token]["region"] == region) {
    state_["access_tokens"].erase(token);
    return json_answer(200, {{"status", "success"}});
  }
  // Zoho Accounts "Revoke OAuth tokens" (accounts/protocol/oauth/revoke-refresh-token.html) documents the
  // unknown token's answer as the status alone: "400 Bad Request: The token passed in the request is
  // invalid". It documents no body, so the demo sends none.
  return {400, {{"Cache-Control", "no-store"}}, ""};
}

// [SECTION] CRM API

HttpResponse DemoServer::crm(const Route& route, const DemoRequest& request, std::int64_t now) {
  // crm/v{2..8}/{module}
  const std::string& p = route.path;
  const size_t vpos = std::string("api/crm/").size();
  if (p.size() < vpos + 3 || p[vpos] != 'v') {
    return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
  }
  const size_t slash = p.find('/', vpos);
  const std::string version = p.substr(vpos + 1, slash == std::string::npos ? std::string::npos : slash - vpos - 1);
  // Zoho's CRM API has versions 2 to 8: one or two digits (stoi on a longer run could throw, and the wasm
  // build cannot catch).
  if (slash == std::string::npos || version.empty() || version.size() > 2 ||
      version.find_first_not_of("0123456789") != std::string::npos) {
    return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
  }
  const std::string module = p.substr(slash + 1);
  const std::string auth = header_value(request.headers, "Authorization");
  const std::string prefix = "Zoho-oauthtoken ";
  const std::string token = auth.rfind(prefix, 0) == 0 ? auth.substr(prefix.size()) : std::string();
  // An unknown, expired, or other-data-centre token: INVALID_TOKEN, as a wrong-DC API host answers.
  if (token.empty() || !state_["access_tokens"].contains(token) ||
      state_["access_tokens"][token]["region"] != route.region.location ||
      state_["access_tokens"][token]["expires_at"].get<std::int64_t>() <= now) {
    return crm_error(401, "INVALID_TOKEN", "invalid oauth token");
  }
  if (module != "Leads") {
    if (module.find('/') != std::string::npos || module.empty()) {
      return crm_error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");
    }
    return crm_error(400, "INVALID_MODULE", "the module name given seems to be invalid", {{"resource_path_index", 0}});
  }
  const std::string scope = state_["access_tokens"][token]["scope"];
  const std::string region = route.region.location;
  json& leads = state_["leads"][region];
  if (leads.is_null()) leads = seed_leads();
  if (request.method == "GET") {
    if (!scope_grants(scope, "leads", "READ")) {
      return crm_error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL");
    }
    const std::string fields = param(route.query, "fields");
    if (fields.empty() && std::stoi(version) >= 8) {
      return crm_error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {{"param", "fields"}});
    }
    if (leads.empty()) return {204, {}, ""};
    // Paging as Zoho pages: per_page 1-200 (200 when absent), page from 1; `info` echoes them.
    auto number = [&](const char* name, int fallback) {
      const std::string v = param(route.query, name);
      if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return fallback;
      return std::stoi(v);
    };
    const int per_page = number("per_page", 200);
    const int page = number("page", 1);
    if (per_page < 1 || per_page > 200 || page < 1) {
      return crm_error(400, "INVALID_DATA", "invalid data", {{"param", per_page < 1 || per_page > 200 ? "per_page" : "page"}});
    }
    const size_t first = static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
    if (first >= leads.size()) return {204, {}, ""};
    const size_t end = std::min(leads.size(), first + static_cast<size_t>(per_page));
    json data = json::array();
    const std::vector<std::string> wanted = split_list(fields);
    for (size_t i = first; i < end; ++i) {
      const json& lead = leads[i];
      if (wanted.empty()) {
        data.push_back(lead);
        continue;
      }
      json row = {{"id", lead["id"]}};
      for (const std::string& f : wanted) {
        if (lead.contains(f)) row[f] = lead[f];
      }
      data.push_back(row);
    }
    return json_answer(200, {{"data", data},
                             {"info", {{"per_page", per_page}, {"count", data.size()}, {"page", page},
                                       {"more_records", end < leads.size()}}}});
  }
  if (request.method == "POST") {
    if (!scope_grants(scope, "leads", "CREATE")) {
      return crm_error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL");
    }
    const json body = parse_json(request.body);
    if (body.is_discarded() || !body.is_object() || !body.contains("data") || !body["data"].is_array()) {
      return crm_error(400, "INVALID_DATA", "body must be {\"data\":[{...}]}");
    }
    json results = json::array();
    size_t added = 0;
    for (const json& rec : body["data"]) {
      if (!rec.is_object() || !rec.contains("Last_Name")) {
        // v8 names the failing field's place in the request too (Zoho's CRM v8 OpenAPI specification,
        // github.com/zoho/crm-oas, example v8.0/appointments/operations/createAppointmentsS/examples/
        // response-400-mandatorynotfoundresponse1: details {api_name, json_path "$.data[i].<field>"}).
        // Before v8 the demo keeps details {api_name} alone (not checked against Zoho's v2-v7 pages).
        json details = {{"api_name", "Last_Name"}};
        if (std::stoi(version) >= 8) details["json_path"] = "$.data[" + std::to_string(results.size()) + "].Last_Name";
        results.push_back({{"code", "MANDATORY_NOT_FOUND"}, {"details", details},
                           {"message", "required field not found"}, {"status", "error"}});
        continue;
      }
      ++added;
      const std::int64_t next = state_["next_lead_id"].get<std::int64_t>();
      state_["next_lead_id"] = next + 1;
      json lead = rec;
      lead["id"] = "5725767000000" + std::to_string(next);
      leads.push_back(lead);
      results.push_back({{"code", "SUCCESS"}, {"details", {{"id", lead["id"]}}},
                         {"message", "record added"}, {"status", "success"}});
    }
    // Zoho CRM v8 "Status codes" (crm/developer/docs/api/v8/status-codes.html): 201 "record added" when
    // every record was inserted, 207 Multi-Status when some were ("the record added (for successful
    // insertions) and the error message for unsuccessful insertions"); when none was, 400 with the same
    // {"data":[...]} of errors (crm-oas, the MANDATORY_NOT_FOUND example above is a response-400).
    const int status = added == results.size() ? 201 : added == 0 ? 400 : 207;
    return json_answer(status, {{"data", results}});
  }
  // HTTP 400, not 405: Zoho's "Kaizen #25 - Zoho CRM API - Common Errors and Error Handling"
  // (help.zoho.com community, by Zoho's CRM team) lists INVALID_REQUEST_METHOD under status 400, and
  // crm-oas v8.0/appointments/operations/getAppointmentsS/examples/response-400-invalidrequestmethodresponse1
  // has this exact body.
  return crm_error(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one");
}

// [SECTION] State

void DemoServer::prune(std::int64_t now) {
  for (auto it = state_["codes"].begin(); it != state_["codes"].end();) {
    if (now - (*it)["created_at"].get<std::int64_t>() > 1200) it = state_["codes"].erase(it);
    else ++it;
  }
  for (auto it = state_["access_tokens"].begin(); it != state_["access_tokens"].end();) {
    if ((*it)["expires_at"].get<std::int64_t>() < now - 86400) it = state_["access_tokens"].erase(it);
    else ++it;
  }
}

json DemoServer::save_state() const { return state_; }

namespace {

// Keeps the entries of `table` (an object) whose value passes `valid`; anything else is dropped. The
// saved state comes from IndexedDB, which a user, an extension or a bug can corrupt: the server reads
// only what it can use, and never meets a value of the wrong type (the wasm build cannot catch a
// json type_error: it would abort the service worker's module).
json keep_valid(const json& table, bool (*valid)(const json&)) {
  json out = json::object();
  if (!table.is_object()) return out;
  for (auto it = table.begin(); it != table.end(); ++it) {
    if (valid(it.value())) out[it.key()] = it.value();
  }
  return out;
}

// Times and counters in a sane range (0 .. 10^11): arithmetic on them cannot overflow.
bool sane_integer(const json& v) {
  return v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= 100'000'000'000;
}

bool has(const json& j, const char* key, json::value_t type) {
  const auto it = j.find(key);
  if (it == j.end()) return false;
  if (type == json::value_t::number_integer) return sane_integer(*it);
  return it->type() == type;
}

bool valid_code(const json& c) {
  if (!c.is_object()) return false;
  for (const char* key : {"region", "client_id", "redirect_uri", "scope", "access_type", "prompt", "code_challenge"}) {
    if (!has(c, key, json::value_t::string)) return false;
  }
  return has(c, "created_at", json::value_t::number_integer) && has(c, "lifetime", json::value_t::number_integer) &&
         has(c, "used", json::value_t::boolean);
}

bool valid_access_token(const json& t) {
  return t.is_object() && has(t, "region", json::value_t::string) && has(t, "scope", json::value_t::string) &&
         has(t, "refresh_token", json::value_t::string) && has(t, "expires_at", json::value_t::number_integer);
}

bool valid_refresh_token(const json& t) {
  if (!t.is_object() || !has(t, "region", json::value_t::string) || !has(t, "scope", json::value_t::string) ||
      !has(t, "requests", json::value_t::array)) {
    return false;
  }
  // `issued` (the order of issue, for the 20-token limit) came later: a record without it counts as oldest.
  if (t.contains("issued") && !sane_integer(t["issued"])) return false;
  for (const json& r : t["requests"]) {
    if (!sane_integer(r)) return false;
  }
  return true;
}

bool valid_consent(const json& c) { return c.is_boolean(); }

bool valid_leads(const json& leads) {
  if (!leads.is_array()) return false;
  for (const json& lead : leads) {
    if (!lead.is_object() || !has(lead, "id", json::value_t::string)) return false;
  }
  return true;
}

}  // namespace

void DemoServer::load_state(const json& state) {
  const bool usable = state.is_object() && state.contains("version") && state["version"] == 1;
  const json empty = json::object();
  auto part = [&](const char* key) -> const json& { return usable && state.contains(key) ? state[key] : empty; };
  state_ = {{"version", 1},
            {"codes", keep_valid(part("codes"), valid_code)},
            {"access_tokens", keep_valid(part("access_tokens"), valid_access_token)},
            {"refresh_tokens", keep_valid(part("refresh_tokens"), valid_refresh_token)},
            {"consents", keep_valid(part("consents"), valid_consent)},
            {"leads", keep_valid(part("leads"), valid_leads)},
            {"next_lead_id", usable && state.contains("next_lead_id") && sane_integer(state["next_lead_id"])
                                 ? state["next_lead_id"].get<std::int64_t>()
                                 : std::int64_t{45000}}};
  // The next refresh token's `issued`: past every kept one, whatever the saved counter says.
  std::int64_t next_seq = usable && state.contains("next_refresh_seq") && sane_integer(state["next_refresh_seq"])
                              ? state["next_refresh_seq"].get<std::int64_t>()
                              : 0;
  for (const json& t : state_["refresh_tokens"]) {
    if (t.contains("issued")) next_seq = std::max(next_seq, t["issued"].get<std::int64_t>() + 1);
  }
  state_["next_refresh_seq"] = next_seq;
}

}  // namespace zc
