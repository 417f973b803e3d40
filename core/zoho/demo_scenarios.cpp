// The demo's failure scenarios' table (see demo_scenarios.hpp).
#include "zoho/demo_scenarios.hpp"

#include <iterator>

namespace zc {
namespace {

constexpr DemoScenarioInfo kScenarios[] = {
    {DemoScenario::kCodeExpired, "code-expired", "Code expired",
     "Exchanged after its 2 minutes: Zoho answers {\"error\":\"invalid_code\"} with HTTP 200.", "the code exchange"},
    {DemoScenario::kCodeReused, "code-reused", "Code used twice",
     "The exchange is replayed after the code was consumed: {\"error\":\"invalid_code\"}.", "the code exchange"},
    {DemoScenario::kOtherDataCentre, "other-data-centre", "User in another data centre",
     "The user's account is in another data centre and the client is not Multi-DC: {\"error\":\"invalid_client\"}.",
     "the consent and the code exchange"},
    {DemoScenario::kRefreshTokenLimit, "refresh-token-limit", "21st refresh token",
     "Twenty newer refresh tokens for this client and user: Zoho deleted the stored one; its refresh gets invalid_code.",
     "the next refresh"},
    {DemoScenario::kAccessTokenThrottle, "access-token-throttle", "11th access token in 10 minutes",
     "Ten access tokens from this refresh token in 10 minutes: HTTP 400 \"Access Denied\", too many requests.",
     "the next refresh"},
    {DemoScenario::kRefreshTokenRevoked, "refresh-token-revoked", "Revoked refresh token",
     "The user removed the app from Connected Apps: the refresh gets {\"error\":\"invalid_code\"}.", "the next refresh"},
    {DemoScenario::kRefreshWithoutApiDomain, "refresh-without-api-domain", "Refresh without api_domain and scope",
     "The refresh answer omits api_domain and scope: the stored ones stay.", "the next refresh"},
    {DemoScenario::kTokenOfOtherDataCentre, "token-of-other-data-centre", "Token of another data centre",
     "A CRM call at another data centre's API domain: HTTP 401 INVALID_TOKEN.", "the next CRM call"},
    {DemoScenario::kScopeMissing, "scope-missing", "Scope missing for the call",
     "The access token lacks the Leads scope: HTTP 401 OAUTH_SCOPE_MISMATCH.", "the next CRM call"},
    {DemoScenario::kBadGateway, "bad-gateway", "502 gateway page",
     "A gateway in front of Zoho answers HTTP 502 with an HTML page, not JSON.", "the next request"},
    {DemoScenario::kSlowAnswer, "slow-answer", "Answer after 10 s",
     "The answer takes 10 s: the console stays usable, and Cancel request stops waiting.", "the next request"},
    {DemoScenario::kNetworkGone, "network-gone", "Network gone",
     "The connection drops before any answer: the browser reports status 0.", "the next request"},
};

}  // namespace

const DemoScenarioInfo* demo_scenarios(int& count) {
  count = static_cast<int>(std::size(kScenarios));
  return kScenarios;
}

const DemoScenarioInfo* demo_scenario_info(DemoScenario scenario) {
  for (const DemoScenarioInfo& s : kScenarios) {
    if (s.scenario == scenario) return &s;
  }
  return nullptr;
}

std::optional<DemoScenario> demo_scenario_from_id(std::string_view id) {
  if (id.empty()) return DemoScenario::kNone;
  for (const DemoScenarioInfo& s : kScenarios) {
    if (id == s.id) return s.scenario;
  }
  return std::nullopt;
}

}  // namespace zc
