// The demo's device flow (see demo_device_flow.hpp).
#include "zoho/demo_device_flow.hpp"

#include "zoho/demo_accounts.hpp"
#include "zoho/demo_consent_page.hpp"

namespace zc::demo {
namespace {

using nlohmann::json;

// The parameters of a request: the form body first, then the query (Zoho's examples use the query).
Params request_params(const Route& route, const DemoRequest& request) {
  Params params = form_parse(request.body);
  params.insert(params.end(), route.query.begin(), route.query.end());
  return params;
}

// RFC 8628 s6.1's alphabet: no vowels (no words), no look-alike characters.
std::string make_user_code(std::string_view entropy) {
  static const char kAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
  std::string code;
  for (size_t i = 0; i < 8; ++i) code += kAlphabet[static_cast<unsigned char>(entropy[i]) % 20];
  return code;
}

// A typed user code compared as RFC 8628 s6.1 advises: case, spaces and dashes do not matter.
std::string normalized_code(const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}

HttpResponse feedback(const char* error) { return oauth_error(error); }

// The verification form, with `message` (escaped markup) above it.
HttpResponse verification_form(const Route& route, const std::string& base_url, const std::string& typed,
                               const std::string& message) {
  const std::string options = data_centre_options(base_url, route.region.location);
  const std::string action = route.region.accounts_server + "/oauth/v3/device/decision";
  return html_page(200, "Zoho Accounts - Connect a device",
                   "<h1>Connect a device</h1>" + message +
                       "<p>Signed in as <b>demo.user@example.com</b>. Enter the code the device shows.</p>"
                       "<form method=\"get\" action=\"" + html_escape(action) + "\">"
                       "<label for=\"user_code\">Code</label><input class=\"code\" id=\"user_code\" name=\"user_code\" "
                       "autocomplete=\"off\" value=\"" + html_escape(typed) + "\">"
                       "<label for=\"dc\">Your data centre</label><select id=\"dc\" name=\"dc\">" + options +
                       "</select><div class=\"row\"><button type=\"submit\" name=\"decision\" value=\"deny\">Deny"
                       "</button><button class=\"accept\" type=\"submit\" name=\"decision\" value=\"accept\">Approve"
                       "</button></div></form>");
}

}  // namespace

HttpResponse device_code(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                         std::string_view entropy) {
  const Params params = request_params(route, request);
  // Zoho's initiation request carries the client id alone (no secret).
  if (param(params, "client_id") != kDemoClientId) return oauth_error("invalid_client");
  if (param(params, "grant_type") != "device_request") return oauth_error("unsupported_grant_type");
  if (param(params, "scope").empty()) return oauth_error("invalid_scope");
  TokenMint mint(entropy);
  const std::string device = mint.next();
  const std::string user = make_user_code(entropy.substr(32));
  state.device_codes[device] = {route.region.location, user, param(params, "scope"), param(params, "access_type"),
                                param(params, "prompt"), now, "", "", "", 0, false};
  // Zoho's initiation response parameters (Zoho OAuth: Non-browser applications, Initiation request).
  return json_answer(200, json_object({{"device_code", device},
                                       {"expires_in", kDeviceCodeLifetime},
                                       {"interval", kDeviceInterval},
                                       {"user_code", user},
                                       {"verification_url", route.region.accounts_server + "/oauth/v3/device"}}));
}

HttpResponse device_token(DemoState& state, const Route& route, const DemoRequest& request, std::int64_t now,
                          std::string_view entropy) {
  const Params params = request_params(route, request);
  if (!demo_client(params)) return oauth_error("invalid_client");
  if (param(params, "grant_type") != "device_token") return oauth_error("unsupported_grant_type");
  const auto found = state.device_codes.find(param(params, "code"));
  if (found == state.device_codes.end() || found->second.used) return oauth_error("invalid_code");
  DemoDeviceCode& c = found->second;
  const std::string& here = route.region.location;
  // Polled only where it was issued, or, once approved, at the person's own data centre (Multi DC).
  if (here != c.region && !(c.decision == "accept" && here == c.user_region)) return oauth_error("invalid_code");
  if (now - c.created_at >= kDeviceCodeLifetime) return feedback("expired");
  // "Two polling requests have come within 30 seconds": counted per accounts server, each its own server.
  const bool too_soon = c.last_poll_region == here && c.last_poll_at != 0 && now - c.last_poll_at < kDeviceInterval;
  c.last_poll_region = here;
  c.last_poll_at = now;
  if (too_soon) return feedback("slow_down");
  if (c.decision.empty()) return feedback("authorization_pending");
  if (c.decision != "accept") return feedback("access_denied");
  if (c.user_region != here) {
    // Zoho OAuth "Multi DC: non-browser applications": {"user_location":"eu","error":"other_dc"}.
    return json_answer(200, json_object({{"error", "other_dc"}, {"user_location", c.user_region}}));
  }
  c.used = true;
  TokenMint mint(entropy);
  return json_answer(200, issue_consented_tokens(state, route.region, c.scope, c.access_type, c.prompt, now, mint));
}

HttpResponse device_page(const Route& route, const std::string& base_url) {
  return verification_form(route, base_url, param(route.query, "user_code"), "");
}

HttpResponse device_decision(DemoState& state, const Route& route, const std::string& base_url, std::int64_t now) {
  const std::string typed = param(route.query, "user_code");
  const std::string wanted = normalized_code(typed);
  for (auto& [device, c] : state.device_codes) {
    if (c.user_code != wanted || c.used || now - c.created_at >= kDeviceCodeLifetime || !c.decision.empty()) continue;
    const bool accept = param(route.query, "decision") == "accept";
    c.decision = accept ? "accept" : "deny";
    c.user_region = c.region;
    for (const DataCentre& dc : demo_data_centres(base_url)) {
      if (dc.location == param(route.query, "dc")) c.user_region = dc.location;
    }
    return html_page(200, "Zoho Accounts - Device connected",
                     std::string("<h1>") + (accept ? "Device approved" : "Access denied") +
                         "</h1><p>You can close this page and return to your device.</p>");
  }
  return verification_form(route, base_url, typed,
                           "<p class=\"err\" role=\"alert\">That code is unknown, used or expired; check it and try "
                           "again.</p>");
}

}  // namespace zc::demo
