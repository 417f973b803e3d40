// The demo accounts server's pages (see demo_consent_page.hpp).
#include "zoho/demo_consent_page.hpp"

#include <vector>

namespace zc::demo {

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

namespace {

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
    "button.accept{background:#1a73e8;border-color:#1a73e8;color:#fff}.err{color:#b3261e}"
    "input.code{width:100%;box-sizing:border-box;padding:8px;font:20px ui-monospace,monospace;letter-spacing:.1em}";

}  // namespace

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

std::string data_centre_options(const std::string& base_url, const std::string& selected) {
  std::string options;
  for (const DataCentre& dc : demo_data_centres(base_url)) {
    options += "<option value=\"" + dc.location + "\"" + (dc.location == selected ? " selected" : "") + ">" +
               html_escape(dc.name.substr(5)) + " (" + dc.location + ")</option>";
  }
  return options;
}

HttpResponse consent_page(const Route& route, const std::string& base_url) {
  std::string hidden;
  for (const auto& [k, v] : route.query) {
    if (k == "decision" || k == "dc") continue;
    hidden += "<input type=\"hidden\" name=\"" + html_escape(k) + "\" value=\"" + html_escape(v) + "\">";
  }
  std::string scopes;
  for (const std::string& s : split_list(param(route.query, "scope"))) {
    scopes += "<li>" + html_escape(s) + "</li>";
  }
  const std::string options = data_centre_options(base_url, route.region.location);
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

HttpResponse invalid_client_page(const std::string& client_id) {
  return html_page(200, "Invalid Client",
                   "<h1 class=\"err\">Invalid Client</h1><p>The client id <code>" + html_escape(client_id) +
                       "</code> does not exist in this data centre. Use the demo client id "
                       "<code>" + kDemoClientId + "</code>.</p>");
}

HttpResponse invalid_redirect_uri_page(const std::string& redirect_uri, const std::string& base_url) {
  return html_page(200, "Invalid Redirect Uri",
                   "<h1 class=\"err\">Invalid Redirect Uri</h1><p>The redirect URI <code>" +
                       html_escape(redirect_uri) + "</code> is not registered for this client. Registered: <code>" +
                       html_escape(base_url) + "</code> and <code>" + html_escape(base_url) +
                       "index.html</code>.</p>");
}

HttpResponse invalid_response_type_page() {
  return html_page(200, "Invalid response type",
                   "<h1 class=\"err\">Invalid response_type</h1><p>Use <code>code</code> or <code>token</code>.</p>");
}

HttpResponse missing_scope_page() {
  return html_page(200, "Invalid scope",
                   "<h1 class=\"err\">Scope missing</h1><p>Add a scope such as <code>ZohoCRM.modules.leads.ALL</code>.</p>");
}

HttpResponse not_found_page() {
  return html_page(404, "Not found", "<h1>Page not found</h1><p>This demo accounts server has no page at this address.</p>");
}

}  // namespace zc::demo
