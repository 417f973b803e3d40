// Which fields each client type uses, asked one way (uses_redirect, uses_device_flow,
// organization_id_problem in console/profile.hpp) by the profile JSON, lint and save alike: a client that
// never redirects (client credentials, the device flow) needs no Authorization URL or Redirect URI, a
// non-browser client needs its device authorization endpoint, and a Zoho Organization ID is ASCII digits.
#include <gtest/gtest.h>

#include "console/lint.hpp"
#include "console/model.hpp"
#include "console/profile.hpp"
#include "demo_flow.hpp"
#include "draft_edit.hpp"
#include "result_checks.hpp"
#include "zoho/data_centres.hpp"

namespace zc {
namespace {

using nlohmann::json;
using testing::error_code;
using testing::kBase;

constexpr std::int64_t kNow = 1'700'000'000;

// A custom provider's profile of `client_type` with only the keys that type uses.
Profile custom(ClientType client_type) {
  Profile p;
  p.id = "c-1";
  p.name = "IdP";
  p.provider = Provider::kCustom;
  p.client_type = client_type;
  p.client_id = "console-service";
  p.client_secret = "service-secret";
  p.scopes = {"api:read"};
  p.token_url = "https://idp.example/token";
  if (client_type == ClientType::kNonBrowser) p.device_authorization_url = "https://idp.example/device/auth";
  return p;
}

// True when a finding of `severity` names `field`.
bool names(const std::vector<Diagnostic>& d, const std::string& severity, const std::string& field) {
  for (const Diagnostic& x : d) {
    if (x.severity == severity && x.field == field) return true;
  }
  return false;
}

// What save_draft says of `p` put in the form of a fresh console (the error's code, or "" when it saved).
std::string save_error(const Profile& p) {
  Model model({kBase, kBase});
  model.load(json::array(), json::array(), json::array(), kNow, "p-fresh");
  {
    testing::DraftEdit edit(model);
    const std::string id = edit->id;
    edit.profile() = p;
    edit->id = id;
  }
  const std::optional<Error> error = model.save_draft(kNow);
  return error ? error->code : "";
}

TEST(ClientTypeFields, OnlyRedirectingClientsUseARedirectAndOnlyTheDeviceFlowItsEndpoint) {
  for (ClientType t : {ClientType::kServer, ClientType::kClient}) {
    Profile p;
    p.client_type = t;
    EXPECT_TRUE(uses_redirect(p));
    EXPECT_FALSE(uses_device_flow(p));
  }
  for (ClientType t : {ClientType::kSelf, ClientType::kClientCredentials, ClientType::kNonBrowser}) {
    Profile p;
    p.client_type = t;
    EXPECT_FALSE(uses_redirect(p));
    EXPECT_EQ(uses_device_flow(p), t == ClientType::kNonBrowser);
  }
}

TEST(ClientTypeFields, CustomClientCredentialsNeedNoAuthorizationUrlInJsonLintOrSave) {
  const Profile p = custom(ClientType::kClientCredentials);
  EXPECT_TRUE(lint_profile(p, kBase).empty()) << diagnostics_to_json(lint_profile(p, kBase)).dump();
  EXPECT_EQ(save_error(p), "");
  auto parsed = parse_profile(R"({"version":1,"name":"cc","provider":"custom","clientType":"client-credentials",
      "clientId":"console-service","clientSecret":"s","scopes":["api:read"],"tokenUrl":"https://idp.example/token"})");
  ASSERT_OK(parsed);
  EXPECT_TRUE(parsed.value().authorization_url.empty());
  // Its token URL is still required and checked.
  EXPECT_EQ(error_code(parse_profile(R"({"version":1,"name":"cc","provider":"custom","clientType":"client-credentials",
      "clientId":"console-service","scopes":["api:read"]})")), "profile.tokenUrl");
  Profile no_token = p;
  no_token.token_url.clear();
  EXPECT_TRUE(names(lint_profile(no_token, kBase), "error", "tokenUrl"));
  EXPECT_EQ(save_error(no_token), "profile.Token URL");
}

TEST(ClientTypeFields, CustomNonBrowserNeedsItsDeviceAndTokenUrlsButNoAuthorizationUrl) {
  const Profile p = custom(ClientType::kNonBrowser);
  EXPECT_TRUE(lint_profile(p, kBase).empty()) << diagnostics_to_json(lint_profile(p, kBase)).dump();
  EXPECT_EQ(save_error(p), "");
  const std::string keys = R"("version":1,"name":"d","provider":"custom","clientType":"non-browser",
      "clientId":"console-device","scopes":["openid"])";
  ASSERT_OK(parse_profile("{" + keys + R"(,"deviceAuthorizationUrl":"https://idp.example/device/auth",
      "tokenUrl":"https://idp.example/token"})"));
  EXPECT_EQ(error_code(parse_profile("{" + keys + R"(,"tokenUrl":"https://idp.example/token"})")),
            "profile.deviceAuthorizationUrl");
  EXPECT_EQ(error_code(parse_profile("{" + keys + R"(,"deviceAuthorizationUrl":"https://idp.example/device/auth"})")),
            "profile.tokenUrl");

  Profile no_device = p;
  no_device.device_authorization_url.clear();
  EXPECT_TRUE(names(lint_profile(no_device, kBase), "error", "deviceAuthorizationUrl"));
  EXPECT_EQ(save_error(no_device), "profile.Device Authorization URL");
  Profile no_token = p;
  no_token.token_url.clear();
  EXPECT_TRUE(names(lint_profile(no_token, kBase), "error", "tokenUrl"));
  EXPECT_EQ(save_error(no_token), "profile.Token URL");
}

TEST(ClientTypeFields, ARedirectingCustomClientStillNeedsItsAuthorizationUrl) {
  Profile p = custom(ClientType::kServer);
  p.redirect_uri = "http://127.0.0.1:8000/";
  EXPECT_TRUE(names(lint_profile(p, kBase), "error", "authorizationUrl"));
  EXPECT_EQ(save_error(p), "profile.Authorization URL");
  EXPECT_EQ(error_code(parse_profile(R"({"version":1,"name":"s","provider":"custom","clientType":"server",
      "clientId":"c","scopes":["openid"],"redirectUri":"http://127.0.0.1:8000/","tokenUrl":"https://idp.example/token"})")),
            "profile.authorizationUrl");
}

TEST(ClientTypeFields, WhatANonRedirectingClientLeftInItsHiddenFieldsStopsNothing) {
  // The form hides Authorization URL and Redirect URI for these types: a value left there from another
  // type is neither checked nor able to block Save.
  for (ClientType t : {ClientType::kClientCredentials, ClientType::kNonBrowser}) {
    Profile p = custom(t);
    p.authorization_url = "not a url";
    p.redirect_uri = "https://console.example/#fragment";
    EXPECT_TRUE(lint_profile(p, kBase).empty()) << diagnostics_to_json(lint_profile(p, kBase)).dump();
    EXPECT_EQ(save_error(p), "");
  }
}

TEST(ClientTypeFields, AZohoOrganizationIdOfOtherDigitsIsRefusedByLintAndSaveNamingTheFix) {
  Profile p;
  p.name = "cc";
  p.data_centre = "demo";
  p.client_type = ClientType::kClientCredentials;
  p.client_id = kDemoClientId;
  p.client_secret = kDemoClientSecret;
  p.scopes = {"ZohoCRM.modules.leads.ALL"};
  p.organization_id = " 60001234434\n";
  EXPECT_FALSE(organization_id_problem(p).has_value()) << "white space around it is trimmed";
  EXPECT_EQ(save_error(p), "");
  // Full-width digits, Devanagari digits, and a run longer than the quote, cut at a character.
  std::string sixes;
  for (int i = 0; i < 20; ++i) sixes += "\xEF\xBC\x96";  // twenty full-width sixes: 60 bytes
  for (const std::string& text : {std::string("\xEF\xBC\x96\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91"),
                                  std::string("\xE0\xA5\xAC\xE0\xA5\xA6\xE0\xA5\xA6\xE0\xA5\xA7"), sixes}) {
    p.organization_id = text;
    const std::optional<std::string> problem = organization_id_problem(p);
    ASSERT_TRUE(problem.has_value());
    EXPECT_NE(problem->find("Organization ID '"), std::string::npos) << *problem;
    EXPECT_NE(problem->find("digits 0-9"), std::string::npos) << *problem;
    // Quoted as pasted, at most 40 bytes of it, never half a character: 13 full-width sixes of 20.
    const std::string quoted = text.size() > 40 ? text.substr(0, 39) : text;
    EXPECT_NE(problem->find("'" + quoted + "'"), std::string::npos) << *problem;
    EXPECT_TRUE(names(lint_profile(p, kBase), "error", "organizationId"));
    EXPECT_EQ(save_error(p), "profile.Organization ID");
  }
  p.provider = Provider::kCustom;  // a custom provider sends no soid: nothing to refuse
  EXPECT_FALSE(organization_id_problem(p).has_value());
}

}  // namespace
}  // namespace zc
