// Failure scenarios of the demo data centre (issue 15 item 1): what goes wrong with Zoho in production,
// rehearsed on the demo. Each is armed by `POST {base}demo/scenario` (body `id=<id>`, `id=` disarms), held
// in the demo's state (DemoState::scenario) and fires once, on the first request it applies to, through the
// demo's own mechanisms: the code's clock moved past its life, the 20 refresh tokens limit, the throttle of
// 10 access tokens per 10 minutes, revocation, the CRM API's checks (docs/ZOHO.md "Failure scenarios").
// This file is their table: the stable id (kebab-case, the arming request's and the console's spelling),
// a title and one line of what Zoho does.
#pragma once
#include <optional>
#include <string_view>

namespace zc {

/// The scenarios, in the order the console lists them. kNone: nothing armed.
enum class DemoScenario {
  kNone,
  kCodeExpired,              // the code exchange: the code's life has passed -> invalid_code
  kCodeReused,               // the code exchange is replayed: the code is consumed -> invalid_code
  kOtherDataCentre,          // the user is in another data centre, the client not Multi-DC -> invalid_client
  kRefreshTokenLimit,        // a refresh: 20 newer refresh tokens deleted the stored one -> invalid_code
  kAccessTokenThrottle,      // a refresh: the 11th access token in 10 minutes -> "Access Denied" (HTTP 400)
  kRefreshTokenRevoked,      // a refresh: the refresh token was revoked -> invalid_code
  kRefreshWithoutApiDomain,  // a refresh: the answer omits api_domain and scope
  kTokenOfOtherDataCentre,   // a CRM call reaches another data centre's API host -> INVALID_TOKEN (401)
  kScopeMissing,             // a CRM call with a token lacking its scope -> OAUTH_SCOPE_MISMATCH (401)
  kBadGateway,               // the next request the console sends: a gateway's HTML page, HTTP 502
  kSlowAnswer,               // the next request the console sends: answered after kSlowAnswerMs
  kNetworkGone,              // the next request the console sends: no answer at all (status 0)
};

/// One row of the table: `id` as the arming request spells it, a `title`, `zoho_does` (one line: Zoho's
/// answer), and `fires_on` (which request of the console meets it).
struct DemoScenarioInfo {
  DemoScenario scenario;
  const char* id;
  const char* title;
  const char* zoho_does;
  const char* fires_on;
};

/// How long kSlowAnswer holds its answer back, in milliseconds.
inline constexpr int kSlowAnswerMs = 10000;

/// Every scenario but kNone, in the console's order; `count` receives how many.
const DemoScenarioInfo* demo_scenarios(int& count);

/// The row of `scenario`; nullptr for kNone.
const DemoScenarioInfo* demo_scenario_info(DemoScenario scenario);

/// The scenario spelled `id` (an exact, case-sensitive match); nullopt for an unknown id. "" is kNone.
std::optional<DemoScenario> demo_scenario_from_id(std::string_view id);

}  // namespace zc
