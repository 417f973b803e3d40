#include "zoho/explain.hpp"

#include "oauth/url.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

// The server's description in an error message built by parse_token_response or parse_callback: the
// text between the first '(' and the last ')'; empty when there is none.
std::string description_in(const std::string& message) {
  const size_t open = message.find('(');
  const size_t close = message.rfind(')');
  return open != std::string::npos && close != std::string::npos && close > open
             ? message.substr(open + 1, close - open - 1)
             : std::string();
}

// How a step of explain_error rewrote an error: not at all (the code is another step's), with a message
// that may still gain the generic next step, or with one that already says what to do next.
enum class Step { kNotMine, kRewritten, kExplained };

std::string token_url_of(const ExplainContext& c) {
  return c.token_url.empty() ? std::string("the token endpoint") : c.token_url;
}

// serve.py --relay's own refusals (README "Relay"): its description names the rule and the fix.
Step explain_relay(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code.rfind("relay_", 0) != 0) return Step::kNotMine;
  std::string why = description_in(e.message);
  if (why.empty()) why = e.code;
  while (!why.empty() && why.back() == '.') why.pop_back();
  // Only these two happen after the relay called Zoho; every other refusal sends nothing on.
  const bool reached = e.code == "relay_redirect_refused" || e.code == "relay_upstream_unreachable";
  out.message = "The relay, not Zoho, answered " + e.code + ": " + why + ". " +
                (reached ? "Zoho may have received the request. " : "Nothing was sent to Zoho. ") +
                "Fix the relay's options, or clear the profile's Relay URL to call " + token_url_of(c) + " directly.";
  out.source = "README: Relay";
  return Step::kExplained;
}

// invalid_client: the client is not known where the request went, or authenticated the wrong way.
Step explain_client(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code != "invalid_client") return Step::kNotMine;
  if (c.zoho) {
    const std::string dc = c.data_centre.empty() ? std::string("the selected data centre") : c.data_centre;
    out.message = "Zoho answered invalid_client: the client id or secret is not known to " + dc +
                  ". Check Client Id and Client Secret first (copy them again from Zoho's API console). If they "
                  "are right: the app was registered in another data centre (pick that one), or the user signed "
                  "in on another data centre and Multi-DC is not enabled for this client (API console > "
                  "Settings > Multi-DC).";
    out.source = "Zoho Accounts: Multi DC";
    return Step::kRewritten;
  }
  const std::string who = c.stage == "callback" ? "The authorization server"
                          : c.token_url.empty() ? "The token endpoint"
                                                : "The token endpoint " + c.token_url;
  const std::string& how = c.client_authentication;
  const std::string sent = how == "basic" ? "in an HTTP Basic header (client_secret_basic)"
                           : how == "none" ? "as a public client: the client id alone (none)"
                           : how == "body" ? "in the form body (client_secret_post)"
                                           : "";
  out.message = who + " answered invalid_client: it did not accept the client. Check Client Id (and, for the token "
                "endpoint, Client Secret) as registered at the provider, and Client authentication: it must be the "
                "method the client is registered with (body, basic, or none for a public client with PKCE)." +
                (sent.empty() || c.stage == "callback" ? std::string() : " This request sent the credentials " + sent + ".");
  out.source = "RFC 6749 s5.2";
  return Step::kRewritten;
}

// invalid_code and invalid_redirect_uri: the grant code or the redirect URI that came with it.
Step explain_code(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code == "invalid_code" && c.self_client) {
    out.message = "Zoho answered invalid_code: the pasted grant code expired (it lives the Time Duration chosen "
                  "when it was generated, 3 to 10 minutes), was already used, or belongs to another client or data "
                  "centre. Generate a new code in Zoho's API console (Self Client > Generate Code) and exchange it "
                  "at once.";
    out.source = "Zoho OAuth: Self client";
  } else if (e.code == "invalid_code" && c.zoho && c.refresh) {
    // docs/ZOHO.md "Limits": 20 refresh tokens per user and client, the 21st deletes the oldest, silently.
    out.message = "Zoho answered invalid_code to the refresh: the refresh token was revoked, or deleted when a 21st "
                  "refresh token was issued for this client and user (Zoho keeps 20). Press Authorize again.";
    out.source = "Zoho OAuth: Token limits";
  } else if (e.code == "invalid_code" && c.zoho) {
    out.message = "Zoho answered invalid_code: the grant code expired (it lives 1-2 minutes) or was already "
                  "used (a code is exchanged once: a repeated or replayed exchange meets this). Press Authorize "
                  "again and let the console exchange the new code at once.";
    out.source = "Zoho OAuth: Generate tokens";
  } else if (e.code == "invalid_redirect_uri") {
    const std::string redirect = c.redirect_uri.empty() ? std::string() : " (" + c.redirect_uri + ")";
    out.message = std::string(c.zoho ? "Zoho" : "The server") + " answered invalid_redirect_uri: the redirect URI sent" +
                  redirect + " is not byte for byte the one registered for the client. Register exactly that string " +
                  (c.zoho ? "in Zoho's API console" : "at the provider") + ", or change Redirect URI to the registered one.";
    out.source = "RFC 6749 s3.1.2";
  } else {
    return Step::kNotMine;
  }
  return Step::kRewritten;
}

// access_denied: consent refused at the callback, or the token endpoint refusing the grant.
Step explain_denied(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code != "access_denied") return Step::kNotMine;
  const std::string description = description_in(e.message);
  const std::string what = "(access_denied" + (description.empty() ? "" : ": " + description) + ")";
  if (c.stage == "callback") {
    out.message = "The authorization was refused " + what +
                  ": consent was not given. Nothing was sent to the token endpoint. To authorize, press "
                  "Authorize again and accept.";
  } else if (c.zoho) {
    out.message = "The token endpoint refused the request " + what +
                  ". Zoho answers so when too many token requests came too fast (at most 10 per 10 "
                  "minutes per refresh token): wait a few minutes, then try once.";
  } else {
    out.message = "The token endpoint refused the request " + what +
                  ": the server does not allow this client the grant. Check the client's grant types and scopes "
                  "at the provider.";
  }
  out.source = "RFC 6749 s4.1.2.1";
  return Step::kRewritten;
}

// Throttling, a failing server, and answers the browser could not read (the page's policy, CORS).
Step explain_unavailable(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code == "rate_limited" && c.zoho) {
    out.message = "Zoho's token endpoint throttled this client (rate_limited: \"too many requests\"). Zoho issues at "
                  "most 10 access tokens per refresh token in 10 minutes. Nothing is wrong with the profile: wait 10 "
                  "minutes, then try once; automatic refresh pauses for that long. Every request made meanwhile "
                  "prolongs the limit.";
    out.source = "Zoho OAuth: Token limits";
  } else if (e.code == "rate_limited" || e.code == "http.500" || e.code == "http.502" || e.code == "http.503" ||
             e.code == "http.504") {
    // temporary_failure() already says what happened and to retry later
  } else if (e.code == "network.csp_blocked") {
    // What a Content-Security-Policy source must say: the serialized origin (the URL itself if it is none).
    const std::string serialized = serialized_origin(c.token_url);
    const std::string origin = serialized.empty() ? c.token_url : serialized;
    out.message = "This console's own Content-Security-Policy blocked the request to " + origin +
                  " (connect-src allows only Zoho's hosts and the origins its host allowed): the browser did not send "
                  "it (the log's request line is what the console tried). "
                  "Allow that origin: python3 serve.py --connect-origin " + origin + "; on a static host add " +
                  origin + " to connect-src in both the Content-Security-Policy header and index.html's meta tag "
                  "(README: Allowing a custom provider's origin). Then reload this page and press Authorize again.";
    out.source = "CSP3 connect-src";
  } else if (e.code == "server_error" || e.code == "temporarily_unavailable") {
    out.message = e.message + " The authorization server failed; try again in a few minutes.";
  } else if (e.code == "network.timeout") {
    out.message = "No answer from " + token_url_of(c) + " in 30 s: the console stopped waiting (a late answer is "
                  "ignored). The request may have reached the server all the same. Try again.";
    out.source = "README: Scenarios";
  } else if (e.code == "network.status_0" && c.data_centre.find("/demo/") != std::string::npos) {
    out.message = "The connection to " + token_url_of(c) + " dropped before any answer (status 0): the network is "
                  "gone. Not an OAuth error; try again when it is back.";
    out.source = "Fetch Standard: network error";
    return Step::kRewritten;
  } else if (e.code == "network.status_0") {
    out.message = "The browser could not read the answer of " + token_url_of(c) +
                  (c.zoho ? " (status 0). It was blocked by CORS, the network is offline, or the host is wrong; this "
                            "is not an OAuth error. Ways forward: use the demo data centre; register a client-based "
                            "(JavaScript) app, whose implicit flow needs no token call from the page; or send the token "
                            "request through a relay you run (python3 serve.py --relay) by setting the profile's Relay URL."
                          : " (status 0). The server sent no CORS header allowing this console's origin, the network is "
                            "offline, or the host is wrong; this is not an OAuth error. Allow this console's origin in the "
                            "provider's CORS settings (a public client usually can), or check the Token URL.");
    out.source = c.zoho ? "README: CORS, honestly" : "Fetch Standard: CORS protocol";
    return Step::kRewritten;
  } else {
    return Step::kNotMine;
  }
  return Step::kExplained;
}

// The grant itself: its scope, its type and request, an invalid grant code or refresh token.
Step explain_grant(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code == "invalid_scope") {
    out.message = "The scope was refused (invalid_scope); check the scope names, e.g. ZohoCRM.modules.leads.ALL.";
  } else if (e.code == "unsupported_grant_type" || e.code == "invalid_request") {
    out.message = e.message + " Check the Token URL (" + token_url_of(c) + ") and the client type.";
  } else if (e.code == "invalid_grant") {
    out.message = e.message + " The grant code or refresh token is invalid, expired, revoked, or was issued to another "
                  "client or redirect URI: authorize again.";
    out.source = "RFC 6749 s5.2";
  } else {
    return Step::kNotMine;
  }
  return Step::kRewritten;
}

// missing_org_info: a client-credentials request without the organization it is for (Zoho OAuth: Self
// client - client credentials flow: soid is ZohoCRM.<organization id>; docs/ZOHO.md "Client credentials").
Step explain_organization(const Error& e, const ExplainContext& c, Error& out) {
  if (e.code != "missing_org_info") return Step::kNotMine;
  const bool demo = c.data_centre.find("/demo/") != std::string::npos;
  out.message = "Zoho answered missing_org_info: the request's soid (ZohoCRM.<organization id>) was missing or names "
                "no organization this self client can reach. Find your organization id in Zoho CRM: Setup > Company "
                "Details shows it as Org ID (so does the organization menu under your profile picture). Type the "
                "digits alone into Organization ID (the console adds ZohoCRM.), Save, and press Get token again." +
                std::string(demo ? " The demo data centre's organization id is " + std::string(kDemoOrganizationId) + "."
                                 : "");
  out.source = "Zoho OAuth: Self client - client credentials flow";
  return Step::kExplained;
}

}  // namespace

Error explain_error(const Error& e, const ExplainContext& c) {
  Error out = e;
  // Each step knows its own codes; the first that knows the error's rewrites it.
  Step step = explain_relay(e, c, out);
  if (step == Step::kNotMine) step = explain_client(e, c, out);
  if (step == Step::kNotMine) step = explain_code(e, c, out);
  if (step == Step::kNotMine) step = explain_denied(e, c, out);
  if (step == Step::kNotMine) step = explain_unavailable(e, c, out);
  if (step == Step::kNotMine) step = explain_grant(e, c, out);
  if (step == Step::kNotMine) step = explain_organization(e, c, out);
  // A message that says nothing of what to do next gains the generic next step.
  if (step != Step::kExplained && out.message == e.message && e.code.rfind("callback.", 0) != 0 &&
      e.code.rfind("token_response.", 0) != 0) {
    out.message += c.zoho ? " Check the Client Id and Client Secret, the data centre and the Token URL; the full answer "
                            "is in the activity log."
                          : " Check the Client Id, Client Secret, Client authentication and the Token URL; the full "
                            "answer is in the activity log.";
  }
  if (out.source.empty()) out.source = "RFC 6749 s5.2";
  return out;
}

}  // namespace zc
