// Every trap of docs/ZOHO.md, one test each, named after it. Most exercise code that other test files cover in
// depth; here each trap is stated once, where a reader of docs/ZOHO.md will look for it.
#include <gtest/gtest.h>

#include "console/callback_acceptance.hpp"
#include "console/lint.hpp"
#include "oauth/callback.hpp"
#include "oauth/token_request.hpp"
#include "oauth/token_response.hpp"
#include "oauth/revocation.hpp"
#include "zoho/crm.hpp"
#include "zoho/demo_server.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

PendingAuthorization us_pending() {
  PendingAuthorization p;
  p.state = "S";
  p.accounts_server = "https://accounts.zoho.com";
  p.token_url = "https://accounts.zoho.com/oauth/v2/token";
  p.redirect_uri = "https://localhost:8000";
  p.created_at = kNow;
  return p;
}

TEST(ZohoTraps, CanadaIsZohoCloudCaNotZohoCa) {
  EXPECT_EQ(find_data_centre("ca", "")->accounts_server, "https://accounts.zohocloud.ca");
  EXPECT_FALSE(find_by_accounts_server("https://accounts.zoho.ca", ""));
}

TEST(ZohoTraps, LocationUsIsTheDotComTld) {
  EXPECT_EQ(find_data_centre("us", "")->accounts_server, "https://accounts.zoho.com");
  EXPECT_EQ(find_by_accounts_server("https://accounts.zoho.com", "")->location, "us");
}

TEST(ZohoTraps, SandboxAndDeveloperApiHostsBelongToTheirDataCentre) {
  EXPECT_EQ(find_by_api_domain("https://sandbox.zohoapis.eu", "")->location, "eu");
  EXPECT_EQ(find_by_api_domain("https://developer.zohoapis.com.au", "")->location, "au");
  EXPECT_FALSE(find_by_api_domain("https://sandbox.zohoapis.eu.attacker.example", ""));
}

TEST(ZohoTraps, UkApiDomainIsNotConfirmedByAnOfficialPage) { EXPECT_FALSE(find_data_centre("uk", "")->confirmed); }

TEST(ZohoTraps, TheUsersDataCentreIsTheOneInAccountsServer) {
  auto r = parse_callback("https://localhost:8000?code=X&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu&state=S&",
                          ResponseMode::kQuery);
  ASSERT_OK(r);
  auto a = accept_callback(r.value(), us_pending(), "", kNow);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().token_url, "https://accounts.zoho.eu/oauth/v2/token");
}

TEST(ZohoTraps, AccountsServerAcceptedOnlyByExactMatch) {
  auto r = parse_callback("https://localhost:8000?code=X&accounts-server=https%3A%2F%2Faccounts.zoho.eu.attacker.example&state=S",
                          ResponseMode::kQuery);
  ASSERT_OK(r);
  EXPECT_EQ(error_code(accept_callback(r.value(), us_pending(), "", kNow)), "callback.accounts_server");
}

TEST(ZohoTraps, CallbackOftenEndsWithATrailingAmpersand) {
  auto r = parse_callback("https://localhost:8000?code=X&state=S&", ResponseMode::kQuery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().all.size(), 2u);
}

TEST(ZohoTraps, AnyErrorParameterOnTheCallbackIsAFailure) {
  auto r = parse_callback("https://localhost:8000?error=access_denied&state=S", ResponseMode::kQuery);
  ASSERT_OK(r);
  EXPECT_EQ(error_code(accept_callback(r.value(), us_pending(), "", kNow)), "access_denied");
}

TEST(ZohoTraps, MultipleScopesAreSeparatedByCommas) {
  Profile p;
  p.scopes = {"ZohoCRM.modules.leads.ALL ZohoCRM.users.READ"};
  bool flagged = false;
  for (const Diagnostic& d : lint_profile(p, "")) flagged |= d.field == "scopes" && d.severity == "error";
  EXPECT_TRUE(flagged);
}

TEST(ZohoTraps, RefreshTokenOnlyWithOfflineAndConsent) {
  Profile p;
  p.access_type = AccessType::kOffline;
  p.prompt = "";
  bool warned = false;
  for (const Diagnostic& d : lint_profile(p, "")) warned |= d.field == "prompt";
  EXPECT_TRUE(warned);
}

TEST(ZohoTraps, TokenParametersGoInTheBodyNotTheQuery) {
  HttpRequest r = build_code_exchange("https://accounts.zoho.com/oauth/v2/token", {"id", "secret"}, "code", "https://r", "");
  EXPECT_EQ(r.url.find('?'), std::string::npos);
  EXPECT_NE(r.body.find("client_secret=secret"), std::string::npos);
}

TEST(ZohoTraps, ErrorsComeWithHttp200) {
  EXPECT_EQ(error_code(parse_token_response(200, R"({"error":"invalid_code"})", std::nullopt, kNow, "", ExpiresInReading::kZohoMillisecondsFallback)), "invalid_code");
}

TEST(ZohoTraps, InvalidClientMeansWrongDataCentreOrMultiDcOff) {
  const Error e = explain_error({"invalid_client", "", ""}, {"Europe (https://accounts.zoho.eu)", "", "", "token"});
  EXPECT_NE(e.message.find("Multi-DC"), std::string::npos);
}

TEST(ZohoTraps, OldResponsesCarryExpiresInSecAndMillisecondExpiresIn) {
  auto t = parse_token_response(200, R"({"access_token":"a","expires_in_sec":3600,"expires_in":3600000})", std::nullopt, kNow, "", ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_OK(t);
  EXPECT_EQ(t.value().expires_at, kNow + 3600);
}

TEST(ZohoTraps, RefreshAnswerHasNoRefreshTokenKeepTheStoredOne) {
  TokenSet previous;
  previous.refresh_token = "1000.keep";
  auto t = parse_token_response(200, R"({"access_token":"b","expires_in":3600})", previous, kNow, "", ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_OK(t);
  EXPECT_EQ(t.value().refresh_token, "1000.keep");
}

TEST(ZohoTraps, RevokeOfAnUnknownTokenIsHttp400AlreadyRevoked) {
  DemoServer demo("http://127.0.0.1:8000/");
  const HttpRequest r = build_revoke("http://127.0.0.1:8000/demo/accounts/oauth/v2/token/revoke", "1000.unknown");
  const HttpResponse answer = demo.handle({r.method, r.url, r.headers, r.body, ""}, kNow, std::string(64, '\x5a'));
  EXPECT_EQ(answer.status, 400);
  const RevocationOutcome outcome = read_revocation_response(answer.status);
  EXPECT_TRUE(outcome.forget);
  EXPECT_NE(outcome.message.find("already revoked"), std::string::npos);
}

TEST(ZohoTraps, Status0IsCorsOrNetworkNeverInvalidGrant) {
  auto t = parse_token_response(0, "", std::nullopt, kNow, "", ExpiresInReading::kZohoMillisecondsFallback);
  ASSERT_FALSE(t.ok()) << "expected a refusal";
  EXPECT_EQ(t.error().code, "network.status_0");
}

TEST(ZohoTraps, CrmCallsUseTheTokensApiDomainNeverWwwZohoapisCom) {
  TokenSet t;
  t.access_token = "a";
  t.api_domain = "https://www.zohoapis.in";
  EXPECT_EQ(value_of(build_get_records(t, RecordsQuery{})).url.rfind("https://www.zohoapis.in/crm/v8/Leads?", 0), 0u);
}

TEST(ZohoTraps, CrmV8NeedsFields) {
  RecordsQuery q;
  q.fields.clear();
  TokenSet t;
  t.api_domain = "https://www.zohoapis.com";
  EXPECT_EQ(error_code(build_get_records(t, q)), "crm.query");
}

TEST(ZohoTraps, CrmHttp204MeansNoRecords) { EXPECT_TRUE(value_of(parse_records_response(204, "")).records.empty()); }

TEST(ZohoTraps, WrongDataCentreApiHostAnswersInvalidToken) {
  auto r = parse_records_response(401, R"({"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"})");
  ASSERT_FALSE(r.ok()) << "expected a refusal";
  EXPECT_NE(r.error().message.find("wrong data centre"), std::string::npos);
}

}  // namespace
}  // namespace zc
