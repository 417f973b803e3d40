// Turns token endpoint and callback error codes into messages a developer can act on: what happened,
// the likely cause with Zoho, and the next step. Source: docs/ZOHO.md (token endpoint errors, Multi DC, CORS).
#pragma once
#include <string>

#include "oauth/error.hpp"

namespace zc {

/// What the explanation may mention. Never secrets.
struct ExplainContext {
  std::string data_centre;   // e.g. "Europe (accounts.zoho.eu)"
  std::string redirect_uri;  // the exact string sent
  std::string token_url;     // where the request went
  std::string stage;         // "callback" (the redirect back) or "token" (the token endpoint's answer)
  bool self_client = false;  // a pasted code (Zoho's Self Client): no redirect, no Authorize button
  bool refresh = false;      // the answer is a refresh's (RFC 6749 s6): its invalid_code is the refresh token's
  std::string client_authentication{};  // how this request authenticated the client: body | basic | none
  bool zoho = true;          // the profile's provider is Zoho; false: any other OAuth 2.0 server, whose
                             // errors are worded without Zoho's causes (data centres, Multi-DC, limits)
};

/// Returns `error` with its message rewritten for a person (code and source kept, or the source set to
/// the Zoho page when it was empty). Unknown codes keep their message and gain a generic next step.
/// Codes of the console's own making that it explains: `rate_limited` (Zoho's throttle or HTTP 429),
/// `http.500|502|503|504` (temporary: the message says so and is kept), `network.status_0` (on the demo
/// data centre: the connection dropped), `network.timeout` (no answer in Model::kRequestTimeout seconds),
/// `network.csp_blocked` (this page's Content-Security-Policy refused the request: the fix is to allow
/// the token URL's origin, README "Allowing a custom provider's origin"), and the relay's `relay_*`.
/// Zoho's `missing_org_info` (a client-credentials request without its soid) says where the
/// organization id is found and what to type, naming the demo's id on the demo data centre.
Error explain_error(const Error& error, const ExplainContext& context);

}  // namespace zc
