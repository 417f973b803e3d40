// The demo's failure scenarios' table (see demo_scenarios.hpp).
#include "zoho/demo_scenarios.hpp"

#include <iterator>

namespace zc {
namespace {

constexpr DemoScenarioInfo kScenarios[] = {
    {DemoScenario::kCodeExpired, "code-expired", "Code expired",
     "Exchanged after its 2 minutes: {\"error\":\"invalid_code\"}.", "the code exchange"},
    {DemoScenario::kCodeReused, "code-reused", "Code used twice",
     "A replayed exchange of a used code: {\"error\":\"invalid_code\"}.", "the code exchange"},
    {DemoScenario::kOtherDataCentre, "other-data-centre", "User in another data centre",
     "The user is in Europe, the client not Multi-DC: {\"error\":\"invalid_client\"}.", "the code exchange"},
    {DemoScenario::kRefreshTokenLimit, "refresh-token-limit", "21st refresh token",
     "20 newer refresh tokens deleted the stored one: {\"error\":\"invalid_code\"}.", "the next refresh"},
    {DemoScenario::kAccessTokenThrottle, "access-token-throttle", "11th access token in 10 minutes",
     "HTTP 400 \"Access Denied\": too many requests.", "the next refresh"},
    {DemoScenario::kRefreshTokenRevoked, "refresh-token-revoked", "Revoked refresh token",
     "Revoked in Connected Apps: {\"error\":\"invalid_code\"}.", "the next refresh"},
    {DemoScenario::kRefreshWithoutApiDomain, "refresh-without-api-domain", "Refresh without api_domain and scope",
     "The answer omits both: the stored ones stay.", "the next refresh"},
    {DemoScenario::kTokenOfOtherDataCentre, "token-of-other-data-centre", "Token of another data centre",
     "Another data centre's API domain: HTTP 401 INVALID_TOKEN.", "the next CRM call"},
    {DemoScenario::kScopeMissing, "scope-missing", "Scope missing for the call",
     "No Leads scope: HTTP 401 OAUTH_SCOPE_MISMATCH.", "the next CRM call"},
    {DemoScenario::kBadGateway, "bad-gateway", "502 gateway page",
     "A gateway's HTML page, HTTP 502.", "the next request"},
    {DemoScenario::kSlowAnswer, "slow-answer", "Answer after 10 s",
     "The console stays usable; Cancel request stops waiting.", "the next request"},
    {DemoScenario::kNetworkGone, "network-gone", "Network gone",
     "No answer at all: status 0.", "the next request"},
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
