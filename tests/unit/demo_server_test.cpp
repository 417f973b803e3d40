#include "zoho/demo_server.hpp"

#include <gtest/gtest.h>

#include "demo_flow.hpp"
#include "oauth/authorization_request.hpp"
#include "oauth/json_text.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

using testing::consent;
using testing::get;
using testing::kBase;
using testing::post_form;
using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kAccounts = std::string(kBase) + "demo/accounts";
const std::string kRedirect = kBase;

std::string auth_url(const std::string& extra = "access_type=offline&prompt=consent") {
  return kAccounts + "/oauth/v2/auth?scope=ZohoCRM.modules.leads.ALL&client_id=" + kDemoClientId +
         "&response_type=code&" + extra + "&redirect_uri=" + percent_encode(kRedirect) + "&state=S1";
}

std::string code_from(const std::string& location) {
  return parse_callback(location, ResponseMode::kQuery).value().code;
}

std::string exchange_body(const std::string& code, const std::string& secret = kDemoClientSecret) {
  return form_serialize({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                         {"client_id", kDemoClientId}, {"client_secret", secret}});
}

TEST(DemoServer, ConsentPageHasAcceptDenyAndDataCentreChoice) {
  DemoServer s(kBase);
  HttpResponse r = get(s, auth_url(), kNow);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(header_value(r.headers, "Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find(">Accept<"), std::string::npos);
  EXPECT_NE(r.body.find(">Deny<"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"eu\""), std::string::npos);
  EXPECT_NE(r.body.find("ZohoCRM.modules.leads.ALL"), std::string::npos);
}

TEST(DemoServer, UnknownClientOrRedirectShownNotRedirected) {
  DemoServer s(kBase);
  std::string url = auth_url();
  url.replace(url.find(kDemoClientId), std::string(kDemoClientId).size(), "1000.OTHER");
  HttpResponse r = get(s, url, kNow);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Invalid Client"), std::string::npos);
  r = get(s, kAccounts + "/oauth/v2/auth?scope=a&client_id=" + kDemoClientId +
                 "&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2F", kNow);
  EXPECT_NE(r.body.find("Invalid Redirect Uri"), std::string::npos);
}

TEST(DemoServer, AcceptRedirectsWithCodeLocationAccountsServerAndTrailingAmpersand) {
  DemoServer s(kBase);
  const std::string loc = consent(s, auth_url(), "accept", "eu", kNow);
  ASSERT_FALSE(loc.empty());
  EXPECT_EQ(loc.rfind(kRedirect + "?", 0), 0u) << loc;
  EXPECT_EQ(loc.back(), '&');
  auto cb = parse_callback(loc, ResponseMode::kQuery);
  ASSERT_TRUE(cb.ok());
  EXPECT_EQ(cb.value().state, "S1");
  EXPECT_EQ(cb.value().location, "eu");
  EXPECT_EQ(cb.value().accounts_server, std::string(kBase) + "demo/eu/accounts");
  EXPECT_EQ(cb.value().code.rfind("1000.", 0), 0u);
}

TEST(DemoServer, DenyRedirectsWithAccessDenied) {
  DemoServer s(kBase);
  auto cb = parse_callback(consent(s, auth_url(), "deny", "us", kNow), ResponseMode::kQuery);
  ASSERT_TRUE(cb.ok());
  EXPECT_EQ(cb.value().error, "access_denied");
  EXPECT_EQ(cb.value().state, "S1");
  EXPECT_TRUE(cb.value().code.empty());
}

TEST(DemoServer, CodeExchangeAnswersAsZoho) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow + 5);
  ASSERT_EQ(r.status, 200);
  json j = json::parse(r.body);
  EXPECT_EQ(j["token_type"], "Bearer");
  EXPECT_EQ(j["expires_in"], 3600);
  EXPECT_EQ(j["api_domain"], std::string(kBase) + "demo/api");
  EXPECT_EQ(j["scope"], "ZohoCRM.modules.leads.ALL");
  EXPECT_TRUE(j.contains("refresh_token"));
}

TEST(DemoServer, CodesAreSingleUse) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow);
  HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow + 1);
  EXPECT_EQ(r.status, 200);  // Zoho: errors with HTTP 200
  EXPECT_EQ(json::parse(r.body)["error"], "invalid_code");
}

TEST(DemoServer, CodesLiveTwoMinutes) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  HttpResponse late = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow + 121);
  EXPECT_EQ(json::parse(late.body)["error"], "invalid_code");
  const std::string code2 = code_from(consent(s, auth_url(), "accept", "us", kNow));
  HttpResponse ok = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code2), kNow + 120);
  EXPECT_TRUE(json::parse(ok.body).contains("access_token"));
}

TEST(DemoServer, WrongSecretIsInvalidClientWithHttp200) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code, "wrong"), kNow);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["error"], "invalid_client");
}

TEST(DemoServer, CodeOfAnotherDataCentreIsInvalidCodeThere) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "eu", kNow));
  HttpResponse wrong = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow);
  EXPECT_EQ(json::parse(wrong.body)["error"], "invalid_code");
  HttpResponse right = post_form(s, std::string(kBase) + "demo/eu/accounts/oauth/v2/token", exchange_body(code), kNow);
  json j = json::parse(right.body);
  EXPECT_EQ(j["api_domain"], std::string(kBase) + "demo/eu/api");
}

TEST(DemoServer, RedirectUriMustMatch) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  std::string body = form_serialize({{"grant_type", "authorization_code"}, {"code", code},
                                     {"redirect_uri", std::string(kBase) + "index.html"},
                                     {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret}});
  EXPECT_EQ(json::parse(post_form(s, kAccounts + "/oauth/v2/token", body, kNow).body)["error"], "invalid_redirect_uri");
}

TEST(DemoServer, RefreshHasNoRefreshTokenAndRevokeKillsIt) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  json t = json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  const std::string refresh = t["refresh_token"];
  const std::string body = form_serialize({{"grant_type", "refresh_token"}, {"refresh_token", refresh},
                                           {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret}});
  json r = json::parse(post_form(s, kAccounts + "/oauth/v2/token", body, kNow + 10).body);
  EXPECT_TRUE(r.contains("access_token"));
  EXPECT_FALSE(r.contains("refresh_token"));
  HttpResponse revoked = post_form(s, kAccounts + "/oauth/v2/token/revoke?token=" + refresh, "", kNow + 20);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(json::parse(revoked.body)["status"], "success");
  EXPECT_EQ(post_form(s, kAccounts + "/oauth/v2/token/revoke?token=" + refresh, "", kNow + 21).status, 400);
  EXPECT_EQ(json::parse(post_form(s, kAccounts + "/oauth/v2/token", body, kNow + 30).body)["error"], "invalid_code");
}

TEST(DemoServer, RefreshTokenOnlyOnFirstConsentOrPromptConsent) {
  DemoServer s(kBase);
  auto exchange = [&](const std::string& extra) {
    const std::string code = code_from(consent(s, auth_url(extra), "accept", "us", kNow));
    return json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  };
  EXPECT_TRUE(exchange("access_type=offline").contains("refresh_token"));   // first consent
  EXPECT_FALSE(exchange("access_type=offline").contains("refresh_token"));  // already consented
  EXPECT_TRUE(exchange("access_type=offline&prompt=consent").contains("refresh_token"));
  EXPECT_FALSE(exchange("access_type=online&prompt=consent").contains("refresh_token"));
}

// The Authorization header of a fresh access token of the demo's US data centre.
Headers us_authorization(DemoServer& s) {
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", kNow));
  json t = json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  return {{"Authorization", "Zoho-oauthtoken " + t["access_token"].get<std::string>()}};
}

TEST(DemoServer, CrmLeadsNeedsTokenOfThisDataCentreAndFieldsInV8) {
  DemoServer s(kBase);
  const Headers auth = us_authorization(s);
  const std::string api = std::string(kBase) + "demo/api/crm/v8/Leads";
  HttpResponse ok = s.handle({"GET", api + "?fields=Last_Name,Email", auth, ""}, kNow, testing::entropy());
  ASSERT_EQ(ok.status, 200);
  json leads = json::parse(ok.body);
  EXPECT_GE(leads["data"].size(), 1u);
  EXPECT_TRUE(leads["data"][0].contains("Last_Name"));
  EXPECT_FALSE(leads["data"][0].contains("Company"));
  HttpResponse missing = s.handle({"GET", api, auth, ""}, kNow, testing::entropy());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json::parse(missing.body)["code"], "REQUIRED_PARAM_MISSING");
  HttpResponse other_dc = s.handle({"GET", std::string(kBase) + "demo/eu/api/crm/v8/Leads?fields=Email", auth, ""},
                                   kNow, testing::entropy());
  EXPECT_EQ(other_dc.status, 401);
  EXPECT_EQ(json::parse(other_dc.body)["code"], "INVALID_TOKEN");
  HttpResponse expired = s.handle({"GET", api + "?fields=Email", auth, ""}, kNow + 3600, testing::entropy());
  EXPECT_EQ(json::parse(expired.body)["code"], "INVALID_TOKEN");
  HttpResponse created = s.handle({"POST", api, auth, R"({"data":[{"Last_Name":"Demo","Company":"Acme"}]})"}, kNow,
                                  testing::entropy());
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(json::parse(created.body)["data"][0]["code"], "SUCCESS");
  EXPECT_TRUE(json::parse(created.body)["data"][0]["details"].contains("id"));
}

TEST(DemoServer, CrmLeadsArePagedAsRequestedAndRecordIdsAreNumeric) {
  DemoServer s(kBase);
  const Headers auth = us_authorization(s);
  const std::string api = std::string(kBase) + "demo/api/crm/v8/Leads";
  auto get = [&](const std::string& query) { return s.handle({"GET", api + query, auth, ""}, kNow, testing::entropy()); };
  const json all = json::parse(get("?fields=Email").body);
  const size_t total = all["data"].size();
  ASSERT_GE(total, 3u);
  EXPECT_EQ(all["info"]["per_page"], 200);
  EXPECT_EQ(all["info"]["more_records"], false);

  const json first = json::parse(get("?fields=Email&per_page=2&page=1").body);
  EXPECT_EQ(first["data"].size(), 2u);
  EXPECT_EQ(first["info"]["per_page"], 2);
  EXPECT_EQ(first["info"]["page"], 1);
  EXPECT_EQ(first["info"]["more_records"], total > 2);
  const json second = json::parse(get("?fields=Email&per_page=2&page=2").body);
  EXPECT_EQ(second["data"][0]["id"], all["data"][2]["id"]);
  EXPECT_EQ(get("?fields=Email&per_page=2&page=99").status, 204);  // past the last page: no content
  const HttpResponse too_many = get("?fields=Email&per_page=201");
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(json::parse(too_many.body)["details"]["param"], "per_page");

  const HttpResponse created = s.handle({"POST", api, auth, R"({"data":[{"Last_Name":"Demo"}]})"}, kNow, testing::entropy());
  const std::string id = json::parse(created.body)["data"][0]["details"]["id"].get<std::string>();
  // Record ids are numeric strings, as Zoho's are: seeded and created alike.
  for (const std::string& any : {id, all["data"][0]["id"].get<std::string>()}) {
    EXPECT_EQ(any.find_first_not_of("0123456789"), std::string::npos) << any;
  }
}

TEST(DemoServer, ScopeMismatch) {
  DemoServer s(kBase);
  std::string url = auth_url();
  url.replace(url.find("ZohoCRM.modules.leads.ALL"), 25, "ZohoCRM.users.READ");
  const std::string code = code_from(consent(s, url, "accept", "us", kNow));
  json t = json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  HttpResponse r = s.handle({"GET", std::string(kBase) + "demo/api/crm/v8/Leads?fields=Email",
                             {{"Authorization", "Zoho-oauthtoken " + t["access_token"].get<std::string>()}}, ""},
                            kNow, testing::entropy());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(json::parse(r.body)["code"], "OAUTH_SCOPE_MISMATCH");
}

TEST(DemoServer, StateSurvivesSaveAndLoad) {
  DemoServer a(kBase);
  const std::string code = code_from(consent(a, auth_url(), "accept", "us", kNow));
  DemoServer b(kBase);
  b.load_state(json::parse(a.save_state().dump()));
  EXPECT_TRUE(json::parse(post_form(b, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body).contains("access_token"));
  DemoServer c(kBase);
  c.load_state(json::parse(R"({"version":1,"codes":[]})"));  // malformed: starts fresh, no crash
  EXPECT_EQ(json::parse(post_form(c, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body)["error"], "invalid_code");
}

TEST(DemoServer, TamperedStateEntriesAreDroppedNotTrusted) {
  DemoServer a(kBase);
  const std::string code = code_from(consent(a, auth_url(), "accept", "us", kNow));
  json state = a.save_state();
  state["codes"]["1000.bad"] = {{"region", 5}, {"used", "no"}};
  state["codes"][code]["created_at"] = "yesterday";  // the real code's entry, corrupted
  state["access_tokens"]["1000.x"] = {{"region", "us"}, {"scope", "ZohoCRM.modules.ALL"}, {"expires_at", "soon"}};
  state["refresh_tokens"]["1000.r"] = {{"region", "us"}, {"scope", "s"}, {"requests", {"a"}}};
  state["leads"]["us"] = json::array({42});
  state["next_lead_id"] = "many";
  DemoServer b(kBase);
  b.load_state(state);
  EXPECT_EQ(json::parse(post_form(b, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body)["error"], "invalid_code");
  EXPECT_EQ(json::parse(post_form(b, kAccounts + "/oauth/v2/token", exchange_body("1000.bad"), kNow).body)["error"], "invalid_code");
  HttpResponse api = b.handle({"GET", std::string(kBase) + "demo/api/crm/v8/Leads?fields=Email",
                               {{"Authorization", "Zoho-oauthtoken 1000.x"}}, ""}, kNow, testing::entropy());
  EXPECT_EQ(json::parse(api.body)["code"], "INVALID_TOKEN");
  const json saved = b.save_state();
  EXPECT_FALSE(saved["codes"].contains(code));
  EXPECT_FALSE(saved["refresh_tokens"].contains("1000.r"));
  EXPECT_FALSE(saved["leads"].contains("us"));
  EXPECT_EQ(saved["next_lead_id"], 45000);
}

TEST(DemoServer, InvalidUtf8InParametersNeverBreaksItsJson) {
  DemoServer s(kBase);
  std::string url = auth_url();
  url.replace(url.find("ZohoCRM.modules.leads.ALL"), 25, "%ff%c0");
  const std::string code = code_from(consent(s, url, "accept", "us", kNow));
  ASSERT_FALSE(code.empty());
  EXPECT_NO_THROW(to_json_text(s.save_state()));
  HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(parse_json(r.body).contains("access_token"));
  HttpResponse page = get(s, kAccounts + "/oauth/v2/auth?client_id=%ff", kNow);
  EXPECT_EQ(page.status, 200);
}

TEST(DemoServer, HugeApiVersionIsAnInvalidUrlNotACrash) {
  DemoServer s(kBase);
  HttpResponse r = get(s, std::string(kBase) + "demo/api/crm/v99999999999999999999/Leads", kNow);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body)["code"], "INVALID_URL_PATTERN");
}

TEST(DemoServer, NeedsEntropyAndIgnoresOtherUrls) {
  DemoServer s(kBase);
  EXPECT_EQ(s.handle({"GET", auth_url(), {}, ""}, kNow, "short").status, 500);
  EXPECT_FALSE(s.handles("http://127.0.0.1:8000/console/index.html"));
  EXPECT_TRUE(s.handles(auth_url()));
}

}  // namespace
}  // namespace zc
