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
  auto cb = parse_callback(location, ResponseMode::kQuery);
  EXPECT_TRUE(cb.ok()) << location;
  return cb.ok() ? std::string(cb.value().code) : std::string();
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
  const HttpResponse first = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow);
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(json::parse(first.body).contains("access_token")) << "the first exchange works: " << first.body;
  HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow + 1);
  EXPECT_EQ(r.status, 200);  // Zoho: errors with HTTP 200
  EXPECT_EQ(json::parse(r.body)["error"], "invalid_code");
  EXPECT_FALSE(json::parse(r.body).contains("access_token"));
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
  state["refresh_tokens"]["1000.i"] = {{"region", "us"}, {"scope", "s"}, {"requests", json::array()}, {"issued", "first"}};
  state["next_refresh_seq"] = -1;
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
  EXPECT_FALSE(saved["refresh_tokens"].contains("1000.i"));
  EXPECT_EQ(saved["next_refresh_seq"], 0);
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

// [SECTION] Every answer in Zoho's documented shape (issue 10): literal bodies, literal statuses.

std::string refresh_body(const std::string& refresh) {
  return form_serialize({{"grant_type", "refresh_token"}, {"refresh_token", refresh},
                         {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret}});
}

// A refresh token of the demo's US data centre, from a fresh offline consent at `when`.
std::string us_refresh_token(DemoServer& s, std::int64_t when) {
  const std::string code = code_from(consent(s, auth_url(), "accept", "us", when));
  json t = json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), when).body);
  EXPECT_TRUE(t.contains("refresh_token")) << t.dump();
  return t.value("refresh_token", "");
}

std::vector<std::string> keys_of(const json& j) {
  std::vector<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
  return out;  // nlohmann's object keeps its keys sorted
}

constexpr const char* kZohoThrottle =
    R"({"error_description":"You have made too many requests continuously. Please try again after some time.",)"
    R"("error":"Access Denied","status":"failure"})";

TEST(DemoServerZohoShapes, TenRefreshesInTenMinutesThenZohosThrottleThenAgainAfterTheWindow) {
  DemoServer s(kBase);
  const std::string refresh = us_refresh_token(s, kNow);
  // Ten refreshes spread over the ten minutes (0 s, 60 s, ... 540 s after the first): all succeed. The
  // exchange's own access token came from the code and does not count.
  for (int i = 0; i < 10; ++i) {
    HttpResponse r = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(refresh), kNow + 60 * i);
    ASSERT_EQ(r.status, 200) << "refresh " << i + 1 << ": " << r.body;
    EXPECT_TRUE(json::parse(r.body).contains("access_token")) << r.body;
  }
  // The eleventh, 599 s after the first: Zoho's throttle, byte for byte, with HTTP 400.
  HttpResponse eleventh = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(refresh), kNow + 599);
  EXPECT_EQ(eleventh.status, 400);
  EXPECT_EQ(eleventh.body, kZohoThrottle);
  EXPECT_EQ(header_value(eleventh.headers, "Content-Type"), "application/json;charset=UTF-8");
  json parsed = json::parse(eleventh.body);
  EXPECT_EQ(parsed["error"], "Access Denied");
  EXPECT_EQ(parsed["status"], "failure");
  EXPECT_FALSE(parsed.contains("access_token"));
  // 600 s after the first refresh it has left the window: a refresh works again.
  HttpResponse again = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(refresh), kNow + 600);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body).contains("access_token"));
  // And the window slides: ten tokens again in the last 600 s (60 ... 540, 600), so 601 s is refused.
  HttpResponse next = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(refresh), kNow + 601);
  EXPECT_EQ(next.status, 400);
  EXPECT_EQ(next.body, kZohoThrottle);
}

TEST(DemoServerZohoShapes, ThrottleCountsPerRefreshTokenAndRefusalsDoNotProlongIt) {
  DemoServer s(kBase);
  const std::string first = us_refresh_token(s, kNow);
  const std::string second = us_refresh_token(s, kNow);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(post_form(s, kAccounts + "/oauth/v2/token", refresh_body(first), kNow + i).status, 200);
  }
  // Refused requests make no token: hammering the throttled one does not move its window.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(post_form(s, kAccounts + "/oauth/v2/token", refresh_body(first), kNow + 300 + i).body, kZohoThrottle);
  }
  // Another refresh token of the same user is not throttled.
  HttpResponse other = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(second), kNow + 301);
  ASSERT_EQ(other.status, 200) << other.body;
  // The first one's oldest token (at kNow) leaves the window at kNow + 600.
  EXPECT_EQ(post_form(s, kAccounts + "/oauth/v2/token", refresh_body(first), kNow + 599).status, 400);
  EXPECT_EQ(post_form(s, kAccounts + "/oauth/v2/token", refresh_body(first), kNow + 600).status, 200);
}

TEST(DemoServerZohoShapes, TokenErrorsAreOneKeyWithHttp200) {
  DemoServer s(kBase);
  const std::string token_url = kAccounts + "/oauth/v2/token";
  // A code bound to a PKCE challenge, exchanged with the wrong verifier: Zoho's one shape for a code it
  // will not honour, no error_description.
  const std::string code = code_from(consent(
      s, auth_url("access_type=offline&prompt=consent&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                  "&code_challenge_method=S256"),
      "accept", "us", kNow));
  std::string body = form_serialize({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", kRedirect},
                                     {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret},
                                     {"code_verifier", "not-the-verifier-of-that-challenge-0123456789"}});
  HttpResponse pkce = post_form(s, token_url, body, kNow);
  EXPECT_EQ(pkce.status, 200);
  EXPECT_EQ(pkce.body, R"({"error":"invalid_code"})");

  HttpResponse client = post_form(s, token_url, exchange_body(code, "wrong"), kNow);
  EXPECT_EQ(client.status, 200);
  EXPECT_EQ(client.body, R"({"error":"invalid_client"})");

  const std::string code2 = code_from(consent(s, auth_url(), "accept", "us", kNow));
  body = form_serialize({{"grant_type", "authorization_code"}, {"code", code2},
                         {"redirect_uri", std::string(kBase) + "index.html"},
                         {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret}});
  HttpResponse redirect = post_form(s, token_url, body, kNow);
  EXPECT_EQ(redirect.status, 200);
  EXPECT_EQ(redirect.body, R"({"error":"invalid_redirect_uri"})");

  HttpResponse revoked = post_form(s, token_url, refresh_body("1000.unknown.refresh"), kNow);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, R"({"error":"invalid_code"})");

  body = form_serialize({{"grant_type", "password"}, {"client_id", kDemoClientId}, {"client_secret", kDemoClientSecret}});
  HttpResponse grant = post_form(s, token_url, body, kNow);
  EXPECT_EQ(grant.status, 200);
  EXPECT_EQ(grant.body, R"({"error":"unsupported_grant_type"})");
}

TEST(DemoServerZohoShapes, SuccessAnswersHaveZohosKeysAndRefreshHasNoRefreshToken) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "eu", kNow));
  HttpResponse exchange = post_form(s, std::string(kBase) + "demo/eu/accounts/oauth/v2/token", exchange_body(code), kNow);
  ASSERT_EQ(exchange.status, 200);
  EXPECT_EQ(header_value(exchange.headers, "Content-Type"), "application/json;charset=UTF-8");
  json t = json::parse(exchange.body);
  EXPECT_EQ(keys_of(t), (std::vector<std::string>{"access_token", "api_domain", "expires_in", "refresh_token", "scope",
                                                  "token_type"}));
  EXPECT_EQ(t["api_domain"], "http://127.0.0.1:8000/console/demo/eu/api");
  EXPECT_EQ(t["expires_in"], 3600);
  EXPECT_EQ(t["scope"], "ZohoCRM.modules.leads.ALL");
  EXPECT_EQ(t["token_type"], "Bearer");

  HttpResponse refreshed = post_form(s, std::string(kBase) + "demo/eu/accounts/oauth/v2/token",
                                     refresh_body(t["refresh_token"].get<std::string>()), kNow + 10);
  ASSERT_EQ(refreshed.status, 200);
  json r = json::parse(refreshed.body);
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"access_token", "api_domain", "expires_in", "scope", "token_type"}));
  EXPECT_EQ(r["api_domain"], "http://127.0.0.1:8000/console/demo/eu/api");
  EXPECT_EQ(r["expires_in"], 3600);
  EXPECT_EQ(r["token_type"], "Bearer");
}

TEST(DemoServerZohoShapes, TwentyFirstRefreshTokenDeletesTheOldest) {
  DemoServer s(kBase);
  std::vector<std::string> tokens;
  for (int i = 0; i < 21; ++i) tokens.push_back(us_refresh_token(s, kNow + i));
  HttpResponse oldest = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(tokens[0]), kNow + 30);
  EXPECT_EQ(oldest.status, 200);
  EXPECT_EQ(oldest.body, R"({"error":"invalid_code"})");
  for (int i : {1, 20}) {
    HttpResponse kept = post_form(s, kAccounts + "/oauth/v2/token", refresh_body(tokens[i]), kNow + 30);
    EXPECT_TRUE(json::parse(kept.body).contains("access_token")) << i << ": " << kept.body;
  }
  // The order of issue survives a save and load: the next consent deletes tokens[1], not a newer one.
  DemoServer b(kBase);
  b.load_state(json::parse(s.save_state().dump()));
  us_refresh_token(b, kNow + 40);
  EXPECT_EQ(post_form(b, kAccounts + "/oauth/v2/token", refresh_body(tokens[1]), kNow + 50).body,
            R"({"error":"invalid_code"})");
  EXPECT_TRUE(json::parse(post_form(b, kAccounts + "/oauth/v2/token", refresh_body(tokens[2]), kNow + 50).body)
                  .contains("access_token"));
}

TEST(DemoServerZohoShapes, RevokeAnswersSuccessOrABareHttp400AndOnlyAtTheTokensDataCentre) {
  DemoServer s(kBase);
  const std::string code = code_from(consent(s, auth_url(), "accept", "eu", kNow));
  const std::string eu_accounts = std::string(kBase) + "demo/eu/accounts";
  json t = json::parse(post_form(s, eu_accounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  const std::string refresh = t.value("refresh_token", "");
  ASSERT_FALSE(refresh.empty());
  // At another data centre's accounts server the token is unknown: HTTP 400, and it stays alive.
  HttpResponse elsewhere = post_form(s, kAccounts + "/oauth/v2/token/revoke?token=" + refresh, "", kNow + 1);
  EXPECT_EQ(elsewhere.status, 400);
  EXPECT_EQ(elsewhere.body, "");
  EXPECT_TRUE(json::parse(post_form(s, eu_accounts + "/oauth/v2/token", refresh_body(refresh), kNow + 2).body)
                  .contains("access_token"));
  // At its own: {"status":"success"} with HTTP 200.
  HttpResponse revoked = post_form(s, eu_accounts + "/oauth/v2/token/revoke?token=" + refresh, "", kNow + 3);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_EQ(revoked.body, R"({"status":"success"})");
  // Again (now unknown): HTTP 400 with no body, as Zoho documents it.
  HttpResponse unknown = post_form(s, eu_accounts + "/oauth/v2/token/revoke?token=" + refresh, "", kNow + 4);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, "");
  EXPECT_EQ(header_value(unknown.headers, "Content-Type"), "");
}

TEST(DemoServerZohoShapes, ImplicitGrantRedirectCarriesTheUsersLocation) {
  DemoServer s(kBase);
  std::string url = auth_url("");
  url.replace(url.find("response_type=code"), 18, "response_type=token");
  const std::string loc = consent(s, url, "accept", "eu", kNow);
  ASSERT_EQ(loc.rfind(kRedirect + "#", 0), 0u) << loc;
  auto cb = parse_callback(loc, ResponseMode::kFragment);
  ASSERT_TRUE(cb.ok()) << loc;
  EXPECT_EQ(cb.value().location, "eu");
  EXPECT_EQ(cb.value().api_domain, "http://127.0.0.1:8000/console/demo/eu/api");
  EXPECT_EQ(cb.value().token_type, "Bearer");
  EXPECT_EQ(cb.value().expires_in, "3600");
  EXPECT_EQ(cb.value().state, "S1");
  EXPECT_EQ(cb.value().access_token.rfind("1000.", 0), 0u);
}

TEST(DemoServerZohoShapes, CrmErrorsAreZohosBodiesWithZohosStatuses) {
  DemoServer s(kBase);
  const Headers auth = us_authorization(s);
  const std::string api = std::string(kBase) + "demo/api/crm/v8/";
  auto call = [&](const std::string& method, const std::string& path, const Headers& h, const std::string& body = "") {
    return s.handle({method, api + path, h, body}, kNow, testing::entropy());
  };
  HttpResponse r = call("GET", "Leads?fields=Email", {{"Authorization", "Zoho-oauthtoken 1000.not.a.token"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"})");
  r = call("DELETE", "Leads", auth);
  EXPECT_EQ(r.status, 400);  // Zoho: 400, not 405
  EXPECT_EQ(r.body, R"({"code":"INVALID_REQUEST_METHOD","details":{},)"
                    R"("message":"The http request method type is not a valid one","status":"error"})");
  r = call("GET", "Leeds?fields=Email", auth);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"code":"INVALID_MODULE","details":{"resource_path_index":0},)"
                    R"("message":"the module name given seems to be invalid","status":"error"})");
  r = call("GET", "Leads/1/2", auth);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"code":"INVALID_URL_PATTERN","details":{},)"
                    R"("message":"Please check if the URL trying to access is a correct one","status":"error"})");
  r = call("GET", "Leads", auth);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"code":"REQUIRED_PARAM_MISSING","details":{"param":"fields"},)"
                    R"("message":"One of the expected parameter is missing","status":"error"})");
  EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/json;charset=UTF-8");
}

TEST(DemoServerZohoShapes, ScopeMismatchIsZohosBodyWith401) {
  DemoServer s(kBase);
  std::string url = auth_url();
  url.replace(url.find("ZohoCRM.modules.leads.ALL"), 25, "ZohoCRM.modules.leads.READ");
  const std::string code = code_from(consent(s, url, "accept", "us", kNow));
  json t = json::parse(post_form(s, kAccounts + "/oauth/v2/token", exchange_body(code), kNow).body);
  const Headers auth = {{"Authorization", "Zoho-oauthtoken " + t.value("access_token", "")}};
  HttpResponse r = s.handle(
      {"POST", std::string(kBase) + "demo/api/crm/v8/Leads", auth, R"({"data":[{"Last_Name":"X"}]})"}, kNow,
      testing::entropy());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"code":"OAUTH_SCOPE_MISMATCH","details":{},)"
                    R"("message":"invalid oauth scope to access this URL","status":"error"})");
}

TEST(DemoServerZohoShapes, InsertAnswers201WhenAllAdded207WhenSome400WhenNone) {
  DemoServer s(kBase);
  const Headers auth = us_authorization(s);
  auto post = [&](const std::string& version, const std::string& body) {
    return s.handle({"POST", std::string(kBase) + "demo/api/crm/" + version + "/Leads", auth, body}, kNow,
                    testing::entropy());
  };
  HttpResponse all = post("v8", R"({"data":[{"Last_Name":"A"},{"Last_Name":"B"}]})");
  EXPECT_EQ(all.status, 201);
  json added = json::parse(all.body);
  ASSERT_EQ(added["data"].size(), 2u);
  EXPECT_EQ(added["data"][0]["code"], "SUCCESS");
  EXPECT_EQ(added["data"][0]["message"], "record added");
  EXPECT_EQ(added["data"][0]["status"], "success");

  HttpResponse some = post("v8", R"({"data":[{"Last_Name":"A"},{"Company":"No name"}]})");
  EXPECT_EQ(some.status, 207);
  json mixed = json::parse(some.body);
  ASSERT_EQ(mixed["data"].size(), 2u);
  EXPECT_EQ(mixed["data"][0]["code"], "SUCCESS");
  EXPECT_EQ(to_json_text(mixed["data"][1]),
            R"({"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name","json_path":"$.data[1].Last_Name"},)"
            R"("message":"required field not found","status":"error"})");

  HttpResponse none = post("v8", R"({"data":[{"Company":"No name"}]})");
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.body, R"({"data":[{"code":"MANDATORY_NOT_FOUND",)"
                       R"("details":{"api_name":"Last_Name","json_path":"$.data[0].Last_Name"},)"
                       R"("message":"required field not found","status":"error"}]})");
  // Before v8 the details name the field only (json_path is documented for v8).
  HttpResponse v7 = post("v7", R"({"data":[{"Company":"No name"}]})");
  EXPECT_EQ(v7.status, 400);
  EXPECT_EQ(v7.body, R"({"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"},)"
                     R"("message":"required field not found","status":"error"}]})");
}

TEST(DemoServerZohoShapes, NoRecordsIsABare204) {
  DemoServer s(kBase);
  const Headers auth = us_authorization(s);
  HttpResponse r = s.handle({"GET", std::string(kBase) + "demo/api/crm/v8/Leads?fields=Email&page=50", auth, ""}, kNow,
                            testing::entropy());
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
}

}  // namespace
}  // namespace zc
