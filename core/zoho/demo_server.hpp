// The demo data centre: a Zoho-faithful accounts server and CRM API that runs in-process. Native tests
// call it directly; the browser's service worker runs the same code compiled to a worker module
// (web/sw.js), so the demo cannot drift from what the tests prove. DemoServer is the router its callers
// use; the parts live beside it: demo_accounts (accounts server), demo_consent_page (its HTML), demo_crm
// (CRM API), demo_state (what it remembers, and the JSON form the service worker stores).
//
// Answers as Zoho documents (docs/ZOHO.md): the consent page with Accept/Deny and a choice of the user's data
// centre; a callback carrying `location` and `accounts-server` (and a trailing `&`); errors from the token
// endpoint with HTTP 200, except the throttle (10 access tokens per refresh token per 10 minutes), which
// is HTTP 400 {"error_description":"You have made too many requests continuously. Please try again after
// some time.","error":"Access Denied","status":"failure"}; grant codes single-use, 120 s; no refresh token
// on refresh; refresh tokens only with access_type=offline on first consent or prompt=consent, at most 20
// per data centre (the 21st deletes the oldest); revoke answering 400 for a token unknown at that data
// centre; the CRM API's INVALID_TOKEN on a token of another data centre, OAUTH_SCOPE_MISMATCH, v8's
// required `fields`, INVALID_REQUEST_METHOD with 400, and inserts answered 201, 207 or 400 as all, some or
// none of the records were added. Each answer's comment names the Zoho page its shape follows. The demo
// client is kDemoClientId / kDemoClientSecret; its registered redirect URIs are the console's base URL and
// `{base}index.html`.
//
// PKCE (RFC 7636 S256) is checked: the host hands over SHA-256(code_verifier) with the request, since the
// core has no hash (OpenSSL in native tests, WebCrypto in the service worker).
// Sign in with Zoho (OpenID Connect): zoho/demo_openid.hpp (discovery, JWK Set, id_token, userinfo).
// Self client: `POST .../accounts/oauth/v2/self-client/code` (client_id, client_secret, scope, minutes
// 3-10) answers {"code","expires_in"}: what Zoho's API console shows after "Generate Code".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "oauth/http.hpp"
#include "oauth/jwks.hpp"
#include "zoho/demo_state.hpp"

namespace zc {

/// A request as the service worker (or a test) sees it: method, absolute URL, headers, body.
struct DemoRequest {
  std::string method;
  std::string url;
  Headers headers;
  std::string body;
  std::string code_verifier_sha256;  // raw 32-octet digest of the body's code_verifier, when it has one
  Jwk signing_key;  // the public half of the host's RS256 key for id_tokens (zoho/demo_openid.hpp); may be empty
};

/// How the host carries an answer to the console (web/sw.js; the native tests' shell): a failure scenario
/// (zoho/demo_scenarios.hpp) may hold it back or drop the connection. The core decides; the host only
/// carries it out.
struct DemoTransport {
  enum Kind { kNormal, kDelay, kNetworkGone };
  Kind kind = kNormal;  // kDelay: answer after delay_ms; kNetworkGone: no answer (a network error, status 0)
  int delay_ms = 0;     // milliseconds, for kDelay
};

/// An answer and how to carry it. A scenario that fired names itself in the response's kScenarioHeader.
struct DemoAnswer {
  HttpResponse response;
  DemoTransport transport;
};

/// The header that names the scenario an answer fired (its id): the console's rehearsal reads it.
inline constexpr const char* kScenarioHeader = "X-Demo-Scenario";

/// The demo server: routes each request to its part. Its state (DemoState: codes, tokens, consents, leads)
/// is saved and loaded as JSON so the service worker can keep it in IndexedDB between its restarts.
class DemoServer {
 public:
  /// `base_url`: the console's base URL, absolute, ending in `/` (e.g. http://127.0.0.1:8000/console/).
  explicit DemoServer(std::string base_url);

  /// True when `url` is under `{base}demo/`.
  bool handles(std::string_view url) const;

  /// Answers one request. `now`: Unix seconds. `entropy`: at least kEntropyBytes fresh random bytes from
  /// the host (crypto.getRandomValues / getentropy): the core has no randomness of its own; with fewer,
  /// the answer is HTTP 500. Never throws.
  /// `POST {base}demo/scenario` (form `id=<scenario id>`, `id=` to disarm) arms a failure scenario: 200
  /// {"scenario": id}, or 400 {"error":"invalid_scenario","error_description":...} for an unknown id. An armed
  /// scenario fires once, on the first request it applies to (DemoScenarioInfo::fires_on); bad-gateway,
  /// slow-answer and network-gone on the next request the console sends (not a page a browser opens: the
  /// consent and device pages); a 502 and a dropped connection never reach the accounts server or API.
  DemoAnswer answer(const DemoRequest& request, std::int64_t now, std::string_view entropy);
  /// answer()'s response alone, for callers that carry every answer at once (the answers' shape tests).
  HttpResponse handle(const DemoRequest& request, std::int64_t now, std::string_view entropy) {
    return answer(request, now, entropy).response;
  }

  /// The whole state as JSON (demo_state_to_json), and back (demo_state_from_json): load_state keeps only
  /// the entries of the expected shape and types (a wiped, foreign or tampered record leaves a fresh or
  /// partial server, never a crash).
  nlohmann::json save_state() const;
  void load_state(const nlohmann::json& state);

  /// Bytes of entropy handle() needs for one request.
  static constexpr size_t kEntropyBytes = 64;
  /// Grant code life in seconds (Zoho: "1-2 minutes").
  static constexpr std::int64_t kCodeLifetime = 120;
  /// Access token life in seconds.
  static constexpr std::int64_t kAccessTokenLifetime = 3600;
  /// Zoho's throttle: at most kRefreshesPerWindow access tokens from one refresh token in any
  /// kRefreshWindow seconds; the next request gets HTTP 400 {"error":"Access Denied",...}.
  static constexpr size_t kRefreshesPerWindow = 10;
  static constexpr std::int64_t kRefreshWindow = 600;
  /// Refresh tokens one user keeps for one client; a new one beyond this deletes the oldest.
  static constexpr size_t kRefreshTokensPerUser = 20;

 private:
  /// Routes a request to the part that serves its path (every scenario but the transport's fires there).
  HttpResponse route(const DemoRequest& request, std::int64_t now, std::string_view entropy);

  std::string base_url_;
  DemoState state_;
};

}  // namespace zc
