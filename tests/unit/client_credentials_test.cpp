// The client credentials grant (Zoho OAuth: Self client - client credentials flow; RFC 6749 s4.4): its
// token request (oauth/client_credentials), the console's request and refusals for a profile
// (console/client_credentials_grant), the profile JSON and lint of its keys, the demo data centre's
// answers, and the explanation of Zoho's missing_org_info.
#include "oauth/client_credentials.hpp"

#include <gtest/gtest.h>

#include "console/client_credentials_grant.hpp"
#include "console/lint.hpp"
#include "console/profile.hpp"
#include "demo_flow.hpp"
#include "oauth/percent.hpp"
#include "result_checks.hpp"
#include "zoho/data_centres.hpp"
#include "zoho/explain.hpp"

namespace zc {
namespace {

using nlohmann::json;
using testing::error_code;
using testing::kBase;
using testing::post_form;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kDemoToken = std::string(kBase) + "demo/accounts/oauth/v2/token";

Profile zoho_profile() {
  Profile p;
  p.id = "cc-1";
  p.name = "Back office sync";
  p.data_centre = "eu";
  p.client_type = ClientType::kClientCredentials;
  p.client_id = "1000.ABCDEFGHIJ0123456789";
  p.client_secret = "s3cret";
  p.scopes = {"ZohoCRM.modules.leads.ALL", "ZohoCRM.users.READ"};
  p.organization_id = "600123434";
  return p;
}

Profile custom_profile() {
  Profile p = zoho_profile();
  p.provider = Provider::kCustom;
  p.organization_id.clear();
  p.scopes = {"api:read", "api:write"};
  p.authorization_url = "https://id.example/auth";
  p.token_url = "https://id.example/token";
  return p;
}

// The value of form parameter `name` in the request's body; empty when absent.
std::string param_of(const HttpRequest& r, const std::string& name) {
  for (const auto& [key, value] : form_parse(r.body)) {
    if (key == name) return value;
  }
  return "";
}

// [SECTION] The request

TEST(ClientCredentials, ZohoRequestCarriesCommaScopesAndTheSoidInTheBodyNeverTheUrl) {
  const HttpRequest r = client_credentials_request_for(zoho_profile(), "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://accounts.zoho.eu/oauth/v2/token");
  EXPECT_EQ(header_value(r.headers, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(param_of(r, "grant_type"), "client_credentials");
  EXPECT_EQ(param_of(r, "scope"), "ZohoCRM.modules.leads.ALL,ZohoCRM.users.READ");
  EXPECT_EQ(param_of(r, "soid"), "ZohoCRM.600123434");
  EXPECT_EQ(param_of(r, "client_id"), "1000.ABCDEFGHIJ0123456789");
  EXPECT_EQ(param_of(r, "client_secret"), "s3cret");
  EXPECT_EQ(header_value(r.headers, "Authorization"), "");
}

TEST(ClientCredentials, TheOrganizationIdIsTrimmedAndAnEmptyOneSendsNoSoid) {
  Profile p = zoho_profile();
  p.organization_id = " 600123434\n";
  EXPECT_EQ(param_of(client_credentials_request_for(p, "https://t/"), "soid"), "ZohoCRM.600123434");
  p.organization_id = "  ";
  EXPECT_EQ(form_parse(client_credentials_request_for(p, "https://t/").body).size(), 4u) << "no soid key at all";
  EXPECT_EQ(zoho_crm_soid(""), "");
}

TEST(ClientCredentials, CustomProviderSendsSpaceSeparatedScopesNoSoidAndAuthenticatesAsTheProfileSays) {
  Profile p = custom_profile();
  p.organization_id = "600123434";  // ignored: Zoho's key
  HttpRequest r = client_credentials_request_for(p, p.token_url);
  EXPECT_EQ(param_of(r, "scope"), "api:read api:write");
  EXPECT_EQ(r.body.find("soid"), std::string::npos);
  EXPECT_EQ(param_of(r, "client_secret"), "s3cret");
  p.client_authentication = ClientAuthentication::kBasic;
  r = client_credentials_request_for(p, p.token_url);
  EXPECT_EQ(r.body.find("client_secret"), std::string::npos) << "the secret goes in the header instead";
  EXPECT_EQ(r.body.find("client_id"), std::string::npos);
  EXPECT_EQ(header_value(r.headers, "Authorization"), basic_authorization({"1000.ABCDEFGHIJ0123456789", "s3cret"}));
}

TEST(ClientCredentials, OnlyAClientCredentialsProfileAsksAndAZohoOneNeedsItsOrganization) {
  Profile p = zoho_profile();
  EXPECT_FALSE(client_credentials_refusal(p).has_value());
  p.organization_id = " ";
  EXPECT_EQ(error_code(client_credentials_refusal(p)), "client_credentials.organization_id");
  EXPECT_NE(client_credentials_refusal(p)->message.find("Organization ID"), std::string::npos);
  EXPECT_FALSE(client_credentials_refusal(custom_profile()).has_value()) << "a custom provider has no soid";
  p = zoho_profile();
  p.client_type = ClientType::kServer;
  EXPECT_EQ(error_code(client_credentials_refusal(p)), "client_credentials.client_type");
  EXPECT_TRUE(asks_again_for_tokens(zoho_profile()));
  EXPECT_FALSE(asks_again_for_tokens(p));
}

// [SECTION] Profile JSON and lint

TEST(ClientCredentials, ProfileJsonSpellsTheTypeKeepsTheOrganizationAndNeedsNoRedirectUri) {
  auto parsed = parse_profile(R"({"version":1,"name":"cc","dataCenter":"us","clientType":"client-credentials",
      "clientId":"1000.ABCDEFGHIJ","clientSecret":"x","scopes":["ZohoCRM.modules.leads.ALL"],
      "organizationId":"  600123434 "})");
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed.value().client_type, ClientType::kClientCredentials);
  EXPECT_EQ(parsed.value().organization_id, "600123434");
  const json j = profile_to_json(parsed.value());
  EXPECT_EQ(j["clientType"], "client-credentials");
  EXPECT_EQ(j["organizationId"], "600123434");
  EXPECT_TRUE(parsed.value().extra.empty()) << "a known key, not kept as an unknown one";
  auto again = profile_from_json(j);
  ASSERT_OK(again);
  EXPECT_EQ(again.value().organization_id, "600123434");
  EXPECT_FALSE(profile_to_json(custom_profile()).contains("organizationId")) << "written only when set";
  EXPECT_EQ(error_code(parse_profile(R"({"version":1,"name":"s","dataCenter":"us","clientType":"server",
      "clientId":"1000.ABCDEFGHIJ","scopes":["x"]})")), "profile.redirectUri") << "other client types still need it";
  EXPECT_EQ(error_code(parse_profile(R"({"version":1,"name":"s","dataCenter":"us","clientType":"client-credentials",
      "clientId":"1000.ABCDEFGHIJ","scopes":["x"],"organizationId":5})")), "profile.organizationId");
}

bool says(const std::vector<Diagnostic>& d, const std::string& severity, const std::string& field) {
  for (const Diagnostic& x : d) {
    if (x.severity == severity && x.field == field) return true;
  }
  return false;
}

TEST(ClientCredentials, LintWantsAZohoOrganizationIdOfDigitsAndNoRedirectUri) {
  Profile p = zoho_profile();
  EXPECT_TRUE(lint_profile(p, "").empty()) << diagnostics_to_json(lint_profile(p, "")).dump();
  p.organization_id = "";
  const auto missing = lint_profile(p, "");
  ASSERT_TRUE(says(missing, "error", "organizationId"));
  EXPECT_NE(missing.front().message.find("Setup > Company Details"), std::string::npos);
  p.organization_id = "ZohoCRM.600123434";
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "organizationId"));
  p.organization_id = " 600123434 ";
  EXPECT_FALSE(says(lint_profile(p, ""), "error", "organizationId")) << "white space around it is trimmed";
  p.client_secret.clear();
  EXPECT_TRUE(says(lint_profile(p, ""), "error", "clientSecret"));
  Profile custom = custom_profile();
  EXPECT_FALSE(says(lint_profile(custom, ""), "error", "organizationId"));
  EXPECT_FALSE(says(lint_profile(custom, ""), "error", "redirectUri"));
  custom.organization_id = "1";
  EXPECT_TRUE(says(lint_profile(custom, ""), "warning", "organizationId"));
}

// [SECTION] The demo data centre

std::string demo_body(const std::string& secret, const std::string& soid, const std::string& scope = "ZohoCRM.modules.leads.ALL") {
  Params params = {{"grant_type", "client_credentials"}, {"client_id", kDemoClientId}, {"client_secret", secret},
                   {"scope", scope}};
  if (!soid.empty()) params.emplace_back("soid", soid);
  return form_serialize(params);
}

TEST(ClientCredentials, DemoIssuesAnHourLongTokenWithoutRefreshTokenThatItsCrmAccepts) {
  DemoServer s(kBase);
  const std::string soid = std::string("ZohoCRM.") + kDemoOrganizationId;
  HttpResponse r = post_form(s, kDemoToken, demo_body(kDemoClientSecret, soid), kNow);
  ASSERT_EQ(r.status, 200) << r.body;
  const json t = json::parse(r.body);
  EXPECT_EQ(t["token_type"], "Bearer");
  EXPECT_EQ(t["expires_in"], 3600);
  EXPECT_EQ(t["api_domain"], find_data_centre("demo", kBase)->api_domain);
  EXPECT_FALSE(t.contains("refresh_token"));
  const Headers auth = {{"Authorization", "Zoho-oauthtoken " + t["access_token"].get<std::string>()}};
  const std::string leads = std::string(kBase) + "demo/api/crm/v8/Leads?fields=Last_Name";
  EXPECT_EQ(s.handle({"GET", leads, auth, ""}, kNow + 60, testing::entropy()).status, 200);
  EXPECT_EQ(s.handle({"GET", leads, auth, ""}, kNow + 3600, testing::entropy()).status, 401) << "an hour, no more";
}

TEST(ClientCredentials, DemoRefusesAWrongSecretAndAMissingOrWrongSoidAsZohoDoes) {
  DemoServer s(kBase);
  const std::string soid = std::string("ZohoCRM.") + kDemoOrganizationId;
  HttpResponse wrong_secret = post_form(s, kDemoToken, demo_body("not-the-secret", soid), kNow);
  EXPECT_EQ(wrong_secret.status, 200);
  EXPECT_EQ(wrong_secret.body, R"({"error":"invalid_client"})");
  for (const std::string& bad : {std::string(), std::string("ZohoCRM.1"), std::string(kDemoOrganizationId),
                                 std::string("ZohoBooks.") + kDemoOrganizationId}) {
    HttpResponse r = post_form(s, kDemoToken, demo_body(kDemoClientSecret, bad), kNow);
    EXPECT_EQ(r.status, 200) << bad;
    EXPECT_EQ(r.body, R"({"error":"missing_org_info"})") << bad;
  }
  EXPECT_EQ(post_form(s, kDemoToken, demo_body(kDemoClientSecret, soid, ""), kNow).body, R"({"error":"invalid_scope"})");
}

// [SECTION] The explanation

TEST(ClientCredentials, MissingOrgInfoSaysWhereTheIdIsAndWhatToType) {
  ExplainContext zoho{"United States (https://accounts.zoho.com)", "", "https://accounts.zoho.com/oauth/v2/token", "token"};
  const Error e = explain_error({"missing_org_info", "The token endpoint answered missing_org_info.", ""}, zoho);
  EXPECT_EQ(e.code, "missing_org_info");
  EXPECT_NE(e.message.find("soid"), std::string::npos);
  EXPECT_NE(e.message.find("Setup > Company Details"), std::string::npos);
  EXPECT_NE(e.message.find("Organization ID"), std::string::npos);
  EXPECT_EQ(e.message.find(kDemoOrganizationId), std::string::npos) << "the demo's id only on the demo";
  EXPECT_EQ(e.source, "Zoho OAuth: Self client - client credentials flow");
  const DataCentre demo = *find_data_centre("demo", kBase);
  ExplainContext on_demo{data_centre_label(demo.accounts_server, kBase), "", token_endpoint(demo), "token"};
  EXPECT_NE(explain_error({"missing_org_info", "x", ""}, on_demo).message.find(kDemoOrganizationId), std::string::npos);
}

}  // namespace
}  // namespace zc
