#include "oauth/authorization_request.hpp"

#include <gtest/gtest.h>
#include "result_checks.hpp"

namespace zc {
using testing::error_code;
using testing::value_of;

AuthorizationRequest zoho_request() {
  AuthorizationRequest r;
  r.endpoint = "https://accounts.zoho.eu/oauth/v2/auth";
  r.client_id = "1000.ABC";
  r.scopes = {"ZohoCRM.modules.leads.ALL", "ZohoCRM.users.READ"};
  r.redirect_uri = "https://console.example/callback";
  r.access_type = "offline";
  r.prompt = "consent";
  r.state = "s1";
  return r;
}

TEST(AuthorizationUrl, ZohoParametersWithCommaScopesEncoded) {
  auto url = build_authorization_url(zoho_request());
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url.value(),
            "https://accounts.zoho.eu/oauth/v2/auth?scope=ZohoCRM.modules.leads.ALL%2CZohoCRM.users.READ"
            "&client_id=1000.ABC&response_type=code&access_type=offline&prompt=consent"
            "&redirect_uri=https%3A%2F%2Fconsole.example%2Fcallback&state=s1");
}

TEST(AuthorizationUrl, RedirectUriSentByteForByteNoSlashAdded) {
  auto r = zoho_request();
  r.redirect_uri = "https://localhost:8000";
  auto url = build_authorization_url(r);
  ASSERT_TRUE(url.ok());
  EXPECT_NE(url.value().find("redirect_uri=https%3A%2F%2Flocalhost%3A8000&"), std::string::npos) << url.value();
}

TEST(AuthorizationUrl, GenericScopesUsePercent20NeverPlus) {
  auto r = zoho_request();
  r.scope_separator = ' ';
  r.scopes = {"openid", "email"};
  auto url = build_authorization_url(r);
  ASSERT_OK(url);
  EXPECT_NE(url.value().find("scope=openid%20email&"), std::string::npos);
  EXPECT_EQ(url.value().find('+'), std::string::npos);
}

TEST(AuthorizationUrl, KeepsEndpointQueryAndAddsPkce) {
  auto r = zoho_request();
  r.endpoint = "https://idp.example/auth?tenant=a";
  r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  auto url = build_authorization_url(r);
  ASSERT_OK(url);
  EXPECT_EQ(url.value().rfind("https://idp.example/auth?tenant=a&scope=", 0), 0u);
  EXPECT_NE(url.value().find("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"),
            std::string::npos);
}

TEST(AuthorizationUrl, ErrorsNameTheProblem) {
  auto r = zoho_request();
  r.client_id.clear();
  EXPECT_EQ(error_code(build_authorization_url(r)), "authorization_request.client_id");
  r = zoho_request();
  r.scopes.clear();
  EXPECT_EQ(error_code(build_authorization_url(r)), "authorization_request.scope");
  r = zoho_request();
  r.redirect_uri = "https://app.example/cb#x";
  EXPECT_EQ(error_code(build_authorization_url(r)), "authorization_request.redirect_uri");
  r = zoho_request();
  r.endpoint = "accounts.zoho.eu";
  EXPECT_EQ(error_code(build_authorization_url(r)), "authorization_request.endpoint");
}

}  // namespace zc
